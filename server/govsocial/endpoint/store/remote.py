"""A `QueryStore` that proxies to a remote SPARQL 1.1 endpoint (Oxigraph, Fuseki, Virtuoso, ...).

The endpoint's checks (`serving.querycheck`: size, nesting, SERVICE) run before a job gets here,
as for the embedded store. This module adds what only the proxy can enforce:

- one host: every request goes to the configured URL; no environment proxies, no redirects
  (a redirect is an upstream error, never followed), nothing else is ever contacted;
- the deadline: each socket operation waits at most until the job's deadline, so a slow or
  trickling remote ends in `QueryTimeout` (503) on time; the connection is then dropped;
- max rows: results are parsed as they stream in (SPARQL JSON, N-Triples) and re-written by
  the embedded store's own writers (`store.results`), which cut at `max_rows`; the rest is
  never read. Clients therefore get byte-for-byte the formats the embedded store produces.

Remote failures map to statuses: unreachable or a 5xx / redirect / unreadable answer 502, a
remote 400 (its parser's message) 400, a remote 503/504 or our deadline 503.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import logging
import os
import socket
import threading
import time
import weakref
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TypedDict
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from govsocial.endpoint.formats import GRAPHS, SOLUTIONS
from govsocial.endpoint.store.errors import (
    NotAcceptable,
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    UpstreamError,
)
from govsocial.endpoint.store.interface import (
    BoundTerm,
    DatasetInfo,
    QueryAnswer,
    QueryJob,
    QueryStore,
    Term,
)
from govsocial.endpoint.store.lexer import mask
from govsocial.endpoint.store.results import write_boolean, write_graph, write_solutions

log = logging.getLogger(__name__)

# SELECT/ASK as SPARQL JSON, CONSTRUCT/DESCRIBE as N-Triples: both parse as a stream
_SOLUTIONS, _GRAPH = SOLUTIONS["json"], GRAPHS["nt"]
_ACCEPT = f"{_SOLUTIONS.media_type}, {_GRAPH.media_type};q=0.9"
_SHOWN_BODY = 300  # characters of a remote error body passed on to the client
_CHUNK = 64 * 1024


class _Answer(TypedDict):
    """A `QueryAnswer` but for the time it took."""

    kind: str
    format: str
    media_type: str
    body: bytes
    rows: int | None
    truncated: bool


def _count(node: Term) -> int:
    """The value of a COUNT the remote sent (an integer literal)."""
    assert isinstance(node, ox.Literal)
    return int(node.value)


def query_url(url: str) -> str:
    """Return the query endpoint for a URL; one without any path (`http://host:port`) means
    Oxigraph's /query. An explicit `/` stays (QLever answers queries there)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) endpoint URL: {url!r}")
    if parts.path == "" and not parts.query:
        return url + "/query"
    return url


class _Deadline(io.RawIOBase):
    """Read a response body, each read waiting at most until the deadline."""

    def __init__(
        self, response: http.client.HTTPResponse, sock: socket.socket, deadline: float
    ) -> None:
        self.response, self.sock, self.deadline = response, sock, deadline

    def readable(self) -> bool:
        return True

    # io.BufferedReader hands a memoryview; typeshed types any writable buffer, which has no len
    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        self.sock.settimeout(remaining)
        # read1: what one receive brings (readinto would keep receiving until the buffer is
        # full, so a remote trickling one byte at a time would never meet the deadline check)
        data = self.response.read1(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _sparql_term(value: BoundTerm) -> str:
    kind, text, lang, datatype = value
    if kind == "uri":
        return str(ox.NamedNode(text))
    if lang:
        return str(ox.Literal(text, language=lang))
    return str(ox.Literal(text, datatype=ox.NamedNode(datatype) if datatype else None))


def bind_values(query: str, bindings: tuple[tuple[str, BoundTerm], ...]) -> str:
    """Fix variables by a VALUES block opening the query's WHERE group.

    The remote has no pre-binding API; a VALUES first in the top-level group is joined with the
    whole group (so FILTERs there see the value) and engines evaluate it first. Only variables
    hidden inside sub-SELECTs would differ from pyoxigraph's substitution; our pages do not
    bind such variables.
    """
    if not bindings:
        return query
    names = " ".join(f"?{name}" for name, _ in bindings)
    values = " ".join(_sparql_term(value) for _, value in bindings)
    block = f" VALUES ({names}) {{ ({values}) }} "
    code = mask(query)
    depth, start = 0, None
    where = _find_where(code)
    for index in range(where, len(code)):
        char = code[index]
        if char == "{" and depth == 0:
            start = index
            break
        if char in "{(":
            depth += 1
        elif char in "})":
            depth -= 1
    if start is None:  # DESCRIBE without a WHERE clause
        return f"{query}\nWHERE {{{block}}}"
    return query[: start + 1] + block + query[start + 1 :]


def _find_where(code: str) -> int:
    # the WHERE keyword at depth 0 (a CONSTRUCT template comes before it), else the start
    depth = 0
    upper = code.upper()
    for index, char in enumerate(code):
        if char in "{(":
            depth += 1
        elif char in "})":
            depth -= 1
        elif depth == 0 and upper.startswith("WHERE", index):
            before = code[index - 1] if index else " "
            after = code[index + 5 : index + 6] or " "
            word_before = before.isalnum() or before in "_:?$"
            if not word_before and not (after.isalnum() or after in "_:"):
                return index + 5
    return 0


class RemoteStore(QueryStore):
    """Answer jobs by asking a remote SPARQL 1.1 endpoint (Protocol, POST form)."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 30.0,
        max_rows: int | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        self.url = query_url(url)
        parts = urlsplit(self.url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or ""
        self._port = parts.port or (443 if self._https else 80)
        self._target = parts.path + (f"?{parts.query}" if parts.query else "")
        self.timeout = timeout
        self.max_rows = max_rows
        self.prefixes = dict(prefixes or {})
        self._local = threading.local()
        self._open: set[http.client.HTTPConnection] = set()  # of all threads, for close()
        self._open_lock = threading.Lock()
        ref = weakref.ref(self)
        # a forked HTTP worker must not share the parent's keep-alive connection
        os.register_at_fork(after_in_child=lambda: _forget_connections(ref))
        self.info = self._describe()

    # -- what is there -------------------------------------------------------------------------

    def _describe(self) -> DatasetInfo:
        """Count the remote's triples once at start (VoID, /health, dumps need them)."""
        started = time.perf_counter()
        default = self.select("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
        per_graph = self.select("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        counts = {
            graph.value: _count(row["n"])
            for row in per_graph
            if isinstance(graph := row.get("g"), ox.NamedNode)
        }
        default_triples = _count(default[0]["n"]) if default else 0
        now = datetime.now(UTC).replace(microsecond=0)
        # the remote may change without us knowing: the version (ETags) is per start of this
        # server and what it saw then; restart the proxies after loading new data
        seen = repr((self.url, default_triples, sorted(counts.items()), now.isoformat()))
        return DatasetInfo(
            files=(),
            graphs=tuple(sorted(counts)),
            triples=default_triples + sum(counts.values()),
            default_graph_triples=default_triples,
            graph_triples=tuple(sorted(counts.items())),
            version=hashlib.sha256(seen.encode()).hexdigest()[:16],
            modified=now,
            loaded_at=now,
            load_seconds=time.perf_counter() - started,
        )

    # -- connections ---------------------------------------------------------------------------

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            conn = cls(self._host, self._port, timeout=self.timeout)
            self._local.conn = conn
            with self._open_lock:
                self._open.add(conn)
        return conn

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
            with self._open_lock:
                self._open.discard(conn)

    def _after_fork(self) -> None:
        # the parent's connections stay the parent's: forget them without closing its sockets
        self._local = threading.local()
        self._open = set()
        self._open_lock = threading.Lock()

    def close(self) -> None:
        """Close the kept-alive connections of every thread."""
        with self._open_lock:
            for conn in self._open:
                conn.close()
            self._open.clear()
        self._local = threading.local()

    # -- running a job ---------------------------------------------------------------------------

    def _request(
        self, job: QueryJob, deadline: float
    ) -> tuple[http.client.HTTPResponse, socket.socket]:
        query = bind_values(job.query, job.bindings)
        if job.base_iri:
            # relative IRIs resolve against our endpoint, as with the embedded store; a BASE
            # in the query itself comes later and wins
            query = f"BASE <{job.base_iri}>\n{query}"
        form: list[tuple[str, str]] = [("query", query)]
        form += [("default-graph-uri", g) for g in job.default_graphs or ()]
        form += [("named-graph-uri", g) for g in job.named_graphs or ()]
        body = urlencode(form).encode("utf-8")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": _ACCEPT,
            "User-Agent": "govsocial-kg proxy",
        }
        for attempt in (1, 2):
            conn = self._connection()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            conn.timeout = remaining
            if conn.sock is not None:
                conn.sock.settimeout(remaining)
            try:
                conn.request("POST", self._target, body=body, headers=headers)
                # kept here: the connection forgets its socket when the remote closes after
                # this answer, while the response still reads from it
                sock = conn.sock
                assert sock is not None
                return conn.getresponse(), sock
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # a kept-alive connection the remote closed meanwhile: one fresh try
                self._drop()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def run(self, job: QueryJob) -> QueryAnswer:
        """Send the job to the remote and re-write its answer in the requested format."""
        started = time.perf_counter()
        timeout = job.timeout or self.timeout
        max_rows = job.max_rows if job.max_rows is not None else self.max_rows
        deadline = time.monotonic() + timeout
        try:
            response, sock = self._request(job, deadline)
            try:
                answer = self._answer(job, response, sock, deadline, max_rows)
            finally:
                # a cut or failed answer leaves unread bytes: the connection cannot be reused
                if not response.isclosed():
                    response.close()
                    self._drop()
        except TimeoutError:
            self._drop()
            raise QueryTimeout(
                f"the query did not finish within {timeout:g} seconds and was stopped"
            ) from None
        except QueryError:
            raise
        except (OSError, http.client.HTTPException) as error:
            self._drop()
            raise UpstreamError(
                f"the remote SPARQL endpoint {self.url} cannot be reached or broke off "
                f"({type(error).__name__}: {error})"
            ) from None
        return QueryAnswer(**answer, seconds=time.perf_counter() - started)

    def dump(self) -> bytes:
        """All the remote's data as N-Quads, asked graph by graph (the SPARQL protocol has no
        dump): a CONSTRUCT of the default graph and of each named graph counted at start, each
        answer given its graph's name. A graph holding more than it did then (the remote
        changed) refuses the dump rather than cut it."""
        parts: list[bytes] = []
        for name in (None, *self.info.graphs):
            where = "?s ?p ?o" if name is None else "GRAPH ?g { ?s ?p ?o }"
            job = QueryJob(
                query=f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}",
                solutions_format=None,
                graph_format="nt",
                max_rows=self.info.triples,
                bindings=() if name is None else (("g", ("uri", name, None, None)),),
            )
            answer = self.run(job)
            if answer.truncated:
                raise UpstreamError(
                    f"the remote SPARQL endpoint {self.url} holds more than when this server "
                    "started: restart it to dump the data"
                )
            graph = ox.DefaultGraph() if name is None else ox.NamedNode(name)
            triples = ox.parse(answer.body, _GRAPH.rdf_format)
            quads = (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            parts.append(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
        return b"".join(parts)

    def _answer(
        self,
        job: QueryJob,
        response: http.client.HTTPResponse,
        sock: socket.socket,
        deadline: float,
        max_rows: int | None,
    ) -> _Answer:
        status = response.status
        if status != 200:
            self._raise_for(status, response, sock, deadline)
        media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        stream = io.BufferedReader(_Deadline(response, sock, deadline), _CHUNK)
        try:
            if media_type == _SOLUTIONS.media_type:
                result = ox.parse_query_results(stream, _SOLUTIONS.results_format)
                return self._write_results(job, result, max_rows)
            if media_type == _GRAPH.media_type:
                triples = ox.parse(stream, _GRAPH.rdf_format)
                fmt = job.graph_format
                if fmt is None:
                    raise NotAcceptable(
                        "a CONSTRUCT or DESCRIBE query's result needs an RDF format"
                    )
                body, rows, truncated = write_graph(triples, fmt, max_rows, self.prefixes)
                return {
                    "kind": "graph",
                    "format": fmt,
                    "media_type": GRAPHS[fmt].media_type,
                    "body": body,
                    "rows": rows,
                    "truncated": truncated,
                }
        except SyntaxError as error:
            raise UpstreamError(
                f"the remote SPARQL endpoint {self.url} sent an unreadable answer: {error}"
            ) from None
        raise UpstreamError(
            f"the remote SPARQL endpoint {self.url} answered with {media_type or 'no type'}, "
            "not SPARQL JSON results or N-Triples"
        )

    @staticmethod
    def _write_results(job: QueryJob, result: object, max_rows: int | None) -> _Answer:
        fmt = job.solutions_format
        if isinstance(result, ox.QueryBoolean):
            if fmt is None:
                raise NotAcceptable("an ASK query's result needs a SPARQL results format")
            return {
                "kind": "boolean",
                "format": fmt,
                "media_type": SOLUTIONS[fmt].media_type,
                "body": write_boolean(result, fmt),
                "rows": 1,
                "truncated": False,
            }
        if fmt is None:
            raise NotAcceptable("a SELECT query's result needs a SPARQL results format")
        assert isinstance(result, ox.QuerySolutions)
        body, rows, truncated = write_solutions(result, fmt, max_rows)
        return {
            "kind": "solutions",
            "format": fmt,
            "media_type": SOLUTIONS[fmt].media_type,
            "body": body,
            "rows": rows,
            "truncated": truncated,
        }

    def _raise_for(
        self, status: int, response: http.client.HTTPResponse, sock: socket.socket, deadline: float
    ) -> None:
        try:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            text = response.read(4096).decode("utf-8", "replace").strip()
        except OSError:
            text = ""
        text = " ".join(text.split())[:_SHOWN_BODY]
        if status == 400:
            raise QuerySyntaxError(f"the remote endpoint refused the query: {text}")
        if status in (503, 504):
            raise QueryTimeout(f"the remote SPARQL endpoint is busy or timed out ({status})")
        if 300 <= status < 400:
            raise UpstreamError(
                f"the remote SPARQL endpoint {self.url} redirected ({status}); redirects are "
                "not followed: configure its final URL"
            )
        raise UpstreamError(
            f"the remote SPARQL endpoint {self.url} failed with HTTP {status}: {text}"
        )


def _forget_connections(ref: weakref.ref[RemoteStore]) -> None:
    store = ref()
    if store is not None:
        store._after_fork()
