"""Kept-alive connections on a real server (serving/worker.py): a busy connection is served in
one thread, answers come back in order (pipelined requests too), and idle connections never
hold the request threads that other clients need."""

from __future__ import annotations

import http.client
import json
import socket
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from .conftest import FIXTURE, Server

THREADS = 4


def _ask(subject: int) -> str:
    return f"ASK {{ <http://example.org/nobody-{subject}> ?p ?o }}" if subject else "ASK {}"


def _request(host: str, query: str) -> bytes:
    body = query.encode("utf-8")
    return (
        f"POST /sparql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/sparql-query\r\n"
        f"Accept: application/sparql-results+json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode("ascii") + body


def _read_answer(reader) -> bool:
    """Read one HTTP/1.1 response with a Content-Length from a stream; return its boolean."""
    status = reader.readline()
    assert status.startswith(b"HTTP/1.1 200"), status
    length = None
    while (line := reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    assert length is not None
    return json.loads(reader.read(length))["boolean"]


def _server(start: Callable[..., Server]) -> Server:
    return start(["--data", str(FIXTURE), "--threads", str(THREADS)])


def test_many_requests_on_one_connection_get_their_own_answers(
    start: Callable[..., Server],
) -> None:
    server = _server(start)
    url = urlsplit(server.endpoint)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    for i in range(200):
        # alternate true and false answers so a mixed-up answer cannot pass
        query = _ask(i % 2)
        conn.request("POST", url.path, body=query,
                     headers={"Content-Type": "application/sparql-query"})
        response = conn.getresponse()
        assert response.status == 200
        assert json.loads(response.read())["boolean"] is (i % 2 == 0), i
        assert not response.will_close
    conn.close()


def test_pipelined_requests_are_answered_in_order(start: Callable[..., Server]) -> None:
    server = _server(start)
    url = urlsplit(server.endpoint)
    host = f"{url.hostname}:{url.port}"
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        # three requests in one write: the second and third arrive with the first
        sock.sendall(b"".join(_request(host, _ask(i)) for i in (0, 1, 0)))
        reader = sock.makefile("rb")
        answers = [_read_answer(reader) for _ in range(3)]
    assert answers == [True, False, True]


def test_idle_connections_do_not_take_the_request_threads(start: Callable[..., Server]) -> None:
    server = _server(start)
    url = urlsplit(server.endpoint)
    idle = []
    for _ in range(4 * THREADS):  # many more kept-alive connections than threads
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("POST", url.path, body="ASK {}",
                     headers={"Content-Type": "application/sparql-query"})
        response = conn.getresponse()
        response.read()
        assert response.status == 200 and not response.will_close
        idle.append(conn)  # and now silent
    started = time.monotonic()
    fresh = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    fresh.request("POST", url.path, body="ASK {}",
                  headers={"Content-Type": "application/sparql-query"})
    response = fresh.getresponse()
    assert response.status == 200 and json.loads(response.read())["boolean"] is True
    assert time.monotonic() - started < 1.0
    # the idle ones still work afterwards: they went back to the poller, not away
    for conn in idle:
        conn.request("POST", url.path, body="ASK {}",
                     headers={"Content-Type": "application/sparql-query"})
        response = conn.getresponse()
        assert response.status == 200 and json.loads(response.read())["boolean"] is True
        conn.close()
    fresh.close()
