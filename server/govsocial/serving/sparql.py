"""The `/sparql` endpoint's service description (HTML form, or Turtle and the other RDF syntaxes);
its queries are answered by the query path (query_path.py) before Flask."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from govsocial.serving import answer, query_page
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
        response = Response(
            query_page.render(
                endpoint, get_store().info, request.script_root, current_app.config.get("MAX_ROWS")
            )
        )
        response.content_type = "text/html; charset=utf-8"
    else:
        response = Response(_service_description().render(endpoint, chosen))
        charset = "; charset=utf-8" if chosen.startswith("text/") else ""
        response.content_type = chosen + charset
    add_vary(response, "Accept")
    for name, value in answer.cache_headers(get_store(), current_app.config):
        response.headers[name] = value
    return response


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Describe the service. Queries never reach this view: the query path (query_path.py)
    answers every GET, HEAD and POST that carries one; what is left is a GET without a query."""
    return _describe_service()
