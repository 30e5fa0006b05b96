"""A bounded load test on loopback: 64 concurrent clients for 30 s against a real server, a
mix of point queries and runaway queries (stopped at --timeout 2).

Asserted: no 5xx but 503, no reset connection, memory flat, no leaked threads or file
handles; load is shed with 503 + Retry-After (store/pool.py Admission) instead of queueing.
What that does to the point queries' latency (p50, p99 against the same clients sending point
queries only): bench/limits.py, section overload (bench/results/limits.md).
"""

from __future__ import annotations

import http.client
import os
import random
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import psutil
import pytest

from support.processes import busy_query_workers
from support.waiting import wait_until

from .conftest import FIXTURE, Server
from .support import problems

pytestmark = pytest.mark.slow

# GOVSOCIAL_LOAD_SECONDS / GOVSOCIAL_LOAD_SLOW_SHARE scale the run up for a longer soak
CLIENTS = 64
SECONDS = float(os.environ.get("GOVSOCIAL_LOAD_SECONDS", "30"))
WARM_SECONDS = 6
SLOW_SHARE = float(os.environ.get("GOVSOCIAL_LOAD_SLOW_SHARE", "0.1"))  # 1 in 10: runaway
THOUSAND = " ".join(map(str, range(1000)))
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) { " + " ".join(f"VALUES ?{v} {{ {THOUSAND} }}" for v in "abc") + " }"
)
POINT = "ASK { <http://example.org/alice> ?p ?o }"
TIMEOUT = 2.0  # --timeout: a runaway whose client gave up still runs this long


@dataclass
class Load:
    """What the clients saw and what the server's processes looked like."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"point": [], "slow": []})
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    shed: int = 0  # 503s that refused work up front (overload), not runaways stopped
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


def client(
    server: Server,
    load: Load,
    stop: float,
    seed: int,
    lock: threading.Lock,
    slow_share: float = SLOW_SHARE,
) -> None:
    parts = urlsplit(server.base)
    rng = random.Random(seed)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    while time.monotonic() < stop:
        kind = "slow" if rng.random() < slow_share else "point"
        query = RUNAWAY if kind == "slow" else POINT
        started = time.monotonic()
        try:
            if kind == "slow":  # too long for a GET line
                connection.request(
                    "POST",
                    "/sparql",
                    body=query.encode(),
                    headers={"Content-Type": "application/sparql-query"},
                )
            else:
                connection.request("GET", "/sparql?" + urlencode({"query": query}))
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as error:
            with lock:
                load.errors.append(f"{kind}: {error!r}")
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            continue
        seconds = time.monotonic() - started
        headers = dict(response.getheaders())
        found = problems(response.status, headers, body)
        with lock:
            load.statuses[(kind, response.status)] += 1
            load.latencies[kind].append(seconds)
            if found:
                load.problems.append(f"{kind} {response.status}: {found}")
            if response.status == 503 and b"did not finish within" not in body:
                load.shed += 1
        if response.status == 503 and kind == "point":
            # a client that backs off as told (Retry-After), scaled down to the test's length
            time.sleep(min(1.0, int(headers.get("Retry-After", "1")) / 10))
    connection.close()


@pytest.fixture(scope="module")
def load(tmp_path_factory: pytest.TempPathFactory) -> Load:
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
        result = Load()
        # a first round at full load: the pools grow to their size (one query worker per
        # request thread), so that the measured round starts from the steady state
        warm = Load()
        run_clients(server, warm, WARM_SECONDS)
        wait_for_quiet(server, "the warm-up's runaways to be stopped")
        result.before = resources(server)
        run_clients(server, result, SECONDS)
        wait_for_quiet(server, "the load's runaways to be stopped")
        result.after = resources(server)
        point = sorted(result.latencies["point"])
        print(
            f"\noverload: {sum(result.statuses.values())} requests in {SECONDS} s from "
            f"{CLIENTS} clients; statuses {dict(result.statuses)}; shed {result.shed}; "
            f"point p50 {statistics.median(point) * 1000:.0f} ms, p99 "
            f"{point[int(len(point) * 0.99)] * 1000:.0f} ms; errors {len(result.errors)}; "
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


def run_clients(server: Server, load: Load, seconds: float, slow_share: float = SLOW_SHARE) -> None:
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client, args=(server, load, stop, n, lock, slow_share))
        for n in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)


def test_under_load_every_answer_is_clean(load: Load) -> None:
    assert load.errors == [], load.errors[:5]
    assert load.problems == [], load.problems[:5]
    assert load.statuses[("point", 200)] > 1000
    if SLOW_SHARE:
        assert load.statuses[("slow", 503)] > 100  # the runaways did run, and were stopped


def test_under_load_nothing_leaks(load: Load) -> None:
    before, after = load.before, load.after
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


def test_overload_is_shed_with_503_and_retry_after(load: Load) -> None:
    # refused up front (a 503 that is not a runaway's "did not finish within"), with a
    # Retry-After (test_under_load_every_answer_is_clean: every 503 has one)
    assert load.shed > 0, "no request was refused up front with 503 + Retry-After"
