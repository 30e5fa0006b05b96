"""gunicorn's `gthread` worker with an event-driven front: request threads only see whole requests.

Stock gthread hands a new or readable connection to a request thread, which then reads the
request with blocking calls: a client that sends its head one line a second, announces a body and
sends a byte a second, or connects and says nothing, holds that thread, and 32 such clients stop
the endpoint (measured: bench/results/connections-before.md). Here the worker's main thread (the
poller) reads every connection that has no complete request into a buffer, with a deadline per
phase (`ConnectionLimits`: idle, head, body), and counts connections per client address and in
all; only a complete request goes to a request thread, which parses it from the buffer and never
reads the socket. An idle keep-alive connection costs a buffer and a file descriptor, no thread.
Writes of an answer are bounded by the kernel's send timeout (a peer that stopped reading).

A request thread that has answered waits up to `LINGER` seconds for the connection's next request
and serves it at once (stock gthread hands every request from the poller to a thread and the
connection back: two thread switches and a pipe write, about a third of a point query's cost).
Every `LINGER_SLICE` seconds it looks whether another request waits for a thread, and gives way.
Why 10 ms: a client that alternates between servers, or does a little work between queries,
comes back after a few milliseconds (bench at 10^4 triples: point queries 0.15-0.3 ms faster).

Not served by this worker: TLS and HTTP/2 (the endpoint speaks plain HTTP/1.1; a TLS proxy in
front terminates both, docs/SCALING.md).
"""

from __future__ import annotations

import contextlib
import errno
import heapq
import itertools
import select
import selectors
import socket
import struct
import time
from concurrent.futures import Future
from functools import partial
from http import HTTPStatus
from typing import Any

from gunicorn.http import RequestParser
from gunicorn.http.errors import NoMoreData
from gunicorn.workers import gthread

from govsocial.endpoint.serving.connections import ClientCounts, ConnectionLimits, Incidents
from govsocial.endpoint.serving.framing import Framer, Refused
from govsocial.endpoint.serving.outbox import Outbox, WriteBudget

LINGER = 0.010  # seconds a request thread waits for the next request on its connection
LINGER_SLICE = 0.002  # seconds between its looks at the queue of requests waiting for a thread
RECEIVE_SIZE = 64 * 1024  # bytes asked of the socket at once
ACCEPT_BATCH = 64  # connections accepted per wake-up of the poller (a burst of connects)
CLOSE_LINGER = 2.0  # seconds a closing connection is drained so the answer is not reset
RETRY_AFTER = 10  # seconds, Retry-After of the front's own 429 and 503

CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


class Connection:
    """One client connection: its socket, the bytes of requests not yet served, their phase.

    `client` and `server` are the peer's and our address, as gthread's request handling
    expects of a connection.
    """

    __slots__ = (
        "address",
        "buffer",
        "client",
        "close_after_flush",
        "closing",
        "continue_sent",
        "deadline",
        "flushing",
        "framer",
        "head_done",
        "idle_since",
        "outbox",
        "parser",
        "server",
        "sock",
        "started",
        "view",
    )

    def __init__(
        self,
        sock: socket.socket,
        client: Any,
        server: Any,
        limits: ConnectionLimits,
        now: float,
        budget: WriteBudget,
    ) -> None:
        self.sock = sock
        self.client = client
        self.server = server
        self.outbox = Outbox(sock, budget)
        # what gunicorn's request handling sees: the outbox in the socket's place
        self.view = _RequestView(self.outbox, client, server)
        self.address = client[0] if isinstance(client, tuple) else "unix"
        self.buffer = bytearray()
        self.framer = Framer(limits.max_head, limits.max_body)
        # a parser over the buffer alone: a request thread never waits on the socket
        self.parser: RequestParser | None = None
        self.idle_since = now  # since when no request is on its way
        self.started = 0.0  # when the first byte of the request on its way arrived
        self.head_done = 0.0  # when that request's head was complete
        self.deadline = now
        self.continue_sent = False
        self.closing = False  # answered and half-closed: drained until the peer closes
        self.flushing = False  # the poller sends what the outbox kept
        self.close_after_flush = False

    def receive(self, now: float) -> bool:
        """Read what the socket has now, without waiting; False when the peer is gone."""
        try:
            data = self.sock.recv(RECEIVE_SIZE, socket.MSG_DONTWAIT)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            return False
        if not data:
            return False
        if not self.buffer:
            self.started = now
        self.buffer += data
        return True

    def request_end(self, now: float) -> int:
        """Bytes of the first complete request in the buffer, or -1; raises `Refused`."""
        if not self.buffer:
            return -1
        in_body = self.framer.in_body
        end = self.framer.end(self.buffer)
        if end < 0 and not in_body and self.framer.in_body:
            self.head_done = now
            if self.framer.continue_expected and not self.continue_sent:
                # the client waits for this before it sends a body (curl: any POST over 1 KiB)
                self.continue_sent = True
                _send_now(self.sock, CONTINUE)
        return end

    def drain(self) -> bool:
        """Read and drop what a closing connection's peer still sends; False once it closed."""
        try:
            return bool(self.sock.recv(RECEIVE_SIZE, socket.MSG_DONTWAIT))
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            return False

    def take_request(self, end: int) -> bytes:
        request = bytes(self.buffer[:end])
        del self.buffer[:end]
        self.framer.reset()
        return request

    def answered(self, now: float) -> None:
        """Start the next request's clock: bytes that came in while an answer was being
        computed do not count against the client."""
        self.idle_since = now
        if self.buffer:
            self.started = self.head_done = now

    def phase_deadline(self, limits: ConnectionLimits) -> float:
        if not self.buffer:
            return self.idle_since + limits.idle_timeout
        if self.framer.in_body:
            return self.head_done + limits.body_timeout
        return self.started + limits.header_timeout


class _RequestView:
    """A connection as gthread's `handle_request` reads it: socket, peer and our address."""

    __slots__ = ("client", "server", "sock")

    def __init__(self, sock: Outbox, client: Any, server: Any) -> None:
        self.sock = sock
        self.client = client
        self.server = server


# types-gunicorn (26.x, behind gunicorn 27) types gthread's connection as its `TConn` and the
# answer's socket as a socket; this worker hands gthread its own `Connection`, `_RequestView` and
# `Outbox`, which have all that gunicorn reads of them. Those calls and overrides, and the few
# gunicorn 27 names the stubs lack, carry a `type: ignore` with its error code.
class ThreadWorker(gthread.ThreadWorker):
    """gthread, with requests buffered whole by the poller before a request thread sees them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits: ConnectionLimits = getattr(self.app, "connection_limits", ConnectionLimits())
        self.clients = ClientCounts()
        self.incidents = Incidents()
        self.waiting: dict[Connection, None] = {}  # connections in the poller, oldest first
        self.buffered = 0  # bytes of unfinished requests the waiting connections hold
        self.deadlines: list[tuple[float, int, Connection]] = []  # a heap; stale entries skipped
        self.sequence = itertools.count()
        seconds = self.limits.send_timeout
        self.send_timeout = struct.pack("ll", int(seconds), int(seconds % 1 * 1_000_000))
        self.write_budget = WriteBudget(self.limits.max_unsent, self.limits.max_unsent_answer)

    # -- the poller (the worker's main thread) ---------------------------------------------

    def accept(self, listener: socket.socket) -> None:
        for _ in range(ACCEPT_BATCH):
            try:
                sock, peer = listener.accept()
            except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                return
            except OSError as error:
                if error.errno not in (errno.EMFILE, errno.ENFILE):
                    raise
                self.incidents.note(
                    "connections not accepted", "*", "this process has no file descriptor left"
                )
                if not self._evict_oldest():  # frees one for the next accept
                    return
                continue
            self._admit(sock, peer, listener.getsockname())

    def _admit(self, sock: socket.socket, peer: Any, server: Any) -> None:
        now = time.monotonic()
        conn = Connection(sock, peer, server, self.limits, now, self.write_budget)
        if self.clients.open(conn.address) >= self.limits.max_client_connections:
            self.incidents.note(
                "connections refused",
                conn.address,
                f"{self.limits.max_client_connections} connections from this "
                "address are open (--max-client-connections)",
            )
            _refuse(
                sock,
                429,
                f"{self.limits.max_client_connections} connections from your "
                "address are open already, the most this server allows; reuse or close them",
            )
            return
        if self.nr_conns >= self.limits.max_connections and not self._evict_oldest():
            self.incidents.note(
                "connections refused",
                conn.address,
                f"{self.limits.max_connections} connections are open "
                "(--max-connections) and all are being answered",
            )
            _refuse(sock, 503, "the server has as many connections open as it allows; retry soon")
            return
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, self.send_timeout)
        self.nr_conns += 1
        self.clients.add(conn.address)
        self._wait(conn)

    def _evict_oldest(self) -> bool:
        """Close the connection that has waited longest without a complete request (one whose
        answer is still being sent is left to its send timeout)."""
        for conn in self.waiting:
            if conn.flushing:
                continue
            self.incidents.note(
                "connections closed early",
                conn.address,
                f"{self.limits.max_connections} connections were open "
                "(--max-connections); the one waiting longest was closed",
            )
            self._close(conn)
            return True
        return False

    def _wait(self, conn: Connection) -> None:
        """Keep a connection in the poller until its next request is complete or the deadline
        of its phase passes."""
        self.waiting[conn] = None
        self.buffered += len(conn.buffer)
        self._set_deadline(conn, conn.phase_deadline(self.limits))
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._readable, conn))

    def _set_deadline(self, conn: Connection, deadline: float) -> None:
        if not self.alive:  # stopping: nobody waits long
            linger = gthread.STOP_KEEPALIVE_LINGER  # type: ignore[attr-defined]  # gunicorn 27
            deadline = min(deadline, time.monotonic() + linger)
        conn.deadline = deadline
        heapq.heappush(self.deadlines, (deadline, next(self.sequence), conn))

    def _leave(self, conn: Connection) -> None:
        del self.waiting[conn]
        self.buffered -= len(conn.buffer)
        self.poller.unregister(conn.sock)

    def _readable(self, conn: Connection, _sock: Any) -> None:
        if conn.closing:
            if not conn.drain():
                self._close(conn)
            return
        now = time.monotonic()
        held = len(conn.buffer)
        if not conn.receive(now):
            self._close(conn)
            return
        self.buffered += len(conn.buffer) - held
        try:
            end = conn.request_end(now)
        except Refused as refusal:
            self._refuse_request(conn, refusal)
            return
        if end >= 0:
            self._leave(conn)
            self.enqueue_req(conn)  # type: ignore[arg-type]  # a Connection for TConn
            return
        deadline = conn.phase_deadline(self.limits)
        if deadline != conn.deadline:
            self._set_deadline(conn, deadline)
        if self.buffered > self.limits.max_buffered:
            self._shed_buffers()

    def _refuse_request(self, conn: Connection, refusal: Refused) -> None:
        self.incidents.note("requests refused", conn.address, refusal.message)
        _send_now(conn.sock, _answer(refusal.status, refusal.message))
        self._half_close(conn)

    def _half_close(self, conn: Connection) -> None:
        """Send FIN, then drop what the peer still sends until it closes or CLOSE_LINGER
        passes, in the poller: a close with unread bytes would reset the connection, and the
        peer could lose its answer. (gthread lingers in the poller itself, for up to 2 s.)"""
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self._close(conn)
            return
        if conn in self.waiting:
            self.buffered -= len(conn.buffer)
        conn.buffer.clear()  # before _wait counts it: a closing connection holds no request
        if conn not in self.waiting:
            self._wait(conn)
        conn.closing = True
        self._set_deadline(conn, time.monotonic() + CLOSE_LINGER)

    def _shed_buffers(self) -> None:
        """Over the budget of buffered bytes: close the oldest unfinished requests."""
        for conn in list(self.waiting):
            if self.buffered <= self.limits.max_buffered:
                return
            if conn.buffer:
                self.incidents.note(
                    "connections closed early",
                    conn.address,
                    f"unfinished requests held more than "
                    f"{self.limits.max_buffered} bytes; the oldest were closed",
                )
                self._close(conn)

    def _close(self, conn: Connection) -> None:
        if conn in self.waiting:
            self._leave(conn)
        conn.buffer = bytearray()  # its heap entries may outlive it until their deadline
        conn.outbox.discard()
        self.nr_conns -= 1
        self.clients.remove(conn.address)
        with contextlib.suppress(OSError):
            conn.sock.close()

    def murder_keepalived(self, force: bool = False) -> None:
        """Close the connections whose phase is over (every waiting one when forced)."""
        now = time.monotonic()
        if force:
            for conn in list(self.waiting):
                self._close(conn)
            self.deadlines.clear()
            return
        while self.deadlines and self.deadlines[0][0] <= now:
            deadline, _, conn = heapq.heappop(self.deadlines)
            if conn.deadline != deadline or conn not in self.waiting:
                continue  # it moved on since
            if conn.flushing:
                self.incidents.note(
                    "answers cut off",
                    conn.address,
                    f"the client read nothing for {self.limits.send_timeout:g} s (--send-timeout)",
                )
                self._close(conn)
            elif conn.buffer:
                self._time_out(conn)
            else:
                self._close(conn)  # idle, or closing: nothing to answer
        self.incidents.report_if_due(now)

    def _time_out(self, conn: Connection) -> None:
        """Answer 408 to a request that did not arrive within its phase's limit."""
        phase, option, limit = (
            ("body", "--body-timeout", self.limits.body_timeout)
            if conn.framer.in_body
            else ("head", "--header-timeout", self.limits.header_timeout)
        )
        self.incidents.note(
            f"requests timed out ({phase})",
            conn.address,
            f"the request {phase} was not complete within {limit:g} s ({option})",
        )
        _send_now(
            conn.sock, _answer(408, f"the request {phase} did not arrive within {limit:g} seconds")
        )
        self._half_close(conn)

    def _cap_keepalive(self, deadline: float) -> None:
        for conn in self.waiting:
            if conn.deadline > deadline:
                self._set_deadline(conn, deadline)

    def finish_request(  # type: ignore[override]  # a Connection for TConn
        self, conn: Connection, fs: Future[bool]
    ) -> None:
        """Back from a request thread: send the rest of its answer, then serve the next
        request, wait for it, or close."""
        try:
            keepalive = bool(fs.result()) if not fs.cancelled() else False
        except Exception:
            keepalive = False
        if conn.sock.fileno() < 0:  # gunicorn closed it (an error after the headers were sent)
            self._close(conn)
            return
        if conn.outbox.pending:
            self._flush(conn, close_after=not keepalive)
        elif keepalive:
            self._resume(conn)
        else:
            self._half_close(conn)

    def _flush(self, conn: Connection, close_after: bool) -> None:
        """Send what the outbox kept when the socket takes it; the deadline moves with every
        byte the client reads."""
        conn.flushing = True
        conn.close_after_flush = close_after
        self.waiting[conn] = None
        self.buffered += len(conn.buffer)
        self._set_deadline(conn, time.monotonic() + self.limits.send_timeout)
        self.poller.register(conn.sock, selectors.EVENT_WRITE, partial(self._writable, conn))

    def _writable(self, conn: Connection, _sock: Any) -> None:
        try:
            sent = conn.outbox.send_ready()
        except OSError:
            self._close(conn)
            return
        if conn.outbox.pending:
            if sent:
                self._set_deadline(conn, time.monotonic() + self.limits.send_timeout)
            return
        self._leave(conn)
        conn.flushing = False
        if conn.close_after_flush:
            self._half_close(conn)
        else:
            self._resume(conn)

    def _resume(self, conn: Connection) -> None:
        """A kept-alive connection: serve its next request if it is here, else wait for it."""
        try:
            end = conn.request_end(time.monotonic())
        except Refused as refusal:
            self._refuse_request(conn, refusal)
            return
        if end >= 0:  # pipelined behind the last one, or read while the thread lingered
            self.enqueue_req(conn)  # type: ignore[arg-type]  # a Connection for TConn
        else:
            self._wait(conn)

    # -- a request thread ------------------------------------------------------------------

    def handle(self, conn: Connection) -> bool:  # type: ignore[override]  # for TConn
        """Serve the complete request at the head of the buffer, then those that follow soon
        (unless an answer is still being sent); return whether the connection stays open."""
        keepalive = self._serve(conn)
        while (
            keepalive and self.alive and not conn.outbox.pending and self._next_request_soon(conn)
        ):
            keepalive = self._serve(conn)
        return keepalive

    def _serve(self, conn: Connection) -> bool:
        request = conn.take_request(conn.request_end(time.monotonic()))
        if conn.parser is None:
            conn.parser = RequestParser(self.cfg, (), conn.client)
        conn.parser.unreader.unread(request)
        req = None
        try:
            req = next(conn.parser)
            if conn.continue_sent:  # the front said `100 Continue` already
                req._expected_100_continue = False  # type: ignore[attr-defined]  # gunicorn's
            keepalive = self.handle_request(req, conn.view)  # type: ignore[arg-type]  # TConn
            # gunicorn 27's finish_body tells whether the body was drained; the stub says None
            return keepalive and bool(conn.parser.finish_body())  # type: ignore[func-returns-value]
        except (NoMoreData, StopIteration):
            return False
        except BlockingIOError:  # the send timeout: the peer stopped reading
            self.method_queue.defer(
                self.incidents.note,
                "answers cut off",
                conn.address,
                f"the client read nothing for {self.limits.send_timeout:g} s (--send-timeout)",
            )
            return False
        except OSError as error:
            if error.errno not in (errno.EPIPE, errno.ECONNRESET, errno.ENOTCONN):
                self.log.exception("Socket error processing request.")
            return False
        except Exception as error:
            self.handle_error(req, conn.outbox, conn.client, error)  # type: ignore[arg-type]
            return False
        finally:
            conn.continue_sent = False
            conn.answered(time.monotonic())

    def _next_request_soon(self, conn: Connection) -> bool:
        """Whether the connection's next request is complete now or within LINGER, reading
        what arrives meanwhile. False hands the connection back to the poller, which also
        closes it when the peer is gone or answers a request it refuses."""
        now = time.monotonic()
        try:
            if conn.request_end(now) >= 0:
                return True
        except Refused:
            return False
        # requests the poller handed over that wait for a thread (ThreadPoolExecutor's queue)
        waiting = getattr(self.tpool, "_work_queue", None)
        deadline = now + LINGER
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                readable = _readable_within(conn.sock, min(LINGER_SLICE, remaining))
            except (OSError, ValueError):  # closed meanwhile
                return False
            if readable:
                now = time.monotonic()
                if not conn.receive(now):
                    return False
                try:
                    if conn.request_end(now) >= 0:
                        return True
                except Refused:
                    return False
            elif waiting is None or not waiting.empty():
                return False


def _readable_within(sock: socket.socket, seconds: float) -> bool:
    """Wait at most `seconds` for `sock` to be readable. poll(), not select(): a worker with
    thousands of connections has descriptors above select's limit of 1024."""
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(seconds * 1000))


def _answer(status: int, message: str) -> bytes:
    """A complete plain-text answer of the front itself, closing the connection."""
    phrase = HTTPStatus(status).phrase
    body = f"{status} {phrase}: {message}\n".encode()
    retry = f"Retry-After: {RETRY_AFTER}\r\n" if status in (429, 503) else ""
    return (
        f"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n{retry}Connection: close\r\nCache-Control: no-store"
        "\r\nX-Content-Type-Options: nosniff\r\nAccess-Control-Allow-Origin: *\r\n\r\n"
    ).encode("ascii") + body


def _send_now(sock: socket.socket, data: bytes) -> None:
    """Send what the socket takes without waiting (a short answer always fits its buffer)."""
    with contextlib.suppress(OSError):
        sock.send(data, socket.MSG_DONTWAIT)


def _refuse(sock: socket.socket, status: int, message: str) -> None:
    """Answer a connection that is not admitted, and close it."""
    _send_now(sock, _answer(status, message))
    with contextlib.suppress(OSError):  # unread, a request already sent would reset it
        sock.recv(RECEIVE_SIZE, socket.MSG_DONTWAIT)
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_WR)
    sock.close()
