"""The one request path of queries at /sparql: plain WSGI in front of the Flask app.

Flask's request context, routing, response object and hooks cost about 0.13 ms per request
(measured in-process, bench/results/FINDINGS.md): as much as a point query itself. So every
query request (GET, HEAD or POST to /sparql that carries a query) is read, negotiated, checked,
run and answered here, conditional GETs (304) and errors included, with the headers the app's
hooks give every other answer (`http.DATA_HEADERS`, Vary). Flask sees only what is not a query:
other paths, the service description (a GET without a query), CORS preflights and other
methods (405).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask
from werkzeug import Request

from govsocial.endpoint.serving import answer, errors, http
from govsocial.endpoint.store.extension import EXTENSION_KEY
from govsocial.endpoint.store.interface import QueryStore

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication

_QUERY_METHODS = ("GET", "HEAD", "POST")


class QueryPath:
    """WSGI middleware: answer query requests to /sparql, pass the rest to `wsgi_app`."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        # the app's request size limits apply here too (werkzeug's Request has none)
        self.request_class: type[Request] = type(
            "QueryRequest",
            (Request,),
            {
                "max_content_length": app.config["MAX_CONTENT_LENGTH"],
                "max_form_memory_size": app.config["MAX_FORM_MEMORY_SIZE"],
            },
        )

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if (
            environ.get("PATH_INFO") != "/sparql"
            or environ.get("REQUEST_METHOD") not in _QUERY_METHODS
        ):
            return self.wsgi_app(environ, start_response)
        config = self.app.config
        store: QueryStore = self.app.extensions[EXTENSION_KEY]
        request = self.request_class(environ)
        try:
            prepared = answer.prepare(request, config, store)
            if prepared is None:  # a GET without a query: the service description, Flask's
                return self.wsgi_app(environ, start_response)
            reply = answer.not_modified(prepared, request, config, store) or answer.run(
                prepared, request, config, store, answer.limits(self.app)
            )
        except Exception as error:  # every error gets its plain-text answer
            reply = self._error(error, request.method)
        start_response(reply.status_line, reply.headers)
        return [] if request.method == "HEAD" else [reply.body]

    def _error(self, error: Exception, method: str) -> answer.Reply:
        described = errors.describe(error, method, self.app.config["RETRY_AFTER"])
        headers = [
            ("Content-Type", errors.CONTENT_TYPE),
            *described.headers,
            ("Vary", "Accept-Encoding"),
            ("Content-Length", str(len(described.body))),
            *http.DATA_HEADERS,
        ]
        return answer.Reply(headers, described.body, described.status_line)


def init_app(app: Flask) -> None:
    """Put the query path in front of the app (inside ProxyFix, which must fix the environ
    first: wrap with ProxyFix after this)."""
    app.wsgi_app = QueryPath(app, app.wsgi_app)  # type: ignore[method-assign]
