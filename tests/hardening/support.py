"""What every answer of the server must look like, whatever it was sent."""

from __future__ import annotations

import re
from collections.abc import Mapping

# what a leaked Python or werkzeug error page looks like
_LEAKS = re.compile(
    rb"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+|"
    rb"werkzeug\.debug|The debugger caught an exception|__debugger__|"
    rb"Internal Server Error</title>"
)


def gunicorn_refusal(headers: Mapping[str, str], body: bytes) -> bool:
    """Tell a refusal by gunicorn's HTTP parser (before our app runs) from our own answers.

    gunicorn writes those itself (`util.write_error`: escaped HTML, fixed headers): malformed
    request lines, oversized headers. They are 4xx and name the fault, but cannot carry our
    nosniff header; the body is escaped, so nothing in it can run.
    """
    return headers.get("Content-Type") == "text/html" and b"<h1><p>" in body


def _unknown_transfer_coding(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    # RFC 9112 6.1: a transfer coding the server does not understand gets 501 (gunicorn's
    # parser answers it before our app runs; the body names the coding)
    return status == 501 and gunicorn_refusal(headers, body) and b"transfer coding" in body


def problems(
    status: int, headers: Mapping[str, str], body: bytes, method: str = "GET"
) -> list[str]:
    """Return what is wrong with an answer: a 5xx other than 503, a traceback, no message."""
    found = []
    if status >= 500 and status != 503 and not _unknown_transfer_coding(status, headers, body):
        found.append(f"status {status}")
    if status == 503 and not str(headers.get("Retry-After", "")).isdigit():
        found.append("503 without a numeric Retry-After")
    if _LEAKS.search(body):
        found.append("traceback or debugger page in the body")
    if status >= 400 and method != "HEAD":
        if not body.strip():
            found.append(f"{status} with an empty body")
        elif headers.get("Content-Type", "").startswith("text/plain"):
            # a sentence, not just a status line: "<status> <reason>: <what was wrong>" or a note
            text = body.decode("utf-8", "replace").strip()
            reason = text.split(":", 1)[1] if text[:3].isdigit() and ":" in text else text
            if len(reason.strip()) < 10:
                found.append(f"{status} without a message: {text[:80]!r}")
    if (
        headers.get("X-Content-Type-Options") != "nosniff"
        and status != 304
        and not (400 <= status < 502 and gunicorn_refusal(headers, body))
    ):
        found.append("no X-Content-Type-Options: nosniff")
    return found


def assert_clean(
    status: int, headers: Mapping[str, str], body: bytes, what: str, method: str = "GET"
) -> None:
    """Fail with the request and the first bytes of the body if the answer is not clean."""
    found = problems(status, headers, body, method)
    assert not found, f"{what}: {'; '.join(found)}\n{body[:600]!r}"
