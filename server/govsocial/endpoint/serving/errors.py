"""Map errors to HTTP answers: the client's mistakes to 4xx with a helpful message, ours to 500.

Bodies are short plain text (what SPARQL clients print), never a traceback. `describe` decides
status, message and headers without Flask, so the query path (`query_path.py`, plain WSGI) and
the app's handlers (the rest of the site) answer an error alike.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from http import HTTPStatus

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from govsocial.endpoint.store.errors import QueryError

log = logging.getLogger(__name__)

STATUS_CODES = {status.value for status in HTTPStatus}
CONTENT_TYPE = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class ErrorAnswer:
    status: int
    body: bytes
    headers: list[tuple[str, str]]  # besides Content-Type: Cache-Control, Allow, Retry-After

    @property
    def status_line(self) -> str:
        phrase = HTTPStatus(self.status).phrase if self.status in STATUS_CODES else "Error"
        return f"{self.status} {phrase}"


def _answer(
    status: int, title: str, message: str, headers: list[tuple[str, str]] | None = None
) -> ErrorAnswer:
    body = f"{status} {title}: {message}\n".encode()
    return ErrorAnswer(status, body, [("Cache-Control", "no-store"), *(headers or [])])


def describe(error: Exception, method: str, retry_after: int) -> ErrorAnswer:
    """Return the answer to `error` met while answering a `method` request; log our own."""
    if isinstance(error, HTTPException):
        message = error.description or error.name
        if isinstance(error, MethodNotAllowed):
            allowed = ", ".join(sorted(error.valid_methods or ()))
            message = f"{method} is not supported here; allowed: {allowed}"
        kept = [
            (name, value) for name, value in error.get_headers() if name.lower() != "content-type"
        ]  # Allow, WWW-Authenticate, ...
        return _answer(error.code or 500, error.name, message, kept)
    if isinstance(error, QueryError):
        title = HTTPStatus(error.status).phrase if error.status in STATUS_CODES else "Error"
        extra = [("Retry-After", str(retry_after))] if error.status == 503 else []
        return _answer(error.status, title, error.message, extra)
    log.error("unexpected error while answering a request", exc_info=error)
    return _answer(500, "Internal Server Error", "the server failed on this request (logged)")


def _response(answer: ErrorAnswer) -> Response:
    response = Response(answer.body, status=answer.status)
    response.content_type = CONTENT_TYPE
    for name, value in answer.headers:
        response.headers[name] = value
    return response


def handle(error: Exception) -> Response:
    """The app's handler of every error (the hooks then add CORS and security headers)."""
    return _response(describe(error, request.method, current_app.config["RETRY_AFTER"]))


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(HTTPException, handle)
    app.register_error_handler(QueryError, handle)
    app.register_error_handler(Exception, handle)
