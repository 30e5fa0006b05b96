"""The limits on client connections of one HTTP worker, and what the operator is told of them.

A public endpoint must not be exhausted by connections that cost the client nothing: idle ones,
ones that dribble a header a second (slowloris), ones that announce a body and send a byte a
second, ones whose peer vanished. The worker (serving/worker.py) keeps every connection that has
no complete request in its poller, with a deadline, and counts them per client address; these
are the numbers it keeps to (docs/RELIABILITY.md, "Connections").
"""

from __future__ import annotations

import logging
import resource
import time
from collections import Counter
from dataclasses import dataclass

log = logging.getLogger("govsocial.serve")

REPORT_PERIOD = 60.0  # seconds between the summaries of refused and timed-out connections
REPORTED_CLIENTS = 64  # addresses named one by one in a summary; the rest are counted together


@dataclass(frozen=True)
class ConnectionLimits:
    """What one HTTP worker allows its client connections (the defaults of `govsocial serve`)."""

    idle_timeout: float = 5.0  # s a connection may wait without a request (new or kept alive)
    header_timeout: float = 10.0  # s from a request's first byte to the end of its head
    body_timeout: float = 30.0  # s from the end of the head to the end of the body
    send_timeout: float = 10.0  # s one write of an answer may stall (a peer that stopped reading)
    max_connections: int = 4096  # open connections in all
    max_client_connections: int = 128  # open connections from one client address
    max_head: int = 64 * 1024  # bytes of a request head (request line and fields)
    max_body: int = 1024 * 1024  # bytes of a request body; the app's MAX_CONTENT_LENGTH
    max_buffered: int = 256 * 1024 * 1024  # bytes of unfinished requests held in all
    max_unsent: int = 256 * 1024 * 1024  # bytes of answers the clients have not read yet, in all
    max_unsent_answer: int = 64 * 1024 * 1024  # the same for one connection


def raise_open_files_limit(needed: int) -> int:
    """Raise this process's soft limit of open files towards `needed` (at most the hard
    limit); return the soft limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        soft = wanted
    return soft


class ClientCounts:
    """Open connections per client address (the poller thread's alone: no lock)."""

    def __init__(self) -> None:
        self._open: Counter[str] = Counter()

    def add(self, address: str) -> int:
        self._open[address] += 1
        return self._open[address]

    def remove(self, address: str) -> None:
        left = self._open[address] - 1
        if left > 0:
            self._open[address] = left
        else:
            del self._open[address]

    def open(self, address: str) -> int:
        return self._open.get(address, 0)


class Incidents:
    """Refused, evicted and timed-out connections, logged once per client and period.

    The first incident of a kind from an address is logged when it happens, with the limit
    that caused it; further ones are only counted, and every `REPORT_PERIOD` one line per kind
    and address says how many there were. An attacker with many addresses gets a bounded
    number of lines: past `REPORTED_CLIENTS` addresses a period's summary counts the rest.
    """

    def __init__(self, period: float = REPORT_PERIOD) -> None:
        self.period = period
        self._counts: Counter[tuple[str, str]] = Counter()
        self._explained: set[tuple[str, str]] = set()
        self._next_report = time.monotonic() + period

    def note(self, kind: str, address: str, why: str) -> None:
        key = (kind, address)
        if key not in self._explained and len(self._explained) < REPORTED_CLIENTS:
            self._explained.add(key)
            log.warning(
                "%s from %s: %s (further ones are counted and reported every %g s)",
                kind,
                address,
                why,
                self.period,
            )
        else:
            self._counts[key] += 1

    def report_if_due(self, now: float) -> None:
        if now < self._next_report:
            return
        self._next_report = now + self.period
        named = self._counts.most_common(REPORTED_CLIENTS)
        for (kind, address), count in named:
            log.warning("%s from %s: %d more in the last %g s", kind, address, count, self.period)
        rest = self._counts.total() - sum(count for _, count in named)
        if rest:
            log.warning(
                "%d more connections of %d other addresses refused or timed out in the last %g s",
                rest,
                len(self._counts) - len(named),
                self.period,
            )
        self._counts.clear()
        self._explained.clear()
