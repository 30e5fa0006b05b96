"""Cross-cutting HTTP behaviour of every answer: CORS, gzip, cache headers on errors."""

from __future__ import annotations

import functools
import gzip
import secrets

from flask import Flask, Response, current_app, g, request
from werkzeug.http import parse_accept_header

TRUNCATED_HEADER = "GovSocial-Results-Truncated"
_EXPOSED = f"ETag, Retry-After, Allow, {TRUNCATED_HEADER}"
_ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
_ALLOWED_HEADERS = "Accept, Accept-Encoding, Content-Type, If-None-Match, If-Modified-Since"


def _preflight() -> Response | None:
    # CORS preflight (https://fetch.spec.whatwg.org/#cors-preflight-fetch): answer it for every
    # path, before routing, since it is not a request for the resource itself.
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        response = Response(status=204)
        response.headers["Access-Control-Allow-Methods"] = _ALLOWED_METHODS
        requested = request.headers.get("Access-Control-Request-Headers")
        response.headers["Access-Control-Allow-Headers"] = requested or _ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"
        return response
    return None


# anyone may query: no credentials, so "*" is both allowed and safe
_CORS_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", _EXPOSED),
)


def _cors(response: Response) -> Response:
    for name, value in _CORS_HEADERS:
        response.headers[name] = value
    return response


def add_vary(response: Response, name: str) -> None:
    """Add a request header to Vary (cheaper than `response.vary`, which parses and rebuilds)."""
    vary = response.headers.get("Vary")
    if not vary:
        response.headers["Vary"] = name
    elif name.lower() not in (token.strip().lower() for token in vary.split(",")):
        response.headers["Vary"] = f"{vary}, {name}"


@functools.lru_cache(maxsize=256)
def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header value admits gzip (remembered per value)."""
    return bool(parse_accept_header(accept_encoding)["gzip"])


def compress(body: bytes) -> bytes:
    """The gzip form of an answer body (level 5: most of the gain for a fraction of the time)."""
    return gzip.compress(body, compresslevel=5)


def _gzip(response: Response) -> Response:
    add_vary(response, "Accept-Encoding")
    if (
        request.method == "HEAD"
        or response.direct_passthrough
        or response.status_code != 200
        or "Content-Encoding" in response.headers
    ):
        return response
    body = response.get_data()
    # the size first: most answers are too small to be worth it, and then Accept-Encoding
    # need not be parsed
    if len(body) < current_app.config["GZIP_MIN_SIZE"] or not accepts_gzip(
        request.headers.get("Accept-Encoding")
    ):
        return response
    response.set_data(compress(body))
    response.headers["Content-Encoding"] = "gzip"
    # the compressed body is another representation: weak ETags stay valid (RFC 9110 8.8.1)
    return response


def csp_nonce() -> str:
    """Return this request's nonce for inline `<script nonce=...>` elements of our templates."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    nonce: str = g.csp_nonce
    return nonce


def page_policy(nonce: str) -> str:
    """Return the Content-Security-Policy of our HTML pages.

    Scripts and styles come from this origin only (the vendored YASGUI included), inline scripts
    only with the request's nonce. Inline *styles* stay allowed: YASGUI and CodeMirror set
    `style` attributes from script, which 'self' alone would block. `connect-src 'self'`: the UI
    queries only this endpoint. No framing anywhere (clickjacking).
    """
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


# non-HTML answers (results, RDF, plain-text errors) never run anything, even opened directly
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"


_SECURITY_HEADERS = (
    # browsers must not guess a type: a SPARQL result or RDF literal must never run as HTML/JS
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),  # older browsers; CSP frame-ancestors for the rest
)
# what every non-HTML answer carries besides its own headers (the hooks below add the same)
DATA_HEADERS = (
    *_CORS_HEADERS,
    *_SECURITY_HEADERS,
    ("Content-Security-Policy", DATA_POLICY),
)


def _security_headers(response: Response) -> Response:
    headers = response.headers
    for name, value in _SECURITY_HEADERS:
        headers[name] = value
    if response.mimetype == "text/html":
        headers["Content-Security-Policy"] = page_policy(csp_nonce())
    else:
        headers.setdefault("Content-Security-Policy", DATA_POLICY)
    return response


def init_app(app: Flask) -> None:
    """Register the hooks on the app (all blueprints get them)."""
    app.before_request(_preflight)
    app.after_request(_gzip)
    app.after_request(_cors)
    app.after_request(_security_headers)
    app.add_template_global(csp_nonce, "csp_nonce")
