"""Import a coding sheet: read, check every row, plan, stage, validate, and only then write."""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from govsocial.graph import paths
from govsocial.graph.importing import plan as planning
from govsocial.graph.importing import shacl, writer
from govsocial.graph.importing.columns import ORDER
from govsocial.graph.importing.context import Context
from govsocial.graph.importing.nodes import kind_of
from govsocial.graph.importing.problems import ImportRefused, Problem
from govsocial.graph.importing.rows import Checked, check_row
from govsocial.graph.importing.sheet import read_sheet


@dataclass
class Outcome:
    rows: int
    written: dict[Path, str]  # data file -> its new text (written unless a dry run)
    nodes: dict[str, int] = field(default_factory=dict)  # new nodes by kind
    warnings: list[Problem] = field(default_factory=list)


def _order(problem: Problem) -> tuple[int, int]:
    return (problem.row or 0, ORDER.get(problem.column or "", -1))


def import_sheet(
    sheet_path: Path,
    data_dir: Path | None = None,
    *,
    dry_run: bool = False,
    ontology_dir: Path | None = None,
    shapes_dir: Path | None = None,
) -> Outcome:
    """Import the sheet into `data_dir`. Raises SheetError or ImportRefused with every problem
    (nothing is written then), RDFInputError when the data itself cannot be read."""
    data_dir = Path(data_dir or paths.data_dir()).resolve()
    ontology_dir = Path(ontology_dir or paths.ontology_dir())
    shapes_dir = Path(shapes_dir or paths.shapes_dir())
    sheet = read_sheet(sheet_path)
    if not sheet.rows:
        raise ImportRefused([Problem(None, None, "the sheet has a header but no rows")])
    context = Context(data_dir, ontology_dir)
    checked: list[Checked] = []
    problems: list[Problem] = []
    for row in sheet.rows:
        values, found = check_row(row, context)
        problems.extend(found)
        if values is not None:
            checked.append(values)
    # the rows that passed are still put together, so that one run lists every problem
    plan = planning.build(checked, context)
    problems.extend(plan.problems)
    if problems:
        raise ImportRefused(sorted(problems, key=_order))
    with tempfile.TemporaryDirectory(prefix="govsocial-import-") as temporary:
        staged = Path(temporary) / "data"
        texts = writer.stage(
            data_dir, list(context.files), dict(plan.nodes.files), plan.headers, staged
        )
        violations, warnings = (
            ([], [])
            if not texts
            else shacl.check(data_dir, staged, shapes_dir, ontology_dir, plan.nodes.rows_of)
        )
    if violations:
        raise ImportRefused(sorted(violations, key=_order))
    if not dry_run:
        writer.commit(texts)
    kinds = Counter(kind_of(node) for node in plan.nodes.rows_of)
    return Outcome(
        len(sheet.rows), texts, dict(sorted(kinds.items())), sorted(warnings, key=_order)
    )
