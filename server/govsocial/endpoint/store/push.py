"""`govsocial load --to URL`: push the graph to a SPARQL 1.1 Graph Store (HTTP Protocol).

Each file is parsed here, with the base IRI the embedded store uses (the file's URI), and sent
as N-Triples, so the remote holds exactly the triples `govsocial serve` would: no relative
IRI is left for the remote to resolve, and a parse error stops the run before anything of that
file is sent (exit 2, with file, line and column). The first payload for a graph replaces it
(PUT); later ones in the same run add to it (POST); `--append` only adds.
"""

from __future__ import annotations

import http.client
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from govsocial.endpoint import rdf_input
from govsocial.endpoint.rdf_input import rdf_files

_BATCH = 20_000  # triples per chunk of the streamed request body


class PushError(Exception):
    """A push that could not reach the store, or that the store refused."""


def graph_store_url(url: str) -> str:
    """Return the Graph Store endpoint for a URL; one without any path (`http://host:port`) is
    Oxigraph's /store. An explicit `/` stays (QLever's Graph Store is its root)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PushError(f"not an http(s) URL: {url!r}")
    if parts.path == "" and not parts.query:
        return url + "/store"
    return url


def target_url(store_url: str, graph: str | None) -> str:
    """Return the GSP URL of the default graph (`?default`) or a named graph (`?graph=`)."""
    join = "&" if "?" in store_url else "?"
    if graph is None:
        return f"{store_url}{join}default"
    return f"{store_url}{join}graph={quote(graph, safe='')}"


def _chunks(triples: Iterable[ox.Triple]) -> Iterator[bytes]:
    batch: list[ox.Triple] = []
    for triple in triples:
        batch.append(triple)
        if len(batch) >= _BATCH:
            yield ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b""
            batch = []
    if batch:
        yield ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b""


class Counted:
    """Count the triples flowing through an iterator."""

    def __init__(self, items: Iterable[ox.Triple]) -> None:
        self.items, self.count = items, 0

    def __iter__(self) -> Iterator[ox.Triple]:
        for item in self.items:
            self.count += 1
            yield item


def _payloads(path: Path) -> Iterator[tuple[str | None, Iterable[ox.Triple]]]:
    """Yield (graph or None for the default graph, triples) for one file, checked first."""
    data = rdf_input.read_bytes(path)
    rdf_input.check_syntax(path, data)  # nothing of a broken file is sent
    ox_format = rdf_input.rdf_format(path)
    base = path.resolve().as_uri()
    quads = ox.parse(data, format=ox_format, base_iri=base)
    if not ox_format.supports_datasets:
        yield None, (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        return
    graphs: dict[str | None, list[ox.Triple]] = {}
    for quad in quads:
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs.setdefault(name, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    yield from graphs.items()


def send(
    url: str,
    method: str,
    body: Iterable[bytes],
    timeout: float,
    headers: dict[str, str] | None = None,
) -> None:
    """Send one streamed N-Triples body; raise click.ClickException unless the store accepts."""
    parts = urlsplit(url)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname or "", parts.port, timeout=timeout)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request(
            method,
            target,
            body=iter(body),
            encode_chunked=True,
            headers={
                **(headers or {}),
                "Content-Type": ox.RdfFormat.N_TRIPLES.media_type,
                "User-Agent": "govsocial-kg load",
            },
        )
        response = conn.getresponse()
        text = response.read(2000).decode("utf-8", "replace").strip()
    except OSError as error:
        raise PushError(f"{method} {url} failed: {error}") from None
    finally:
        conn.close()
    if response.status not in (200, 201, 204):
        raise PushError(f"{method} {url} answered {response.status}: {text[:300]}")


def push(
    paths: Iterable[Path],
    store_url: str,
    *,
    append: bool,
    timeout: float,
    headers: dict[str, str] | None = None,
) -> dict[str, int]:
    """Push the files; return {graph or "": triples sent}."""
    sent: dict[str, int] = {}
    for path in rdf_files(*paths):
        for graph, triples in _payloads(path):
            key = graph or ""
            method = "POST" if append or key in sent else "PUT"
            counted = Counted(triples)
            send(target_url(store_url, graph), method, _chunks(counted), timeout, headers)
            sent[key] = sent.get(key, 0) + counted.count
    return sent
