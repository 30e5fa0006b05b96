"""`/health`: 200 when a query worker answers, 503 otherwise (for orchestration)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from govsocial.endpoint.store import QueryError, QueryJob
from govsocial.endpoint.store.extension import get_store

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> tuple[Response, int]:
    """Report the loaded data and whether the engine answers a trivial query quickly."""
    store = get_store()
    info = store.info
    body = {
        "status": "ok",
        "triples": info.triples,
        "graphs": len(info.graphs),
        "files": len(info.files),
        "version": info.version,
        "loaded_at": info.loaded_at.isoformat(),
    }
    status = 200
    try:
        store.run(QueryJob(query="ASK {}", graph_format=None, timeout=5.0))
    except QueryError as error:
        body.update(status="unavailable", reason=error.message)
        status = 503
    response = jsonify(body)
    response.cache_control.no_store = True
    return response, status
