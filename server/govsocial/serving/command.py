"""`govsocial serve`: load the graph and answer SPARQL queries over HTTP."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from govsocial.rdfio import RDFInputError

log = logging.getLogger("govsocial.serve")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Serve these files or folders (Turtle, N-Triples, TriG, N-Quads) instead of "
    "ontology/ and data/. Repeatable.",
)
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(min=1),
              help="Solutions or triples per answer; more are cut (header "
              "GovSocial-Results-Truncated).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="HTTP worker processes.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(min=1),
              help="Threads per HTTP worker (concurrent requests each).")
@click.option("--memory-limit", default=1024, show_default=True, type=click.IntRange(min=64),
              help="MiB of memory one query may use on top of the shared graph.")
@click.option("--allow-service", multiple=True,
              help="A SERVICE endpoint IRI queries may call (default: none). Repeatable.")
@click.option("--proxy-headers", default=0, show_default=True, type=click.IntRange(min=0),
              help="Trust X-Forwarded-* from this many reverse proxies (for the public URL).")
def serve(
    host: str,
    port: int,
    data_paths: tuple[Path, ...],
    timeout: float,
    max_rows: int,
    workers: int,
    threads: int,
    memory_limit: int,
    allow_service: tuple[str, ...],
    proxy_headers: int,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at /sparql."""
    from govsocial.app import create_app
    from govsocial.serving.launcher import gunicorn_options, run

    logging.basicConfig(
        level=logging.INFO, format="[%(asctime)s] [%(process)d] [%(levelname)s] %(message)s"
    )
    config = {
        "QUERY_TIMEOUT": timeout,
        "MAX_ROWS": max_rows,
        "QUERY_MEMORY_LIMIT": memory_limit * 1024 * 1024,
        "SERVICE_ALLOWLIST": allow_service,
        "TRUST_PROXY_HEADERS": proxy_headers,
    }
    if data_paths:
        config["DATA_PATHS"] = list(data_paths)
    try:
        app = create_app(config)
    except RDFInputError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    log.info("serving SPARQL at http://%s:%d/sparql", host, port)
    run(app, gunicorn_options(host, port, workers, threads, timeout))
