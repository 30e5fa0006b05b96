"""Validate the sources of a new persisted store with the project's shapes before it is served
(the app factory hands `validate_sources` to the store, which imports nothing of the shapes).

Outside the validation package, whose import loads pySHACL: a server that never rebuilds a store
never loads it (about 9 MB in every process)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from govsocial.endpoint.store.persisted import StoreBuildError
from govsocial.graph.paths import ontology_dir, shapes_dir

_SHOWN = 5


def validate_sources(files: Sequence[Path]) -> None:
    """Raise `StoreBuildError` listing the first violations if the files break the shapes.

    The ontology (with its vocabularies) is background knowledge as in `govsocial validate`;
    when the served files include it already it is not added twice.
    """
    # imported here: the server starts without loading the validator unless a store is rebuilt
    from govsocial.graph.validation.validator import ShapesError, validate

    ontology = ontology_dir().resolve()
    data = [f for f in files if not f.resolve().is_relative_to(ontology)]
    try:
        report = validate(data, [shapes_dir()], [ontology])
    except ShapesError as error:
        raise StoreBuildError(str(error)) from None
    if report.conforms:
        return
    violations = [r for r in report.results if r.is_violation]
    lines = [
        f"  {r.focus_node} ({r.shape_name or r.source_shape}): {'; '.join(r.messages)}"
        for r in violations[:_SHOWN]
    ]
    more = f"\n  ... and {len(violations) - _SHOWN} more" if len(violations) > _SHOWN else ""
    raise StoreBuildError(
        f"the sources do not conform to the shapes ({len(violations)} violations); the store "
        "in service is kept. Run `govsocial validate` for the full report.\n"
        + "\n".join(lines)
        + more
    )
