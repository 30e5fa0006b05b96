"""Fixtures of the endpoint tests: test data, a Flask app, and a real `govsocial serve`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from govsocial.app import create_app
from support.processes import Server, start_serve
from support.w3c import PROTOCOL_DIR, write_w3c_nquads

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "data" / "fixture.trig"
SERVER_TIMEOUT = 2.0  # --timeout of the test server: runaway queries must stop at it
SERVER_MAX_ROWS = 100


@pytest.fixture(scope="session")
def w3c_nquads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The suite's data1..3.nt (tests/w3c) as named graphs dataN.rdf (data0.rdf stays absent)."""
    return write_w3c_nquads(PROTOCOL_DIR, tmp_path_factory.mktemp("w3c") / "protocol-data.nq")


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
    application.extensions["govsocial.endpoint.store"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def server(w3c_nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real server process (gunicorn, 2 HTTP workers) on a free port; waits for /health."""
    running = start_serve(
        [
            "--data",
            str(FIXTURE),
            "--data",
            str(w3c_nquads),
            "--timeout",
            str(SERVER_TIMEOUT),
            "--max-rows",
            str(SERVER_MAX_ROWS),
            "--workers",
            "2",
            "--threads",
            "4",
        ],
        tmp_path_factory.mktemp("server") / "serve.log",
    )
    yield running
    running.stop(wait=15)
