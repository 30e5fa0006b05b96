"""Load the default graph (ontology + data) once per session, in rdflib and in pyoxigraph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph

from govsocial.paths import rdf_files
from govsocial.rdfio import load_graph, rdf_format


def graph_files(root: Path) -> list[Path]:
    return rdf_files(root / "ontology", root / "data")


@pytest.fixture(scope="session")
def graph(project_root: Path) -> Graph:
    return load_graph(graph_files(project_root))


@pytest.fixture(scope="session")
def store(project_root: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    for path in graph_files(project_root):
        store.load(path=str(path), format=rdf_format(path)[0])
    return store
