"""The `govsocial lint` command: run the semantic lint over the checkout and report findings."""

from __future__ import annotations

from pathlib import Path

import click

from govsocial.endpoint.rdf_input import RDFInputError
from govsocial.graph import paths
from govsocial.graph.lint import Corpus, Identifiers, format_findings, lint


@click.command("lint")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Checkout holding ontology/, data/, shapes/, queries/ (default: this one).",
)
@click.option(
    "--identifiers",
    "identifiers_path",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The verified identifiers (default: ../shared/identifiers.md).",
)
def lint_command(root: Path | None, identifiers_path: Path | None) -> None:
    """Find terms, tags, concepts and identifiers that parse but are wrong.

    Exit status: 0 no findings, 1 findings, 2 a file that cannot be read.
    """
    root = root or paths.project_root()
    identifiers_path = identifiers_path or root.parent / "shared" / "identifiers.md"
    try:
        corpus = Corpus.load(root)
        identifiers = Identifiers.parse(identifiers_path.read_text(encoding="utf-8"))
    except RDFInputError as error:
        click.echo(str(error), err=True)
        raise SystemExit(2) from None
    except OSError as error:
        click.echo(f"{identifiers_path}: cannot be read ({error.strerror})", err=True)
        raise SystemExit(2) from None
    findings = lint(corpus, identifiers)
    if findings:
        click.echo(format_findings(findings))
        click.echo(
            f"{len(findings)} finding(s) in {len(corpus.graphs)} RDF files and "
            f"{len(corpus.queries)} queries",
            err=True,
        )
        raise SystemExit(1)
    click.echo(
        f"no findings in {len(corpus.graphs)} RDF files and {len(corpus.queries)} queries", err=True
    )
