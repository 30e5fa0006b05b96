"""Validate the staged data folder with the project's shapes (graph.validation) and turn what
the import would break into problems naming the rows that made the node.

Only results the import brings in count: the data as it is now is validated too, and a result
that is there already (someone else's unfinished work) is not the sheet's fault.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from govsocial.graph.importing.nodes import short
from govsocial.graph.importing.problems import Problem
from govsocial.graph.validation import ValidationReport, ValidationResult, validate


def _key(result: ValidationResult) -> tuple[str, ...]:
    return (
        str(result.focus_node),
        str(result.source_shape),
        str(result.path or ""),
        str(result.value),
        str(result.severity),
    )


def _run(data: Path, shapes: Path, ontology: Path) -> ValidationReport:
    return validate(data_paths=[data], shapes_paths=[shapes], ontology_paths=[ontology])


def check(
    data_dir: Path, staged_dir: Path, shapes: Path, ontology: Path, rows_of: dict[URIRef, list[int]]
) -> tuple[list[Problem], list[Problem]]:
    """Return (violations, warnings) the staged data has and the data now has not."""
    before = {_key(result) for result in _run(data_dir, shapes, ontology).results}
    after = _run(staged_dir, shapes, ontology)
    violations: list[Problem] = []
    warnings: list[Problem] = []
    for result in after.results:
        if _key(result) in before:
            continue
        rows = rows_of.get(result.focus_node) if isinstance(result.focus_node, URIRef) else None
        message = f"{short(result.focus_node)}: {result.message or result.shape_name}"
        if result.path:
            message += f" (SHACL, {result.path})"
        problem = Problem(rows[0] if rows else None, None, message)
        (violations if result.is_violation else warnings).append(problem)
    return violations, warnings
