"""Loopback connection attacks on an HTTP server, a probing client, and a server's memory.

Why: the endpoint must keep answering real clients while others hold its connections without
finishing a request (idle, slowloris, slow body), stop reading its answers (half open), or
simply keep many legitimate keep-alive connections. Each `Attack` holds N connections in ONE
background thread (`selectors`, non-blocking sockets), from loopback source addresses 127.0.0.2
and up, so the measuring `Prober` on 127.0.0.1 is another client address to a server that
bounds connections per address. A connection the server closes or refuses is opened again (at
a bounded rate) to keep the pressure on, until `stop()` or the attack's `duration` ends.

Safety: every address used (target and sources) must lie in 127.0.0.0/8, and every loop here
is bounded in time; threads are daemons and stop by themselves.

Used by tests (`from support.attacks import Idle, Prober, run_scenario`) and by
bench/connections.py (which puts tests/ on sys.path).
"""

from __future__ import annotations

import collections
import contextlib
import errno
import http.client
import ipaddress
import math
import os
import random
import resource
import selectors
import socket
import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import psutil

LOOPBACK = ipaddress.ip_network("127.0.0.0/8")
ENDPOINT = "/sparql"
ASK = urllib.parse.quote("ASK {}")  # the cheapest query: ASK%20%7B%7D
LARGE = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }")  # an answer of the whole graph
# 100,000 rows whatever the data (about 18 MB of JSON): more than the kernel buffers for a
# client that reads nothing
HUGE = urllib.parse.quote(
    "SELECT * { VALUES ?a { "
    + " ".join(map(str, range(1000)))
    + " } VALUES ?b { "
    + " ".join(map(str, range(100)))
    + " } }"
)
RESULTS_JSON = "application/sparql-results+json"

TICK = 0.05  # seconds between scans for due sends, connect timeouts and the clock
FD_MARGIN = 256  # descriptors kept free beyond the attack's sockets (server logs, pipes, ...)
MAX_CONNECTIONS = 20_000  # per attack: a bound, not a goal
MAX_DURATION = 3600.0  # no attack, prober or sampler runs longer than this
IMMEDIATE = 1.0  # a close within this many seconds of opening, with no answer, is a refusal
# Linux: bind() picks the source port only at connect(), per destination; without it each
# source address would run out of ephemeral ports after ~28,000 binds
IP_BIND_ADDRESS_NO_PORT = getattr(socket, "IP_BIND_ADDRESS_NO_PORT", 24)
TCP_ESTABLISHED = 1  # tcp_info.tcpi_state (first byte of TCP_INFO)
HEAD_LIMIT = 65536  # bytes of a response head we buffer before giving up on it


def loopback(address: str) -> str:
    """Return `address` if it is an IPv4 loopback literal; refuse anything else (safety)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        raise ValueError(f"{address!r}: not an IP address (use a 127.x.y.z literal)") from None
    if ip not in LOOPBACK:
        raise ValueError(f"{address}: attacks only ever go to and from 127.0.0.0/8")
    return address


def loopback_sources(count: int, first: str = "127.0.0.2") -> list[str]:
    """Return `count` consecutive loopback addresses from `first` (127.0.0.2, 127.0.0.3, ...)."""
    start = ipaddress.ip_address(loopback(first))
    addresses = [str(start + i) for i in range(count)]
    for address in addresses:
        loopback(address)
    return addresses


def open_descriptors() -> int:
    """Return how many file descriptors this process has open."""
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return int(psutil.Process().num_fds())


def ensure_file_limit(connections: int) -> int:
    """Make room for `connections` more sockets: raise RLIMIT_NOFILE's soft limit to the hard
    limit when they (plus what is open and a margin) would not fit; fail clearly when even the
    hard limit is too low. Returns the descriptors needed."""
    needed = connections + open_descriptors() + FD_MARGIN
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return needed
    if hard != resource.RLIM_INFINITY and hard < needed:
        raise RuntimeError(
            f"{connections} connections need {needed} file descriptors, but the hard limit "
            f"(RLIMIT_NOFILE) is {hard}: raise it (ulimit -Hn) or ask for fewer connections"
        )
    resource.setrlimit(
        resource.RLIMIT_NOFILE, (needed if hard == resource.RLIM_INFINITY else hard, hard)
    )
    return needed


def _error_kind(code: int) -> str:
    """Name a socket error number as a short kind: ECONNREFUSED -> 'refused'."""
    names = {
        errno.ECONNREFUSED: "refused",
        errno.ECONNRESET: "reset",
        errno.ETIMEDOUT: "connect-timeout",
        errno.EADDRNOTAVAIL: "no-source-port",
        errno.EMFILE: "no-descriptors",
        errno.ENFILE: "no-descriptors",
    }
    return names.get(code, errno.errorcode.get(code, str(code)).lower())


def _percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile of sorted `values` (None when empty)."""
    if not values:
        return None
    return values[min(len(values) - 1, max(0, math.ceil(q * len(values)) - 1))]


@dataclass(eq=False)
class Connection:
    """One attacking connection and its progress (owned by the attack's thread)."""

    sock: socket.socket
    source: str
    started: float
    connected_at: float | None = None
    out: bytearray = field(default_factory=bytearray)  # bytes still to send
    inbuf: bytearray = field(default_factory=bytearray)  # bytes of a response being read
    due: float = math.inf  # when the attack next acts on this connection
    events: int = 0  # selector events registered now (0: not registered)
    status: int | None = None  # status of the last response (head) read
    answered: bool = False  # any status line was read
    shut: bool = False  # HalfClosed: write side shut down
    expect: int | None = None  # KeepAlive: body bytes of the response being read (-1 chunked,
    sent_at: float = 0.0  # -2 until close); when the pending request went out


class Attack:
    """Hold `n` connections to (host, port) from loopback sources, re-opening closed ones.

    Counters (read them any time; `stats()` gives all): `opened` (connections established),
    `closed_by_server` (established ones the server closed: EOF or reset), `refused` (connect
    errors, plus server closes that answered a 4xx/5xx status or came within IMMEDIATE seconds
    of opening without any answer), `statuses` (Counter of status codes read), `errors`
    (Counter of connect error kinds), `currently_open`, `attempts` (connects begun).
    """

    kind: ClassVar[str] = "attack"
    reads: ClassVar[bool] = True  # register for reads (HalfOpen never reads)
    quick_close_refuses: ClassVar[bool] = True  # a close within IMMEDIATE s is a refusal

    def __init__(
        self,
        n: int,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        sources: Sequence[str] = ("127.0.0.2",),
        endpoint: str = ENDPOINT,
        interval: float = 1.0,
        duration: float = 60.0,
        reopen_rate: float = 200.0,
        connect_timeout: float = 10.0,
        seed: int = 0,
    ) -> None:
        if not 0 < n <= MAX_CONNECTIONS:
            raise ValueError(f"n={n}: between 1 and {MAX_CONNECTIONS} connections per attack")
        if not sources:
            raise ValueError("at least one source address")
        self.n = n
        self.host = loopback(host)
        self.port = port
        self.sources = [loopback(source) for source in sources]
        self.endpoint = endpoint
        self.interval = interval
        self.duration = min(duration, MAX_DURATION)
        self.reopen_rate = max(1.0, reopen_rate)
        self.connect_timeout = connect_timeout
        self.random = random.Random(seed)
        self.opened = self.closed_by_server = self.refused = 0
        self.currently_open = self.connecting = self.attempts = 0
        self.requests = 0  # requests (or request parts) completed sending
        self.statuses: collections.Counter[int] = collections.Counter()
        self.errors: collections.Counter[str] = collections.Counter()
        self.error: BaseException | None = None  # what crashed the thread, if anything
        self._held_area = 0.0  # integral of currently_open over time
        self._began = self._ended = 0.0
        self._next_source = 0
        self._tokens = float(n)  # the first n connects go at once, re-opens at reopen_rate
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conns: set[Connection] = set()
        self._selector: selectors.BaseSelector | None = None

    # -- what each kind sends (overridden) ---------------------------------------------------

    def configure(self, sock: socket.socket) -> None:
        """Set socket options before connecting."""

    def opening(self, conn: Connection, now: float) -> bytes:
        """Bytes to send once connected; may set `conn.due` for `act`."""
        return b""

    def act(self, conn: Connection, now: float) -> bytes:
        """Bytes to send when `conn.due` has come; must move `conn.due` on."""
        conn.due = math.inf
        return b""

    def flushed(self, conn: Connection) -> None:
        """Everything queued was sent."""

    def received(self, conn: Connection, data: bytes, now: float) -> None:
        """Record the status line of the first answer; drop the rest (bounded memory)."""
        if conn.answered:
            return
        conn.inbuf += data
        if b"\r\n" in conn.inbuf or len(conn.inbuf) >= 12:
            self._status(conn, bytes(conn.inbuf))
            conn.inbuf.clear()

    def request_line(self, query: str = ASK) -> str:
        return f"GET {self.endpoint}?query={query} HTTP/1.1\r\nHost: x\r\n"

    # -- life cycle ----------------------------------------------------------------------------

    def start(self, host: str | None = None, port: int | None = None) -> Attack:
        """Start the attack's thread (against host/port if given)."""
        if self._thread is not None:
            raise RuntimeError("an attack starts once")
        self.host = loopback(host or self.host)
        self.port = port or self.port
        if not self.port:
            raise ValueError("no port to attack")
        ensure_file_limit(self.n)
        self._thread = threading.Thread(
            target=self._guarded, name=f"attack-{self.kind}", daemon=True
        )
        self._thread.start()
        return self

    def request_stop(self) -> None:
        """Ask the thread to stop without waiting (to stop several attacks at the same time)."""
        self._stop.set()

    def stop(self, timeout: float = 10.0) -> dict[str, Any]:
        """Stop, close every socket, join the thread; re-raise what crashed it. Returns stats."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise RuntimeError(f"{self.kind} attack did not stop within {timeout} s")
        if self.error is not None:
            raise RuntimeError(f"{self.kind} attack failed") from self.error
        return self.stats()

    def __enter__(self) -> Attack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def held_average(self) -> float:
        """Connections held open on average since the start."""
        span = (self._ended or time.monotonic()) - self._began
        return self._held_area / span if self._began and span > 0 else 0.0

    def stats(self) -> dict[str, Any]:
        """The counters as plain data."""
        return {
            "kind": self.kind,
            "n": self.n,
            "sources": len(self.sources),
            "opened": self.opened,
            "attempts": self.attempts,
            "reopened": max(0, self.attempts - self.n),
            "closed_by_server": self.closed_by_server,
            "refused": self.refused,
            "currently_open": self.currently_open,
            "connecting": self.connecting,
            "held_average": round(self.held_average, 1),
            "requests": self.requests,
            "statuses": {str(code): count for code, count in sorted(self.statuses.items())},
            "errors": dict(self.errors.most_common()),
            "error": repr(self.error) if self.error else None,
        }

    # -- the loop ------------------------------------------------------------------------------

    def _guarded(self) -> None:
        try:
            self._run()
        except BaseException as exc:  # kept for stop() to re-raise
            self.error = exc

    def _run(self) -> None:
        self._selector = selectors.DefaultSelector()
        self._began = last = time.monotonic()
        deadline = self._began + self.duration
        next_scan = 0.0
        try:
            while not self._stop.is_set():
                now = time.monotonic()
                if now >= deadline:
                    break
                self._held_area += self.currently_open * (now - last)
                self._tokens = min(
                    max(self._tokens, self.reopen_rate),
                    self._tokens + (now - last) * self.reopen_rate,
                )
                last = now
                while len(self._conns) < self.n and self._tokens >= 1:
                    self._tokens -= 1
                    self._open(now)
                for key, mask in self._selector.select(TICK):
                    self._event(key.data, mask, time.monotonic())
                now = time.monotonic()
                if now >= next_scan:
                    next_scan = now + TICK
                    for conn in list(self._conns):
                        self._scan(conn, now)
        finally:
            self._ended = time.monotonic()
            self._held_area += self.currently_open * (self._ended - last)
            for conn in list(self._conns):
                self._drop(conn)
            self._selector.close()

    def _open(self, now: float) -> None:
        source = self.sources[self._next_source % len(self.sources)]
        self._next_source += 1
        self.attempts += 1
        try:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        except OSError as exc:
            self._refuse(exc.errno or 0)
            return
        try:
            sock.setblocking(False)
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
            self.configure(sock)
            sock.bind((source, 0))
            code = sock.connect_ex((self.host, self.port))
        except OSError as exc:
            sock.close()
            self._refuse(exc.errno or 0)
            return
        if code not in (0, errno.EINPROGRESS):
            sock.close()
            self._refuse(code)
            return
        conn = Connection(sock, source, now)
        self._conns.add(conn)
        self.connecting += 1
        self._watch(conn, selectors.EVENT_WRITE)

    def _refuse(self, code: int) -> None:
        self.refused += 1
        self.errors[_error_kind(code)] += 1

    def _watch(self, conn: Connection, events: int) -> None:
        """Register exactly `events` for `conn` (none: unregistered)."""
        assert self._selector is not None
        if events == conn.events:
            return
        if conn.events and events:
            self._selector.modify(conn.sock, events, conn)
        elif events:
            self._selector.register(conn.sock, events, conn)
        else:
            self._selector.unregister(conn.sock)
        conn.events = events

    def _event(self, conn: Connection, mask: int, now: float) -> None:
        if conn not in self._conns:
            return
        if conn.connected_at is None:
            code = conn.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if code:
                self._drop(conn)
                self._refuse(code)
                return
            conn.connected_at = now
            self.connecting -= 1
            self.currently_open += 1
            self.opened += 1
            conn.out += self.opening(conn, now)
            self._flush(conn)
            return
        if mask & selectors.EVENT_READ:
            try:
                data = conn.sock.recv(65536)
            except BlockingIOError:
                data = None
            except OSError:
                self._closed_by_server(conn, now)
                return
            if data == b"":
                self._closed_by_server(conn, now)
                return
            if data:
                self.received(conn, data, now)
        if conn in self._conns and mask & selectors.EVENT_WRITE:
            self._flush(conn)

    def _flush(self, conn: Connection) -> None:
        if conn.out:
            try:
                sent = conn.sock.send(conn.out)
                del conn.out[:sent]
            except BlockingIOError:
                pass
            except OSError:
                self._closed_by_server(conn, time.monotonic())
                return
            if not conn.out:
                self.requests += 1
                self.flushed(conn)
        if conn in self._conns:
            reading = selectors.EVENT_READ if self.reads else 0
            self._watch(conn, reading | (selectors.EVENT_WRITE if conn.out else 0))

    def _scan(self, conn: Connection, now: float) -> None:
        if conn.connected_at is None:
            if now - conn.started > self.connect_timeout:
                self._drop(conn)
                self._refuse(errno.ETIMEDOUT)
            return
        if now >= conn.due:
            data = self.act(conn, now)
            if conn in self._conns and data:
                conn.out += data
                self._flush(conn)

    def _status(self, conn: Connection, head: bytes) -> None:
        """Record the status code of a response head (b'HTTP/1.1 503 ...')."""
        conn.answered = True
        try:
            conn.status = int(head[9:12]) if head.startswith(b"HTTP/") else 0
        except ValueError:
            conn.status = 0  # not HTTP: counted as status 0
        self.statuses[conn.status] += 1

    def _closed_by_server(self, conn: Connection, now: float) -> None:
        self.closed_by_server += 1
        quick = conn.connected_at is not None and now - conn.connected_at < IMMEDIATE
        if (
            (conn.status or 0) >= 400
            or conn.status == 0
            or (quick and not conn.answered and self.quick_close_refuses)
        ):
            self.refused += 1
        self._drop(conn)

    def _drop(self, conn: Connection) -> None:
        """Close `conn` and forget it (the loop opens another)."""
        if conn not in self._conns:
            return
        self._conns.discard(conn)
        if conn.events:
            self._watch(conn, 0)
        if conn.connected_at is None:
            self.connecting -= 1
        else:
            self.currently_open -= 1
        conn.sock.close()


class Idle(Attack):
    """Connect and never send a byte: holds a connection slot for as long as the server lets."""

    kind = "idle"


class Slowloris(Attack):
    """Start a GET head, then one more header line every `interval` s, never ending the head."""

    kind = "slowloris"

    def opening(self, conn: Connection, now: float) -> bytes:
        conn.due = now + self.interval
        return self.request_line().encode()

    def act(self, conn: Connection, now: float) -> bytes:
        conn.due = now + self.interval
        return b"X-a: b\r\n"


class SlowBody(Attack):
    """Send a complete POST head announcing 100,000 bytes, then one body byte per `interval`."""

    kind = "slowbody"
    LENGTH = 100_000

    def opening(self, conn: Connection, now: float) -> bytes:
        conn.due = now + self.interval
        return (
            f"POST {self.endpoint} HTTP/1.1\r\nHost: x\r\n"
            f"Content-Type: application/sparql-query\r\nAccept: {RESULTS_JSON}\r\n"
            f"Content-Length: {self.LENGTH}\r\n\r\n"
        ).encode()

    def act(self, conn: Connection, now: float) -> bytes:
        conn.due = now + self.interval
        return b" "


class HalfOpen(Attack):
    """Ask for a large answer with a tiny receive buffer, then never read: the server's writes
    stall, as they would towards a peer that vanished without a FIN or reset.

    Never reading, it sees a close only by the socket's TCP state (FIN or reset arrived) or a
    peeked EOF; a server that gives up with unsent data queued stays 'open' from here until
    the kernel's retries end, so `currently_open` over-states what the server still holds.
    """

    kind = "halfopen"
    reads = False
    RCVBUF = 4096

    def __init__(
        self,
        n: int,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        path: str | None = None,
        **options: Any,
    ) -> None:
        options.setdefault("interval", 0.5)  # how often the socket's state is checked
        super().__init__(n, host, port, **options)
        self.path = path or f"{self.endpoint}?query={LARGE}"

    def configure(self, sock: socket.socket) -> None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.RCVBUF)

    def opening(self, conn: Connection, now: float) -> bytes:
        conn.due = now + self.interval
        return (f"GET {self.path} HTTP/1.1\r\nHost: x\r\nAccept: {RESULTS_JSON}\r\n\r\n").encode()

    def act(self, conn: Connection, now: float) -> bytes:
        conn.due = now + self.interval
        try:
            peeked = conn.sock.recv(16, socket.MSG_PEEK)
        except BlockingIOError:
            peeked = None
        except OSError:
            self._closed_by_server(conn, now)
            return b""
        if peeked == b"":
            self._closed_by_server(conn, now)
            return b""
        if peeked and not conn.answered and (b"\r\n" in peeked or len(peeked) >= 12):
            self._status(conn, peeked)
        state = conn.sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0]
        if state != TCP_ESTABLISHED:
            self._closed_by_server(conn, now)
        return b""


class HalfClosed(Attack):
    """Send half a request head, then shut the write side (FIN): a client that gave up.
    The server closing it at once is right, not a refusal (unless it answers 4xx/5xx)."""

    kind = "halfclosed"
    quick_close_refuses = False

    def opening(self, conn: Connection, now: float) -> bytes:
        return self.request_line().encode()

    def flushed(self, conn: Connection) -> None:
        if not conn.shut:
            conn.shut = True
            with contextlib.suppress(OSError):
                conn.sock.shutdown(socket.SHUT_WR)


class KeepAlive(Attack):
    """Legitimate keep-alive clients: a cheap complete request, read the whole answer, idle,
    another request every `interval` s on the same connection. The first request of each
    connection waits a random part of `interval`, so the load is spread evenly."""

    kind = "keepalive"
    MAX_LATENCIES = 100_000

    def __init__(self, n: int, host: str = "127.0.0.1", port: int = 0, **options: Any) -> None:
        options.setdefault("interval", 4.0)
        super().__init__(n, host, port, **options)
        self.responses = 0
        self.latencies: list[float] = []  # seconds from request sent to answer read

    def opening(self, conn: Connection, now: float) -> bytes:
        conn.due = now + self.random.uniform(0, self.interval)
        return b""

    def act(self, conn: Connection, now: float) -> bytes:
        conn.due = math.inf  # the next one is scheduled when this answer is read
        conn.sent_at = now
        conn.answered = False
        conn.expect = None
        return (
            f"GET {self.endpoint}?query={ASK} HTTP/1.1\r\nHost: x\r\nAccept: {RESULTS_JSON}\r\n\r\n"
        ).encode()

    def received(self, conn: Connection, data: bytes, now: float) -> None:
        conn.inbuf += data
        if conn.expect is None:
            end = conn.inbuf.find(b"\r\n\r\n")
            if end < 0:
                if len(conn.inbuf) > HEAD_LIMIT:
                    conn.inbuf.clear()  # not an HTTP answer: forget it, keep the connection
                return
            head = bytes(conn.inbuf[:end]).lower()
            self._status(conn, bytes(conn.inbuf[:12]))
            del conn.inbuf[: end + 4]
            conn.expect = -2
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip() == b"content-length":
                    conn.expect = int(value.strip() or 0)
                elif name.strip() == b"transfer-encoding" and b"chunked" in value:
                    conn.expect = -1
        done = (conn.expect >= 0 and len(conn.inbuf) >= conn.expect) or (
            conn.expect == -1 and conn.inbuf.endswith(b"0\r\n\r\n")
        )
        if conn.expect == -2 and len(conn.inbuf) > HEAD_LIMIT:
            conn.inbuf.clear()  # framed by close: keep only a bounded tail
        if done:
            conn.inbuf.clear()
            conn.expect = None
            self.responses += 1
            if len(self.latencies) < self.MAX_LATENCIES:
                self.latencies.append(now - conn.sent_at)
            conn.due = now + self.interval

    def stats(self) -> dict[str, Any]:
        values = sorted(self.latencies)
        return {
            **super().stats(),
            "responses": self.responses,
            "latency_p50": _percentile(values, 0.5),
            "latency_p99": _percentile(values, 0.99),
            "latency_max": values[-1] if values else None,
        }


# -- the measuring client ----------------------------------------------------------------------


@dataclass
class Probe:
    """One probe: when it began (monotonic), how long it took, its status or error kind."""

    started: float
    seconds: float
    status: int | None
    error: str | None  # None when answered 200; else connect-timeout, read-timeout, reset, ...


class Prober:
    """A real client: every `interval` s a NEW connection from 127.0.0.1 asks `ASK {}`.

    Probes run one after another (a slow one delays the next); `timeout` bounds each socket
    operation (connect, send, each read), so a probe ends by itself.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        path: str = f"{ENDPOINT}?query={ASK}",
        interval: float = 0.1,
        timeout: float = 10.0,
        source: str = "127.0.0.1",
        duration: float = MAX_DURATION,
    ) -> None:
        self.host = loopback(host)
        self.port = port
        self.path = path
        self.interval = interval
        self.timeout = timeout
        self.source = loopback(source)
        self.duration = min(duration, MAX_DURATION)
        self.probes: list[Probe] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="prober", daemon=True)

    def probe(self) -> Probe:
        """Send one probe now and return it (not recorded)."""
        conn = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout, source_address=(self.source, 0)
        )
        started = time.monotonic()
        began = time.perf_counter()
        phase, status, error = "connect", None, None
        try:
            conn.connect()
            phase = "read"
            conn.request("GET", self.path, headers={"Accept": RESULTS_JSON})
            response = conn.getresponse()
            response.read()
            status = response.status
            error = None if status == 200 else f"status-{status}"
        except TimeoutError:
            error = f"{phase}-timeout"
        except ConnectionRefusedError:
            error = "refused"
        except (
            ConnectionResetError,
            BrokenPipeError,
            ConnectionAbortedError,
            http.client.RemoteDisconnected,
        ):
            error = "reset"
        except (OSError, http.client.HTTPException) as exc:
            error = type(exc).__name__
        finally:
            conn.close()
        return Probe(started, time.perf_counter() - began, status, error)

    def _run(self) -> None:
        deadline = time.monotonic() + self.duration
        next_at = time.monotonic()
        while not self._stop.is_set() and time.monotonic() < deadline:
            self.probes.append(self.probe())
            next_at = max(next_at + self.interval, time.monotonic())
            self._stop.wait(next_at - time.monotonic())

    def start(self) -> Prober:
        self._thread.start()
        return self

    def stop(self) -> dict[str, Any]:
        """Stop after the probe in flight (at most a few timeouts); return the summary."""
        self._stop.set()
        self._thread.join(3 * self.timeout + 5)
        return self.summary()

    def __enter__(self) -> Prober:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def summary(self, start: float | None = None, end: float | None = None) -> dict[str, Any]:
        """Count, ok, failures by kind, p50/p99/max seconds of the probes begun in [start, end).

        A failed probe counts as `timeout` seconds in the percentiles (at least what it took).
        """
        chosen = [
            p
            for p in list(self.probes)
            if (start is None or p.started >= start) and (end is None or p.started < end)
        ]
        values = sorted(
            p.seconds if p.error is None else max(p.seconds, self.timeout) for p in chosen
        )
        failures = collections.Counter(p.error for p in chosen if p.error is not None)
        return {
            "count": len(chosen),
            "ok": len(chosen) - sum(failures.values()),
            "failures": dict(failures.most_common()),
            "p50": _percentile(values, 0.5),
            "p99": _percentile(values, 0.99),
            "max": values[-1] if values else None,
            "timeout": self.timeout,
        }


def wait_answering(
    host: str,
    port: int,
    path: str = f"{ENDPOINT}?query={ASK}",
    within: float = 30.0,
    timeout: float = 5.0,
) -> float | None:
    """Probe until one is answered 200; return the seconds it took, None after `within` s."""
    prober = Prober(host, port, path=path, timeout=timeout)
    began = time.monotonic()
    while time.monotonic() - began < within:
        if prober.probe().error is None:
            return time.monotonic() - began
        time.sleep(0.1)  # between probes of a bounded wait (bench/ uses it too: no test failure)
    return None


# -- memory of the server ----------------------------------------------------------------------


def memory_of_group(pid: int) -> dict[str, int | None]:
    """Total RSS, and PSS where psutil gives it, in bytes, of `pid` and all its descendants
    (gunicorn master, HTTP workers, zygote, query workers). PSS counts a copy-on-write page
    shared by forked processes once; RSS counts it in each. Zeros when the process is gone."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return {"rss": 0, "pss": None, "processes": 0}
    rss, counted = 0, 0
    pss: int | None = 0
    for process in processes:
        try:
            info = process.memory_full_info()
        except psutil.AccessDenied:
            with contextlib.suppress(psutil.Error):
                rss += process.memory_info().rss
                counted += 1
                pss = None
            continue
        except psutil.Error:
            continue  # ended meanwhile
        counted += 1
        rss += info.rss
        if pss is not None:
            pss = pss + int(info.pss) if hasattr(info, "pss") else None
    return {"rss": rss, "pss": pss, "processes": counted}


class MemorySampler:
    """Sample `memory_of_group(pid)` every `interval` s in a thread; first/min/max/last."""

    def __init__(self, pid: int, interval: float = 0.5, duration: float = MAX_DURATION) -> None:
        self.pid = pid
        self.interval = interval
        self.duration = min(duration, MAX_DURATION)
        self.samples: list[tuple[float, dict[str, int | None]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="memory", daemon=True)

    def _run(self) -> None:
        deadline = time.monotonic() + self.duration
        while time.monotonic() < deadline:
            self.samples.append((time.monotonic(), memory_of_group(self.pid)))
            if self._stop.wait(self.interval):
                break
        self.samples.append((time.monotonic(), memory_of_group(self.pid)))

    def start(self) -> MemorySampler:
        self._thread.start()
        return self

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        self._thread.join(30)
        return self.summary()

    def __enter__(self) -> MemorySampler:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def summary(self) -> dict[str, Any]:
        """Per measure (rss, pss): first, min, max, last in bytes (None if never measured)."""
        result: dict[str, Any] = {"samples": len(self.samples)}
        for measure in ("rss", "pss"):
            values = [v for _, s in self.samples if (v := s[measure]) is not None]
            result[measure] = (
                {"first": values[0], "min": min(values), "max": max(values), "last": values[-1]}
                if values
                else None
            )
        return result


# -- a whole scenario --------------------------------------------------------------------------


def run_scenario(
    host: str,
    port: int,
    attacks: Sequence[Attack],
    seconds: float,
    prober_interval: float = 0.1,
    server_pid: int | None = None,
    *,
    prober_path: str = f"{ENDPOINT}?query={ASK}",
    prober_timeout: float = 10.0,
    baseline: float = 0.0,
    sample_every: float = 0.5,
) -> dict[str, Any]:
    """Probe for `baseline` s, then run `attacks` (not yet started) for `seconds` with the
    prober throughout; stop everything (threads joined, sockets closed) even on error.

    Returns: wall seconds, each attack's stats, connections held (average and max of the sum
    over attacks, sampled every `sample_every` s), the prober's summary during the attacks,
    during their second half and during the baseline, and the server group's memory (if
    `server_pid`).
    """
    if seconds > MAX_DURATION or baseline > MAX_DURATION:
        raise ValueError(f"at most {MAX_DURATION:g} s")
    ensure_file_limit(sum(attack.n for attack in attacks))
    began = time.monotonic()
    prober = Prober(
        host,
        port,
        path=prober_path,
        interval=prober_interval,
        timeout=prober_timeout,
        duration=baseline + seconds + 5,
    )
    memory = MemorySampler(server_pid, sample_every) if server_pid else None
    held: list[int] = []
    errors: list[BaseException] = []
    attack_began = began
    try:
        prober.start()
        if memory:
            memory.start()
        time.sleep(baseline)  # a real duration: the prober measures the server before the attack
        attack_began = time.monotonic()
        for attack in attacks:
            attack.duration = seconds + 5  # a safety net: stopped below after `seconds`
            attack.start(host, port)
        end = attack_began + seconds
        while (now := time.monotonic()) < end:
            time.sleep(min(sample_every, end - now))  # the sampling rate, for `seconds`
            held.append(sum(attack.currently_open for attack in attacks))
    finally:
        for attack in attacks:  # all at once: one closing its sockets frees the others' way
            attack.request_stop()
        for attack in attacks:
            try:
                attack.stop()
            except RuntimeError as exc:
                errors.append(exc)
        attack_ended = time.monotonic()
        prober.stop()
        memory_summary = memory.stop() if memory else None
    if errors:
        raise errors[0]
    return {
        "seconds": seconds,
        "baseline_seconds": baseline,
        "wall": round(time.monotonic() - began, 2),
        "attacks": [attack.stats() for attack in attacks],
        "held": {
            "average": round(sum(held) / len(held), 1) if held else 0,
            "max": max(held, default=0),
        },
        "prober": prober.summary(start=attack_began, end=attack_ended),
        # the attack's second half: once it is in place (stalled answers computed, connections
        # held), what a client sees then
        "prober_settled": prober.summary(
            start=attack_began + (attack_ended - attack_began) / 2, end=attack_ended
        ),
        "prober_baseline": prober.summary(end=attack_began),
        "memory": memory_summary,
    }
