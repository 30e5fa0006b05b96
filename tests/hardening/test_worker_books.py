"""The worker's bookkeeping (serving/worker.py), driven in process with real sockets and a
recording poller: whatever path a connection takes, the bytes it holds, the connections counted
and the poller's registrations stay exact."""

from __future__ import annotations

import itertools
import socket
from collections.abc import Iterator
from concurrent.futures import Future

import pytest

from govsocial.endpoint.serving import worker
from govsocial.endpoint.serving.connections import ClientCounts, ConnectionLimits, Incidents
from govsocial.endpoint.serving.outbox import WriteBudget


class Poller:
    """Records what the worker registers, as selectors would."""

    def __init__(self) -> None:
        self.registered: dict[int, object] = {}

    def register(self, sock: socket.socket, events: int, data: object) -> None:
        assert id(sock) not in self.registered, "registered twice"
        assert sock.fileno() >= 0, "a closed socket registered"
        self.registered[id(sock)] = data

    def unregister(self, sock: socket.socket) -> None:
        del self.registered[id(sock)]


@pytest.fixture
def books() -> Iterator[worker.ThreadWorker]:
    w = worker.ThreadWorker.__new__(worker.ThreadWorker)
    w.limits = ConnectionLimits(max_body=1000)
    w.clients, w.incidents = ClientCounts(), Incidents()
    w.waiting, w.buffered, w.deadlines = {}, 0, []
    w.sequence = itertools.count()
    w.send_timeout = b"\x01" + b"\x00" * 15
    w.write_budget = WriteBudget(10**7, 10**7)
    w.poller, w.alive, w.nr_conns = Poller(), True, 0
    peers: list[socket.socket] = []
    w.peers = peers  # type: ignore[attr-defined]
    yield w
    for peer in peers:
        peer.close()


def _admitted(w: worker.ThreadWorker) -> worker.Connection:
    ours, theirs = socket.socketpair()
    w.peers += [theirs, ours]  # type: ignore[attr-defined]
    w._admit(ours, ("127.0.0.9", 1), ("127.0.0.1", 2))
    [conn] = [c for c in w.waiting if c.sock is ours]
    return conn


def _in_thread(w: worker.ThreadWorker, conn: worker.Connection, extra: bytes) -> None:
    """As when the poller hands a complete request to a thread, which reads `extra` on."""
    w._leave(conn)
    conn.buffer += extra


def _done(result: bool) -> Future:
    future: Future = Future()
    future.set_result(result)
    return future


def _assert_exact(w: worker.ThreadWorker, open_connections: int) -> None:
    assert w.buffered == sum(len(c.buffer) for c in w.waiting)
    assert w.nr_conns == open_connections == w.clients.open("127.0.0.9")
    assert len(w.poller.registered) == len(w.waiting)


def test_a_close_after_an_answer_with_bytes_behind_it_leaves_nothing_counted(books) -> None:
    conn = _admitted(books)
    _in_thread(books, conn, b"junk behind a Connection: close request" * 100)
    books.finish_request(conn, _done(False))  # answered, not kept alive: half-closed
    assert conn.closing and not conn.buffer
    _assert_exact(books, 1)
    books._close(conn)
    _assert_exact(books, 0)
    assert books.buffered == 0


def test_a_refused_pipelined_request_is_answered_once_and_counted_right(books) -> None:
    conn = _admitted(books)
    _in_thread(books, conn, b"POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\nabc")
    books.finish_request(conn, _done(True))  # kept alive, but the next request is refused
    assert conn.closing
    _assert_exact(books, 1)
    answer = books.peers[0].recv(4096)  # type: ignore[attr-defined]
    assert answer.startswith(b"HTTP/1.1 413 ") and answer.count(b"HTTP/1.1") == 1


def test_a_socket_gunicorn_closed_in_the_thread_is_forgotten_not_registered(books) -> None:
    """An error after the headers were sent: gunicorn closes the socket in the thread."""
    conn = _admitted(books)
    _in_thread(books, conn, b"")
    conn.outbox.pending.append(memoryview(b"rest of an answer"))
    conn.sock.close()
    books.finish_request(conn, _done(False))
    _assert_exact(books, 0)
