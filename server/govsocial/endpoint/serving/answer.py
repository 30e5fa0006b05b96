"""Answer one SPARQL query request: read it, negotiate, check, run, and build the whole reply.

Used by the query path (`query_path.py`), which answers every query without Flask: the reply
carries every header the app's hooks give other answers (Vary, gzip, CORS, security headers).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from flask import Flask
from werkzeug import Request
from werkzeug.http import http_date
from werkzeug.sansio.utils import get_current_url

from govsocial.endpoint.formats import GRAPHS, SOLUTIONS
from govsocial.endpoint.serving import http
from govsocial.endpoint.serving.protocol import QueryRequest, read_query_request
from govsocial.endpoint.serving.querycheck import Limits, check_query, limits_from_config
from govsocial.endpoint.serving.result_negotiation import Negotiated, negotiate_header
from govsocial.endpoint.store import NotAcceptable, QueryJob, QueryStore

_NOT_ACCEPTABLE = (
    "none of the requested media types can be produced; SELECT/ASK: "
    + ", ".join(f.media_type for f in SOLUTIONS.values())
    + "; CONSTRUCT/DESCRIBE: "
    + ", ".join(f.media_type for f in GRAPHS.values())
)


# `"vars":[` from pyoxigraph, `"vars": [` from the Python writer (store/results.py)
_JSON_VARS = re.compile(rb'"vars"\s*:\s*\[')
MAX_ROWS_ANCHOR = "max-rows"  # the /sparql page's section on the row limit (query_page.py)


def say_cut(body: bytes, fmt: str, rows: int, explained_at: str) -> bytes:
    """Say in the body, where its format has room, that `max-rows` cut it after `rows` rows,
    so that a client that reads no headers (pandas via SPARQLWrapper) can tell too: a `link`
    in the head of SPARQL JSON and XML results (their standard place for "metadata about the
    results", parsers keep it or ignore it) and an XML comment; a comment line at the end of
    Turtle, TriG, N-Triples, N-Quads and RDF/XML. CSV, TSV and JSON-LD have no such room: the
    GovSocial-Results-Truncated header is all they get."""
    # "--" may not occur in an XML comment (a punycode host has it)
    note = (
        f"cut after {rows} rows by the endpoint's max-rows limit: more match; page with "
        f"LIMIT and OFFSET ({explained_at})"
    ).replace("--", "-%2D")
    if fmt == "json":  # both writers begin with the head's vars; a variable name has no "]"
        vars_start = _JSON_VARS.search(body)
        if vars_start is None:
            return body  # not a head this code knows: the header still tells
        end = body.index(b"]", vars_start.end()) + 1
        link = ',"link":[' + json.dumps(explained_at) + "]"
        return body[:end] + link.encode("utf-8") + body[end:]
    if fmt == "xml":
        head = body.index(b"</head>")
        insert = f"<link href={quoteattr(explained_at)}/></head><!-- {note} -->"
        return body[:head] + insert.encode("utf-8") + body[head + len(b"</head>") :]
    if fmt in ("turtle", "trig", "nt", "nquads"):
        return (
            body
            + ("" if body.endswith(b"\n") or not body else "\n").encode()
            + f"# {note}\n".encode()
        )
    if fmt == "rdfxml":
        return body + f"<!-- {note} -->\n".encode()
    return body


@dataclass(frozen=True)
class Prepared:
    """A query request read and negotiated, before anything ran."""

    query_request: QueryRequest
    negotiated: Negotiated
    base_iri: str  # the endpoint's own URL: the base IRI of the query
    etag: str | None  # GET answers are cacheable; POST answers are not


@dataclass(frozen=True)
class Reply:
    """A complete answer: status, every header, body."""

    headers: list[tuple[str, str]]
    body: bytes
    status_line: str = "200 OK"


@functools.lru_cache(maxsize=64)
def _base_url(scheme: str, host: str, root_path: str, path: str) -> str:
    # werkzeug's `Request.base_url`, remembered: it decodes the URL to an IRI on every request
    return get_current_url(scheme, host, root_path, path)


def _etag(
    store: QueryStore,
    query_request: QueryRequest,
    negotiated: Negotiated,
    base_iri: str,
    max_rows: object,
) -> str:
    # depends on everything that shapes the answer: data, query, dataset, formats, base
    key = repr(
        (
            store.info.version,
            base_iri,
            query_request,
            (negotiated.solutions, negotiated.graph),
            max_rows,
        )
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def prepare(request: Request, config: Mapping[str, Any], store: QueryStore) -> Prepared | None:
    """Read the query request (None: a GET without a query, which asks for the service
    description); raise a client error for a malformed one or an unacceptable format."""
    query_request = read_query_request(request)
    if query_request is None:
        return None
    negotiated = negotiate_header(request.headers.get("Accept"), query_request.formats)
    if negotiated.solutions is None and negotiated.graph is None:
        raise NotAcceptable(_NOT_ACCEPTABLE)
    base_iri = _base_url(request.scheme, request.host, request.root_path, request.path)
    etag = None
    if request.method in ("GET", "HEAD"):
        etag = _etag(store, query_request, negotiated, base_iri, config.get("MAX_ROWS"))
    return Prepared(query_request, negotiated, base_iri, etag)


def run(
    prepared: Prepared,
    request: Request,
    config: Mapping[str, Any],
    store: QueryStore,
    limits: Limits,
) -> Reply:
    """Check and run the query; return the 200 answer with all its headers."""
    text = check_query(prepared.query_request.query, limits, base_iri=prepared.base_iri)
    answer = store.run(
        QueryJob(
            query=text,
            base_iri=prepared.base_iri,
            solutions_format=prepared.negotiated.solutions,
            graph_format=prepared.negotiated.graph,
            default_graphs=prepared.query_request.default_graphs,
            named_graphs=prepared.query_request.named_graphs,
        )
    )
    charset = "; charset=utf-8" if answer.media_type.startswith("text/") else ""
    body = answer.body
    headers = [("Content-Type", answer.media_type + charset)]
    if answer.truncated:
        headers.append((http.TRUNCATED_HEADER, f"max-rows={answer.rows}"))
        body = say_cut(
            body, answer.format, answer.rows or 0, prepared.base_iri + "#" + MAX_ROWS_ANCHOR
        )
    headers.append(("Vary", "Accept, Accept-Encoding"))
    if prepared.etag:
        headers += cache_headers(store, config, prepared.etag)
    else:
        headers.append(("Cache-Control", "no-store"))
    if (
        request.method != "HEAD"
        and len(body) >= config["GZIP_MIN_SIZE"]
        and http.accepts_gzip(request.headers.get("Accept-Encoding"))
    ):
        body = http.compress(body)
        headers.append(("Content-Encoding", "gzip"))
    headers.append(("Content-Length", str(len(body))))
    headers += http.DATA_HEADERS
    return Reply(headers, body)


def not_modified(
    prepared: Prepared,
    request: Request,
    config: Mapping[str, Any],
    store: QueryStore,
) -> Reply | None:
    """Return 304 when a conditional GET names the answer the client has (its ETag, or a time
    not before the data's); None: answer in full."""
    if prepared.etag is None:
        return None
    if request.if_none_match:
        fresh = request.if_none_match.contains_weak(prepared.etag)
    else:
        since = request.if_modified_since
        fresh = since is not None and since >= store.info.modified
    if not fresh:
        return None
    headers = [
        *cache_headers(store, config, prepared.etag),
        ("Vary", "Accept, Accept-Encoding"),
        *http.DATA_HEADERS,
    ]
    return Reply(headers, b"", "304 Not Modified")


def cache_headers(
    store: QueryStore, config: Mapping[str, Any], etag: str | None = None
) -> list[tuple[str, str]]:
    """Return Last-Modified, ETag (weak) and Cache-Control of a cacheable GET answer (the
    service description's too)."""
    headers = [("Last-Modified", http_date(store.info.modified))]
    if etag:
        headers.append(("ETag", f'W/"{etag}"'))
    headers.append(("Cache-Control", f"public, max-age={int(config['CACHE_MAX_AGE'])}"))
    return headers


_LIMITS_KEY = "govsocial.query_limits"


def limits(app: Flask) -> Limits:
    """The query text limits of the app's configuration, built on first use."""
    found = app.extensions.get(_LIMITS_KEY)
    if found is None:
        found = app.extensions[_LIMITS_KEY] = limits_from_config(app.config)
    return found
