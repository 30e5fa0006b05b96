"""Start real server processes (`govsocial serve`, gunicorn) on a free port and stop them.

Every process runs in its own session (process group): a test can signal gunicorn's master,
its HTTP workers and the query workers together, and stopping leaves nothing behind.
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
    command: list[str], port: int, log: Path, *, args: list[str] | None = None,
    env: dict[str, str] | None = None, cwd: Path | None = None, ready: str = "/health",
    start_seconds: float = START_SECONDS,
) -> Server:
    """Start `command` (listening on `port`), wait until `ready` answers 200; fail with the log.

    The environment gets unbuffered output and a linked-data cache beside the log (dumps and
    page caches of this server only, never the checkout's var/); `env` overrides both.
    """
    environment = {
        **os.environ, "PYTHONUNBUFFERED": "1",
        "GOVSOCIAL_LINKEDDATA_CACHE_DIR": json.dumps(str(log.with_suffix(".cache"))),
        **(env or {}),
    }
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env=environment, cwd=cwd,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log, list(args or []))
    what = " ".join(Path(command[0]).name if i == 0 else part for i, part in enumerate(command))
    deadline = time.monotonic() + start_seconds
    while True:
        if process.poll() is not None:
            server.stop()  # its workers may still hold the port
            pytest.fail(f"{what} exited with {process.returncode}:\n"
                        f"{server.output()[-LOG_TAIL:]}")
        try:
            if requests.get(server.base + ready, timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            server.stop(signal.SIGKILL)
            pytest.fail(f"{what}: {ready} did not answer 200 within {start_seconds:g} s:\n"
                        f"{server.output()[-LOG_TAIL:]}")
        time.sleep(0.1)


def start_serve(
    args: list[str], log: Path, env: dict[str, str] | None = None,
    start_seconds: float = START_SECONDS,
) -> Server:
    """Start `govsocial serve ARGS` on a free port; wait until /health answers 200."""
    port = free_port()
    command = [sys.executable, "-m", "govsocial", "serve", "--port", str(port), *args]
    return start_process(command, port, log, args=args, env=env, start_seconds=start_seconds)


def start_gunicorn(
    log: Path, *, threads: int, env: dict[str, str] | None = None, cwd: Path | None = None,
    ready: str = "/health", start_seconds: float = START_SECONDS,
) -> Server:
    """Start the production app under gunicorn (one HTTP worker) on a free port; wait for it."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    args = ["--workers", "1", "--threads", str(threads), "--bind", f"127.0.0.1:{port}",
            "govsocial.app:create_app()"]
    return start_process([str(gunicorn), *args], port, log, args=args, env=env, cwd=cwd,
                         ready=ready, start_seconds=start_seconds)
