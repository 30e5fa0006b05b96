"""A `QueryStore` in this process, for commands that read the graph once (no query workers).

The endpoint isolates queries in worker processes because clients are untrusted; a command run
by the curator on the project's own files is not, so it loads them into pyoxigraph here and
answers with the endpoint's own `engine.execute` (the same SPARQL, results and errors).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from govsocial.store.executor import execute
from govsocial.store.interface import QueryAnswer, QueryJob, QueryStore
from govsocial.store.loading import load_files


class LocalStore(QueryStore):
    """The files loaded into an in-memory store of this process."""

    def __init__(self, paths: Iterable[Path | str]) -> None:
        self.store, self.info = load_files(paths)

    def run(self, job: QueryJob) -> QueryAnswer:
        return execute(self.store, job)


def open_for_command(paths: tuple[Path, ...]) -> LocalStore:
    """The store a command reads: PATHS (RDF files or folders), else the project's graph; an
    unreadable file ends the command with its error and exit code 2."""
    import sys

    import click

    from govsocial.paths import default_graph_files, rdf_files
    from govsocial.rdfio import RDFInputError

    try:
        return LocalStore(rdf_files(*paths) if paths else default_graph_files())
    except RDFInputError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
