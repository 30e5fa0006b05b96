"""Fixtures of the endpoint tests: test data, a Flask app, and a real `govsocial serve`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from govsocial.app import create_app

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "data" / "fixture.trig"
W3C_GRAPH = "http://kasei.us/2009/09/sparql/data/data{n}.rdf"
SERVER_TIMEOUT = 2.0  # --timeout of the test server: runaway queries must stop at it
SERVER_MAX_ROWS = 100


@pytest.fixture(scope="session")
def w3c_protocol_dir(shared_dir: Path) -> Path:
    return shared_dir / "w3c-protocol-tests" / "protocol"


@pytest.fixture(scope="session")
def w3c_nquads(w3c_protocol_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The suite's data1..3.nt as named graphs dataN.rdf (data0.rdf stays absent: empty)."""
    quads = []
    for n in (1, 2, 3):
        graph = ox.NamedNode(W3C_GRAPH.format(n=n))
        path = w3c_protocol_dir / f"data{n}.nt"
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
            quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
    out = tmp_path_factory.mktemp("w3c") / "protocol-data.nq"
    ox.serialize(quads, output=str(out), format=ox.RdfFormat.N_QUADS)
    return out


@pytest.fixture(scope="session")
def app(w3c_nquads: Path) -> Iterator[Flask]:
    """One app over the fixture and the W3C graphs, with short limits for the tests."""
    application = create_app(
        {
            "DATA_PATHS": [FIXTURE, w3c_nquads],
            "QUERY_TIMEOUT": SERVER_TIMEOUT,
            "MAX_ROWS": SERVER_MAX_ROWS,
            "MAX_CONTENT_LENGTH": 200_000,
            "TESTING": True,
        }
    )
    yield application
    application.extensions["govsocial.store"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running `govsocial serve` process."""

    base: str
    process: subprocess.Popen
    log: Path

    @property
    def endpoint(self) -> str:
        return self.base + "/sparql"

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="session")
def server(w3c_nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real server process (gunicorn, 2 HTTP workers) on a free port; waits for /health."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "serve.log"
    command = [
        sys.executable, "-m", "govsocial", "serve", "--port", str(port),
        "--data", str(FIXTURE), "--data", str(w3c_nquads),
        "--timeout", str(SERVER_TIMEOUT), "--max-rows", str(SERVER_MAX_ROWS),
        "--workers", "2", "--threads", "4",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    running = Server(base, process, log)
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            pytest.fail(f"govsocial serve exited with {process.returncode}:\n{running.output()}")
        try:
            if requests.get(base + "/health", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"govsocial serve did not become healthy:\n{running.output()}")
        time.sleep(0.1)
    yield running
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
