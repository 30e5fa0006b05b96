"""Inputs for the engine and CLI tests: the shape-test fixture graphs and the project's shapes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Inputs:
    shapes: Path
    ontology: Path
    valid: Path
    invalid: Path  # one violation: a decision without gso:action
    warning_only: Path  # one warning: an undated decision


@pytest.fixture(scope="session")
def inputs(project_root: Path) -> Inputs:
    shapes_tests = project_root / "tests" / "shapes"
    cases = shapes_tests / "cases"
    return Inputs(
        shapes=project_root / "shapes",
        ontology=shapes_tests / "fixtures" / "ontology.ttl",
        valid=shapes_tests / "fixtures" / "valid.ttl",
        invalid=cases / "DecisionShape-action--missing.ttl",
        warning_only=cases / "DecisionShape-date-recommended--undated.ttl",
    )
