"""Answers sent behind the request thread's back: a client that stops reading costs memory, not a
thread.

gunicorn writes an answer with blocking `sendall` calls. Towards a client that reads slowly or has
vanished (a half-open connection), an answer larger than the kernel's send buffer would hold the
request thread until the send timeout, and a few such clients would hold them all. The worker
hands gunicorn an `Outbox` instead of the socket: what the kernel does not take at once is kept,
within a byte budget shared by the worker's connections, and the poller sends it when the socket
is writable (serving/worker.py). Past the budget the thread sends itself, bounded by the socket's
send timeout, so memory stays bounded whatever the clients do.
"""

from __future__ import annotations

import collections
import socket
import threading
from typing import Any


class WriteBudget:
    """Bytes of unsent answers that one worker's connections may hold, shared between threads."""

    def __init__(self, total: int, per_connection: int) -> None:
        self.total = total
        self.per_connection = per_connection
        self.used = 0
        self._lock = threading.Lock()

    def take(self, size: int, held: int) -> bool:
        """Reserve `size` more bytes for a connection that holds `held`; False when over."""
        if held + size > self.per_connection:
            return False
        with self._lock:
            if self.used + size > self.total:
                return False
            self.used += size
            return True

    def give(self, size: int) -> None:
        with self._lock:
            self.used -= size


class Outbox:
    """A connection's socket as gunicorn's response writes to it (`sendall`); every other
    socket method is the socket's own. Bytes it keeps are sent in order: nothing is sent around
    them, by the thread or by the poller."""

    __slots__ = ("budget", "pending", "size", "sock")

    def __init__(self, sock: socket.socket, budget: WriteBudget) -> None:
        self.sock = sock
        self.budget = budget
        self.pending: collections.deque[memoryview] = collections.deque()
        self.size = 0  # bytes in `pending`

    def sendall(self, data: bytes) -> None:
        view = memoryview(data)
        if not self.pending:
            try:
                sent = self.sock.send(view, socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                sent = 0
            if sent == len(view):
                return
            view = view[sent:]
        if self.budget.take(len(view), self.size):
            self.pending.append(memoryview(bytes(view)))  # sliced without copies
            self.size += len(view)
            return
        # over the budget: this thread sends, waiting at most the send timeout per stall
        self.send_pending()
        self.sock.sendall(view)

    def send(self, data: bytes, flags: int = 0) -> int:
        self.sendall(data)
        return len(data)

    def send_pending(self) -> None:
        """Send everything kept, waiting as a blocking socket does (a request thread's way)."""
        while self.pending:
            self.sock.sendall(self.pending[0])
            self._sent_first()

    def send_ready(self) -> int:
        """Send what the socket takes now, without waiting (the poller's way); return the
        bytes sent. Raises OSError when the peer is gone."""
        total = 0
        while self.pending:
            first = self.pending[0]
            try:
                sent = self.sock.send(first, socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                return total
            total += sent
            if sent < len(first):
                self.pending[0] = first[sent:]
                self.size -= sent
                self.budget.give(sent)
                return total
            self._sent_first()
        return total

    def discard(self) -> None:
        """Forget what is kept (the connection is closing) and give its bytes back."""
        self.budget.give(self.size)
        self.pending.clear()
        self.size = 0

    def _sent_first(self) -> None:
        size = len(self.pending.popleft())
        self.size -= size
        self.budget.give(size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)
