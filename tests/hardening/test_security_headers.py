"""Security headers on every answer, no path traversal, no debug mode, no traceback pages."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from govsocial.app import create_app

from .conftest import FIXTURE, Server
from .support import assert_clean

HTML_PAGES = [
    "/",
    "/ui",
    "/matrix",
    "/timeline",
    "/vocab/",
    "/dumps/",
    "/ontology",
    "/.well-known/void",
    "/sparql",
    "/id/no-such-thing",
]
OTHER_ANSWERS = [
    "/sparql?query=ASK%20%7B%7D",  # SPARQL JSON
    "/sparql?query=ASK%20%7B%7D&format=xml",
    "/sparql?query=SELEKT",  # plain-text 400
    "/health",
    "/static/site.css",
    "/static/vendor/yasgui/yasgui.min.js",
    "/.well-known/void.ttl",
    "/dumps/SHA256SUMS",
]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def csp(value: str) -> dict[str, str]:
    """Split a Content-Security-Policy into directive -> value."""
    parts = (d.strip().split(None, 1) for d in value.split(";") if d.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


@pytest.mark.parametrize("path", HTML_PAGES)
def test_html_pages_carry_the_security_headers(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.mimetype == "text/html", path
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = csp(headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    # no inline script runs without the nonce, nothing from other origins
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "http" not in policy["script-src"] and "*" not in headers["Content-Security-Policy"]
    assert_clean(response.status_code, headers, response.data, path)


@pytest.mark.parametrize("path", OTHER_ANSWERS)
def test_every_other_answer_is_nosniff_and_inert(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    response.close()  # static files are streamed from an open file
    assert response.mimetype != "text/html", path
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = csp(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == "'none'" and "sandbox" in policy
    assert response.status_code in (200, 400), path


def test_only_the_nonced_inline_script_runs(client: FlaskClient) -> None:
    first = client.get("/ui")
    second = client.get("/ui")
    nonces = []
    for response in (first, second):
        policy = csp(response.headers["Content-Security-Policy"])
        nonce = re.search(r"'nonce-([A-Za-z0-9_-]{16,})'", policy["script-src"]).group(1)
        html = response.get_data(as_text=True)
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        executable = [attrs for attrs in inline if "application/json" not in attrs]
        assert executable, "the UI has its inline bootstrap script"
        assert all(f'nonce="{nonce}"' in attrs for attrs in executable)
        nonces.append(nonce)
    assert nonces[0] != nonces[1], "a nonce is never reused between requests"


def test_preflight_and_errors_also_carry_nosniff(client: FlaskClient) -> None:
    preflight = client.options(
        "/sparql",
        headers={"Access-Control-Request-Method": "POST", "Origin": "https://example.org"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["X-Content-Type-Options"] == "nosniff"
    for response in (
        client.delete("/sparql"),
        client.post("/sparql", data=b"x"),
        client.get("/sparql?update=CLEAR%20ALL"),
    ):
        assert response.status_code in (405, 415, 403)
        assert response.headers["X-Content-Type-Options"] == "nosniff"


# -- path traversal ------------------------------------------------------------------------------

TRAVERSALS = [
    "/id/../../../../etc/passwd",
    "/id/..%2f..%2f..%2fetc%2fpasswd",
    "/id/%2e%2e/%2e%2e/etc/passwd",
    "/id/....//....//etc/passwd",
    "/id/..%5c..%5cetc%5cpasswd",
    "/id/%c0%ae%c0%ae/etc/passwd",
    "/dumps/../../etc/passwd",
    "/dumps/..%2f..%2fetc%2fpasswd",
    "/dumps/%2e%2e%2fpyproject.toml",
    "/dumps/..%5c..%5cpyproject.toml",
    "/dumps//etc/passwd",
    "/dumps/%2fetc%2fpasswd",
    "/static/../app.py",
    "/static/..%2fapp.py",
    "/static/%2e%2e/app.py",
    "/static/..%5capp.py",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/vendor/../../app.py",
    "/static/vendor/..%2f..%2fapp.py",
    "/vocab/..%2f..%2fpyproject.toml",
    "/ontology/..%2f..%2fpyproject.toml",
    "/static/site.css%00.py",
    "/dumps/SHA256SUMS%00",
    "/id/%00",
]
# text of files a traversal would reach: /etc/passwd, the package source, the project config
SECRETS = (b"root:x:0:0", b"def create_app", b"[build-system]", b"from __future__")


def raw_get(base: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """Send `path` byte for byte (no client-side normalisation of dot segments)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_traversal_in_process(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    response.close()
    if response.status_code == 308:  # werkzeug merges "//": the target must stay inside
        target = urlsplit(response.location).path
        assert ".." not in target and target.startswith("/static/"), target
        response = client.get(target)
        response.close()
    assert response.status_code in (400, 404), path
    assert not any(secret in response.data for secret in SECRETS), path
    assert_clean(response.status_code, response.headers, response.data, path)


@pytest.mark.slow
def test_no_traversal_through_the_real_server(server: Server) -> None:
    for path in TRAVERSALS:
        status, headers, body = raw_get(server.base, path)
        if status == 308:
            assert ".." not in headers["Location"], path
            status, headers, body = raw_get(server.base, urlsplit(headers["Location"]).path)
        assert status in (400, 404), (path, status)
        assert not any(secret in body for secret in SECRETS), path
        assert_clean(status, headers, body, path)


# -- debug mode ------------------------------------------------------------------------------------

SERVE_DEBUG_PROBE = """
import sys
import govsocial.endpoint.serving.launcher as launcher
def run(app, options, limits):
    print("DEBUG=%s" % app.debug)
launcher.run = run
from govsocial.cli import main
sys.argv = ["govsocial", "serve", "--data", sys.argv[1]]
main()
"""


def test_serve_never_runs_in_debug_mode() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SERVE_DEBUG_PROBE, str(FIXTURE)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"FLASK_DEBUG": "1", "GOVSOCIAL_DEBUG": "true", "PATH": "/usr/bin:/bin"},
    )
    assert "DEBUG=" in result.stdout, result.stderr
    assert "DEBUG=False" in result.stdout


def test_an_exception_never_shows_a_traceback_even_in_debug(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("GOVSOCIAL_DEBUG", "true")
    application = create_app({"DATA_PATHS": [FIXTURE], "LINKEDDATA_CACHE_DIR": str(tmp_path)})
    try:
        assert application.debug  # the environment did switch it on: the test means something

        @application.get("/boom")
        def boom() -> str:
            raise RuntimeError("secret detail /srv/govsocial/internal.py")

        response = application.test_client().get("/boom")
        assert response.status_code == 500
        assert b"secret detail" not in response.data
        assert b"RuntimeError" not in response.data
        assert_clean(503, {"Retry-After": "1", **response.headers}, response.data, "/boom")
    finally:
        application.extensions["govsocial.endpoint.store"].close()
