"""Map errors to HTTP answers: the client's mistakes to 4xx with a helpful message, ours to 500.

Bodies are short plain text (what SPARQL clients print), never a traceback.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from govsocial.store.errors import QueryError

log = logging.getLogger(__name__)


def _text(status: int, title: str, message: str) -> Response:
    response = Response(f"{status} {title}: {message}\n", status=status)
    response.content_type = "text/plain; charset=utf-8"
    response.headers["Cache-Control"] = "no-store"
    return response


def handle_http(error: HTTPException) -> Response:
    """Keep the status and headers (Allow, ...) of a werkzeug exception; replace its body."""
    code = error.code or 500
    message = error.description or error.name
    if isinstance(error, MethodNotAllowed):
        allowed = ", ".join(sorted(error.valid_methods or ()))
        message = f"{request.method} is not supported here; allowed: {allowed}"
    response = _text(code, error.name, message)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


STATUS_CODES = {status.value for status in HTTPStatus}


def handle_query(error: QueryError) -> Response:
    """Answer a query that failed with the status its error class names."""
    title = HTTPStatus(error.status).phrase if error.status in STATUS_CODES else "Error"
    response = _text(error.status, title, error.message)
    if error.status == 503:
        response.headers["Retry-After"] = str(current_app.config["RETRY_AFTER"])
    return response


def handle_unexpected(error: Exception) -> Response:
    """Log our own failure with its traceback; tell the client only that it happened."""
    log.exception("unexpected error while answering a request")
    return _text(500, "Internal Server Error", "the server failed on this request (logged)")


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(QueryError, handle_query)
    app.register_error_handler(Exception, handle_unexpected)
