"""The researcher query mix: load bench/queries/*.rq, fill their parameters, time them.

A query's `{{name}}` placeholders are filled per repetition from values drawn (with a seed) out
of the data itself, and the same filled text goes to every server, interleaved: in odd
repetitions the first server goes first, in even ones the last, so drift (caches, a neighbour's
load) hits both alike.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from client import Client

from govsocial.graph.generate.vocab import PLACE_STEMS, PLATFORMS

SOLUTIONS = "application/sparql-results+json"
GRAPH = "application/n-triples"
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
GRAPH_FORM = re.compile(r"^\s*(DESCRIBE|CONSTRUCT)\b", re.IGNORECASE | re.MULTILINE)
PLATFORM_BASE = "https://w3id.org/govsocial/vocab/platform/"
# point queries for the throughput runs (a burst of page views, not of analytics)
THROUGHPUT_MIX = (
    "lookup-entity",
    "lookup-channels",
    "describe-authority",
    "path-units-below",
    "cq19-provenance-chain",
    "cq14-follower-counts",
)

POOLS = {
    "authority": "SELECT ?x WHERE { ?x a <https://w3id.org/govsocial/ontology#Authority> } "
    "ORDER BY ?x LIMIT 500",
    "municipality": "SELECT DISTINCT ?x WHERE { ?u <http://www.w3.org/ns/org#subOrganizationOf> "
    "?x . ?x <http://www.w3.org/ns/org#classification> "
    "<https://w3id.org/govsocial/vocab/authority-kind/municipality> } "
    "ORDER BY ?x LIMIT 500",
    "decision": "SELECT ?x WHERE { ?x a <https://w3id.org/govsocial/ontology#PlatformDecision> } "
    "ORDER BY ?x LIMIT 500",
}


@dataclass(frozen=True)
class Query:
    """One query of the mix."""

    name: str
    text: str
    accept: str

    def fill(self, values: dict[str, str]) -> str:
        return fill(self.text, values)


def fill(text: str, values: dict[str, str]) -> str:
    """Put the drawn values in the `{{name}}` placeholders of a text."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def load_queries(folder: Path) -> list[Query]:
    """Read every .rq file of a folder, sorted by name."""
    queries = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
        accept = GRAPH if GRAPH_FORM.search(body) else SOLUTIONS
        queries.append(Query(path.stem, text, accept))
    return queries


def draw_pools(url: str) -> dict[str, list[str]]:
    """Ask a server for the IRIs parameters are drawn from (not timed)."""
    client = Client(url)
    pools: dict[str, list[str]] = {}
    for name, text in POOLS.items():
        status, body = client.query(text, SOLUTIONS)
        if status != 200:
            raise RuntimeError(f"pool query {name} failed: HTTP {status}")
        rows = json.loads(body)["results"]["bindings"]
        pools[name] = [f"<{row['x']['value']}>" for row in rows]
    # a very small data set may hold no municipality with units yet: any authority will do
    pools["municipality"] = pools["municipality"] or pools["authority"]
    for name, values in pools.items():
        if not values:
            raise RuntimeError(f"the data has no {name} to draw parameters from")
    client.close()
    pools["platform"] = [f"<{PLATFORM_BASE}{p}>" for p in PLATFORMS]
    pools["word"] = list(PLACE_STEMS)
    return pools


def parameters(pools: dict[str, list[str]], rng: random.Random) -> dict[str, str]:
    """Draw one value per placeholder name."""
    return {name: rng.choice(values) for name, values in sorted(pools.items())}


def count_results(body: bytes, accept: str) -> int:
    """Return the number of solutions or triples in an answer."""
    if accept == GRAPH:
        return sum(1 for line in body.splitlines() if line.strip() and not line.startswith(b"#"))
    document = json.loads(body)
    if "boolean" in document:
        return 1
    return len(document["results"]["bindings"])


@dataclass
class Timing:
    """The latencies of one query on one server."""

    seconds: list[float]
    rows: int
    errors: int

    def summary(self) -> dict[str, float | int | None]:
        ordered = sorted(self.seconds)
        if not ordered:
            return {
                "median_ms": None,
                "p95_ms": None,
                "n": 0,
                "rows": self.rows,
                "errors": self.errors,
            }
        p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
        return {
            "median_ms": round(statistics.median(ordered) * 1000, 3),
            "p95_ms": round(p95 * 1000, 3),
            "n": len(ordered),
            "rows": self.rows,
            "errors": self.errors,
        }


def latencies(
    servers: Sequence[tuple[str, str]],
    queries: Sequence[Query],
    pools: dict[str, list[str]],
    repetitions: int,
    seed: int,
) -> dict[str, dict[str, Timing]]:
    """Run each query `repetitions` times on each server, interleaved; return timings.

    One untimed warm-up per query and server comes first (it also checks the answer).
    """
    clients = {name: Client(url) for name, url in servers}
    timings = {name: {q.name: Timing([], -1, 0) for q in queries} for name, _ in servers}
    rng = random.Random(seed)
    for rep in range(repetitions + 1):
        order = list(servers) if rep % 2 else list(reversed(servers))
        for query in queries:
            text = query.fill(parameters(pools, rng))
            for name, _url in order:
                timing = timings[name][query.name]
                began = time.perf_counter()
                status, body = clients[name].query(text, query.accept)
                elapsed = time.perf_counter() - began
                if status != 200:
                    timing.errors += 1
                    continue
                if rep == 0:
                    timing.rows = count_results(body, query.accept)
                else:
                    timing.seconds.append(elapsed)
    for client in clients.values():
        client.close()
    return timings


# Linked-data pages (govsocial only; Oxigraph serves none): what a browser or a linked-data
# client fetches when it dereferences an IRI, and the dataset's own description
PAGES = (
    ("page-authority-html", "{{authority}}", "text/html"),
    ("page-authority-turtle", "{{authority}}", "text/turtle"),
    ("page-decision-html", "{{decision}}", "text/html"),
    ("page-decision-turtle", "{{decision}}", "text/turtle"),
    ("void-turtle", "/.well-known/void", "text/turtle"),
)
DATA_BASE = "https://w3id.org/govsocial/"


def pages(
    url: str,
    pools: dict[str, list[str]],
    repetitions: int,
    seed: int,
) -> dict[str, Timing]:
    """GET each page of `PAGES` `repetitions` times (entities drawn from the pools); timings.

    The pages are served under the server's root; a data IRI `<https://w3id.org/govsocial/X>`
    is dereferenced at `/X`. One untimed warm-up per page comes first.
    """
    client = Client(url)
    rng = random.Random(seed)
    timings = {name: Timing([], -1, 0) for name, _, _ in PAGES}
    try:
        for rep in range(repetitions + 1):
            values = parameters(pools, rng)
            for name, template, accept in PAGES:
                iri = fill(template, values).strip("<>")
                path = "/" + iri.removeprefix(DATA_BASE).lstrip("/")
                timing = timings[name]
                began = time.perf_counter()
                status, body = client.get(path, accept)
                elapsed = time.perf_counter() - began
                if status != 200:
                    timing.errors += 1
                elif rep == 0:
                    timing.rows = len(body)  # bytes of the page
                else:
                    timing.seconds.append(elapsed)
    finally:
        client.close()
    return timings


def throughput(
    url: str,
    queries: Sequence[Query],
    pools: dict[str, list[str]],
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    seed: int,
) -> dict[str, float | int]:
    """Send the point-query mix from `concurrency` threads until a count or time bound."""
    mix = [q for q in queries if q.name in THROUGHPUT_MIX] or list(queries)
    lock = threading.Lock()
    sent = 0
    errors = 0
    deadline = time.perf_counter() + max_seconds

    def worker(index: int) -> int:
        nonlocal sent, errors
        rng = random.Random(seed * 1000 + index)
        client = Client(url)
        done = 0
        try:
            while time.perf_counter() < deadline:
                with lock:
                    if sent >= max_requests:
                        break
                    sent += 1
                query = mix[rng.randrange(len(mix))]
                status, _ = client.query(query.fill(parameters(pools, rng)), query.accept)
                if status == 200:
                    done += 1
                else:
                    with lock:
                        errors += 1
        finally:
            client.close()
        return done

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        completed = sum(pool.map(worker, range(concurrency)))
    elapsed = time.perf_counter() - began
    return {
        "concurrency": concurrency,
        "requests": completed,
        "errors": errors,
        "seconds": round(elapsed, 3),
        "qps": round(completed / elapsed, 1) if elapsed else 0.0,
    }
