"""Fixtures for the ontology tests: the project's files read once, and the verified identifiers."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from govsocial.graph.lint import Corpus, Identifiers, vocabulary_graphs


@pytest.fixture(scope="session")
def corpus(project_root: Path) -> Corpus:
    return Corpus.load(project_root)


@pytest.fixture(scope="session")
def ontology(corpus: Corpus) -> Graph:
    if not corpus.ontology:
        pytest.fail(f"{corpus.ontology_name} is missing or empty")
    return corpus.ontology


@pytest.fixture(scope="session")
def identifiers(identifiers_file: Path) -> Identifiers:
    """The verified identifiers (tests/identifiers.md, a checked copy of the project's list)."""
    return Identifiers.parse(identifiers_file.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def model_text(project_root: Path) -> str:
    return (project_root / "docs" / "MODEL.md").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vocabularies(corpus: Corpus) -> Graph:
    """Every SKOS scheme of ontology/vocabularies/ in one graph."""
    graph = Graph()
    for part in vocabulary_graphs(corpus).values():
        graph += part
    return graph
