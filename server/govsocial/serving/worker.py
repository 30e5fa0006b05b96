"""gunicorn's `gthread` worker, with the next request on a kept-alive connection served at once.

gthread hands every request from its main thread (the poller) to a pool thread and the
connection back to the poller afterwards: two thread switches and a pipe write per request,
measured at about a third of a point query's whole cost here. A client that sends its next
request right away (SPARQL clients in a loop, YASGUI's follow-up requests) gets it read by the
same thread instead, if it arrives within `LINGER` seconds; otherwise the connection goes back
to the poller as before, so an idle connection never holds a thread for longer than that.
"""

from __future__ import annotations

import select

from gunicorn.workers import gthread

LINGER = 0.002  # seconds a pool thread waits for the next request on its connection


class ThreadWorker(gthread.ThreadWorker):
    """A `gthread` worker that keeps serving a busy keep-alive connection in one thread."""

    def handle(self, conn: gthread.TConn) -> object:
        keepalive = super().handle(conn)
        while (
            keepalive is True and self.alive and not getattr(conn, "is_http2", False)
            and _next_request_soon(conn)
        ):
            keepalive = super().handle(conn)
        return keepalive


def _next_request_soon(conn: gthread.TConn) -> bool:
    if conn.parser.unreader.buf.getvalue():  # read ahead with the last body: already here
        return True
    try:
        readable, _, _ = select.select([conn.sock], [], [], LINGER)
    except (OSError, ValueError):  # closed meanwhile
        return False
    return bool(readable)
