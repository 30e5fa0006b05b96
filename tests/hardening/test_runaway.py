"""Runaway queries against a real server (--timeout 2, --memory-limit 256 MiB, 10^5 cyclic
triples): each is stopped at the time limit or the memory cap with a clean 503 (+ Retry-After),
cut at --max-rows, or refused up front with 400; the server is unharmed and answers the next
query, also while runaways run. How long each takes, and what a point query costs beside them:
bench/limits.py (bench/results/limits.md)."""

from __future__ import annotations

import threading
import time

import psutil
import pytest
import requests

from support.processes import busy_query_workers
from support.runaways import (
    CUT,
    EITHER_LIMIT,
    MEMORY_CAP,
    PARALLEL,
    POINT,
    REFUSED,
    RUNAWAYS,
)
from support.waiting import DEADLINE_GRACE, wait_until

from .conftest import TIMEOUT, Server
from .support import assert_clean

pytestmark = pytest.mark.slow


def assert_point_query_answered(server: Server) -> None:
    response = requests.get(server.endpoint, params={"query": POINT}, timeout=10)
    assert response.status_code == 200 and response.json()["boolean"] is True


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
    # no answer comes later than the time limit allows (DEADLINE_GRACE: a safety bound on the
    # stop, not a speed target); a stop at the time limit comes no earlier than it
    assert seconds < TIMEOUT + DEADLINE_GRACE
    if limit == CUT:
        assert response.status_code == 200
        assert response.headers["GovSocial-Results-Truncated"] == "max-rows=1000"
    elif limit == REFUSED:
        assert response.status_code == 400 and "too complex" in response.text
    else:
        assert response.status_code == 503, response.text
        # the two limits can fire within milliseconds of each other: whichever the message
        # names must have stopped it
        if limit == MEMORY_CAP or (limit == EITHER_LIMIT and "more memory" in response.text):
            assert "more memory" in response.text
        else:
            assert f"within {TIMEOUT:g} seconds" in response.text
            assert seconds >= TIMEOUT
    # unharmed: the next query is answered
    assert_point_query_answered(server)
    assert server.process.poll() is None


def test_runaways_in_parallel_leave_room_for_cheap_queries(server: Server) -> None:
    """Four runaways at once (half the server's 8 request threads): point queries are answered
    while they run, not after them, and afterwards no process of the server holds more memory
    than before."""
    before = memory(server)
    answers: list[requests.Response] = []
    names = PARALLEL

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
    asked, beside = 0, 0  # point queries asked meanwhile; answered while a runaway still ran
    while any(t.is_alive() for t in threads):
        assert_point_query_answered(server)
        asked += 1
        beside += any(t.is_alive() for t in threads)
        time.sleep(0.05)  # the pace of the point queries beside the runaways
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [503] * 4
    assert beside > 0, f"none of {asked} point queries was answered before the runaways ended"
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
        f"\nparallel runaways: {asked} point queries meanwhile, {beside} answered while one "
        f"ran; PSS {before['pss'] >> 20} -> {after['pss'] >> 20} "
        f"MiB, processes {before['processes']} -> {after['processes']}"
    )
