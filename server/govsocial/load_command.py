"""`govsocial load`: push the project's files (or others) to a SPARQL 1.1 Graph Store."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from govsocial.endpoint.rdf_input import RDFInputError
from govsocial.endpoint.store.push import PushError, graph_store_url, push
from govsocial.graph.paths import default_graph_files


@click.command("load")
@click.option(
    "--to",
    "to",
    required=True,
    metavar="URL",
    help="Graph Store endpoint (Oxigraph: http://host:port, no path; Fuseki: "
    ".../dataset/data; GraphDB: .../repositories/NAME/rdf-graphs/service).",
)
@click.option(
    "--append",
    is_flag=True,
    help="Add to the graphs instead of replacing each graph this run writes to.",
)
@click.option(
    "--timeout",
    default=600.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Seconds to wait for the store on each request.",
)
@click.option(
    "--header",
    "header_lines",
    multiple=True,
    metavar="'NAME: VALUE'",
    help="An HTTP header for every request, e.g. 'Authorization: Bearer TOKEN' "
    "(stores that need credentials to write). Repeatable.",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def load_command(
    to: str, append: bool, timeout: float, header_lines: tuple[str, ...], paths: tuple[Path, ...]
) -> None:
    """Push files (default: ontology/ and data/) to a SPARQL 1.1 Graph Store.

    Turtle and N-Triples go to the default graph, TriG and N-Quads to their named graphs. Then
    run `govsocial serve --remote URL` against the store's query endpoint.
    """
    started = time.perf_counter()
    try:
        store_url = graph_store_url(to)
    except PushError as error:
        raise click.BadParameter(str(error), param_hint="--to") from None
    headers = {}
    for line in header_lines:
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise click.BadParameter(f"expected 'NAME: VALUE', got {line!r}", param_hint="--header")
        headers[name.strip()] = value.strip()
    try:
        sent = push(
            list(paths) or default_graph_files(),
            store_url,
            append=append,
            timeout=timeout,
            headers=headers,
        )
    except RDFInputError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    except PushError as error:
        raise click.ClickException(str(error)) from None
    total = sum(sent.values())
    click.echo(
        f"loaded {total} triples into {len(sent)} graph(s) at {store_url} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    for graph, count in sorted(sent.items()):
        click.echo(f"  {graph or '(default graph)'}: {count}")
