"""The fast path at /sparql answers exactly as the Flask view does, and errors the same way."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import Client, TestResponse

from govsocial.serving.fastpath import SparqlFastPath
from govsocial.store import QueryTimeout

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
    ("GET", {"query": "DESCRIBE ?s WHERE { ?s ?p ?o } LIMIT 2"}, {"Accept": "application/ld+json"},
     None),
    ("GET", {"query": SELECT_ALL}, {"Accept-Encoding": "gzip"}, None),
    ("GET", {"query": SELECT_ALL}, {"Accept-Encoding": "gzip;q=0, br"}, None),
    ("GET", {"query": SELECT_ALL, "default-graph-uri": "http://example.org/none"}, {}, None),
    ("POST", {}, {"Content-Type": DIRECT, "Accept": "text/csv"}, SELECT_ALL),
    ("POST", {}, {"Content-Type": DIRECT, "Accept-Encoding": "gzip"}, SELECT_ALL),
    ("POST", {"named-graph-uri": "http://example.org/g"}, {"Content-Type": DIRECT},
     "SELECT ?g { GRAPH ?g { ?s ?p ?o } }"),
    ("POST", {}, {"Content-Type": FORM}, f"query={SELECT_ALL}&format=xml"),
    ("POST", {}, {"Content-Type": f"{DIRECT}; charset=utf-8"}, "ASK {}"),
    # mistakes: each must get the app's own error answer
    ("GET", {"query": "SELEC * WHERE {"}, {}, None),
    ("GET", {"query": ["ASK {}", "ASK {}"]}, {}, None),
    ("GET", {"query": "  "}, {}, None),
    ("GET", {"query": "ASK {}"}, {"Accept": "image/png"}, None),
    ("GET", {"query": "ASK {}", "format": "nonsense"}, {}, None),
    ("GET", {"query": "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}, {},
     None),
    ("GET", {"update": "DROP ALL"}, {}, None),
    ("POST", {}, {"Content-Type": "application/sparql-update"}, "DROP ALL"),
    ("POST", {}, {"Content-Type": "text/plain"}, "ASK {}"),
    ("POST", {}, {"Content-Type": f"{DIRECT}; charset=latin-1"}, "ASK {}"),
    ("POST", {}, {"Content-Type": DIRECT}, b"ASK { \xff }"),
    ("POST", {"query": "ASK {}"}, {"Content-Type": DIRECT}, "ASK {}"),
    ("POST", {}, {"Content-Type": FORM}, "format=json"),
    ("POST", {}, {"Content-Type": DIRECT}, "SELECT * { " + "{ " * 100 + "}" * 100 + " }"),
    # left to Flask: the service description
    ("GET", {}, {"Accept": "text/turtle"}, None),
]


def _call(wsgi_app: Any, method: str, query: dict, headers: dict, body: Any) -> TestResponse:
    return Client(wsgi_app).open(
        "/sparql", method=method, query_string=query, headers=headers, data=body,
        base_url="http://127.0.0.1:8080",
    )


def _fast(app: Flask) -> SparqlFastPath:
    fast = app.wsgi_app
    assert isinstance(fast, SparqlFastPath)
    return fast


def _comparable(response: TestResponse) -> tuple:
    body = response.get_data()
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)  # gzip stamps the time: compare what it holds
    return response.status, sorted(response.headers.items()), body


@pytest.mark.parametrize("request_args", REQUESTS, ids=lambda r: f"{r[0]} {r[1]} {r[2]}")
def test_fast_path_answers_as_the_flask_view(app: Flask, request_args: tuple) -> None:
    fast = _fast(app)
    through_fast = _call(fast, *request_args)
    through_flask = _call(fast.wsgi_app, *request_args)
    assert _comparable(through_fast) == _comparable(through_flask)
    assert through_fast.status_code != 500


@pytest.fixture
def flask_calls(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The paths of the requests that reached Flask."""
    fast = _fast(app)
    inner = fast.wsgi_app
    calls: list[str] = []

    def counting(environ: dict, start_response: Any) -> Any:
        calls.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    monkeypatch.setattr(fast, "wsgi_app", counting)
    yield calls


def test_plain_queries_do_not_reach_flask(app: Flask, flask_calls: list[str]) -> None:
    for method, query, headers, body in REQUESTS[:14]:
        response = _call(app.wsgi_app, method, query, headers, body)
        assert response.status_code == 200
    assert flask_calls == []


def test_errors_and_other_requests_reach_flask(app: Flask, flask_calls: list[str]) -> None:
    assert _call(app.wsgi_app, "GET", {"query": "SELEC"}, {}, None).status_code == 400
    assert _call(app.wsgi_app, "GET", {}, {}, None).status_code == 200  # service description
    assert _call(app.wsgi_app, "HEAD", {"query": "ASK {}"}, {}, None).status_code == 200
    assert _call(app.wsgi_app, "GET", {"query": "ASK {}"},
                 {"If-None-Match": '"x"'}, None).status_code == 200
    assert len(flask_calls) == 4


def test_a_conditional_get_is_answered_304_by_flask(app: Flask) -> None:
    first = _call(app.wsgi_app, "GET", {"query": "ASK {}"}, {}, None)
    etag = first.headers["ETag"]
    again = _call(app.wsgi_app, "GET", {"query": "ASK {}"}, {"If-None-Match": etag}, None)
    assert again.status_code == 304
    assert again.headers["ETag"] == etag


def test_a_failed_query_runs_once_and_gets_the_apps_error(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = app.extensions["govsocial.store"]
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


def test_flask_reads_the_body_the_fast_path_read(app: Flask) -> None:
    """A form the fast path read, then refused (no query field), is read again by Flask,
    which must see the same fields: its message names what is missing."""
    response = _call(app.wsgi_app, "POST", {}, {"Content-Type": FORM}, "format=json&x=1")
    assert response.status_code == 400
    assert "no 'query' field" in response.get_data(as_text=True)


def test_an_oversized_body_is_refused_before_it_is_read(app: Flask) -> None:
    body = "ASK {}" + " " * app.config["MAX_CONTENT_LENGTH"]
    response = _call(app.wsgi_app, "POST", {}, {"Content-Type": DIRECT}, body)
    assert response.status_code == 413
