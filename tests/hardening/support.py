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


def problems(status: int, headers: Mapping[str, str], body: bytes, method: str = "GET") -> list[str]:
    """Return what is wrong with an answer: a 5xx other than 503, a traceback, no message."""
    found = []
    if status >= 500 and status != 503:
        found.append(f"status {status}")
    if status == 503 and not str(headers.get("Retry-After", "")).isdigit():
        found.append("503 without a numeric Retry-After")
    if _LEAKS.search(body):
        found.append("traceback or debugger page in the body")
    if status >= 400 and method != "HEAD":
        if not body.strip():
            found.append(f"{status} with an empty body")
        elif headers.get("Content-Type", "").startswith("text/plain"):
            # plain-text errors say "<status> <reason>: <what was wrong>"
            text = body.decode("utf-8", "replace")
            reason = text.split(":", 1)[1].strip() if ":" in text else ""
            if len(reason) < 5:
                found.append(f"{status} without a message: {text[:80]!r}")
    if headers.get("X-Content-Type-Options") != "nosniff" and status != 304:
        found.append("no X-Content-Type-Options: nosniff")
    return found


def assert_clean(status: int, headers: Mapping[str, str], body: bytes, what: str,
                 method: str = "GET") -> None:
    """Fail with the request and the first bytes of the body if the answer is not clean."""
    found = problems(status, headers, body, method)
    assert not found, f"{what}: {'; '.join(found)}\n{body[:600]!r}"
