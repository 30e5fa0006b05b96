"""The graphs the competency queries run on, loaded once per session.

Queries 01-21 assert the exact answers of the seed dataset (tests/seed/README.md): `graph` and
`store` are the ontology with the seed's data. Queries 22 on assert the answers of the live data:
`live_store` is the ontology with data/.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph

from govsocial.endpoint.rdf_input import rdf_files, rdf_format
from govsocial.graph.rdfio import load_graph


def graph_files(root: Path, data: Path | None = None) -> list[Path]:
    return rdf_files(root / "ontology", data or root / "data")


def _store(files: list[Path]) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    for path in files:
        store.load(path=str(path), format=rdf_format(path))
    return store


@pytest.fixture(scope="session")
def graph(project_root: Path, seed_data_dir: Path) -> Graph:
    return load_graph(graph_files(project_root, seed_data_dir))


@pytest.fixture(scope="session")
def store(project_root: Path, seed_data_dir: Path) -> pyoxigraph.Store:
    return _store(graph_files(project_root, seed_data_dir))


@pytest.fixture(scope="session")
def live_store(project_root: Path) -> pyoxigraph.Store:
    return _store(graph_files(project_root))
