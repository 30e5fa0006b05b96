"""A bounded load test on loopback: 64 concurrent clients for 30 s against a real server, a
mix of point queries and runaway queries (stopped at --timeout 2).

Asserted: no 5xx but 503, no reset connection, memory flat, no leaked threads or file
handles; load is shed with 503 + Retry-After (store/pool.py Admission) instead of queueing.
What that does to the point queries' latency (p50, p99 against the same clients sending point
queries only): bench/limits.py, section overload (bench/results/limits.md).
"""

from __future__ import annotations

import os
import statistics
from collections import Counter
from dataclasses import dataclass, field

import psutil
import pytest

from support.overload import CLIENTS, Load, run_clients
from support.processes import busy_query_workers
from support.waiting import wait_until

from .conftest import FIXTURE, Server
from .support import problems

pytestmark = pytest.mark.slow

# GOVSOCIAL_LOAD_SECONDS / GOVSOCIAL_LOAD_SLOW_SHARE scale the run up for a longer soak
SECONDS = float(os.environ.get("GOVSOCIAL_LOAD_SECONDS", "30"))
WARM_SECONDS = 6
SLOW_SHARE = float(os.environ.get("GOVSOCIAL_LOAD_SLOW_SHARE", "0.1"))  # 1 in 10: runaway
TIMEOUT = 2.0  # --timeout: a runaway whose client gave up still runs this long


@dataclass
class Overload:
    """What the clients saw (support.overload) and the server's processes before and after."""

    load: Load
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)


def resources(server: Server) -> dict[str, int]:
    """Memory (PSS) of all the server's processes; threads and open files (sockets included)
    of its long-lived ones (master, zygote, HTTP workers); the disposable query workers
    (the zygote's children) counted, with the most files any one of them holds."""
    master = psutil.Process(server.process.pid)
    core = [master, *master.children()]
    workers = [w for p in core[1:] for w in p.children()]
    totals = Counter()
    for process in core + workers:
        try:
            totals["pss"] += process.memory_full_info().pss
            if process in core:
                totals["threads"] += process.num_threads()
                totals["fds"] += process.num_fds()
            else:
                totals["query_worker_fds_max"] = max(
                    totals["query_worker_fds_max"], process.num_fds()
                )
        except psutil.NoSuchProcess:  # a query worker that just ended
            continue
    totals["processes"] = len(core)
    totals["query_workers"] = len(workers)
    return dict(totals)


@pytest.fixture(scope="module")
def overload(tmp_path_factory: pytest.TempPathFactory) -> Overload:
    from .conftest import start_server

    server = start_server(
        [
            "--data",
            str(FIXTURE),
            "--timeout",
            "2",
            "--memory-limit",
            "256",
            "--workers",
            "2",
            # request threads well above query workers: excess requests reach the admission
            # limit and are refused at once instead of queueing unseen in gunicorn
            "--threads",
            "32",
            "--query-workers",
            "8",
        ],
        tmp_path_factory.mktemp("overload") / "serve.log",
    )
    try:
        # a first round at full load: the pools grow to their size (one query worker per
        # request thread), so that the measured round starts from the steady state
        run_clients(server.base, WARM_SECONDS, SLOW_SHARE)
        wait_for_quiet(server, "the warm-up's runaways to be stopped")
        before = resources(server)
        load = run_clients(server.base, SECONDS, SLOW_SHARE, check=problems)
        wait_for_quiet(server, "the load's runaways to be stopped")
        result = Overload(load, before, resources(server))
        point = sorted(load.latencies["point"])
        print(
            f"\noverload: {sum(load.statuses.values())} requests in {SECONDS} s from "
            f"{CLIENTS} clients; statuses {dict(load.statuses)}; shed {load.shed}; "
            f"point p50 {statistics.median(point) * 1000:.0f} ms, p99 "
            f"{point[int(len(point) * 0.99)] * 1000:.0f} ms; errors {len(load.errors)}; "
            f"before {result.before}; after {result.after}"
        )
        return result
    finally:
        server.stop()


def wait_for_quiet(server: Server, what: str) -> None:
    """Wait until no query worker computes: a runaway whose client gave up still runs until
    --timeout (2 s), and a killed worker may still be exiting."""
    wait_until(
        lambda: not busy_query_workers(server),
        2 * TIMEOUT + 10,
        lambda: f"{what}: {len(busy_query_workers(server))} query workers busy",
    )


def test_under_load_every_answer_is_clean(overload: Overload) -> None:
    load = overload.load
    assert load.errors == [], load.errors[:5]
    assert load.problems == [], load.problems[:5]
    assert load.statuses[("point", 200)] > 1000
    if SLOW_SHARE:
        assert load.statuses[("slow", 503)] > 100  # the runaways did run, and were stopped


def test_under_load_nothing_leaks(overload: Overload) -> None:
    before, after = overload.before, overload.after
    # master, zygote, 2 HTTP workers; at most --query-workers query workers each (2 x 8)
    assert after["processes"] == before["processes"] == 4, (before, after)
    assert after["query_workers"] <= 2 * 8, after
    assert after["query_worker_fds_max"] <= 16, after
    # threads are bounded by the pools, whatever the load: master and zygote have one each, an
    # HTTP worker its poller and at most --threads request threads (started as needed)
    assert after["threads"] <= 2 + 2 * (1 + 32), (before, after)
    assert after["fds"] <= before["fds"] + 8, (before, after)
    # query workers come and go (runaways are killed, replaced): allow theirs, 8 MiB each
    grown = after["pss"] - before["pss"]
    allowed = 64 * 2**20 + max(0, after["query_workers"] - before["query_workers"]) * 8 * 2**20
    assert grown < allowed, (before, after)


def test_overload_is_shed_with_503_and_retry_after(overload: Overload) -> None:
    # refused up front (a 503 that is not a runaway's "did not finish within"), with a
    # Retry-After (test_under_load_every_answer_is_clean: every 503 has one)
    assert overload.load.shed > 0, "no request was refused up front with 503 + Retry-After"
