"""What `dumps.py` reads the data from, until the dump moves into the endpoint's store.

Pages read the graph through the store itself (`QueryStore.select` / `construct` / `run` with
bindings); only the dumps still take this: the data version and every quad as N-Quads. Delete
this module once `dumps.py` takes the store.
"""

from __future__ import annotations

from typing import Protocol

import pyoxigraph as ox

from govsocial.endpoint.store.interface import QueryJob, QueryStore, encode_bindings

# the default graph, then each named graph ?g (bound)
DEFAULT_GRAPH_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
NAMED_GRAPH_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


class GraphSource(Protocol):
    """The data a dump is made of."""

    @property
    def version(self) -> str: ...

    def nquads(self) -> bytes:
        """Return every quad of the loaded data as N-Quads."""
        ...


class DumpSource:
    """The data of a `QueryStore`, read through its query workers like every other read."""

    def __init__(self, store: QueryStore) -> None:
        self.store = store

    @property
    def version(self) -> str:
        return self.store.info.version

    def nquads(self) -> bytes:
        # the default graph, then each named graph, refusing a cut result: a dump must hold
        # all the data or nothing
        parts: list[bytes] = []
        info = self.store.info
        for graph in (None, *info.graphs):
            answer = self.store.run(
                QueryJob(
                    query=DEFAULT_GRAPH_QUERY if graph is None else NAMED_GRAPH_QUERY,
                    solutions_format=None,
                    graph_format="nt",
                    max_rows=info.triples + 1,
                    bindings=encode_bindings(None if graph is None else {"g": ox.NamedNode(graph)}),
                )
            )
            if answer.truncated:
                raise RuntimeError("the store cut the dump query short; dumps need every triple")
            if graph is None:
                parts.append(answer.body)
            else:
                suffix = f" <{graph}> .\n".encode()
                parts.extend(
                    line[: line.rindex(b".")].rstrip() + suffix
                    for line in answer.body.splitlines(keepends=False)
                    if line.strip()
                )
        return b"".join(p if p.endswith(b"\n") or not p else p + b"\n" for p in parts)
