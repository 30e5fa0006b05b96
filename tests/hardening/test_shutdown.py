"""Faults of the process model: SIGTERM drains in-flight requests; a killed HTTP worker is
replaced and serving goes on (a killed *query* worker: tests/endpoint/test_store.py)."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable

import psutil
import pytest
import requests

from .conftest import FIXTURE, Server
from .support import assert_clean

pytestmark = pytest.mark.slow

THOUSAND = " ".join(map(str, range(1000)))
# 10^7 solutions to count: a second or more of work, far below the server's --timeout
SLOW = ("SELECT (COUNT(*) AS ?n) { VALUES ?a { " + THOUSAND + " } VALUES ?b { " + THOUSAND
        + " } VALUES ?c { 0 1 2 3 4 5 6 7 8 9 } }")
ASK = "ASK { <http://example.org/alice> ?p ?o }"


def http_workers(server: Server) -> list[psutil.Process]:
    """gunicorn's HTTP workers: the master's children that hold the listening TCP socket
    (the zygote was forked before gunicorn bound it)."""
    port = int(server.base.rsplit(":", 1)[1])
    workers = []
    for child in psutil.Process(server.process.pid).children():
        listening = [c for c in child.net_connections(kind="tcp")
                     if c.status == psutil.CONN_LISTEN and c.laddr.port == port]
        if listening:
            workers.append(child)
    return workers


def wait_for_workers(server: Server, count: int, seconds: float = 10) -> list[psutil.Process]:
    """Return the HTTP workers once there are `count` (gunicorn boots them one by one)."""
    deadline = time.monotonic() + seconds
    while True:
        workers = http_workers(server)
        if len(workers) == count:
            return workers
        assert time.monotonic() < deadline, f"{len(workers)} HTTP workers, expected {count}"
        time.sleep(0.1)


def test_sigterm_drains_in_flight_requests(start: Callable[..., Server]) -> None:
    server = start(["--data", str(FIXTURE), "--timeout", "15", "--workers", "2",
                    "--threads", "4"])
    answers: list[requests.Response | Exception] = []

    def slow() -> None:
        try:
            answers.append(requests.post(server.endpoint, data={"query": SLOW}, timeout=60))
        except requests.RequestException as error:  # a reset connection lands here
            answers.append(error)

    threads = [threading.Thread(target=slow) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.4)  # the three queries are running now
    os.kill(server.process.pid, signal.SIGTERM)
    for thread in threads:
        thread.join(timeout=60)
    exit_code = server.process.wait(timeout=60)
    assert len(answers) == 3
    for answer in answers:
        assert isinstance(answer, requests.Response), f"in-flight request failed: {answer!r}"
        assert_clean(answer.status_code, answer.headers, answer.content, "in flight at SIGTERM")
        if answer.status_code == 200:
            assert answer.json()["results"]["bindings"][0]["n"]["value"] == "10000000"
    print(f"\nin flight at SIGTERM: {[a.status_code for a in answers]}, exit {exit_code}")
    assert exit_code == 0, server.output()[-3000:]
    assert "Traceback" not in server.output()
    # nothing of the server is left: no orphaned zygote or query worker
    time.sleep(0.5)
    leftovers = [p for p in psutil.process_iter(["pid", "ppid"]) if _in_group(p, server)]
    assert leftovers == []


def _in_group(process: psutil.Process, server: Server) -> bool:
    try:
        return os.getpgid(process.pid) == server.process.pid
    except (ProcessLookupError, psutil.Error):
        return False


def test_killed_http_worker_is_replaced(start: Callable[..., Server]) -> None:
    server = start(["--data", str(FIXTURE), "--workers", "2", "--threads", "2"])
    before = wait_for_workers(server, 2)
    before[0].kill()
    failures, served = [], 0
    deadline = time.monotonic() + 3
    session = requests.Session()
    while time.monotonic() < deadline:  # the other worker serves meanwhile
        try:
            answer = session.get(server.endpoint, params={"query": ASK}, timeout=5)
            assert answer.status_code == 200 and answer.json()["boolean"] is True
            served += 1
        except requests.ConnectionError as error:  # a keep-alive socket of the dead worker
            failures.append(error)
            session = requests.Session()
    assert served > 50
    assert len(failures) <= 1, failures
    after = wait_for_workers(server, 2)
    assert before[0].pid not in {p.pid for p in after}
    assert requests.get(server.base + "/health", timeout=5).status_code == 200
