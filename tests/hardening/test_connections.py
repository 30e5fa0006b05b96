"""Kept-alive connections on a real server (serving/worker.py): a busy connection is served in
one thread, answers come back in order (pipelined requests too), and idle connections never
hold the request threads that other clients need."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

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
        conn.request(
            "POST", url.path, body=query, headers={"Content-Type": "application/sparql-query"}
        )
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
        with sock.makefile("rb") as reader:
            answers = [_read_answer(reader) for _ in range(3)]
    assert answers == [True, False, True]


def test_idle_connections_do_not_take_the_request_threads(start: Callable[..., Server]) -> None:
    server = _server(start)
    url = urlsplit(server.endpoint)
    idle = []
    for _ in range(4 * THREADS):  # many more kept-alive connections than threads
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request(
            "POST", url.path, body="ASK {}", headers={"Content-Type": "application/sparql-query"}
        )
        response = conn.getresponse()
        response.read()
        assert response.status == 200 and not response.will_close
        idle.append(conn)  # and now silent
    # a fresh client is answered while they stay open: had they held the request threads, it
    # would wait until the idle timeout (5 s) closed them, and they would not work below (how
    # fast it is answered beside 1,000 idle connections: bench/connections.py)
    fresh = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    fresh.request(
        "POST", url.path, body="ASK {}", headers={"Content-Type": "application/sparql-query"}
    )
    response = fresh.getresponse()
    assert response.status == 200 and json.loads(response.read())["boolean"] is True
    # the idle ones still work afterwards: they went back to the poller, not away
    for conn in idle:
        conn.request(
            "POST", url.path, body="ASK {}", headers={"Content-Type": "application/sparql-query"}
        )
        response = conn.getresponse()
        assert response.status == 200 and json.loads(response.read())["boolean"] is True
        conn.close()
    fresh.close()


class _Clock:
    """time.monotonic for the worker module, moved on by the waits the worker asks for."""

    def __init__(self) -> None:
        self.now = 100.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def readable_within(self, sock: object, timeout: float) -> bool:
        self.waits.append(timeout)
        self.now += timeout
        return False  # the client never sends its next request


def _lingering(monkeypatch, queued: int) -> tuple[bool, _Clock]:
    import queue
    from types import SimpleNamespace

    from govsocial.endpoint.serving import worker
    from govsocial.endpoint.serving.connections import ConnectionLimits
    from govsocial.endpoint.serving.outbox import WriteBudget

    clock = _Clock()
    monkeypatch.setattr(worker.time, "monotonic", clock.monotonic)
    monkeypatch.setattr(worker, "_readable_within", clock.readable_within)
    waiting: queue.SimpleQueue = queue.SimpleQueue()
    for _ in range(queued):
        waiting.put("a request of another connection")
    thread_worker = worker.ThreadWorker.__new__(worker.ThreadWorker)
    thread_worker.tpool = SimpleNamespace(_work_queue=waiting)
    ours, theirs = socket.socketpair()
    with ours, theirs:
        conn = worker.Connection(
            ours,
            ("127.0.0.1", 1),
            ("127.0.0.1", 2),
            ConnectionLimits(),
            clock.now,
            WriteBudget(1024, 1024),
        )
        return thread_worker._next_request_soon(conn), clock


def test_an_idle_connection_holds_its_thread_for_linger_at_most(monkeypatch) -> None:
    from govsocial.endpoint.serving import worker

    served, clock = _lingering(monkeypatch, queued=0)
    assert served is False
    assert sum(clock.waits) == pytest.approx(worker.LINGER)
    assert max(clock.waits) <= worker.LINGER_SLICE


def test_a_lingering_thread_gives_way_to_a_waiting_request(monkeypatch) -> None:
    from govsocial.endpoint.serving import worker

    served, clock = _lingering(monkeypatch, queued=1)
    assert served is False
    assert clock.waits == [worker.LINGER_SLICE]  # one look, then the thread is free
