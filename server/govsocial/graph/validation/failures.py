"""Inputs that stopped a validation run (unreadable files, shapes that cannot be applied).

The engine stops at the first unreadable file; the other data files are then checked too, so
that one CI run names every broken file (the check parses, which only costs on this path).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from govsocial.endpoint.rdf_input import RDFInputError, check_syntax
from govsocial.graph.validation.validator import expand


@dataclass(frozen=True)
class InputFailure:
    """Why the run could not validate: a file (with line and column when known) or the shapes."""

    file: Path | None
    message: str
    line: int | None = None
    column: int | None = None


def failure_of(error: RDFInputError) -> InputFailure:
    return InputFailure(error.path, error.message, error.line, error.column)


def unreadable_inputs(first: RDFInputError, data_paths: Iterable[Path]) -> list[InputFailure]:
    """Return the first error and those of every other data file that cannot be read."""
    failures = [failure_of(first)]
    for path in data_paths:
        try:
            files = expand([path])
        except RDFInputError as error:
            if error.path != first.path:
                failures.append(failure_of(error))
            continue
        for file in files:
            if file == first.path:
                continue
            try:
                check_syntax(file)
            except RDFInputError as error:
                failures.append(failure_of(error))
    return failures
