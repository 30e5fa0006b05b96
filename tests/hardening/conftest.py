"""Fixtures of the hardening tests: a Flask app, real `govsocial serve` processes, hostile data.

Every server here runs in its own session (process group, see `support.processes`), so a test
can signal gunicorn's master, its HTTP workers and the query workers together, and teardown
leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from govsocial.app import create_app
from support.processes import Server, start_serve
from support.runaways import write_cyclic_graph

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "endpoint" / "data" / "fixture.trig"
TIMEOUT = 2.0  # --timeout of the servers here: runaway queries must stop at it
MEMORY_LIMIT_MIB = 256  # --memory-limit: a greedy query must hit it, not the machine


# the names the hardening tests import from here (test_overload.py among them)
start_server = start_serve
__all__ = ["FIXTURE", "TIMEOUT", "Server", "start_server"]


@pytest.fixture(scope="session")
def cyclic_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ring of 50,000 nodes with a chord from every node: cycles everywhere, 10^5 triples
    (support/runaways.py)."""
    return write_cyclic_graph(tmp_path_factory.mktemp("cyclic") / "cyclic.nt")


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The production app (not TESTING: errors take the production path) over the fixture."""
    application = create_app(
        {
            "DATA_PATHS": [FIXTURE],
            "QUERY_TIMEOUT": TIMEOUT,
            "MAX_ROWS": 100,
            "LINKEDDATA_CACHE_DIR": str(tmp_path_factory.mktemp("ldcache")),
        }
    )
    yield application
    application.extensions["govsocial.endpoint.store"].close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, cyclic_graph: Path) -> Iterator[Server]:
    """One real server for the fuzz and runaway tests: short timeout, small memory cap."""
    log = tmp_path_factory.mktemp("server") / "serve.log"
    running = start_serve(
        [
            "--data",
            str(FIXTURE),
            "--data",
            str(cyclic_graph),
            "--timeout",
            str(TIMEOUT),
            "--memory-limit",
            str(MEMORY_LIMIT_MIB),
            "--max-rows",
            "1000",
            "--workers",
            "2",
            "--threads",
            "4",
        ],
        log,
    )
    yield running
    running.stop()


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start servers of one test (stopped, whole group, at its end)."""
    started: list[Server] = []

    def starter(args: list[str], env: dict[str, str] | None = None) -> Server:
        running = start_serve(args, tmp_path / f"serve-{len(started)}.log", env)
        started.append(running)
        return running

    yield starter
    for running in started:
        running.stop(wait=20)
