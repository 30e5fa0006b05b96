"""gunicorn's `gthread` worker, with the next request on a kept-alive connection served at once.

gthread hands every request from its main thread (the poller) to a pool thread and the
connection back to the poller afterwards: two thread switches and a pipe write per request,
measured at about a third of a point query's whole cost here. A client that sends its next
request right away (SPARQL clients in a loop, YASGUI's follow-up requests) gets it read by the
same thread instead, if it arrives within `LINGER` seconds; otherwise the connection goes back
to the poller as before. A lingering thread looks every `LINGER_SLICE` seconds whether another
request waits for a thread, and gives way to it: a busy server never keeps requests waiting
behind idle connections.

Why 10 ms: a client that alternates between servers, or does a little work between queries,
comes back after a few milliseconds; with 2 ms, such requests paid the hand-offs again (bench
at 10^4 triples, interleaved with Oxigraph: point queries 0.15-0.3 ms slower).
"""

from __future__ import annotations

import select
import time

from gunicorn.workers import gthread

LINGER = 0.010  # seconds a pool thread waits for the next request on its connection
LINGER_SLICE = 0.002  # seconds between its looks at the queue of requests waiting for a thread


class ThreadWorker(gthread.ThreadWorker):
    """A `gthread` worker that keeps serving a busy keep-alive connection in one thread."""

    def handle(self, conn: gthread.TConn) -> object:
        keepalive = super().handle(conn)
        while (
            keepalive is True and self.alive and not getattr(conn, "is_http2", False)
            and self._next_request_soon(conn)
        ):
            keepalive = super().handle(conn)
        return keepalive

    def _next_request_soon(self, conn: gthread.TConn) -> bool:
        if conn.parser.unreader.buf.getvalue():  # read ahead with the last body: already here
            return True
        # requests the poller handed over that wait for a thread (ThreadPoolExecutor's queue)
        waiting = getattr(self.tpool, "_work_queue", None)
        deadline = time.monotonic() + LINGER
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                readable, _, _ = select.select([conn.sock], [], [], min(LINGER_SLICE, remaining))
            except (OSError, ValueError):  # closed meanwhile
                return False
            if readable:
                return True
            if waiting is None or not waiting.empty():
                return False
