"""Attach a store to a Flask app (`init_app`) and reach it from a handler (`get_store`)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from govsocial.endpoint.store.interface import QueryStore
from govsocial.endpoint.store.persisted import Validator
from govsocial.endpoint.store.pool import Admission

EXTENSION_KEY = "govsocial.endpoint.store"
log = logging.getLogger(__name__)


def init_app(
    app: Flask,
    default_paths: Callable[[], Sequence[Path]] = list,
    validator: Validator | None = None,
) -> QueryStore:
    """Load the configured data once and keep the store in `app.extensions`.

    `app.config["STORE"]` may hold a ready `QueryStore` (tests, other engines); with
    `REMOTE_URL` queries go to that SPARQL endpoint (`RemoteStore`); otherwise an
    `OxigraphStore` is built from `DATA_PATHS` (else from `default_paths()`: the app factory
    passes the project's ontology and data), in memory or, with `STORE_DIR`, persisted there.
    `validator` checks the files of a rebuilt persisted store (the app factory passes the
    project's shapes); the store knows no project files of its own.
    """
    store = app.config.get("STORE")
    if store is None and app.config.get("REMOTE_URL"):
        from govsocial.endpoint.store.remote import RemoteStore

        store = RemoteStore(
            app.config["REMOTE_URL"],
            timeout=float(app.config["QUERY_TIMEOUT"]),
            max_rows=app.config.get("MAX_ROWS"),
            prefixes=app.config.get("RESULT_PREFIXES"),
        )
    elif store is None:
        from govsocial.endpoint.store.oxigraph import OxigraphStore

        configured = app.config.get("DATA_PATHS")
        paths = [Path(p) for p in configured or default_paths()]
        store_dir = app.config.get("STORE_DIR")
        store = OxigraphStore(
            paths,
            timeout=float(app.config["QUERY_TIMEOUT"]),
            max_rows=app.config.get("MAX_ROWS"),
            memory_limit=app.config.get("QUERY_MEMORY_LIMIT"),
            store_dir=Path(store_dir) if store_dir else None,
            validator=validator
            if _validates(app.config.get("STORE_VALIDATE"), own_data=not configured)
            else None,
            admission=_admission(app.config),
            prefixes=app.config.get("RESULT_PREFIXES"),
        )
    info = store.info
    log.info(
        "loaded %d triples in %d named graphs (plus the default graph) from %d files in %.2f s",
        info.triples,
        len(info.graphs),
        len(info.files),
        info.load_seconds,
    )
    app.extensions[EXTENSION_KEY] = store
    return store


def _admission(config: Mapping[str, Any]) -> Admission | None:
    """Build the load-shedding limits of each web process; None (unset) = no limit."""
    workers = config.get("QUERY_WORKERS")
    if not workers:
        return None
    workers = int(workers)
    long_queries = config.get("LONG_QUERIES")
    return Admission(
        workers=workers,
        long_queries=max(1, workers // 4) if long_queries is None else int(long_queries),
        queue_timeout=float(config.get("QUEUE_TIMEOUT", 0.25)),
        long_after=float(config.get("LONG_QUERY_SECONDS", 0.25)),
    )


def _validates(setting: object, *, own_data: bool) -> bool:
    """Validate a rebuilt persisted store: when asked, or by default for the default data.

    Other data (`--data`, e.g. generated test data at 10^6 triples) is not validated unless
    asked: such data has its own checks.
    """
    return own_data if setting is None else _truthy(setting)


def _truthy(value: object) -> bool:
    # GOVSOCIAL_STORE_VALIDATE=0 arrives as the int 0, "false" as a string
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "off")
    return bool(value)


def get_store() -> QueryStore:
    """Return the store of the current app (inside a request or app context)."""
    store: QueryStore = current_app.extensions[EXTENSION_KEY]  # set by init_store
    return store
