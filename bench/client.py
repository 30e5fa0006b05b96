"""A minimal keep-alive SPARQL protocol client (http.client: little overhead per request).

The client costs the same for both servers; it is kept light so that sub-millisecond answers
measure the servers, not the client. One Client per thread: http.client is not thread-safe.
"""

from __future__ import annotations

import http.client
import urllib.parse
from pathlib import Path

TIMEOUT = 900.0


class Client:
    """POST queries (application/sparql-query) to one endpoint over a persistent connection
    (and GET other paths of its server)."""

    def __init__(self, url: str) -> None:
        self.url = urllib.parse.urlsplit(url)
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(
                self.url.hostname, self.url.port, timeout=TIMEOUT
            )
        return self.conn

    def query(self, text: str, accept: str) -> tuple[int, bytes]:
        """Send one query, read the whole answer; return (status, body)."""
        headers = {"Content-Type": "application/sparql-query", "Accept": accept}
        return self._send("POST", self.url.path, text.encode("utf-8"), headers)

    def get(self, path: str, accept: str) -> tuple[int, bytes]:
        """GET a path of the same server (a linked-data page), read it; return (status, body)."""
        return self._send("GET", path, None, {"Accept": accept})

    def _send(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                if response.will_close:
                    self.close()
                return response.status, data
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # the server closed an idle keep-alive connection: reconnect once
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def post_file(self, url: urllib.parse.SplitResult, path: Path, media_type: str) -> int:
        """POST a file's bytes (Graph Store Protocol); return the status."""
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=3600)
        try:
            with path.open("rb") as stream:
                conn.request(
                    "POST",
                    f"{url.path}?{url.query}",
                    body=stream,
                    headers={
                        "Content-Type": media_type,
                        "Content-Length": str(path.stat().st_size),
                    },
                )
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
