"""Fixtures of the hardening tests: a Flask app, real `govsocial serve` processes, hostile data.

Every server here runs in its own session (process group), so a test can signal gunicorn's
master, its HTTP workers and the query workers together, and teardown leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from flask import Flask

from govsocial.app import create_app

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "endpoint" / "data" / "fixture.trig"
TIMEOUT = 2.0  # --timeout of the servers here: runaway queries must stop at it
MEMORY_LIMIT_MIB = 256  # --memory-limit: a greedy query must hit it, not the machine
START_SECONDS = 60
CYCLE_NODES = 50_000  # two edges per node: a cyclic graph of 10^5 triples


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running `govsocial serve` process (own process group)."""

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


def start_server(args: list[str], log: Path, env: dict[str, str] | None = None) -> Server:
    """Start `govsocial serve` with `args`, wait until /health answers 200."""
    port = free_port()
    command = [sys.executable, "-m", "govsocial", "serve", "--port", str(port), *args]
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={
                **os.environ, "PYTHONUNBUFFERED": "1",
                # dumps and page caches of this server only, never the checkout's var/
                "GOVSOCIAL_LINKEDDATA_CACHE_DIR": json.dumps(str(log.with_suffix(".cache"))),
                **(env or {}),
            },
        )
    server = Server(f"http://127.0.0.1:{port}", process, log, args)
    deadline = time.monotonic() + START_SECONDS
    while True:
        if process.poll() is not None:
            pytest.fail(f"govsocial serve exited with {process.returncode}:\n{server.output()}")
        try:
            if requests.get(server.base + "/health", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            server.stop(signal.SIGKILL)
            pytest.fail(f"govsocial serve did not become healthy:\n{server.output()}")
        time.sleep(0.1)


@pytest.fixture(scope="session")
def cyclic_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ring of CYCLE_NODES nodes (ex:next) with a chord from every node (ex:jump): cycles
    everywhere, 10^5 triples."""
    path = tmp_path_factory.mktemp("cyclic") / "cyclic.nt"
    n = CYCLE_NODES
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(f"<urn:n:{i}> <urn:p:next> <urn:n:{(i + 1) % n}> .\n")
            out.write(f"<urn:n:{i}> <urn:p:jump> <urn:n:{(i * 7 + 3) % n}> .\n")
    return path


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The production app (not TESTING: errors take the production path) over the fixture."""
    application = create_app(
        {"DATA_PATHS": [FIXTURE], "QUERY_TIMEOUT": TIMEOUT, "MAX_ROWS": 100,
         "LINKEDDATA_CACHE_DIR": str(tmp_path_factory.mktemp("ldcache"))}
    )
    yield application
    application.extensions["govsocial.store"].close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, cyclic_graph: Path) -> Iterator[Server]:
    """One real server for the fuzz and runaway tests: short timeout, small memory cap."""
    log = tmp_path_factory.mktemp("server") / "serve.log"
    running = start_server(
        ["--data", str(FIXTURE), "--data", str(cyclic_graph), "--timeout", str(TIMEOUT),
         "--memory-limit", str(MEMORY_LIMIT_MIB), "--max-rows", "1000",
         "--workers", "2", "--threads", "4"],
        log,
    )
    yield running
    running.stop()


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start servers of one test (stopped, whole group, at its end)."""
    started: list[Server] = []

    def starter(args: list[str], env: dict[str, str] | None = None) -> Server:
        running = start_server(args, tmp_path / f"serve-{len(started)}.log", env)
        started.append(running)
        return running

    yield starter
    for running in started:
        running.stop(wait=20)
