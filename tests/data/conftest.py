"""Fixtures for the data tests: the data files, their merged graph, and the shared sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from govsocial.paths import rdf_files
from govsocial.rdfio import load_graph

# The files docs/MODEL.md names for data/; a new file must be added here on purpose.
DATA_FILES = [
    "authorities.ttl", "campaigns.ttl", "channels.ttl", "claims.ttl", "decisions.ttl",
    "observations.ttl", "organisations.ttl", "people.ttl", "sources.ttl", "statements.ttl",
]
URL = re.compile(r"https?://[^\s`\"'<>()\]]+")


@pytest.fixture(scope="session")
def data_files(project_root: Path) -> list[Path]:
    return rdf_files(project_root / "data")


@pytest.fixture(scope="session")
def data_graph(data_files: list[Path]) -> Graph:
    return load_graph(data_files)


@pytest.fixture(scope="session")
def source_notes(shared_dir: Path) -> str:
    """The reading notes and the list of further sources, as text."""
    sources = shared_dir / "sources"
    return "\n".join(
        (sources / name).read_text(encoding="utf-8") for name in ("README.md", "further-sources.md")
    )


@pytest.fixture(scope="session")
def listed_urls(source_notes: str) -> set[str]:
    """Every URL written in the source notes (trailing punctuation removed)."""
    return {match.rstrip(".,;:") for match in URL.findall(source_notes)}


@pytest.fixture(scope="session")
def seed_article(shared_dir: Path) -> str:
    return (shared_dir / "sources" / "seed-article-2024-12-30.de.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def identifiers(shared_dir: Path) -> str:
    return (shared_dir / "identifiers.md").read_text(encoding="utf-8")
