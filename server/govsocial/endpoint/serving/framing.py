"""Where an HTTP/1.1 request ends in the bytes a connection has sent so far.

The worker (serving/worker.py) buffers a whole request before a request thread sees it, so a
slow or stalled client costs a buffer, not a thread. For that it only needs to know where the
request ends: the head ends at the first empty line, the body after `Content-Length` bytes or
after the last chunk. Everything else (methods, header syntax, limits, duplicate or contradictory
framing headers) stays gunicorn's parser's job: a head whose framing is unclear is handed over
as it is, and the parser answers it with its own 400. Written here rather than taken from h11
because h11 parses every header into Python objects only to have gunicorn's C parser do it again:
on a typical 300-byte POST, h11 takes 30 us (a twentieth of a point query's whole cost), this
scan 1.8 us (timeit, 2026-12-04).
"""

from __future__ import annotations

END_OF_HEAD = b"\r\n\r\n"
CONTENT_LENGTH = b"\r\ncontent-length:"
TRANSFER_ENCODING = b"\r\ntransfer-encoding:"
EXPECT_CONTINUE = b"\r\nexpect:"
HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")


class Refused(Exception):
    """A request the front answers itself, without reading it further."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Framer:
    """Find the end of the first request in a growing buffer; keeps its place between calls.

    `end(buffer)` returns the number of bytes of the first complete request, or -1 while it is
    incomplete; a chunked body is scanned once however often more of it arrives. `reset()`
    starts over for the next request (call it after cutting a request off the buffer).
    """

    __slots__ = (
        "body_end",
        "body_size",
        "chunk_at",
        "continue_expected",
        "head_end",
        "max_body",
        "max_head",
        "refusal",
    )

    def __init__(self, max_head: int, max_body: int) -> None:
        self.max_head = max_head
        self.max_body = max_body
        self.reset()

    def reset(self) -> None:
        self.head_end = -1  # offset just past the empty line, once seen
        self.body_end = -1  # offset just past the body, once known (-1: chunked, not yet)
        self.chunk_at = -1  # offset of the next chunk-size line of a chunked body
        self.body_size = 0  # chunk data seen so far
        self.continue_expected = False  # the head asks for `100 Continue` before its body
        self.refusal: Refused | None = None  # once refused, refused on every later look

    @property
    def in_body(self) -> bool:
        """Whether the head is complete and the body is still coming."""
        return self.head_end >= 0

    def end(self, buffer: bytes | bytearray) -> int:
        if self.refusal is not None:
            raise self.refusal
        try:
            return self._end(buffer)
        except Refused as refusal:
            self.refusal = refusal
            raise

    def _end(self, buffer: bytes | bytearray) -> int:
        if self.head_end < 0:
            found = buffer.find(END_OF_HEAD)
            if found < 0:
                if len(buffer) > self.max_head:
                    raise Refused(431, f"the request head is larger than {self.max_head} bytes")
                if buffer.count(b"\n") != buffer.count(b"\r\n"):
                    return len(buffer)  # a bare LF: never a valid head; the parser says so
                return -1
            self.head_end = found + 4
            self._read_framing(bytes(buffer[: found + 2]).lower())
        if self.body_end >= 0:
            return self.body_end if len(buffer) >= self.body_end else -1
        return self._chunked_end(buffer)

    def _read_framing(self, head: bytes) -> None:
        """Set where the body ends from the head (lower-cased, ending with its last CRLF)."""
        lengths = _values(head, CONTENT_LENGTH)
        codings = _values(head, TRANSFER_ENCODING)
        self.body_end = self.head_end
        if codings:
            if (
                len(codings) == 1
                and codings[0].rsplit(b",", 1)[-1].strip() == b"chunked"
                and not lengths
            ):
                self.body_end = -1
                self.chunk_at = self.head_end
            # otherwise unclear framing: the parser refuses the head with a 400 or 501
        elif len(lengths) == 1 and lengths[0].isdigit():
            length = int(lengths[0])
            if length > self.max_body:
                raise Refused(
                    413,
                    f"the request body is {length} bytes; this endpoint reads at "
                    f"most {self.max_body}",
                )
            self.body_end = self.head_end + length
        if self.body_end != self.head_end:
            self.continue_expected = any(
                value == b"100-continue" for value in _values(head, EXPECT_CONTINUE)
            )

    def _chunked_end(self, buffer: bytes | bytearray) -> int:
        at = self.chunk_at
        while True:
            line_end = buffer.find(b"\r\n", at)
            if line_end < 0:
                if len(buffer) - at > 1024:  # a chunk-size line is a few bytes
                    return len(buffer)  # malformed: the parser refuses it
                return -1
            size_text = bytes(buffer[at:line_end]).split(b";", 1)[0].strip()
            if not size_text or not HEX_DIGITS.issuperset(size_text):
                return len(buffer)  # malformed: the parser refuses it
            size = int(size_text, 16)
            if size == 0:  # last chunk; trailer fields end at the next empty line
                if buffer[line_end : line_end + 4] == END_OF_HEAD:
                    return line_end + 4
                trailers_end = buffer.find(END_OF_HEAD, line_end)
                if trailers_end < 0:
                    if len(buffer) - line_end > self.max_head:
                        raise Refused(
                            431, f"the request's trailer fields exceed {self.max_head} bytes"
                        )
                    return -1
                return trailers_end + 4
            if self.body_size + size > self.max_body:
                raise Refused(
                    413,
                    f"the request body is larger than {self.max_body} bytes, the "
                    "most this endpoint reads",
                )
            next_at = line_end + 2 + size + 2
            if len(buffer) < next_at:
                self.chunk_at = at  # this chunk is read again once it is whole
                return -1
            self.body_size += size
            at = self.chunk_at = next_at


def _values(head: bytes, name: bytes) -> list[bytes]:
    """The stripped values of every field `name` (b"\\r\\nname:") in a lower-cased head."""
    values = []
    start = head.find(name)
    while start >= 0:
        value_start = start + len(name)
        value_end = head.find(b"\r\n", value_start)
        values.append(head[value_start:value_end].strip(b" \t"))
        start = head.find(name, value_end)
    return values
