"""The query path at /sparql (plain WSGI, serving/query_path.py) answers every query request:
answers in every format, 304s and errors, each with the headers every answer of the app carries;
only what is not a query reaches Flask."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import Client, TestResponse

from govsocial.endpoint.serving.http import DATA_HEADERS
from govsocial.endpoint.serving.query_path import QueryPath
from govsocial.endpoint.store import QueryTimeout

SELECT_ALL = "SELECT * WHERE { ?s ?p ?o }"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"

# (method, query string, headers, body): plain answers, every format, truncation, gzip, the
# three ways in, dataset parameters, and the client mistakes each way can make
REQUESTS = [
    ("GET", {"query": SELECT_ALL}, {"Accept": "application/sparql-results+json"}, None),
    ("GET", {"query": "ASK { ?s ?p ?o }"}, {"Accept": "application/sparql-results+xml"}, None),
    ("GET", {"query": SELECT_ALL, "format": "csv"}, {}, None),
    ("GET", {"query": SELECT_ALL}, {"Accept": "text/tab-separated-values"}, None),
    ("GET", {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, {"Accept": "text/turtle"}, None),
    (
        "GET",
        {"query": "DESCRIBE ?s WHERE { ?s ?p ?o } LIMIT 2"},
        {"Accept": "application/ld+json"},
        None,
    ),
    ("GET", {"query": SELECT_ALL}, {"Accept-Encoding": "gzip"}, None),
    ("GET", {"query": SELECT_ALL}, {"Accept-Encoding": "gzip;q=0, br"}, None),
    ("GET", {"query": SELECT_ALL, "default-graph-uri": "http://example.org/none"}, {}, None),
    ("POST", {}, {"Content-Type": DIRECT, "Accept": "text/csv"}, SELECT_ALL),
    ("POST", {}, {"Content-Type": DIRECT, "Accept-Encoding": "gzip"}, SELECT_ALL),
    (
        "POST",
        {"named-graph-uri": "http://example.org/g"},
        {"Content-Type": DIRECT},
        "SELECT ?g { GRAPH ?g { ?s ?p ?o } }",
    ),
    ("POST", {}, {"Content-Type": FORM}, f"query={SELECT_ALL}&format=xml"),
    ("POST", {}, {"Content-Type": f"{DIRECT}; charset=utf-8"}, "ASK {}"),
    # mistakes: each gets a plain-text error (index 14 on)
    ("GET", {"query": "SELEC * WHERE {"}, {}, None),
    ("GET", {"query": ["ASK {}", "ASK {}"]}, {}, None),
    ("GET", {"query": "  "}, {}, None),
    ("GET", {"query": "ASK {}"}, {"Accept": "image/png"}, None),
    ("GET", {"query": "ASK {}", "format": "nonsense"}, {}, None),
    ("GET", {"query": "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}, {}, None),
    ("GET", {"update": "DROP ALL"}, {}, None),
    ("POST", {}, {"Content-Type": "application/sparql-update"}, "DROP ALL"),
    ("POST", {}, {"Content-Type": "text/plain"}, "ASK {}"),
    ("POST", {}, {"Content-Type": f"{DIRECT}; charset=latin-1"}, "ASK {}"),
    ("POST", {}, {"Content-Type": DIRECT}, b"ASK { \xff }"),
    ("POST", {"query": "ASK {}"}, {"Content-Type": DIRECT}, "ASK {}"),
    ("POST", {}, {"Content-Type": FORM}, "format=json"),
    ("POST", {}, {"Content-Type": DIRECT}, "SELECT * { " + "{ " * 100 + "}" * 100 + " }"),
]
ANSWERS, MISTAKES = REQUESTS[:14], REQUESTS[14:]
STATUS = [400, 400, 400, 406, 406, 400, 403, 403, 415, 415, 400, 400, 400, 400]


def _call(wsgi_app: Any, method: str, query: dict, headers: dict, body: Any) -> TestResponse:
    return Client(wsgi_app).open(
        "/sparql",
        method=method,
        query_string=query,
        headers=headers,
        data=body,
        base_url="http://127.0.0.1:8080",
    )


def _path(app: Flask) -> QueryPath:
    path = app.wsgi_app
    assert isinstance(path, QueryPath)
    return path


def _carries_what_every_answer_does(response: TestResponse) -> None:
    for name, value in DATA_HEADERS:
        assert response.headers.get(name) == value, name
    assert "Accept-Encoding" in response.headers["Vary"]


@pytest.mark.parametrize("request_args", ANSWERS, ids=lambda r: f"{r[0]} {r[1]} {r[2]}")
def test_answers(app: Flask, request_args: tuple) -> None:
    response = _call(app.wsgi_app, *request_args)
    assert response.status_code == 200
    _carries_what_every_answer_does(response)
    assert response.headers["Content-Length"] == str(len(response.get_data()))
    if response.headers.get("Content-Encoding") == "gzip":
        assert gzip.decompress(response.get_data())


@pytest.mark.parametrize(
    ("request_args", "status"),
    list(zip(MISTAKES, STATUS, strict=True)),
    ids=lambda r: f"{r[0]} {r[1]} {r[2]}" if isinstance(r, tuple) else "",
)
def test_mistakes_get_a_plain_text_error(app: Flask, request_args: tuple, status: int) -> None:
    response = _call(app.wsgi_app, *request_args)
    assert response.status_code == status
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert text.startswith(f"{status} ") and "Traceback" not in text
    assert response.headers["Cache-Control"] == "no-store"
    _carries_what_every_answer_does(response)


def test_an_error_looks_like_the_sites_errors(app: Flask) -> None:
    """The query path's errors and Flask's (a 404 elsewhere) carry the same headers."""
    query_error = _call(app.wsgi_app, "GET", {"query": "SELEC"}, {}, None)
    site_error = Client(app.wsgi_app).get("/no/such/path", headers={"Accept": "text/plain"})
    ignored = {"Content-Length", "Date"}
    assert {k for k, _ in query_error.headers.items() if k not in ignored} == {
        k for k, _ in site_error.headers.items() if k not in ignored
    }


@pytest.fixture
def flask_calls(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The (method, path) of the requests that reached Flask."""
    path = _path(app)
    inner = path.wsgi_app
    calls: list[str] = []

    def counting(environ: dict, start_response: Any) -> Any:
        calls.append(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}")
        return inner(environ, start_response)

    monkeypatch.setattr(path, "wsgi_app", counting)
    yield calls


def test_no_query_reaches_flask(app: Flask, flask_calls: list[str]) -> None:
    for request_args in REQUESTS:
        _call(app.wsgi_app, *request_args)
    assert _call(app.wsgi_app, "HEAD", {"query": "ASK {}"}, {}, None).status_code == 200
    assert (
        _call(app.wsgi_app, "GET", {"query": "ASK {}"}, {"If-None-Match": '"x"'}, None).status_code
        == 200
    )
    assert flask_calls == []
    # what is not a query: the service description, a preflight, another method
    assert _call(app.wsgi_app, "GET", {}, {"Accept": "text/turtle"}, None).status_code == 200
    assert (
        _call(
            app.wsgi_app, "OPTIONS", {}, {"Access-Control-Request-Method": "POST"}, None
        ).status_code
        == 204
    )
    put = _call(app.wsgi_app, "PUT", {}, {}, "ASK {}")
    assert put.status_code == 405 and "POST" in put.headers["Allow"]
    assert flask_calls == ["GET /sparql", "OPTIONS /sparql", "PUT /sparql"]


def test_head_has_the_headers_of_get_and_no_body(app: Flask) -> None:
    get = _call(app.wsgi_app, "GET", {"query": SELECT_ALL}, {}, None)
    head = _call(app.wsgi_app, "HEAD", {"query": SELECT_ALL}, {}, None)
    assert head.get_data() == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert head.headers["ETag"] == get.headers["ETag"]


def test_a_conditional_get_is_answered_304(app: Flask) -> None:
    first = _call(app.wsgi_app, "GET", {"query": "ASK {}"}, {}, None)
    etag = first.headers["ETag"]
    again = _call(app.wsgi_app, "GET", {"query": "ASK {}"}, {"If-None-Match": etag}, None)
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    _carries_what_every_answer_does(again)
    since = _call(
        app.wsgi_app,
        "GET",
        {"query": "ASK {}"},
        {"If-Modified-Since": first.headers["Last-Modified"]},
        None,
    )
    assert since.status_code == 304
    other = _call(app.wsgi_app, "GET", {"query": "ASK {}"}, {"If-None-Match": '"x"'}, None)
    assert other.status_code == 200


def test_a_failed_query_runs_once_and_says_why(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    store = app.extensions["govsocial.endpoint.store"]
    runs = []

    def timing_out(job: Any) -> Any:
        runs.append(job.query)
        raise QueryTimeout("the query did not finish within 2 seconds and was stopped")

    monkeypatch.setattr(store, "run", timing_out)
    response = _call(app.wsgi_app, "POST", {}, {"Content-Type": DIRECT}, "ASK {}")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(app.config["RETRY_AFTER"])
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "did not finish within 2 seconds" in response.get_data(as_text=True)
    assert runs == ["ASK {}"]


def test_our_own_failure_is_a_logged_500_without_a_traceback(
    app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def failing(job: Any) -> Any:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(app.extensions["govsocial.endpoint.store"], "run", failing)
    response = _call(app.wsgi_app, "GET", {"query": "ASK {}"}, {}, None)
    assert response.status_code == 500
    assert "a bug of ours" not in response.get_data(as_text=True)
    assert "a bug of ours" in caplog.text


def test_a_form_without_a_query_is_named(app: Flask) -> None:
    response = _call(app.wsgi_app, "POST", {}, {"Content-Type": FORM}, "format=json&x=1")
    assert response.status_code == 400
    assert "no 'query' field" in response.get_data(as_text=True)


def test_an_oversized_body_is_refused(app: Flask) -> None:
    body = "ASK {}" + " " * app.config["MAX_CONTENT_LENGTH"]
    response = _call(app.wsgi_app, "POST", {}, {"Content-Type": DIRECT}, body)
    assert response.status_code == 413


def test_a_chunked_body_is_read(app: Flask) -> None:
    response = Client(app.wsgi_app).open(
        "/sparql",
        method="POST",
        headers={"Content-Type": DIRECT, "Transfer-Encoding": "chunked"},
        input_stream=__import__("io").BytesIO(b"ASK {}"),
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 200
