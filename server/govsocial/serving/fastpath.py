"""Answer SPARQL queries at /sparql without Flask's per-request machinery.

Flask's request context, routing, response object and hooks cost about 0.13 ms per request
(measured in-process, bench/results/FINDINGS.md): as much as a point query itself. This WSGI
middleware sits in front of the Flask app and answers the common case, a GET or POST query
without conditional headers, with the very functions the Flask view uses (`answer.py`), so the
answer is the same byte for byte (tests/endpoint/test_fastpath.py compares the two).

Everything else goes to Flask untouched: other paths and methods, conditional GETs (304), the
service description, bodies too large or of unknown length. An error met on the way (a
malformed request, a refused or failed query) goes to Flask too, with the body restored and the
error handed over in the environ: the view raises it, and the app's handlers answer it, so
errors look the same on both paths and no query runs twice.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask
from werkzeug import Request

from govsocial.serving import answer
from govsocial.store.extension import EXTENSION_KEY
from govsocial.store.interface import QueryStore

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication

PENDING_ERROR = "govsocial.fastpath.error"
_CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


class SparqlFastPath:
    """WSGI middleware: answer plain query requests to /sparql, pass the rest to `wsgi_app`."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        # the app's request size limits apply here too (werkzeug's Request has none)
        self.request_class: type[Request] = type("FastRequest", (Request,), {
            "max_content_length": app.config["MAX_CONTENT_LENGTH"],
            "max_form_memory_size": app.config["MAX_FORM_MEMORY_SIZE"],
        })

    def __call__(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if (
            environ.get("PATH_INFO") != "/sparql"
            or method not in ("GET", "POST")
            or any(name in environ for name in _CONDITIONAL)
        ):
            return self.wsgi_app(environ, start_response)
        body = self._read_body(environ, method)
        if body is None:
            return self.wsgi_app(environ, start_response)
        config = self.app.config
        store: QueryStore = self.app.extensions[EXTENSION_KEY]
        try:
            request = self.request_class(environ)
            prepared = answer.prepare(request, config, store)
            if prepared is None:  # the service description: Flask's
                return self._to_flask(environ, start_response, body)
            reply = answer.run(prepared, request, config, store, answer.limits(self.app))
        except Exception as error:
            environ[PENDING_ERROR] = error
            return self._to_flask(environ, start_response, body)
        start_response("200 OK", reply.headers)
        return [reply.body]

    def _read_body(self, environ: dict[str, Any], method: str) -> bytes | None:
        """Read a body of known, allowed length (None: leave the request to Flask as it is)."""
        length = environ.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > self.app.config["MAX_CONTENT_LENGTH"]:
            return None  # Flask answers 400 or 413
        if length == "0":
            # none, or chunked: its length is unknown until read
            return None if environ.get("HTTP_TRANSFER_ENCODING") else b""
        if method == "GET":
            return None
        body: bytes = environ["wsgi.input"].read(int(length))
        environ["wsgi.input"] = io.BytesIO(body)  # so that the request, or Flask, reads it
        return body

    def _to_flask(
        self, environ: dict[str, Any], start_response: StartResponse, body: bytes
    ) -> Iterable[bytes]:
        environ["wsgi.input"] = io.BytesIO(body)
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    """Put the fast path in front of the app (inside ProxyFix, which must fix the environ
    first: wrap with ProxyFix after this)."""
    app.wsgi_app = SparqlFastPath(app, app.wsgi_app)  # type: ignore[method-assign]
