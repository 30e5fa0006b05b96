"""Fixtures of the store tests: real `oxigraph serve` and `govsocial serve` processes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from govsocial.load_command import load_command
from support.processes import Server, free_port, oxigraph_binary, start_process, start_serve
from support.w3c import PROTOCOL_DIR, write_w3c_nquads

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "endpoint" / "data" / "fixture.trig"
_LOGS = itertools.count(1)


class Oxigraph(Server):
    """A running `oxigraph serve` with its Graph Store and query URLs."""

    @property
    def query(self) -> str:
        return self.base + "/query"

    @property
    def store(self) -> str:
        return self.base + "/store"

    def count(self) -> int:
        every = "SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        answer = requests.post(
            self.query,
            data={"query": every},
            timeout=10,
            headers={"Accept": "application/sparql-results+json"},
        )
        answer.raise_for_status()
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def start_oxigraph(folder: Path) -> Oxigraph:
    """Start `oxigraph serve` on a free loopback port, persisted in `folder`."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.fail("the `oxigraph` server binary is missing: pip install -e '.[test]'")
    port = free_port()
    server = start_process(
        [
            binary,
            "serve",
            "--location",
            str(folder / "db"),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout-s",
            "20",
        ],
        port,
        folder / "oxigraph.log",
        ready="/",
    )
    return Oxigraph(server.base, server.process, server.log, server.args)


def serve(folder: Path, *arguments: str) -> Server:
    """Start `govsocial serve ARGUMENTS`, its log in `folder` (one file per start)."""
    return start_serve(list(arguments), folder / f"serve-{next(_LOGS)}.log")


def load_into(target: str, *paths: Path) -> str:
    """Run `govsocial load --to target PATHS`; return its output (the test fails on an error)."""
    result = CliRunner().invoke(load_command, ["--to", target, *map(str, paths)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="session")
def w3c_nquads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The W3C protocol suite's data1..3.nt (tests/w3c) as named graphs dataN.rdf."""
    out = tmp_path_factory.mktemp("w3c") / "protocol-data.nq"
    return write_w3c_nquads(PROTOCOL_DIR, out)


@pytest.fixture(scope="session")
def project_remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    """An `oxigraph serve` holding the project's graph, pushed with `govsocial load`."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph-project"))
    load_into(server.base)  # the default: ontology/ and data/
    yield server
    server.stop()
