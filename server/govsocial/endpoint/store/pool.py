"""Answer queries in disposable worker processes forked from a single-threaded zygote.

pyoxigraph cannot cancel a running query and crashes on some inputs, so no query runs in a
web process. `Zygote.start(store)` forks a process that keeps the loaded store and accepts
connections on a private Unix socket; for every connection it forks a *query worker* that
inherits the store copy-on-write, caps its address space and answers jobs on that connection.
`QueryPool` (in each web process) keeps idle connections, sends a job, waits until the
deadline, and otherwise SIGKILLs the worker and raises `QueryTimeout`.

Load shedding (`Admission`): a web process runs at most `workers` queries at once; a request
that finds none free within `queue_timeout` is refused with `Overloaded` (503 + Retry-After)
instead of queueing without bound. A query still running after `long_after` seconds is *long*:
its worker drops to the lowest CPU priority (cheap queries keep the cores) until the query
ends; then it gets its priority back, or, where that needs privileges the server lacks, is
replaced by a fresh worker. While requests wait for a free worker, at most `long_queries`
long queries keep theirs: the youngest of the others are stopped with `Overloaded`, so runaways
cannot hold every worker while cheap queries are turned away.

The zygote and its workers are in zygote.py, the frames on their sockets in frames.py.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import socket
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

from govsocial.endpoint.store import errors
from govsocial.endpoint.store.frames import receive_frame, send_frame
from govsocial.endpoint.store.interface import QueryAnswer, QueryJob

log = logging.getLogger(__name__)

# seconds between checks for long queries to stop while a request waits for a worker
_PREEMPT_CHECK = 0.05
# seconds a web process with no other query running polls for the reply before it sleeps:
# a point query answers within this, and the thread is then awake for it (a sleeping thread's
# wake-up cost 40 us per query here, measured over HTTP); with other queries running, the core
# is theirs
_SPIN = 0.00025
_ERRORS: dict[str, type[errors.QueryError]] = {
    cls.__name__: cls
    for cls in (
        errors.QueryError,
        errors.QuerySyntaxError,
        errors.QueryRefused,
        errors.QueryTimeout,
        errors.QueryResourceError,
        errors.NotAcceptable,
    )
}


@dataclass(frozen=True)
class Admission:
    """How many queries one web process runs at once, and how it sheds the rest."""

    workers: int  # query workers busy at once; more requests wait, then are refused
    long_queries: int  # long queries that keep their worker while others wait for one
    queue_timeout: float = 0.25  # seconds a request waits for a free query worker
    long_after: float = 0.25  # seconds after which a running query counts as long

    def __post_init__(self) -> None:
        if self.workers < 1 or self.long_queries < 0:
            raise ValueError(f"invalid admission limits: {self}")


@dataclass(eq=False)
class _Worker:
    sock: socket.socket
    pid: int
    started: float = 0.0  # monotonic start of the job it runs
    long: bool = False  # ran past Admission.long_after: reniced until the job ends
    preempted: bool = False  # stopped to make room for waiting requests
    nice: int = 0  # its CPU priority before it was demoted

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.sock.close()

    def demote(self) -> None:
        """Lower the worker's CPU priority to the least while its query runs."""
        self.long = True
        with contextlib.suppress(OSError):
            self.nice = os.getpriority(os.PRIO_PROCESS, self.pid)
            os.setpriority(os.PRIO_PROCESS, self.pid, 19)

    def restore(self) -> bool:
        """Give a demoted worker its priority back; False when that needs privileges we lack
        (CAP_SYS_NICE: a raised nice value cannot be lowered otherwise)."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.pid, self.nice)
        except OSError:
            return False
        self.long = False
        return True


class QueryPool:
    """Send jobs to query workers, one job per worker at a time, with a deadline."""

    def __init__(
        self,
        socket_path: str,
        timeout: float,
        spawn_timeout: float = 10.0,
        admission: Admission | None = None,
    ) -> None:
        self.socket_path = socket_path
        self.timeout = timeout
        self.spawn_timeout = spawn_timeout
        self.admission = admission
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(admission.workers) if admission else None
        # a forked child (a gunicorn worker) must not share the parent's connections, nor
        # inherit a lock some other thread of the parent held at the fork
        ref = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: _forget_after_fork(ref))

    def _after_fork(self) -> None:
        # closing here closes the child's copies only: the parent's workers must still see
        # EOF when the parent lets them go, which a copy kept open here would prevent
        for worker in self._idle:
            worker.sock.close()
        self._idle = []
        self._busy = set()
        self._lock = threading.Lock()
        if self.admission:
            self._slots = threading.BoundedSemaphore(self.admission.workers)

    def _spawn(self) -> _Worker:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.spawn_timeout)
        try:
            sock.connect(self.socket_path)
            pid = receive_frame(sock)
        except (OSError, EOFError) as error:
            sock.close()
            raise errors.StoreUnavailable("the query engine is not available") from error
        assert isinstance(pid, int)
        return _Worker(sock, pid)

    def _acquire(self) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._spawn()

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def warm(self) -> None:
        """Start one idle worker so the next query does not wait for a fork."""
        self._release(self._spawn())

    def run(self, job: QueryJob) -> QueryAnswer:
        """Run a job in a worker; raise QueryTimeout at the deadline (the worker is killed),
        Overloaded when no worker is free in time or the job was stopped to shed load."""
        if self._slots is None:
            return self._run(job)
        if not self._admit():
            raise errors.Overloaded(
                "the endpoint is overloaded: every query worker is busy; try again later"
            )
        try:
            return self._run(job)
        finally:
            self._slots.release()

    def _admit(self) -> bool:
        assert self._slots is not None and self.admission is not None
        if self._slots.acquire(blocking=False):
            return True
        # contention: long queries beyond the reserve give their workers up to waiting ones;
        # checked again while waiting, since a running query may turn long meanwhile
        until = time.monotonic() + self.admission.queue_timeout
        while True:
            self._preempt()
            remaining = until - time.monotonic()
            if remaining <= 0:
                return False
            if self._slots.acquire(timeout=min(remaining, _PREEMPT_CHECK)):
                return True

    def _preempt(self) -> None:
        assert self.admission is not None
        with self._lock:
            long = sorted(
                (w for w in self._busy if w.long and not w.preempted), key=lambda w: w.started
            )
            # the oldest keep running (closest to done); the youngest make room
            victims = long[self.admission.long_queries :]
            for worker in victims:
                worker.preempted = True
        for worker in victims:
            log.warning("stopping long query in worker %d to make room (overloaded)", worker.pid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)

    def _run(self, job: QueryJob) -> QueryAnswer:
        """Send the job to a worker; return its answer, or raise the error the job ended with."""
        timeout = job.timeout or self.timeout
        worker = self._acquire()
        deadline = time.monotonic() + timeout
        if not _try_send(worker, job, timeout):
            # an idle worker that died meanwhile (killed from outside): not the query's fault,
            # so one fresh worker gets the job
            worker = self._spawn()
            with self._killed_on_failure(worker, timeout):
                _send(worker, job, timeout)
        reply = self._await(worker, deadline, timeout)
        self._keep_or_retire(worker)
        return _answer(reply)

    def _await(self, worker: _Worker, deadline: float, timeout: float) -> object:
        """Wait for the worker's reply; it counts as busy meanwhile (for `_preempt`)."""
        worker.started = time.monotonic()
        with self._lock:
            self._busy.add(worker)
            alone = len(self._busy) == 1
        try:
            with self._killed_on_failure(worker, timeout):
                return self._receive(worker, deadline, alone)
        finally:
            with self._lock:
                self._busy.discard(worker)

    def _receive(self, worker: _Worker, deadline: float, alone: bool) -> object:
        # with no other query running the core is ours: a quick reply is polled for, as a
        # sleeping thread wakes up late for it (see _SPIN)
        replied = alone and _spin_until_readable(worker.sock, worker.started + _SPIN)
        if not replied and self.admission is not None:
            self._demote_once_long(worker, deadline)
        return receive_frame(worker.sock, deadline)

    def _demote_once_long(self, worker: _Worker, deadline: float) -> None:
        """Wait for the reply until the query counts as long; then lower the worker's priority."""
        assert self.admission is not None
        wait = min(self.admission.long_after, deadline - worker.started)
        if wait > 0 and not select.select([worker.sock], [], [], wait)[0]:
            worker.demote()

    @contextlib.contextmanager
    def _killed_on_failure(self, worker: _Worker, timeout: float) -> Iterator[None]:
        """When the job fails, kill the worker (pyoxigraph cannot cancel a query); after a timeout
        or the worker's death, start a fresh one and tell the client why."""
        try:
            yield
        except TimeoutError:
            worker.kill()
            self._replace()
            raise errors.QueryTimeout(
                f"the query did not finish within {timeout:g} seconds and was stopped"
            ) from None
        except (EOFError, OSError):
            worker.kill()
            self._replace()
            raise _worker_died(worker) from None
        except BaseException:
            worker.kill()
            raise

    def _keep_or_retire(self, worker: _Worker) -> None:
        """Make a worker that answered idle again, unless it cannot get its CPU priority back."""
        if worker.long and not worker.restore():
            # reniced for good: a fresh worker serves the next query. Forked in the background:
            # the fork copies the zygote's page tables (12 ms at 10^6 triples), which the next
            # request should not wait for.
            worker.kill()
            threading.Thread(target=self._replace, daemon=True).start()
        else:
            # kept, rather than a fresh one: a new worker pays again for every page of the
            # store its queries touch (copy-on-write faults: 2.5x the time of an aggregate's
            # first run at 10^6 triples)
            self._release(worker)

    def _replace(self) -> None:
        with contextlib.suppress(errors.StoreUnavailable):
            self.warm()

    def close(self) -> None:
        """Close idle connections (their workers exit)."""
        with self._lock:
            for worker in self._idle:
                worker.sock.close()
            self._idle = []


def _forget_after_fork(ref: weakref.ref[QueryPool]) -> None:
    pool = ref()
    if pool is not None:
        pool._after_fork()


def _send(worker: _Worker, job: QueryJob, timeout: float) -> None:
    worker.sock.settimeout(timeout)
    send_frame(worker.sock, job)


def _try_send(worker: _Worker, job: QueryJob, timeout: float) -> bool:
    """Send the job; False when the worker is gone (it is then closed)."""
    try:
        _send(worker, job, timeout)
    except OSError:
        worker.kill()
        return False
    except BaseException:
        worker.kill()  # a frame cut short leaves the connection unusable
        raise
    return True


def _worker_died(worker: _Worker) -> errors.QueryError:
    """The error for a job whose worker died: stopped to shed load, or by the query itself."""
    if worker.preempted:
        return errors.Overloaded(
            "the endpoint is overloaded: this long-running query was stopped to make "
            "room for others; try again later"
        )
    log.warning("query worker %d died on a query; replacing it", worker.pid)
    return errors.QueryResourceError(
        "the query was stopped: it needed more memory than this endpoint allows "
        "per query, or it crashed the query engine"
    )


def _answer(reply: object) -> QueryAnswer:
    """The answer in the worker's reply; or the error the job ended with, raised here."""
    assert isinstance(reply, tuple)
    if reply[0] == "ok":
        answer: QueryAnswer = reply[1]  # what execute() returned in the worker
        return answer
    raise _ERRORS.get(reply[1], errors.QueryError)(reply[2])


def _spin_until_readable(sock: socket.socket, until: float) -> bool:
    """Poll without sleeping until the socket is readable (True) or `until` passes (False)."""
    while True:
        if select.select([sock], [], [], 0)[0]:
            return True
        if time.monotonic() >= until:
            return False
