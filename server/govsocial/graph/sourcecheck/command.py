"""The `govsocial check-sources` command: data/ against a folder of source texts."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rdflib import RDF, Graph
from rdflib.term import Node

from govsocial.endpoint.rdf_input import RDFInputError, rdf_files
from govsocial.graph import paths
from govsocial.graph.paths import display_path
from govsocial.graph.rdfio import load_graph
from govsocial.graph.sourcecheck.audit import PROJECT_TEXTS
from govsocial.graph.sourcecheck.checks import check
from govsocial.graph.sourcecheck.folder import NOTES, SourceFolder, SourceFolderError


def load_data(files: list[Path]) -> tuple[Graph, dict[Node, str]]:
    """Load the files into one graph; also return each typed node's (first) file."""
    graph = Graph()
    origin: dict[Node, str] = {}
    for path in files:
        part = load_graph([path])
        for node in part.subjects(RDF.type, None):
            origin.setdefault(node, display_path(path))
        graph += part
    return graph, origin


@click.command("check-sources")
@click.option(
    "--sources",
    "sources_dir",
    required=True,
    metavar="DIR",
    type=click.Path(path_type=Path),
    help=f"The folder of source texts: the notes ({', '.join(NOTES)}) and the full texts "
    f"({', '.join(t.file for t in PROJECT_TEXTS)}), e.g. ../shared/sources.",
)
@click.option(
    "--sheets",
    "sheets_dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Coding sheets (*.csv) whose rows were checked against the pages they cite: their "
    "addresses count as recorded [default: the project's intake/].",
)
@click.argument("data", nargs=-1, type=click.Path(path_type=Path))
def check_sources_command(
    sources_dir: Path, sheets_dir: Path | None, data: tuple[Path, ...]
) -> None:
    """Check DATA (RDF files or folders; default: data/) against a folder of source texts.

    Every source address must be listed in the notes or a coding sheet, and every one the notes
    list be in the data; every
    statement citing a full text must be verbatim in it, a direct quotation between „ and “;
    every sentence of a full text is covered by a statement or left out by the audit
    (govsocial/graph/sourcecheck/audit.py). Each mismatch is printed with its file, its subject and
    the text in question.

    Exit status: 0 no mismatches, 1 mismatches, 2 a folder or file that cannot be read.
    """
    try:
        sheets = sorted((sheets_dir or paths.project_root() / "intake").glob("*.csv"))
        folder = SourceFolder.read(sources_dir, [text.file for text in PROJECT_TEXTS], sheets)
        graph, origin = load_data(rdf_files(*data) if data else rdf_files(paths.data_dir()))
    except (SourceFolderError, RDFInputError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    report = check(graph, folder, PROJECT_TEXTS, origin)
    for mismatch in report.mismatches:
        click.echo(str(mismatch))
    click.echo(report.summary(), err=True)
    sys.exit(1 if report.mismatches else 0)
