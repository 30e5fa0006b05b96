"""Safety against a real server: no outbound request, no file read, runaway queries stopped."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from support.loopback import Listener
from support.processes import busy_query_workers
from support.waiting import DEADLINE_GRACE, wait_until

from .conftest import SERVER_TIMEOUT

pytestmark = pytest.mark.slow


@pytest.fixture
def listener() -> Iterator[Listener]:
    running = Listener()
    # the listener must work, or "no request arrived" would prove nothing
    assert requests.get(running.url + "/self-test", timeout=5).status_code == 200
    running.requests.clear()
    yield running
    running.close()


def query(server, text: str, **params: str) -> requests.Response:
    return requests.get(server.endpoint, params={"query": text, **params}, timeout=30)


def test_no_outbound_request(server, listener: Listener) -> None:
    url = listener.url
    spo, graph_spo = "{ ?s ?p ?o }", "{ GRAPH ?g { ?s ?p ?o } }"
    answers = {
        "FROM": query(server, f"SELECT * FROM <{url}/from> {spo}"),
        "FROM NAMED": query(server, f"SELECT * FROM NAMED <{url}/named> {graph_spo}"),
        "default-graph-uri": query(server, f"SELECT * {spo}", **{"default-graph-uri": url}),
        "named-graph-uri": query(server, f"SELECT * {graph_spo}", **{"named-graph-uri": url}),
        "SERVICE": query(server, f"SELECT * {{ SERVICE <{url}/service> {spo} }}"),
        "SERVICE SILENT": query(server, f"SELECT * {{ SERVICE SILENT <{url}/s> {spo} }}"),
        "escaped SERVICE": query(server, f"SELECT * {{ \\u0053ERVICE <{url}/esc> {spo} }}"),
        "SERVICE variable": query(
            server, f"SELECT * {{ BIND(<{url}/var> AS ?e) SERVICE ?e {spo} }}"
        ),
        "DESCRIBE": query(server, f"DESCRIBE <{url}/describe>"),
    }
    assert answers["DESCRIBE"].status_code == 200
    for name in ("FROM", "FROM NAMED", "default-graph-uri", "named-graph-uri"):
        assert answers[name].status_code == 200, name
        assert answers[name].json()["results"]["bindings"] == [], name
    for name in ("SERVICE", "SERVICE SILENT", "escaped SERVICE", "SERVICE variable"):
        assert answers[name].status_code == 400, name
        assert "SERVICE" in answers[name].text, name
    # a grace for a request that must never come (nothing to wait on): every query above was
    # answered, so a request it made would have reached the listener by now
    time.sleep(0.3)
    assert listener.requests == []


def test_local_file_does_not_leak(server, tmp_path: Path) -> None:
    secret = tmp_path / "secret.nt"
    secret.write_text('<urn:s> <urn:p> "TOP-SECRET-7d1f" .\n')
    iri = secret.as_uri()
    bodies = [
        query(server, f"SELECT * FROM <{iri}> {{ ?s ?p ?o }}"),
        query(server, f"SELECT * FROM NAMED <{iri}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"),
        query(server, "SELECT * { ?s ?p ?o }", **{"default-graph-uri": iri}),
        query(server, f"CONSTRUCT {{ ?s ?p ?o }} FROM <{iri}> WHERE {{ ?s ?p ?o }}"),
        query(server, "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }"),
    ]
    for response in bodies:
        assert response.status_code == 200
        assert "TOP-SECRET" not in response.text
        assert "root:" not in response.text


THOUSAND = " ".join(map(str, range(1000)))
# a cross product of three VALUES blocks: 10^9 solutions to count
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) { " + " ".join(f"VALUES ?{v} {{ {THOUSAND} }}" for v in "abc") + " }"
)


def test_runaway_query_is_stopped_while_others_are_served(server) -> None:
    outcome: dict[str, object] = {}

    def run_away() -> None:
        started = time.monotonic()
        response = requests.post(server.endpoint, data={"query": RUNAWAY}, timeout=60)
        outcome.update(response=response, seconds=time.monotonic() - started)

    thread = threading.Thread(target=run_away)
    thread.start()
    wait_until(lambda: busy_query_workers(server), 10, "the runaway to run in a query worker")
    answered = query(server, "ASK { <http://example.org/alice> ?p ?o }")
    # served beside the runaway, not after it (how fast: bench/limits.py)
    beside = thread.is_alive()
    thread.join()
    assert answered.status_code == 200 and answered.json()["boolean"] is True
    assert beside, "the point query was answered only after the runaway"
    response = outcome["response"]
    assert isinstance(response, requests.Response)
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert f"within {SERVER_TIMEOUT:g} seconds" in response.text
    # stopped at the time limit: not before it, and not much later (a safety bound, generous
    # for a busy machine: a runaway left to run would take minutes)
    assert SERVER_TIMEOUT <= outcome["seconds"] < SERVER_TIMEOUT + DEADLINE_GRACE
    # healthy afterwards: the next query is answered
    assert requests.get(server.base + "/health", timeout=5).status_code == 200
    assert query(server, "ASK {}").status_code == 200


def test_crafted_queries_do_not_take_the_server_down(server) -> None:
    nested = "SELECT * { " + "{" * 5000 + "}" * 5000 + " }"
    response = requests.post(server.endpoint, data={"query": nested}, timeout=30)
    assert response.status_code == 400
    assert "too complex" in response.text
    chain = "SELECT * { FILTER(" + "1+" * 20000 + "1 > 0) }"
    response = requests.post(server.endpoint, data={"query": chain}, timeout=30)
    assert response.status_code == 400
    assert requests.get(server.base + "/health", timeout=5).status_code == 200


def test_get_url_limit_and_post_for_long_queries(server) -> None:
    long_query = "SELECT (COUNT(*) AS ?n) { VALUES ?x { " + " ".join(map(str, range(3000))) + " } }"
    assert len(long_query) > 8190
    too_long = requests.get(server.endpoint, params={"query": long_query}, timeout=10)
    assert 400 <= too_long.status_code < 500  # gunicorn refuses request lines over 8190 bytes
    posted = requests.post(server.endpoint, data={"query": long_query}, timeout=10)
    assert posted.json()["results"]["bindings"][0]["n"]["value"] == "3000"
