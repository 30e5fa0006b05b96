"""The overload's clients: shared by tests/hardening/test_overload.py (load is shed, every answer
clean: what a user relies on) and bench/limits.py (what it does to the point queries' latency).

`CLIENTS` keep-alive clients send point queries and, one in `1 / slow_share`, a runaway that only
the time limit stops; a point query refused with 503 backs off as its Retry-After says, scaled
down to a run of seconds (a tenth, at most 1 s).
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from support.runaways import POINT, THOUSAND

CLIENTS = 64
SLOW_SHARE = 0.1
# 10^9 rows to count: stopped at the time limit; too long for a GET line, so it is POSTed
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) { " + " ".join(f"VALUES ?{v} {{ {THOUSAND} }}" for v in "abc") + " }"
)
# what is wrong with an answer (status, headers, body); the tests pass theirs
Check = Callable[[int, dict[str, str], bytes], list[str]]


@dataclass
class Load:
    """What the clients saw: answers by (kind, status), seconds per kind, failures."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"point": [], "slow": []})
    problems: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    shed: int = 0  # 503s that refused work up front (overload), not runaways stopped


def run_clients(
    base: str, seconds: float, slow_share: float = SLOW_SHARE, check: Check | None = None
) -> Load:
    """Run the clients against the server at `base` for `seconds`; return what they saw."""
    load, lock = Load(), threading.Lock()
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(base, load, stop, n, lock, slow_share, check))
        for n in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return load


def _client(
    base: str,
    load: Load,
    stop: float,
    seed: int,
    lock: threading.Lock,
    slow_share: float,
    check: Check | None,
) -> None:
    parts = urlsplit(base)
    rng = random.Random(seed)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    while time.monotonic() < stop:
        kind = "slow" if rng.random() < slow_share else "point"
        started = time.monotonic()
        try:
            if kind == "slow":
                connection.request(
                    "POST",
                    "/sparql",
                    body=RUNAWAY.encode(),
                    headers={"Content-Type": "application/sparql-query"},
                )
            else:
                connection.request("GET", "/sparql?" + urlencode({"query": POINT}))
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as error:
            with lock:
                load.errors.append(f"{kind}: {error!r}")
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            continue
        seconds = time.monotonic() - started
        headers = dict(response.getheaders())
        found = check(response.status, headers, body) if check else []
        with lock:
            load.statuses[(kind, response.status)] += 1
            load.latencies[kind].append(seconds)
            if found:
                load.problems.append(f"{kind} {response.status}: {found}")
            if response.status == 503 and b"did not finish within" not in body:
                load.shed += 1
        if response.status == 503 and kind == "point":
            time.sleep(min(1.0, int(headers.get("Retry-After", "1")) / 10))
    connection.close()
