"""Reloading data in a running server (SIGHUP to the master): changed data is swapped in
atomically, invalid data keeps the old graph serving and the log says why.

Against real `govsocial serve` processes, in memory and persisted (--store). A damaged
persisted store found at start is covered by tests/stores/test_persisted.py
(`test_damaged_store_is_rebuilt_from_the_sources`, five kinds of damage).
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
import requests

from support.processes import busy_query_workers, http_workers
from support.waiting import wait_until

from .conftest import Server

pytestmark = pytest.mark.slow

LABEL = "<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> {} .\n"
QUERY = "SELECT ?l { <http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
# about a second of work on any graph: in flight while the reload happens
SLOW = "SELECT (COUNT(*) AS ?n) { VALUES ?a { %s } VALUES ?b { %s } }" % (
    (" ".join(map(str, range(3000))),) * 2
)


def label(server: Server) -> str:
    answer = requests.get(
        server.endpoint,
        params={"query": QUERY},
        timeout=10,
        headers={"Accept": "application/sparql-results+json"},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]["bindings"][0]["l"]["value"]


def version(server: Server) -> str:
    return requests.get(server.base + "/health", timeout=10).json()["version"]


def wait_for(check: Callable[[], bool], what: str, seconds: float = 60) -> None:
    wait_until(check, seconds, what, poll=0.1)


def replaced(server: Server, old: set[int]) -> bool:
    """Tell whether two HTTP workers listen and none of the `old` ones is left."""
    master = psutil.Process(server.process.pid)
    return len(http_workers(server)) == 2 and not old & {child.pid for child in master.children()}


def children(server: Server) -> int:
    return len(psutil.Process(server.process.pid).children())


@pytest.mark.parametrize("mode", ["memory", "store"])
def test_reload_swaps_valid_data_and_refuses_invalid_data(
    start: Callable[..., Server], tmp_path: Path, mode: str
) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(LABEL.format('"one"'), encoding="utf-8")
    store = ["--store", str(tmp_path / "store")] if mode == "store" else []
    server = start(
        ["--data", str(data), *store, "--timeout", "15", "--workers", "2", "--threads", "4"]
    )
    assert label(server) == "one"
    first = version(server)
    wait_for(lambda: children(server) == 3, "master, 2 HTTP workers and the zygote")

    # a query in flight during the swap finishes (on the old graph)
    slow: list[requests.Response] = []
    thread = threading.Thread(
        target=lambda: slow.append(
            requests.post(
                server.endpoint,
                data={"query": SLOW},
                timeout=30,
                headers={"Accept": "application/sparql-results+json"},
            )
        )
    )
    thread.start()
    wait_for(lambda: busy_query_workers(server), "the slow query to run", 10)
    data.write_text(LABEL.format('"two"'), encoding="utf-8")
    os.kill(server.process.pid, signal.SIGHUP)
    seen = set()

    def swapped() -> bool:
        seen.add(label(server))  # every answer meanwhile is 200, old or new
        return seen >= {"two"} and label(server) == "two"

    wait_for(swapped, f"the new data is served (seen {seen})")
    assert seen <= {"one", "two"}
    thread.join(timeout=30)
    assert [r.status_code for r in slow] == [200], slow and slow[0].text
    assert slow[0].json()["results"]["bindings"][0]["n"]["value"] == str(3000 * 3000)
    second = version(server)
    assert second != first  # the data version (ETags) follows the data
    assert "reload: now serving version" in server.output()
    # the old graph's zygote is stopped once the old HTTP workers are gone
    wait_for(lambda: children(server) == 3, "the old zygote is stopped")
    # the new zygote, forked after gunicorn bound the port, does not hold the port's socket
    [zygote] = [
        p
        for p in psutil.Process(server.process.pid).children()
        if p.pid not in {w.pid for w in http_workers(server)}
    ]
    assert [c for c in zygote.net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN] == []

    # broken data: refused with file and line, the graph in service stays
    old = {worker.pid for worker in http_workers(server)}
    assert len(old) == 2, old
    data.write_text(
        LABEL.format('"three"') + "<http://example.org/a> <http://example.org/b> .\n",
        encoding="utf-8",
    )
    os.kill(server.process.pid, signal.SIGHUP)
    wait_for(lambda: "reload refused" in server.output(), "the reload is refused in the log")
    refused = next(line for line in server.output().splitlines() if "reload refused" in line)
    assert f"{data}: line 2" in refused, refused
    assert version(server) == second
    # gunicorn replaces the HTTP workers on SIGHUP even so: the new ones still serve "two"
    wait_for(lambda: replaced(server, old), "new HTTP workers to replace the old ones")
    assert {label(server) for _ in range(20)} == {"two"}
    wait_for(lambda: children(server) == 3, "no zygote is left from the refused reload")
    if mode == "store":
        assert len([p for p in (tmp_path / "store").iterdir() if p.name.startswith("build-")]) == 0
