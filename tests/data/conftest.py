"""Fixtures for the data tests: the data files, their merged graph, the verified identifiers.

Checks against the source texts themselves are `govsocial check-sources` (tests/sourcecheck).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from govsocial.endpoint.rdf_input import rdf_files
from govsocial.graph.rdfio import load_graph

# The registry files docs/MODEL.md names (data/registry/); a new one is added here on purpose.
# Everything else in data/ is one file per source document (data/sources/<source>.ttl).
REGISTRY_FILES = [
    "authorities.ttl",
    "campaigns.ttl",
    "channels.ttl",
    "declarations.ttl",
    "organisations.ttl",
    "people.ttl",
]


@pytest.fixture(scope="session")
def data_files(project_root: Path) -> list[Path]:
    return rdf_files(project_root / "data")


@pytest.fixture(scope="session")
def data_graph(data_files: list[Path]) -> Graph:
    return load_graph(data_files)


@pytest.fixture(scope="session")
def seed_graph(seed_data_dir: Path) -> Graph:
    """The first dataset, frozen (tests/seed/README.md): for facts asserted exactly."""
    return load_graph(rdf_files(seed_data_dir))


@pytest.fixture(scope="session")
def identifiers(identifiers_file: Path) -> str:
    """The verified identifiers (tests/identifiers.md, a checked copy of the project's list)."""
    return identifiers_file.read_text(encoding="utf-8")
