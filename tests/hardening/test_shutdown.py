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

from support.processes import busy_query_workers, ended, http_workers
from support.waiting import wait_until

from .conftest import FIXTURE, Server
from .support import assert_clean

pytestmark = pytest.mark.slow

THOUSAND = " ".join(map(str, range(1000)))
# 10^7 solutions to count: a second or more of work, far below the server's --timeout
SLOW = (
    "SELECT (COUNT(*) AS ?n) { VALUES ?a { "
    + THOUSAND
    + " } VALUES ?b { "
    + THOUSAND
    + " } VALUES ?c { 0 1 2 3 4 5 6 7 8 9 } }"
)
ASK = "ASK { <http://example.org/alice> ?p ?o }"


def wait_for_workers(server: Server, count: int, seconds: float = 10) -> list[psutil.Process]:
    """Return the HTTP workers once there are `count` (gunicorn boots them one by one)."""

    def booted() -> list[psutil.Process]:
        workers = http_workers(server)
        return workers if len(workers) == count else []

    return wait_until(
        booted, seconds, lambda: f"{count} HTTP workers, not {len(http_workers(server))}"
    )


def test_sigterm_drains_in_flight_requests(start: Callable[..., Server]) -> None:
    server = start(["--data", str(FIXTURE), "--timeout", "15", "--workers", "2", "--threads", "4"])
    answers: list[requests.Response | Exception] = []

    def slow() -> None:
        try:
            answers.append(requests.post(server.endpoint, data={"query": SLOW}, timeout=60))
        except requests.RequestException as error:  # a reset connection lands here
            answers.append(error)

    threads = [threading.Thread(target=slow) for _ in range(3)]
    for thread in threads:
        thread.start()

    def three_running() -> list[psutil.Process]:
        busy = busy_query_workers(server)
        return busy if len(busy) == 3 else []

    running = wait_until(
        three_running,
        10,
        lambda: f"the three queries to run: {len(busy_query_workers(server))} query workers busy",
    )
    zygote = running[0].ppid()
    os.kill(server.process.pid, signal.SIGTERM)
    for thread in threads:
        thread.join(timeout=60)
    exit_code = server.process.wait(timeout=60)
    # the master stopped its zygote: not left to notice it was orphaned and end by itself
    assert ended(zygote), f"the zygote {zygote} outlived the master"
    assert len(answers) == 3
    for answer in answers:
        assert isinstance(answer, requests.Response), f"in-flight request failed: {answer!r}"
        assert_clean(answer.status_code, answer.headers, answer.content, "in flight at SIGTERM")
        if answer.status_code == 200:
            assert answer.json()["results"]["bindings"][0]["n"]["value"] == "10000000"
    print(f"\nin flight at SIGTERM: {[a.status_code for a in answers]}, exit {exit_code}")
    assert exit_code == 0, server.output()[-3000:]
    assert "Traceback" not in server.output()
    # nothing of the server is left: no orphaned zygote or query worker (an idle query worker
    # ends when its HTTP worker's connection closes: it may still be exiting)
    wait_until(
        lambda: not leftovers(server),
        5,
        lambda: f"the server's processes to end: {leftovers(server)} are left",
    )


def leftovers(server: Server) -> list[psutil.Process]:
    return [p for p in psutil.process_iter(["pid", "ppid"]) if _in_group(p, server)]


def _in_group(process: psutil.Process, server: Server) -> bool:
    try:
        return os.getpgid(process.pid) == server.process.pid
    except (ProcessLookupError, psutil.Error):
        return False


def test_killed_http_worker_is_replaced(start: Callable[..., Server]) -> None:
    server = start(["--data", str(FIXTURE), "--workers", "2", "--threads", "2"])
    before = wait_for_workers(server, 2)
    before[0].kill()
    killed = before[0].pid

    def replaced() -> bool:
        workers = http_workers(server)
        return len(workers) == 2 and killed not in {p.pid for p in workers}

    # the other worker serves meanwhile: ask until the replacement is up, and at least 50 times
    # (the deadline only bounds the wait for the replacement)
    failures, served = [], 0
    deadline = time.monotonic() + 60
    session = requests.Session()
    while served < 50 or not replaced():
        assert time.monotonic() < deadline, f"{served} answered; no replacement worker in 60 s"
        try:
            answer = session.get(server.endpoint, params={"query": ASK}, timeout=5)
            assert answer.status_code == 200 and answer.json()["boolean"] is True
            served += 1
        except requests.ConnectionError as error:  # a keep-alive socket of the dead worker
            failures.append(error)
            session = requests.Session()
    assert len(failures) <= 1, failures
    after = wait_for_workers(server, 2)
    assert before[0].pid not in {p.pid for p in after}
    assert requests.get(server.base + "/health", timeout=5).status_code == 200
