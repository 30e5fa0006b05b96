"""Fixtures of the store tests: real `oxigraph serve` and `govsocial serve` processes."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner

from govsocial.store.push import load_command

ROOT = Path(__file__).resolve().parents[2]
ENDPOINT_TESTS = ROOT / "tests" / "endpoint"
FIXTURE = ENDPOINT_TESTS / "data" / "fixture.trig"
W3C_GRAPH = "http://kasei.us/2009/09/sparql/data/data{n}.rdf"


def endpoint_module(name: str) -> ModuleType:
    """Import a helper of tests/endpoint (the W3C runner, the loopback listener) by path."""
    path = ENDPOINT_TESTS / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_endpoint_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if not found:
        pytest.fail("the `oxigraph` server binary is missing: pip install -e '.[test]'")
    return found


def wait_until(check: Callable[[], bool], process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}:\n{log.read_text()}")
        try:
            if check():
                return
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"{what} did not start:\n{log.read_text()}")
        time.sleep(0.05)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Oxigraph:
    """A running `oxigraph serve` with its Graph Store and query URLs."""

    base: str
    process: subprocess.Popen
    log: Path

    @property
    def query(self) -> str:
        return self.base + "/query"

    @property
    def store(self) -> str:
        return self.base + "/store"

    def count(self) -> int:
        every = "SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        answer = requests.post(self.query, data={"query": every}, timeout=10,
                               headers={"Accept": "application/sparql-results+json"})
        answer.raise_for_status()
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])

    def stop(self) -> None:
        stop(self.process)


def start_oxigraph(folder: Path) -> Oxigraph:
    """Start `oxigraph serve` on a free loopback port, persisted in `folder`."""
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(folder / "db"),
             "--bind", f"127.0.0.1:{port}", "--timeout-s", "20"],
            stdout=out, stderr=subprocess.STDOUT,
        )
    running = Oxigraph(f"http://127.0.0.1:{port}", process, log)
    wait_until(lambda: requests.get(running.base, timeout=1).status_code < 500, process, log,
               "oxigraph serve")
    return running


def load_into(target: str, *paths: Path) -> str:
    """Run `govsocial load --to target PATHS`; return its output (the test fails on an error)."""
    result = CliRunner().invoke(load_command, ["--to", target, *map(str, paths)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="session")
def w3c_nquads(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The W3C protocol suite's data1..3.nt as named graphs dataN.rdf."""
    quads = []
    for n in (1, 2, 3):
        graph = ox.NamedNode(W3C_GRAPH.format(n=n))
        path = shared_dir / "w3c-protocol-tests" / "protocol" / f"data{n}.nt"
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
            quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
    out = tmp_path_factory.mktemp("w3c") / "protocol-data.nq"
    ox.serialize(quads, output=str(out), format=ox.RdfFormat.N_QUADS)
    return out


@pytest.fixture(scope="session")
def project_remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    """An `oxigraph serve` holding the project's graph, pushed with `govsocial load`."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph-project"))
    load_into(server.base)  # the default: ontology/ and data/
    yield server
    server.stop()


@dataclass
class Served:
    """A running `govsocial serve`."""

    base: str
    process: subprocess.Popen
    log: Path

    @property
    def endpoint(self) -> str:
        return self.base + "/sparql"


def start_serve(folder: Path, *arguments: str) -> Served:
    """Start `govsocial serve ARGUMENTS` on a free port and wait for /health."""
    port = free_port()
    log = folder / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "govsocial", "serve", "--port", str(port), *arguments],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    served = Served(f"http://127.0.0.1:{port}", process, log)
    wait_until(lambda: requests.get(served.base + "/health", timeout=2).status_code == 200,
               process, log, "govsocial serve")
    return served
