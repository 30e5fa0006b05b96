"""Runaway queries against a real server (--timeout 2, --memory-limit 256 MiB, 10^5 cyclic
triples): each is stopped at the time limit or the memory cap with a clean 503 (+ Retry-After)
or refused up front with 400; the server is unharmed and the next query is answered at once."""

from __future__ import annotations

import threading
import time

import psutil
import pytest
import requests

from support.processes import busy_query_workers
from support.waiting import wait_until

from .conftest import TIMEOUT, Server
from .support import assert_clean

pytestmark = pytest.mark.slow

THOUSAND = " ".join(map(str, range(1000)))
NEXT, JUMP = "<urn:p:next>", "<urn:p:jump>"
PAIRS = f"?a {NEXT} ?x . ?b {NEXT} ?y"  # 2.5 * 10^9 solutions over the ring
DOUBLING = "".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1}) " for i in range(34))
TIME_LIMIT, MEMORY_CAP, REFUSED, CUT = "time", "memory", "refused", "cut"
# grows in time and memory alike: which limit comes first depends on the machine's speed
EITHER_LIMIT = "time or memory"

RUNAWAYS = {
    # CPU-bound: stopped at the time limit
    "VALUES cross product (10^9)": (
        "SELECT (COUNT(*) AS ?n) { "
        + " ".join(f"VALUES ?{v} {{ {THOUSAND} }}" for v in "abc")
        + " }",
        TIME_LIMIT,
    ),
    "triple join (10^15)": (
        "SELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }",
        TIME_LIMIT,
    ),
    "(p|!p)* over cycles": (f"SELECT (COUNT(*) AS ?n) {{ ?s ({NEXT}|!{NEXT})* ?o }}", EITHER_LIMIT),
    "(p|q)+ from every node": (f"SELECT (COUNT(*) AS ?n) {{ ?s ({NEXT}|{JUMP})+ ?o }}", TIME_LIMIT),
    "regex with a huge counted repetition": (
        'SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER REGEX(STR(?s), "^(x{1000}){1000}") }',
        TIME_LIMIT,
    ),
    "regex over a join": (
        "SELECT (COUNT(*) AS ?n) { ?s ?p ?o . ?a ?b ?c "
        'FILTER REGEX(CONCAT(STR(?s), STR(?a)), "(.*)*(.*)*[z]") }',
        TIME_LIMIT,
    ),
    "GROUP_CONCAT over 10^9 rows": (
        f"SELECT (GROUP_CONCAT(CONCAT(STR(?a), STR(?b))) AS ?g) {{ {PAIRS} }}",
        TIME_LIMIT,
    ),
    # streamed answers end at --max-rows, cut and signalled, long before either limit
    "DESCRIBE of a cross product": (f"DESCRIBE ?a ?b {{ {PAIRS} }}", CUT),
    "CONSTRUCT of a cross product": (f"CONSTRUCT {{ ?a <urn:x> ?b }} {{ {PAIRS} }}", CUT),
    # memory-bound: stopped at the cap, long before the time limit
    "string doubled 34 times (160 GB)": (
        f'SELECT (STRLEN(?x34) AS ?n) {{ BIND("aaaaaaaaaa" AS ?x0) {DOUBLING}}}',
        MEMORY_CAP,
    ),
    "ORDER BY over 2.5 * 10^9 rows": (f"SELECT * {{ {PAIRS} }} ORDER BY ?a ?b", MEMORY_CAP),
    # refused before evaluation (querycheck)
    "nesting 100 deep": ("SELECT * { " + "{" * 100 + "}" * 100 + " }", REFUSED),
    "20,000 chained operators": ("SELECT * { FILTER(" + "1+" * 20000 + "1 > 0) }", REFUSED),
    "3,000 BINDs": (
        "SELECT * { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(3000)) + " }",
        REFUSED,
    ),
}


def cheap_latency(server: Server) -> float:
    started = time.monotonic()
    response = requests.get(
        server.endpoint, params={"query": "ASK { <http://example.org/alice> ?p ?o }"}, timeout=10
    )
    assert response.status_code == 200 and response.json()["boolean"] is True
    return time.monotonic() - started


def group_processes(server: Server) -> list[psutil.Process]:
    master = psutil.Process(server.process.pid)
    return [master, *master.children(recursive=True)]


def memory(server: Server) -> dict[str, int]:
    """Proportional memory (PSS: shared copy-on-write pages counted once) and processes."""
    processes = group_processes(server)
    return {"pss": sum(p.memory_full_info().pss for p in processes), "processes": len(processes)}


@pytest.mark.parametrize("name", list(RUNAWAYS))
def test_runaway_is_stopped_cleanly(server: Server, name: str) -> None:
    query, limit = RUNAWAYS[name]
    started = time.monotonic()
    response = requests.post(server.endpoint, data={"query": query}, timeout=60)
    seconds = time.monotonic() - started
    assert_clean(response.status_code, response.headers, response.content, name)
    if limit == CUT:
        assert response.status_code == 200
        assert response.headers["GovSocial-Results-Truncated"] == "max-rows=1000"
        assert seconds < TIMEOUT
    elif limit == REFUSED:
        assert response.status_code == 400 and "too complex" in response.text
        assert seconds < 1
    else:
        assert response.status_code == 503, response.text
        if limit == EITHER_LIMIT:
            # the two limits can fire within milliseconds of each other: whichever the
            # message names must have stopped it, and no later than the clock would have
            if "more memory" in response.text:
                assert seconds < TIMEOUT + 1.5
            else:
                assert f"within {TIMEOUT:g} seconds" in response.text
                assert TIMEOUT <= seconds < TIMEOUT + 1.5
        elif limit == TIME_LIMIT:
            assert f"within {TIMEOUT:g} seconds" in response.text
            assert TIMEOUT <= seconds < TIMEOUT + 1.5
        else:
            assert "more memory" in response.text
            assert seconds < TIMEOUT  # the cap, not the clock, stopped it
    # unharmed: the next query is served at once
    assert cheap_latency(server) < 0.5
    assert server.process.poll() is None


def test_runaways_in_parallel_leave_room_for_cheap_queries(server: Server) -> None:
    """Four runaways at once (half the server's 8 request threads): point queries stay fast,
    and afterwards no process of the server holds more memory than before."""
    before = memory(server)
    answers: list[requests.Response] = []
    names = [
        "VALUES cross product (10^9)",
        "(p|!p)* over cycles",
        "ORDER BY over 2.5 * 10^9 rows",
        "string doubled 34 times (160 GB)",
    ]

    def run(query: str) -> None:
        answers.append(requests.post(server.endpoint, data={"query": query}, timeout=60))

    threads = [threading.Thread(target=run, args=(RUNAWAYS[n][0],)) for n in names]
    for thread in threads:
        thread.start()
    # each runaway computes in a query worker, or was already stopped (load shedding may stop
    # one to make room: 3 query workers per HTTP worker)
    wait_until(
        lambda: len(busy_query_workers(server)) + len(answers) >= len(names),
        10,
        lambda: (
            f"the runaways to run: {len(busy_query_workers(server))} query workers "
            f"busy, {len(answers)} answered"
        ),
    )
    latencies = []
    while any(t.is_alive() for t in threads):
        latencies.append(cheap_latency(server))
        time.sleep(0.05)  # the pace of the point queries beside the runaways
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [503] * 4
    assert latencies and max(latencies) < 0.5, latencies
    # the killed query workers are gone (they may still be exiting after their 503 is sent)
    wait_until(
        lambda: not busy_query_workers(server),
        10,
        lambda: f"the killed query workers to end: {busy_query_workers(server)}",
    )
    after = memory(server)
    # workers of the pool: at most one per request thread (2 HTTP workers x 4 threads)
    assert after["processes"] <= 1 + 2 + 1 + 8, after
    grown = after["pss"] - before["pss"] - (after["processes"] - before["processes"]) * 8 * 2**20
    assert grown < 64 * 2**20, (before, after)
    assert requests.get(server.base + "/health", timeout=5).status_code == 200
    print(
        f"\nparallel runaways: {len(latencies)} point queries meanwhile, slowest "
        f"{max(latencies) * 1000:.0f} ms; PSS {before['pss'] >> 20} -> {after['pss'] >> 20} "
        f"MiB, processes {before['processes']} -> {after['processes']}"
    )
