"""Attach a store to a Flask app (`init_app`) and reach it from a handler (`get_store`)."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, current_app

from govsocial.paths import default_graph_files
from govsocial.store.interface import QueryStore

EXTENSION_KEY = "govsocial.store"
log = logging.getLogger(__name__)


def init_app(app: Flask) -> QueryStore:
    """Load the configured data once and keep the store in `app.extensions`.

    `app.config["STORE"]` may hold a ready `QueryStore` (tests, other engines); otherwise an
    `OxigraphStore` is built from `DATA_PATHS` (default: ontology/, its vocabularies, data/).
    """
    store = app.config.get("STORE")
    if store is None:
        from govsocial.store.oxigraph import OxigraphStore

        paths = app.config.get("DATA_PATHS") or default_graph_files()
        store = OxigraphStore(
            [Path(p) for p in paths],
            timeout=float(app.config["QUERY_TIMEOUT"]),
            max_rows=app.config.get("MAX_ROWS"),
            memory_limit=app.config.get("QUERY_MEMORY_LIMIT"),
        )
    info = store.info
    log.info(
        "loaded %d triples in %d named graphs (plus the default graph) from %d files in %.2f s",
        info.triples, len(info.graphs), len(info.files), info.load_seconds,
    )
    app.extensions[EXTENSION_KEY] = store
    return store


def get_store() -> QueryStore:
    """Return the store of the current app (inside a request or app context)."""
    return current_app.extensions[EXTENSION_KEY]
