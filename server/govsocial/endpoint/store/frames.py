"""Frames between a web process and its query workers: a 4-byte big-endian length, then a
pickle. Both ends are this package, and the socket lives in a 0700 folder: no other user can
connect (store/zygote.py)."""

from __future__ import annotations

import pickle
import socket
import struct
import time

_HEADER = struct.Struct(">I")
# bytes asked for by a frame's first recv: most jobs and point-query replies fit
FIRST_READ = 1 << 16


def send_frame(sock: socket.socket, payload: object) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    header = _HEADER.pack(len(data))
    if len(data) < FIRST_READ:
        sock.sendall(header + data)  # one system call
    else:  # a large reply is not copied once more to put the header in front
        sock.sendall(header)
        sock.sendall(data)


def receive_frame(sock: socket.socket, deadline: float | None = None) -> object:
    """Read one frame by the deadline (None: as the socket's own timeout allows).

    One recv usually holds a whole job or small reply, header and pickle; the rest of a large
    one is read straight into one buffer (no chunks to join).
    """
    first = _recv_some(sock, FIRST_READ, deadline)
    while len(first) < _HEADER.size:
        first += _recv_some(sock, _HEADER.size - len(first), deadline)
    (size,) = _HEADER.unpack_from(first)
    received = len(first) - _HEADER.size
    if received >= size:
        return pickle.loads(first[_HEADER.size :])  # noqa: S301 - peer is our own process
    data = bytearray(size)
    data[:received] = first[_HEADER.size :]
    view = memoryview(data)[received:]
    while view:
        _set_deadline(sock, deadline)
        count = sock.recv_into(view)
        if not count:
            raise EOFError("connection closed")
        view = view[count:]
    return pickle.loads(data)  # noqa: S301 - peer is our own process


def _recv_some(sock: socket.socket, size: int, deadline: float | None) -> bytes:
    _set_deadline(sock, deadline)
    chunk = sock.recv(size)
    if not chunk:
        raise EOFError("connection closed")
    return chunk


def _set_deadline(sock: socket.socket, deadline: float | None) -> None:
    # one deadline for the whole frame, however it is split into recv calls
    if deadline is None:
        return
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    sock.settimeout(remaining)
