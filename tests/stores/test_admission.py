"""Load shedding in the query pool (`store/pool.py` Admission), in process.

The same under a real load of 64 clients: tests/hardening/test_overload.py.
"""

from __future__ import annotations

import contextlib
import os
import resource
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from govsocial.endpoint.store import QueryError
from govsocial.endpoint.store.errors import Overloaded
from govsocial.endpoint.store.interface import term_text
from govsocial.endpoint.store.oxigraph import OxigraphStore
from govsocial.endpoint.store.pool import Admission
from support.waiting import DEADLINE_GRACE, wait_until

from .conftest import FIXTURE

THOUSAND = " ".join(map(str, range(1000)))
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) { " + " ".join(f"VALUES ?{v} {{ {THOUSAND} }}" for v in "abc") + " }"
)
POINT = "ASK { <http://example.org/alice> ?p ?o }"
# long (past long_after = 0.2 s) but done well before the timeout: 0.3-0.6 s here
SLOW = (
    "SELECT (COUNT(*) AS ?n) { "
    + " ".join(f"VALUES ?{v} {{ {THOUSAND} }}" for v in "ab")
    + " FILTER(STRLEN(CONCAT(STR(?a), STR(?b))) > 0 && ?a * ?b > -1) }"
)


def shed_store(long_queries: int) -> OxigraphStore:
    return OxigraphStore(
        [FIXTURE],
        timeout=4.0,
        admission=Admission(
            workers=1, long_queries=long_queries, queue_timeout=0.6, long_after=0.2
        ),
    )


def nice_values(store: OxigraphStore) -> list[int]:
    """The CPU priorities of the store's query workers (the zygote's children)."""
    return [w.nice() for w in psutil.Process(store._zygote.pid).children()]


def settled(store: OxigraphStore) -> bool:
    """Tell whether the zygote's children are the pool's idle workers: none killed and still
    exiting, none forked and not yet handed to the pool."""
    idle = {w.pid for w in store._pool._idle}
    return bool(idle) and {w.pid for w in psutil.Process(store._zygote.pid).children()} == idle


@pytest.fixture
def runaway_running() -> Iterator[tuple[OxigraphStore, list[BaseException]]]:
    """A store with one query worker, busy with a runaway started in a thread."""
    stores: list[OxigraphStore] = []
    outcome: list[BaseException] = []

    def start(long_queries: int) -> OxigraphStore:
        store = shed_store(long_queries)
        stores.append(store)

        def run() -> None:
            try:
                store.select(RUNAWAY)
            except QueryError as error:
                outcome.append(error)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        wait_until(lambda: store._pool._busy, 3, "the runaway to hold the one query worker")
        return store

    yield start, outcome  # type: ignore[misc]
    for store in stores:
        store.close()


def test_a_full_pool_refuses_quickly_with_overloaded(runaway_running) -> None:
    start, _ = runaway_running
    store = start(long_queries=1)  # the runaway may keep its worker
    started = time.monotonic()
    with pytest.raises(Overloaded, match="overloaded: every query worker is busy"):
        store.ask(POINT)
    # waited the queue timeout (0.6 s), not the runaway's deadline (4 s): a safety bound on the
    # refusal, generous for a busy machine
    assert 0.5 < time.monotonic() - started < 0.6 + DEADLINE_GRACE
    assert Overloaded("x").status == 503


def test_a_long_query_makes_room_for_waiting_ones(runaway_running) -> None:
    start, outcome = runaway_running
    store = start(long_queries=0)  # no long query keeps its worker while others wait
    assert store.ask(POINT) is True  # answered, not refused (how soon: bench/limits.py)
    wait_until(lambda: outcome, 5, "the stopped runaway's error")
    assert len(outcome) == 1 and isinstance(outcome[0], Overloaded), outcome
    assert "stopped to make room" in outcome[0].message


def test_a_long_query_runs_at_the_lowest_cpu_priority(runaway_running) -> None:
    start, _ = runaway_running
    store = start(long_queries=1)
    # long_after (0.2 s) passes while the runaway runs (4 s): its one worker drops to nice 19
    wait_until(
        lambda: nice_values(store) == [19],
        3,
        lambda: f"the runaway's worker at nice 19, not {nice_values(store)}",
    )


def test_after_a_long_query_its_worker_has_its_priority_back() -> None:
    """Kept with its priority restored where the server may lower a nice value (root here in
    CI), else replaced by a fresh worker; either way no worker stays reniced."""
    store = shed_store(long_queries=1)
    try:
        store.ask(POINT)
        first = store._pool._idle[0].pid
        seen: set[int] = set()  # the worker's nice values while the slow query runs
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                with contextlib.suppress(psutil.NoSuchProcess):
                    seen.add(psutil.Process(first).nice())
                time.sleep(0.02)  # a sampling rate: the slow query lasts 0.3-0.6 s

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            assert term_text(store.select(SLOW)[0]["n"]) == str(10**6)
        finally:
            done.set()
            watcher.join()
        assert 19 in seen  # it was demoted while long: the rest of the test means something
        # an unprivileged server kills the reniced worker and forks its replacement in the
        # background
        wait_until(lambda: settled(store), 5, "the pool's idle workers to be the zygote's only")
        own = os.getpriority(os.PRIO_PROCESS, 0)
        assert set(nice_values(store)) == {own}
        kept = [w.pid for w in store._pool._idle] == [first]
        assert kept == (os.geteuid() == 0 or _may_lower_nice())
        assert store.ask(POINT) is True
    finally:
        store.close()


def _may_lower_nice() -> bool:
    soft, _ = resource.getrlimit(resource.RLIMIT_NICE)
    return soft == resource.RLIM_INFINITY or 20 - soft <= os.getpriority(os.PRIO_PROCESS, 0)


def test_without_admission_nothing_is_refused(tmp_path: Path) -> None:
    store = OxigraphStore([FIXTURE], timeout=4.0)
    try:
        answers = []
        threads = [
            threading.Thread(target=lambda: answers.append(store.ask(POINT))) for _ in range(6)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == [True] * 6
    finally:
        store.close()


def test_admission_limits_are_checked() -> None:
    with pytest.raises(ValueError, match="invalid admission limits"):
        Admission(workers=0, long_queries=0)
