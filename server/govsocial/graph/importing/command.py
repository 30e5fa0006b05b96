"""The `govsocial import` command: a coding sheet (CSV or XLSX) into data/ (docs/IMPORT.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govsocial.endpoint.rdf_input import RDFInputError
from govsocial.graph.importing.problems import ImportRefused, SheetError
from govsocial.graph.importing.run import import_sheet
from govsocial.graph.paths import display_path


@click.command("import")
@click.argument("sheet", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="The data folder to import into (default: the project's data/).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Check everything, write nothing; list the files that would change.",
)
def import_command(sheet: Path, out: Path | None, dry_run: bool) -> None:
    """Import a coding sheet SHEET (.csv in UTF-8, or .xlsx), one row per claim.

    Every problem is listed as 'row N, column C: what to fix' and then nothing is written; the
    files are written only when the whole sheet is valid, SHACL included. Importing a sheet
    again changes nothing. Exit status: 0 imported (or nothing new), 1 the sheet has problems,
    2 the data folder cannot be read.
    """
    try:
        outcome = import_sheet(sheet, out, dry_run=dry_run)
    except (SheetError, ImportRefused) as error:
        for problem in error.problems:
            click.echo(f"{display_path(sheet)}: {problem}", err=True)
        click.echo(f"{len(error.problems)} problem(s); nothing was written", err=True)
        sys.exit(1)
    except RDFInputError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    for warning in outcome.warnings:
        click.echo(f"{display_path(sheet)}: warning: {warning}", err=True)
    if not outcome.written:
        click.echo(f"{outcome.rows} row(s) read; nothing new: the data has every claim already")
        return
    verb = "would write" if dry_run else "wrote"
    for path in sorted(outcome.written):
        click.echo(f"{verb}: {display_path(path)}")
    counts = ", ".join(f"{count} {kind}" for kind, count in sorted(outcome.nodes.items()))
    click.echo(f"{outcome.rows} row(s) read; new nodes: {counts}")
