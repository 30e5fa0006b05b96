"""The one door through which the linked-data pages reach the graph: SPARQL, nothing else.

Pages ask SELECT and CONSTRUCT queries and get rdflib terms back, whatever runs the queries
(an in-process pyoxigraph store in tests, the endpoint's query workers when served). ``version``
names the loaded data, so results computed from the whole graph can be cached per version.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

import pyoxigraph
from rdflib import Graph
from rdflib.term import Node

from govsocial.graph.term_bridge import to_rdflib

Row = dict[str, Node]


class GraphSource(Protocol):
    """Run SPARQL over the loaded graph."""

    version: str

    def select(self, query: str) -> list[Row]:
        """Return the solutions of a SELECT query (unbound variables are left out)."""
        ...

    def construct(self, query: str) -> Graph:
        """Return the graph built by a CONSTRUCT query."""
        ...


def store_version(store: pyoxigraph.Store) -> str:
    """Fingerprint a store's content (order-independent), for naming cached results."""
    digest = hashlib.sha256()
    for line in sorted(str(quad) for quad in store):
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()[:16]


class OxigraphSource:
    """A GraphSource over an in-process pyoxigraph store (tests, single-process serving)."""

    def __init__(self, store: pyoxigraph.Store, version: str | None = None) -> None:
        self.store = store
        self.version = version or store_version(store)

    def select(self, query: str) -> list[Row]:
        solutions = self.store.query(query, use_default_graph_as_union=True)
        if not isinstance(solutions, pyoxigraph.QuerySolutions):
            raise TypeError("select() needs a SELECT query")
        names = [v.value for v in solutions.variables]
        rows: list[Row] = []
        for solution in solutions:
            row: Row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return rows

    def construct(self, query: str) -> Graph:
        triples = self.store.query(query, use_default_graph_as_union=True)
        if not isinstance(triples, pyoxigraph.QueryTriples):
            raise TypeError("construct() needs a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for triple in triples:
            graph.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
            )
        return graph


class QueryStoreSource:
    """A GraphSource over the endpoint's ``QueryStore`` (query workers, same limits as /sparql)."""

    def __init__(self, store: QueryStoreLike) -> None:
        self.store = store
        self.version = store.info.version

    def select(self, query: str) -> list[Row]:
        return self.store.select(query)

    def construct(self, query: str) -> Graph:
        return self.store.construct(query)


class QueryStoreLike(Protocol):
    """The part of ``govsocial.endpoint.store.interface.QueryStore`` this package uses."""

    @property
    def info(self) -> DatasetInfoLike: ...  # read here, never set

    def select(self, query: str) -> list[Row]: ...

    def construct(self, query: str) -> Graph: ...


class DatasetInfoLike(Protocol):
    """Read-only, as ``DatasetInfo`` (a frozen dataclass) is."""

    @property
    def version(self) -> str: ...
