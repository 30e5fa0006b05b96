"""`govsocial serve`: load the graph and answer SPARQL queries over HTTP."""

from __future__ import annotations

import errno
import logging
import socket
import sys
from pathlib import Path

import click

from govsocial.config import DEFAULTS
from govsocial.endpoint.rdf_input import RDFInputError
from govsocial.endpoint.serving.connections import ConnectionLimits
from govsocial.endpoint.store.errors import QueryError
from govsocial.endpoint.store.persisted import StoreBuildError

log = logging.getLogger("govsocial.serve")
LIMITS = ConnectionLimits()  # the defaults of the connection flags


def taken(host: str, port: int) -> str | None:
    """Say why `host:port` cannot be listened on (in use, not allowed), or None if it can."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
            probe.bind((host, port))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return "the port is in use (another server, or this one still running?)"
        return error.strerror or str(error)
    return None


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
@click.option(
    "--timeout",
    default=DEFAULTS["QUERY_TIMEOUT"],
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a query may run before it is stopped (503).",
)
@click.option(
    "--max-rows",
    default=DEFAULTS["MAX_ROWS"],
    show_default=True,
    type=click.IntRange(min=1),
    help="Solutions or triples per answer; more are cut (header GovSocial-Results-Truncated).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="HTTP worker processes.",
)
@click.option(
    "--threads",
    default=32,
    show_default=True,
    type=click.IntRange(min=1),
    help="Request threads per HTTP worker (concurrent requests each; they mostly "
    "wait on sockets, so keep them well above --query-workers).",
)
@click.option(
    "--query-workers",
    type=click.IntRange(min=1),
    help="Queries one HTTP worker runs at once [default: --threads minus 1, at most "
    "8]; a request that finds none free within --queue-timeout gets 503 + "
    "Retry-After.",
)
@click.option(
    "--queue-timeout",
    default=DEFAULTS["QUEUE_TIMEOUT"],
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds a request waits for a free query worker before it is refused.",
)
@click.option(
    "--long-query",
    "long_query_seconds",
    default=DEFAULTS["LONG_QUERY_SECONDS"],
    show_default=True,
    type=click.FloatRange(min=0.01),
    help="Seconds after which a running query is long: lowest CPU priority, and "
    "stopped (503) when requests wait and --long-queries others run.",
)
@click.option(
    "--long-queries",
    type=click.IntRange(min=0),
    help="Long queries per HTTP worker that keep running while requests wait "
    "[default: a quarter of --query-workers, at least 1].",
)
@click.option(
    "--memory-limit",
    default=DEFAULTS["QUERY_MEMORY_LIMIT"] // 2**20,
    show_default=True,
    type=click.IntRange(min=64),
    help="MiB of memory one query may use on top of the shared graph.",
)
@click.option(
    "--allow-service",
    multiple=True,
    help="A SERVICE endpoint IRI queries may call (default: none). Repeatable.",
)
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Persist the store in this folder: a restart with unchanged source files "
    "opens it without parsing; changed files are loaded into a new store that is "
    "swapped in when complete.",
)
@click.option(
    "--validate/--no-validate",
    "validate",
    default=None,
    help="Validate a rebuilt --store with the shapes before it is swapped in "
    "(default: only for the project's own data, not for --data).",
)
@click.option(
    "--remote",
    "remote_url",
    metavar="URL",
    help="Proxy queries to this SPARQL 1.1 query endpoint instead of loading data "
    "(one without a path, http://host:port, means Oxigraph's /query). "
    "See docs/SCALING.md.",
)
@click.option(
    "--idle-timeout",
    default=LIMITS.idle_timeout,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a connection may stay open without sending a request (new or kept "
    "alive); it costs no request thread meanwhile.",
)
@click.option(
    "--header-timeout",
    default=LIMITS.header_timeout,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds from a request's first byte to the end of its head; then 408.",
)
@click.option(
    "--body-timeout",
    default=LIMITS.body_timeout,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds from the end of a request's head to the end of its body; then 408.",
)
@click.option(
    "--send-timeout",
    default=LIMITS.send_timeout,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a write of an answer may stall (the client stopped reading); then "
    "the connection is closed.",
)
@click.option(
    "--max-connections",
    default=LIMITS.max_connections,
    show_default=True,
    type=click.IntRange(min=1),
    help="Open connections per HTTP worker; at the bound the one waiting longest "
    "without a request is closed for a new one.",
)
@click.option(
    "--max-client-connections",
    type=click.IntRange(min=1),
    help="Open connections per HTTP worker from one client address; more get 429 "
    f"[default: {LIMITS.max_client_connections}; with --proxy-headers, "
    "--max-connections: every connection then comes from the proxy].",
)
@click.option(
    "--proxy-headers",
    default=DEFAULTS["TRUST_PROXY_HEADERS"],
    show_default=True,
    type=click.IntRange(min=0),
    help="Trust X-Forwarded-* from this many reverse proxies (for the public URL).",
)
def serve(
    host: str,
    port: int,
    data_paths: tuple[Path, ...],
    timeout: float,
    max_rows: int,
    workers: int,
    threads: int,
    query_workers: int | None,
    queue_timeout: float,
    long_query_seconds: float,
    long_queries: int | None,
    memory_limit: int,
    allow_service: tuple[str, ...],
    store_dir: Path | None,
    validate: bool | None,
    remote_url: str | None,
    idle_timeout: float,
    header_timeout: float,
    body_timeout: float,
    send_timeout: float,
    max_connections: int,
    max_client_connections: int | None,
    proxy_headers: int,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at /sparql."""
    from govsocial.app import create_app
    from govsocial.endpoint.serving.launcher import fit_open_files, gunicorn_options, run

    logging.basicConfig(
        level=logging.INFO, format="[%(asctime)s] [%(process)d] [%(levelname)s] %(message)s"
    )
    config = {
        "QUERY_TIMEOUT": timeout,
        "MAX_ROWS": max_rows,
        "QUERY_MEMORY_LIMIT": memory_limit * 1024 * 1024,
        "SERVICE_ALLOWLIST": allow_service,
        "TRUST_PROXY_HEADERS": proxy_headers,
        # fewer query workers than request threads: the spare threads answer 503 at once
        # instead of requests queueing unseen in gunicorn (docs/RELIABILITY.md, Overload)
        "QUERY_WORKERS": query_workers or max(1, min(threads - 1, 8)),
        "QUEUE_TIMEOUT": queue_timeout,
        "LONG_QUERY_SECONDS": long_query_seconds,
        "LONG_QUERIES": long_queries,
    }
    if data_paths:
        config["DATA_PATHS"] = list(data_paths)
    if remote_url and (store_dir or data_paths):
        raise click.UsageError("--remote serves the remote's data: no --data or --store with it")
    if store_dir:
        config["STORE_DIR"] = store_dir
    if validate is not None:
        config["STORE_VALIDATE"] = validate
    if remote_url:
        config["REMOTE_URL"] = remote_url
    try:
        app = create_app(config)
    except RDFInputError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    except StoreBuildError as error:
        click.echo(f"error: the store was not rebuilt: {error}", err=True)
        sys.exit(1)
    except QueryError as error:  # the remote could not be asked what it holds
        click.echo(f"error: {error.message}", err=True)
        sys.exit(1)
    port_taken = taken(host, port)
    if port_taken:
        # said in one line: gunicorn would retry for 5 s and log ten
        click.echo(
            f"error: cannot listen on {host}:{port}: {port_taken}; choose another port "
            "with --port N (make serve PORT=N)",
            err=True,
        )
        sys.exit(2)
    # FLASK_DEBUG / GOVSOCIAL_DEBUG in the environment must never switch a public server to debug.
    app.debug = False
    limits = fit_open_files(
        ConnectionLimits(
            idle_timeout=idle_timeout,
            header_timeout=header_timeout,
            body_timeout=body_timeout,
            send_timeout=send_timeout,
            max_connections=max_connections,
            max_client_connections=max_client_connections
            or (max_connections if proxy_headers else LIMITS.max_client_connections),
            max_body=int(app.config["MAX_CONTENT_LENGTH"]),
        )
    )
    log.info("serving SPARQL at http://%s:%d/sparql", host, port)
    run(app, gunicorn_options(host, port, workers, threads, timeout, limits), limits)
