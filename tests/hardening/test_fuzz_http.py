"""Hypothesis against the HTTP interface: in process (Flask test client) and on the wire.

Whatever arrives, the answer is never a 5xx other than 503 (+ Retry-After), never a traceback,
and an error always says what was wrong (`support.problems`).
"""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import strategies as hs
from .conftest import Server
from .support import assert_clean, problems

IN_PROCESS = settings(
    max_examples=600,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ON_THE_WIRE = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def latin1(value: str) -> str:
    """HTTP header values travel as Latin-1: what a client could put on the wire at all."""
    return value.encode("latin-1", "replace").decode("latin-1").replace("\r", "").replace("\n", "")


def check(response, what: str, method: str = "GET") -> None:
    try:
        assert_clean(response.status_code, response.headers, response.get_data(), what, method)
    finally:
        response.close()


@IN_PROCESS
@given(
    query=hs.QUERIES,
    method=st.sampled_from(["GET", "POST-form", "POST-direct"]),
    accept=hs.ACCEPT,
    formats=st.lists(hs.MEDIA | st.sampled_from(["json", "csv", "nt"]), max_size=2),
)
def test_random_queries_get_a_clean_answer(
    client: FlaskClient, query: str, method: str, accept: str, formats: list[str]
) -> None:
    headers = {"Accept": latin1(accept)}
    params = [("format", f) for f in formats]
    if method == "GET":
        response = client.get("/sparql", query_string=[("query", query), *params], headers=headers)
    elif method == "POST-form":
        body = "&".join(f"{k}={quote(v, safe='')}" for k, v in [("query", query), *params])
        response = client.post(
            "/sparql",
            data=body.encode("utf-8", "surrogatepass"),
            headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
        )
    else:
        response = client.post(
            "/sparql",
            query_string=params,
            data=query.encode("utf-8", "surrogatepass"),
            headers={**headers, "Content-Type": "application/sparql-query"},
        )
    check(response, f"{method} {query[:300]!r}")


@IN_PROCESS
@given(
    method=hs.METHODS,
    path=hs.PATHS_RANDOM,
    params=hs.PARAMS,
    accept=hs.ACCEPT,
    content_type=hs.CONTENT_TYPES,
    body=hs.BODIES,
    extra=hs.EXTRA_HEADERS,
)
def test_random_requests_get_a_clean_answer(
    client: FlaskClient,
    method: str,
    path: str,
    params: list[tuple[str, str]],
    accept: str,
    content_type: str,
    body: bytes,
    extra: dict[str, str],
) -> None:
    # the test client reads "//x" as a host name (the wire test sends such paths raw)
    path = "/" + path.lstrip("/")
    headers = {name: latin1(value) for name, value in extra.items()}
    headers["Accept"] = latin1(accept)
    if method in ("POST", "PUT", "PATCH"):
        headers["Content-Type"] = latin1(content_type)
    # a path with its own "?" carries its query; the test client refuses both at once
    response = client.open(
        path,
        method=method,
        headers=headers,
        query_string=None if "?" in path else params,
        data=body if method in ("POST", "PUT", "PATCH") else None,
    )
    check(response, f"{method} {path!r} {params!r} {headers!r} {body[:200]!r}", method)


# -- on the wire: a real `govsocial serve` (gunicorn in front) ------------------------------------

# what the wire probes met (printed with -s; figures for docs/RELIABILITY.md)
TALLY: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_tally() -> Iterator[None]:
    yield
    if TALLY:
        print("\nwire probes:", dict(sorted(TALLY.items())))


def raw_exchange(base: str, request: bytes, timeout: float = 15) -> bytes:
    """Send raw bytes, read the answer until the server closes (Connection: close)."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().title()] = value.strip()
    if headers.get("Transfer-Encoding") == "chunked":
        decoded, rest = b"", body
        while rest:
            size, _, rest = rest.partition(b"\r\n")
            n = int(size.split(b";")[0], 16)
            if n == 0:
                break
            decoded, rest = decoded + rest[:n], rest[n + 2 :]
        body = decoded
    return status, headers, body


def mostly(valid: st.SearchStrategy, garbage: st.SearchStrategy) -> st.SearchStrategy:
    """Valid three times in four: garbage everywhere would only ever meet gunicorn's parser."""
    # hypothesis leans to small integers: garbage must be the large one, or it would dominate
    return st.integers(0, 3).flatmap(lambda n: garbage if n == 3 else valid)


RAW_PATH = mostly(
    st.one_of(
        hs.PATHS_RANDOM.map(lambda p: quote(p, safe="/%?&=").encode()),
        st.sampled_from(
            [
                b"/sparql?query=" + b"A" * 9000,
                b"/id/" + b"%2e%2e/" * 50 + b"etc/passwd",
                b"/sparql?query=%ff%00%0d%0a",
                b"//////",
                b"/sparql?" + b"&" * 3000,
                b"/sparql?query=ASK%7B%7D&query=ASK%7B%7D",
            ]
        ),
    ),
    st.one_of(  # bytes no client should send unencoded
        hs.PATHS_RANDOM.map(lambda p: p.encode("utf-8", "surrogatepass")),
        st.binary(min_size=1, max_size=60).map(lambda b: b"/" + b),
        st.sampled_from([b"*", b"http://evil.example/sparql", b"/\x00", b"/sparql#frag"]),
    ),
)


RAW_METHOD = mostly(hs.METHODS.map(str.encode), st.binary(min_size=1, max_size=10))
RAW_VERSION = mostly(
    st.sampled_from([b"HTTP/1.1", b"HTTP/1.0"]),
    st.sampled_from([b"HTTP/2.0", b"HTTP/9", b"", b"HTTP/1.1x", b"http/1.1"]),
)
PRINTABLE = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=50)
RAW_HEADERS = st.lists(
    mostly(
        # well-formed headers with hostile values: what reaches our app
        st.tuples(
            st.sampled_from(
                [
                    b"Accept",
                    b"Content-Type",
                    b"Accept-Encoding",
                    b"Origin",
                    b"If-None-Match",
                    b"If-Modified-Since",
                    b"Range",
                    b"X-Forwarded-Host",
                    b"Cookie",
                ]
            ),
            st.one_of(
                PRINTABLE.map(str.encode), hs.ACCEPT.map(lambda a: a.encode("latin-1", "replace"))
            ),
        ),
        # framing attacks and binary: what gunicorn's parser must refuse cleanly
        st.one_of(
            st.tuples(
                st.sampled_from(
                    [b"Content-Length", b"Transfer-Encoding", b"Host", b"Expect", b"Connection"]
                ),
                st.binary(max_size=50),
            ),
            st.tuples(st.binary(min_size=1, max_size=20), st.binary(max_size=20)),
            st.just((b"X-Big", b"y" * 9000)),
            st.just((b"Content-Length", b"-1")),
            st.just((b"Transfer-Encoding", b"chunked")),
        ),
    ),
    max_size=3,
).map(lambda headers: headers if len(headers) < 3 else headers[:1])  # often one or none


@pytest.mark.slow
@ON_THE_WIRE
@given(method=RAW_METHOD, path=RAW_PATH, version=RAW_VERSION, headers=RAW_HEADERS, body=hs.BODIES)
def test_raw_requests_on_the_wire(
    server: Server,
    method: bytes,
    path: bytes,
    version: bytes,
    headers: list[tuple[bytes, bytes]],
    body: bytes,
) -> None:
    lines = [method + b" " + path + (b" " + version if version else b""), b"Host: 127.0.0.1"]
    lines += [name + b": " + value for name, value in headers]
    lines += [b"Content-Length: " + str(len(body)).encode(), b"Connection: close"]
    request = b"\r\n".join(lines) + b"\r\n\r\n" + body
    raw = raw_exchange(server.base, request)
    TALLY["raw"] += 1
    if not raw:
        TALLY["raw closed"] += 1
        return  # gunicorn closes on requests it cannot even frame: no answer is an answer
    TALLY[f"raw {raw[9:12].decode('latin-1')}"] += 1
    status, answer_headers, answer = parse(raw)
    found = problems(status, answer_headers, answer, method.decode("latin-1"))
    assert not found, f"{request[:300]!r}: {found}\n{raw[:600]!r}"


@pytest.mark.slow
@ON_THE_WIRE
@given(query=hs.QUERIES, accept=hs.ACCEPT, post=st.booleans())
def test_random_queries_on_the_wire(server: Server, query: str, accept: str, post: bool) -> None:
    headers = {"Accept": latin1(accept)}
    encoded = query.encode("utf-8", "surrogatepass")
    if post:
        response = requests.post(
            server.endpoint,
            data=encoded,
            timeout=30,
            headers={**headers, "Content-Type": "application/sparql-query"},
        )
    else:
        response = requests.get(
            server.endpoint + "?query=" + quote(encoded, safe=""), headers=headers, timeout=30
        )
    assert_clean(response.status_code, response.headers, response.content, query[:300])
    # the server is unharmed: it still answers at once
    assert requests.get(server.base + "/health", timeout=5).status_code == 200
