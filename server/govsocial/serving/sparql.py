"""The `/sparql` endpoint: the SPARQL 1.1 Protocol's query operation, read-only."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, current_app, request

from govsocial.serving import query_page
from govsocial.serving.config import query_limits
from govsocial.serving.formats import negotiate_header
from govsocial.serving.http import TRUNCATED_HEADER, add_vary
from govsocial.serving.protocol import QueryRequest, read_query_request
from govsocial.serving.querycheck import Limits, check_query
from govsocial.serving.service_description import SD_TYPES, ServiceDescription, build
from govsocial.store import NotAcceptable, QueryJob, get_store

bp = Blueprint("sparql", __name__)
_SD_KEY = "govsocial.service_description"
_LIMITS_KEY = "govsocial.query_limits"


def _limits() -> Limits:
    limits = current_app.extensions.get(_LIMITS_KEY)
    if limits is None:
        limits = current_app.extensions[_LIMITS_KEY] = query_limits(current_app.config)
    return limits


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
        response = Response(query_page.render(endpoint, get_store().info))
        response.content_type = "text/html; charset=utf-8"
    else:
        response = Response(_service_description().render(endpoint, chosen))
        charset = "; charset=utf-8" if chosen.startswith("text/") else ""
        response.content_type = chosen + charset
    add_vary(response, "Accept")
    _cache_headers(response)
    return response


def _cache_headers(response: Response, etag: str | None = None) -> None:
    info = get_store().info
    response.last_modified = info.modified
    if etag:
        response.set_etag(etag, weak=True)
    response.cache_control.public = True
    response.cache_control.max_age = int(current_app.config["CACHE_MAX_AGE"])


def _etag(query_request: QueryRequest, negotiated: tuple, base_iri: str) -> str:
    # depends on everything that shapes the answer: data, query, dataset, formats, base
    key = repr((
        get_store().info.version, base_iri, query_request, negotiated,
        current_app.config.get("MAX_ROWS"),
    ))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _not_modified(etag: str) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return since is not None and since >= get_store().info.modified


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a query, or describe the service when a GET carries none."""
    # the hot path of the endpoint: per-request work here is measured (bench/), keep it lean
    query_request = read_query_request(request)
    if query_request is None:
        return _describe_service()
    negotiated = negotiate_header(request.headers.get("Accept"), query_request.formats)
    if negotiated.solutions is None and negotiated.graph is None:
        raise NotAcceptable(
            "none of the requested media types can be produced; SELECT/ASK: "
            "application/sparql-results+json, application/sparql-results+xml, text/csv, "
            "text/tab-separated-values; CONSTRUCT/DESCRIBE: text/turtle, application/n-triples, "
            "application/ld+json, application/rdf+xml, application/trig, application/n-quads"
        )
    base_iri = request.base_url
    cacheable = request.method in ("GET", "HEAD")
    etag = (
        _etag(query_request, (negotiated.solutions, negotiated.graph), base_iri)
        if cacheable else None
    )
    if etag and _not_modified(etag):
        response = Response(status=304)
        _cache_headers(response, etag)
        add_vary(response, "Accept")
        return response
    text = check_query(query_request.query, _limits(), base_iri=base_iri)
    answer = get_store().run(
        QueryJob(
            query=text,
            base_iri=base_iri,
            solutions_format=negotiated.solutions,
            graph_format=negotiated.graph,
            default_graphs=query_request.default_graphs,
            named_graphs=query_request.named_graphs,
        )
    )
    charset = "; charset=utf-8" if answer.media_type.startswith("text/") else ""
    response = Response(answer.body, content_type=answer.media_type + charset)
    if answer.truncated:
        response.headers[TRUNCATED_HEADER] = f"max-rows={answer.rows}"
    add_vary(response, "Accept")
    if etag:
        _cache_headers(response, etag)
    else:
        response.headers["Cache-Control"] = "no-store"
    return response
