"""The front's framing (serving/framing.py) finds where each request ends exactly where gunicorn's
parser does, however the bytes arrive; it refuses what it must not buffer and hands unclear
framing to the parser instead of guessing."""

from __future__ import annotations

import pytest
from gunicorn.config import Config
from gunicorn.http import RequestParser
from hypothesis import given, settings
from hypothesis import strategies as st

from govsocial.endpoint.serving.framing import Framer, Refused

MAX_HEAD = 64 * 1024
MAX_BODY = 1024 * 1024

methods = st.sampled_from(["GET", "POST", "PUT", "OPTIONS", "HEAD"])
paths = st.sampled_from(["/sparql", "/sparql?query=ASK%7B%7D", "/", "/id/x", "/a%20b?c=d&e"])
names = st.sampled_from(["Accept", "X-Thing", "content-type", "User-Agent", "X-Length-Of"])
values = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=30)
bodies = st.binary(max_size=3000)


@st.composite
def requests(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """A valid HTTP/1.1 request and its body: no body, a Content-Length body or a chunked one
    (random chunk sizes, extensions and trailers), header names in any case."""
    fields = [
        f"{name}: {draw(values)}" for name in draw(st.lists(names, max_size=4, unique_by=str.lower))
    ]
    body = draw(bodies)
    framing = draw(st.sampled_from(["none", "length", "chunked"]))
    if framing == "none":
        body = b""
    elif framing == "length":
        name = draw(st.sampled_from(["Content-Length", "content-length", "CONTENT-LENGTH"]))
        fields.append(f"{name}: {draw(st.sampled_from(['', ' ', '  ']))}{len(body)}")
    else:
        fields.append(
            f"{draw(st.sampled_from(['Transfer-Encoding', 'transfer-encoding']))}: chunked"
        )
    if framing != "none" and draw(st.booleans()):
        fields.append("Expect: 100-continue")
    head = (
        f"{draw(methods)} {draw(paths)} HTTP/1.1\r\nHost: example.org\r\n"
        + "".join(f"{field}\r\n" for field in fields)
        + "\r\n"
    ).encode("latin-1")
    if framing != "chunked":
        return head + body, body
    wire, rest = [head], body
    while rest:
        size = draw(st.integers(1, max(1, len(rest))))
        extension = draw(st.sampled_from(["", ";x=1", ";name"]))
        wire.append(f"{size:x}{extension}\r\n".encode() + rest[:size] + b"\r\n")
        rest = rest[size:]
    wire.append(b"0\r\n" + (b"Trailer-Field: 1\r\n" if draw(st.booleans()) else b"") + b"\r\n")
    return b"".join(wire), body


def _ends(stream: bytes, cuts: list[int]) -> list[int]:
    """Feed `stream` to a framer in pieces cut at `cuts`; return each request's length."""
    framer, buffer, found = Framer(MAX_HEAD, MAX_BODY), bytearray(), []
    for start, stop in zip([0, *cuts], [*cuts, len(stream)], strict=True):
        buffer += stream[start:stop]
        while (end := framer.end(buffer)) >= 0:
            found.append(end)
            del buffer[:end]
            framer.reset()
    assert not buffer
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(requests(), min_size=1, max_size=4), st.data())
def test_every_request_ends_where_it_does_however_the_bytes_arrive(
    pipelined: list[tuple[bytes, bytes]], data: st.DataObject
) -> None:
    stream = b"".join(wire for wire, _ in pipelined)
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(stream) - 1)), max_size=12)))
    assert _ends(stream, [cut for cut in cuts if cut < len(stream)]) == [
        len(wire) for wire, _ in pipelined
    ]


@settings(max_examples=200, deadline=None)
@given(requests())
def test_gunicorns_parser_reads_exactly_the_framed_bytes(request: tuple[bytes, bytes]) -> None:
    """The request thread parses from the buffer alone: the parser must find the whole request,
    body included, in the bytes the framer cut, and want nothing more."""
    wire, body = request
    framer = Framer(MAX_HEAD, MAX_BODY)
    end = framer.end(wire + b"GET /next HTTP/1.1\r\n")  # the next request's start behind it
    assert end == len(wire)
    parser = RequestParser(Config(), (), ("127.0.0.1", 1))
    parser.unreader.unread(wire)
    parsed = next(parser)
    assert parsed.body.read() == body
    assert parser.unreader.take_buffered() == b""


def test_a_body_larger_than_the_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(Refused) as refused:
        Framer(MAX_HEAD, 1000).end(b"POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n")
    assert refused.value.status == 413
    assert "1001 bytes" in refused.value.message and "at most 1000" in refused.value.message


def test_a_chunked_body_larger_than_the_limit_is_refused() -> None:
    framer = Framer(MAX_HEAD, 1000)
    head = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    assert framer.end(head + b"3e8\r\n" + b"x" * 1000 + b"\r\n") == -1  # 1000 bytes: allowed
    with pytest.raises(Refused) as refused:
        framer.end(head + b"3e8\r\n" + b"x" * 1000 + b"\r\n1\r\n")  # one more announced
    assert refused.value.status == 413


def test_a_head_without_end_beyond_the_limit_is_refused() -> None:
    framer = Framer(1024, MAX_BODY)
    head = b"GET / HTTP/1.1\r\n" + b"X-a: b\r\n" * 200
    assert framer.end(head[:1000]) == -1
    with pytest.raises(Refused) as refused:
        framer.end(head)
    assert refused.value.status == 431


@pytest.mark.parametrize(
    "head",
    [
        b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
    ],
    ids=["two-lengths", "length-and-chunked", "negative", "hex", "unknown-coding"],
)
def test_unclear_framing_is_handed_to_the_parser_at_the_end_of_the_head(head: bytes) -> None:
    """The parser refuses these with its own 400 or 501; the framer must not wait for a body."""
    assert Framer(MAX_HEAD, MAX_BODY).end(head + b"hello") == len(head)


def test_a_bare_line_feed_is_handed_over_at_once() -> None:
    """gunicorn refuses a head with a bare LF; waiting for CRLF CRLF would wait forever."""
    buffer = b"GET / HTTP/1.1\nHost: x\n"
    assert Framer(MAX_HEAD, MAX_BODY).end(buffer) == len(buffer)


def test_a_malformed_chunk_size_is_handed_over() -> None:
    buffer = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc"
    assert Framer(MAX_HEAD, MAX_BODY).end(buffer) == len(buffer)


def test_expect_continue_is_seen_only_when_a_body_follows() -> None:
    with_body = Framer(MAX_HEAD, MAX_BODY)
    assert (
        with_body.end(b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n") == -1
    )
    assert with_body.in_body and with_body.continue_expected
    without = Framer(MAX_HEAD, MAX_BODY)
    assert without.end(b"GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n") > 0
    assert not without.continue_expected


def test_a_refused_request_stays_refused_however_often_it_is_looked_at() -> None:
    """The worker looks at a connection's buffer again after a thread hands it back: a request
    refused once must never be handed on without its body."""
    framer = Framer(MAX_HEAD, 1000)
    head = b"POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n"
    for _ in range(3):
        with pytest.raises(Refused) as refused:
            framer.end(head + b"x" * 10)
        assert refused.value.status == 413
    framer.reset()
    assert framer.end(b"GET / HTTP/1.1\r\n\r\n") == 18  # the next request starts afresh
