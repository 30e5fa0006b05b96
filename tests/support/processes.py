"""Start real server processes (`govsocial serve`, gunicorn) on a free port, look at their
processes, and stop them.

Every process runs in its own session (process group): a test can signal gunicorn's master,
its HTTP workers and the query workers together, and stopping leaves nothing behind.

The tree of a server: the master; its children, the HTTP workers and the zygote(s) of the store
(store/zygote.py); the zygotes' children, the query workers.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest
import requests

START_SECONDS = 60
LOG_TAIL = 8000  # characters of the server log shown when it does not start


def free_port() -> int:
    """Return a loopback TCP port that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    """Find the `oxigraph` server binary as bench/servers.py does: beside this Python, else
    on PATH; None when it is not installed."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@dataclass
class Server:
    """A running server process (own process group) with its log."""

    base: str
    process: subprocess.Popen
    log: Path
    args: list[str] = field(default_factory=list)

    @property
    def endpoint(self) -> str:
        return self.base + "/sparql"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM, wait: float = 30) -> int:
        """Signal the master; wait for it; kill the whole group if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        # nothing of the group may outlive the master (query workers, zygote)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        return self.process.returncode


def start_process(
    command: list[str],
    port: int,
    log: Path,
    *,
    args: list[str] | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    ready: str = "/health",
    start_seconds: float = START_SECONDS,
) -> Server:
    """Start `command` (listening on `port`), wait until `ready` answers 200; fail with the log.

    The environment gets unbuffered output and a linked-data cache beside the log (dumps and
    page caches of this server only, never the checkout's var/); `env` overrides both.
    """
    environment = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "GOVSOCIAL_LINKEDDATA_CACHE_DIR": json.dumps(str(log.with_suffix(".cache"))),
        **(env or {}),
    }
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=environment,
            cwd=cwd,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log, list(args or []))
    what = " ".join(Path(command[0]).name if i == 0 else part for i, part in enumerate(command))
    deadline = time.monotonic() + start_seconds
    while True:
        if process.poll() is not None:
            server.stop()  # its workers may still hold the port
            pytest.fail(f"{what} exited with {process.returncode}:\n{server.output()[-LOG_TAIL:]}")
        try:
            if requests.get(server.base + ready, timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            server.stop(signal.SIGKILL)
            pytest.fail(
                f"{what}: {ready} did not answer 200 within {start_seconds:g} s:\n"
                f"{server.output()[-LOG_TAIL:]}"
            )
        time.sleep(0.1)  # a poll interval: the loop above is the bounded wait


def start_serve(
    args: list[str],
    log: Path,
    env: dict[str, str] | None = None,
    start_seconds: float = START_SECONDS,
) -> Server:
    """Start `govsocial serve ARGS` on a free port; wait until /health answers 200."""
    port = free_port()
    command = [sys.executable, "-m", "govsocial", "serve", "--port", str(port), *args]
    return start_process(command, port, log, args=args, env=env, start_seconds=start_seconds)


def start_gunicorn(
    log: Path,
    *,
    threads: int,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    ready: str = "/health",
    start_seconds: float = START_SECONDS,
) -> Server:
    """Start the production app under gunicorn (one HTTP worker) on a free port; wait for it."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    args = [
        "--workers",
        "1",
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "govsocial.app:create_app()",
    ]
    return start_process(
        [str(gunicorn), *args],
        port,
        log,
        args=args,
        env=env,
        cwd=cwd,
        ready=ready,
        start_seconds=start_seconds,
    )


def ended(pid: int) -> bool:
    """Tell whether process `pid` has exited (a zombie awaiting its reaper counts as ended)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def http_workers(server: Server) -> list[psutil.Process]:
    """gunicorn's HTTP workers: the master's children but its zygotes. (Not "the children that
    hold the listening socket": a zygote forked by a reload after gunicorn bound it holds it too.)
    """
    workers = []
    for child in psutil.Process(server.process.pid).children():
        with contextlib.suppress(psutil.NoSuchProcess):
            if not _zygote(child):
                workers.append(child)
    return workers


def _zygote(process: psutil.Process) -> bool:
    """Tell whether `process` is a zygote: it listens on its zygote.sock (store/zygote.py)."""
    return any(str(c.laddr).endswith("/zygote.sock") for c in process.net_connections(kind="unix"))


def query_workers(server: Server) -> list[psutil.Process]:
    """The server's query workers: the children of its zygotes (no HTTP worker forks)."""
    workers = []
    for child in psutil.Process(server.process.pid).children():
        with contextlib.suppress(psutil.NoSuchProcess):
            workers += child.children()
    return workers


def busy_query_workers(server: Server) -> list[psutil.Process]:
    """The query workers running a query now: an idle one sleeps in recv() on its socket until
    its next job; one that computes is running, waiting for a core or for a page (R or D)."""
    busy = []
    for worker in query_workers(server):
        with contextlib.suppress(psutil.NoSuchProcess):
            if worker.status() in (psutil.STATUS_RUNNING, psutil.STATUS_DISK_SLEEP):
                busy.append(worker)
    return busy


def held_connections(server: Server) -> set[tuple[str, int]]:
    """The client ends (address, port) of the TCP connections the HTTP workers hold: accepted
    from the listening socket's queue and not closed by the server yet."""
    held: set[tuple[str, int]] = set()
    for worker in http_workers(server):
        with contextlib.suppress(psutil.NoSuchProcess):
            held |= {
                (c.raddr.ip, c.raddr.port) for c in worker.net_connections(kind="tcp") if c.raddr
            }
    return held
