"""The `/sparql` endpoint's service description (Turtle and the other RDF syntaxes, or the HTML
page the composing app hands to `init_app`); its queries are answered by the query path
(query_path.py) before Flask."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Flask, Response, current_app, request

from govsocial.endpoint.serving import answer
from govsocial.endpoint.serving.http import add_vary
from govsocial.endpoint.serving.service_description import SD_FORMATS, ServiceDescription
from govsocial.endpoint.store.extension import get_store
from govsocial.endpoint.store.interface import DatasetInfo

bp = Blueprint("sparql", __name__)
_SD_KEY = "govsocial.service_description"
_PAGE_KEY = "govsocial.endpoint.html_page"
# what renders the page for a browser: (endpoint URL, dataset, script root, row limit) -> HTML
HtmlPage = Callable[[str, DatasetInfo, str, int | None], str]


def init_app(app: Flask, html_page: HtmlPage | None = None) -> None:
    """Serve the service description at /sparql; browsers get `html_page`'s page if given."""
    app.extensions[_PAGE_KEY] = html_page
    app.register_blueprint(bp)


def _service_description() -> ServiceDescription:
    sd = current_app.extensions.get(_SD_KEY)
    if sd is None:
        allowlist = tuple(current_app.config["SERVICE_ALLOWLIST"] or ())
        sd = current_app.extensions[_SD_KEY] = ServiceDescription(get_store().info, allowlist)
    return sd


def _describe_service() -> Response:
    endpoint = request.base_url
    html_page: HtmlPage | None = current_app.extensions.get(_PAGE_KEY)
    offers = [f.media_type for f in SD_FORMATS] + (["text/html"] if html_page else [])
    chosen = request.accept_mimetypes.best_match(offers) if request.accept_mimetypes else None
    chosen = chosen or offers[0]
    if chosen == "text/html" and html_page:
        response = Response(
            html_page(
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
