"""The zygote: a single-threaded process that keeps the loaded store and forks one *query worker*
per connection on its private Unix socket. A worker inherits the store copy-on-write (or opens
the persisted one after the fork), caps its address space and answers jobs until its connection
closes (store/pool.py holds the other end)."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import socket
import stat
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from govsocial.endpoint.store import errors
from govsocial.endpoint.store.frames import receive_frame, send_frame
from govsocial.endpoint.store.interface import QueryAnswer, QueryJob

# A query worker kills itself this long after its deadline if nobody else did (orphans).
_SELF_KILL_MARGIN = 5.0

Executor = Callable[[ox.Store, QueryJob], QueryAnswer]
# the store itself (in memory: inherited copy-on-write), or a function that opens it in the
# worker after the fork (persisted: a RocksDB handle must not cross a fork, see persisted.py)
StoreSource = ox.Store | Callable[[], ox.Store]


def _limit_memory(limit: int | None) -> None:
    if not limit:
        return
    # The address space already mapped (the shared store, libraries) counts against
    # RLIMIT_AS, so the cap is what a query may add on top of it.
    with open("/proc/self/statm") as statm:
        mapped = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (mapped + limit, mapped + limit))


def _serve_connection(
    conn: socket.socket, source: StoreSource, execute: Executor, memory_limit: int | None
) -> None:
    """Answer jobs on one connection until it closes (runs in a query worker)."""
    # opened before the memory cap: the cap is what a query may add to the open store
    store = source if isinstance(source, ox.Store) else source()
    # SIGALRM with its default action ends the process even while Rust code runs: the
    # worker's own deadline, in case its web process died and cannot kill it.
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    _limit_memory(memory_limit)
    send_frame(conn, os.getpid())
    while True:
        try:
            job = receive_frame(conn)
        except (EOFError, OSError):
            return
        assert isinstance(job, QueryJob)
        if job.timeout:
            signal.setitimer(signal.ITIMER_REAL, job.timeout + _SELF_KILL_MARGIN)
        try:
            reply: tuple[object, ...] = ("ok", execute(store, job))
        except errors.QueryError as error:
            reply = ("error", type(error).__name__, error.message)
        except MemoryError:
            reply = ("error", "QueryResourceError", "the query needed more memory than allowed")
        except Exception:  # engine failure: log it here, tell the client no internals
            traceback.print_exc()
            reply = ("error", "QueryError", "the query engine failed on this query")
        signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            send_frame(conn, reply)
        except MemoryError:
            send_frame(conn, ("error", "QueryResourceError", "the result is larger than allowed"))
        except OSError:
            return


def _zygote_main(
    listener: socket.socket,
    store: StoreSource,
    execute: Executor,
    memory_limit: int | None,
    parent: int,
) -> None:
    """Fork one query worker per accepted connection until the parent goes away."""
    # Let the kernel reap the workers; the web process learns of a death from the socket.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    # Ctrl+C reaches the whole process group; the master decides when we stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    listener.settimeout(1.0)
    while True:
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            if os.getppid() != parent:
                return
            continue
        except OSError:
            return
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                listener.close()
                conn.settimeout(None)
                _serve_connection(conn, store, execute, memory_limit)
            except BaseException:  # never return into the zygote's loop from a child
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        conn.close()


def _close_inherited_listeners(keep: int) -> None:
    """Close the TCP listening sockets this process inherited: the master forks a new zygote on
    SIGHUP after gunicorn bound its port, and a zygote holding that socket would keep the port
    bound when the server is gone (and receive nothing on it meanwhile)."""
    if not os.path.isdir("/proc/self/fd"):
        return
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd <= 2 or fd == keep:
            continue
        try:
            if not stat.S_ISSOCK(os.fstat(fd).st_mode):
                continue
            with socket.socket(fileno=os.dup(fd)) as probe:
                tcp = probe.family in (socket.AF_INET, socket.AF_INET6)
                listening = probe.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
        except OSError:  # gone meanwhile (the listing's own descriptor), or not a socket
            continue
        if tcp and listening:
            os.close(fd)


@dataclass
class Zygote:
    """The process that holds the store and forks query workers."""

    pid: int
    socket_path: str
    folder: str

    @classmethod
    def start(
        cls, store: StoreSource, execute: Executor, memory_limit: int | None = None
    ) -> Zygote:
        """Fork the zygote from this (single-threaded) process, holding the store or its opener."""
        folder = tempfile.mkdtemp(prefix="govsocial-")
        os.chmod(folder, 0o700)
        path = str(Path(folder) / "zygote.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        listener.listen(64)
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _close_inherited_listeners(keep=listener.fileno())
                _zygote_main(listener, store, execute, memory_limit, parent)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        listener.close()
        return cls(pid=pid, socket_path=path, folder=folder)

    def stop(self) -> None:
        """Stop the zygote (its idle workers end when their connections close)."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            # the zygote is our child unless a server framework reaped it already
            for _ in range(50):
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    break
                time.sleep(0.02)
        shutil.rmtree(self.folder, ignore_errors=True)
