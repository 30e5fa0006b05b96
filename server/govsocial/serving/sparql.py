"""The `/sparql` endpoint: the SPARQL 1.1 Protocol's query operation, read-only."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from govsocial.serving import answer, query_page
from govsocial.serving.fastpath import PENDING_ERROR
from govsocial.serving.http import add_vary
from govsocial.serving.service_description import SD_TYPES, ServiceDescription, build
from govsocial.store import get_store

bp = Blueprint("sparql", __name__)
_SD_KEY = "govsocial.service_description"


def _service_description() -> ServiceDescription:
    sd = current_app.extensions.get(_SD_KEY)
    if sd is None:
        graph = build(get_store().info, tuple(current_app.config["SERVICE_ALLOWLIST"] or ()))
        sd = current_app.extensions[_SD_KEY] = ServiceDescription(graph)
    return sd


def _describe_service() -> Response:
    endpoint = request.base_url
    offers = [*SD_TYPES, "text/html"]
    chosen = request.accept_mimetypes.best_match(offers) if request.accept_mimetypes else None
    chosen = chosen or "text/turtle"
    if chosen == "text/html":
        response = Response(query_page.render(endpoint, get_store().info, request.script_root,
                                                current_app.config.get("MAX_ROWS")))
        response.content_type = "text/html; charset=utf-8"
    else:
        response = Response(_service_description().render(endpoint, chosen))
        charset = "; charset=utf-8" if chosen.startswith("text/") else ""
        response.content_type = chosen + charset
    add_vary(response, "Accept")
    _cache_headers(response)
    return response


def _cache_headers(response: Response, etag: str | None = None) -> None:
    for name, value in answer.cache_headers(get_store(), current_app.config, etag):
        response.headers[name] = value


def _not_modified(etag: str) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return since is not None and since >= get_store().info.modified


@bp.before_request
def _raise_pending_error() -> None:
    # the fast path met an error: answer it here, with the app's error handlers and hooks
    error = request.environ.pop(PENDING_ERROR, None)
    if error is not None:
        raise error


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a query, or describe the service when a GET carries none."""
    # the fast path (fastpath.py) answers most queries without this view; both use answer.py
    store = get_store()
    prepared = answer.prepare(request, current_app.config, store)
    if prepared is None:
        return _describe_service()
    if prepared.etag and _not_modified(prepared.etag):
        response = Response(status=304)
        _cache_headers(response, prepared.etag)
        add_vary(response, "Accept")
        return response
    reply = answer.run(prepared, request, current_app.config, store, answer.limits(current_app))
    return Response(reply.body, 200, reply.headers)
