"""Fixtures for the shape tests: the shapes graph and one validation run over all cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from govsocial.graph.rdfio import load_graph
from govsocial.graph.validation import ValidationReport, validate

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
FIXTURES = HERE / "fixtures"


@pytest.fixture(scope="session")
def shapes_dir(project_root: Path) -> Path:
    return project_root / "shapes"


@pytest.fixture(scope="session")
def shapes_graph(shapes_dir: Path) -> Graph:
    return load_graph(sorted(shapes_dir.glob("*.ttl")))


@pytest.fixture(scope="session")
def cases_report(shapes_dir: Path) -> ValidationReport:
    """Validate the valid fixture and every case together, once (cases use disjoint IRIs)."""
    return validate(
        data_paths=[FIXTURES / "valid.ttl", CASES],
        shapes_paths=[shapes_dir],
        ontology_paths=[FIXTURES / "ontology.ttl"],
    )
