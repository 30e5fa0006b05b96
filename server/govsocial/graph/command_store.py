"""The store a command reads: the files it names, else the project's graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from govsocial.endpoint.rdf_input import RDFInputError, rdf_files
from govsocial.endpoint.store.local import LocalStore
from govsocial.graph.paths import default_graph_files


def open_for_command(paths: tuple[Path, ...]) -> LocalStore:
    """The store a command reads: PATHS (RDF files or folders), else the project's graph; an
    unreadable file ends the command with its error and exit code 2."""

    try:
        return LocalStore(rdf_files(*paths) if paths else default_graph_files())
    except RDFInputError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
