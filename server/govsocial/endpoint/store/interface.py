"""The store interface: what the web layer needs from a query engine, and nothing more.

Later work can add a persisted store or a remote engine by implementing `QueryStore`.
"""

from __future__ import annotations

import abc
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

import pyoxigraph as ox

# a term bound to a variable, as it travels to the worker: (kind "uri" or "literal", text,
# language, datatype)
BoundTerm = tuple[str, str, str | None, str | None]
# what a variable may be bound to, and a solution's value (pyoxigraph's terms: the engine's own)
Bindable = ox.NamedNode | ox.Literal
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = dict[str, Term]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class DatasetInfo:
    """What was loaded: shown in logs, the service description and /health."""

    files: tuple[str, ...]
    graphs: tuple[str, ...]  # named graphs (the default graph is not listed)
    triples: int  # quads in all graphs
    default_graph_triples: int
    graph_triples: tuple[tuple[str, int], ...]  # (named graph, triples)
    version: str  # content hash of the loaded files: the data version for ETags
    modified: datetime  # UTC, newest file modification: Last-Modified of answers
    loaded_at: datetime  # UTC
    load_seconds: float


@dataclass(frozen=True)
class QueryJob:
    """One query to run, with everything the engine needs and nothing it could fetch.

    `solutions_format` / `graph_format` are result format keys (see `store.results`) for the
    two result kinds; None means the client accepts no such format (406 if that kind comes).
    `default_graphs` / `named_graphs` of None mean "as the query's FROM / FROM NAMED say, or the
    store's default graph and all named graphs".
    """

    query: str
    base_iri: str | None = None
    solutions_format: str | None = "json"
    graph_format: str | None = "turtle"
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int | None = None
    timeout: float | None = None  # seconds; None = the store's default
    # values substituted for variables before evaluation (pyoxigraph `substitutions`), each
    # (variable name, BoundTerm): no string splicing
    bindings: tuple[tuple[str, BoundTerm], ...] = ()
    # True: no query; the answer is all the store holds, every graph, in `graph_format` (one
    # that keeps graph names), never cut at `max_rows` (`QueryStore.dump`)
    dump: bool = False


# what `QueryStore.dump` asks of a store that runs jobs with `executor.execute`
DUMP_JOB = QueryJob(query="", solutions_format=None, graph_format="nquads", dump=True)


def encode_bindings(bindings: Mapping[str, Bindable] | None) -> tuple[tuple[str, BoundTerm], ...]:
    """Encode pyoxigraph terms for a `QueryJob` (plain tuples travel to the worker unchanged)."""
    encoded: list[tuple[str, BoundTerm]] = []
    for name, term in (bindings or {}).items():
        if isinstance(term, ox.NamedNode):
            encoded.append((name, ("uri", term.value, None, None)))
        elif isinstance(term, ox.Literal):
            language = term.language
            datatype = None if language or term.datatype.value == XSD_STRING else term.datatype
            encoded.append(
                (name, ("literal", term.value, language, datatype.value if datatype else None))
            )
        else:
            raise TypeError(f"cannot bind ?{name} to {term!r}: only IRIs and literals")
    return tuple(encoded)


# what an IRI may hold unescaped (RFC 3987 reserved and unreserved characters)
_IRI_SAFE = ":/?#[]@!$&'()*+,;=-._~"


def as_iri(url: str) -> str:
    """A URL of the server's own (from the request) as an IRI: as it is when pyoxigraph takes
    it, else with what an IRI may not hold percent-encoded (a proxy's prefix,
    `X-Forwarded-Prefix`, may bring anything)."""
    try:
        return ox.NamedNode(url).value
    except ValueError:
        return quote(url, safe=_IRI_SAFE)


def term_text(term: Term) -> str:
    """Return an IRI's text, a blank node's label or a literal's lexical form."""
    if isinstance(term, ox.Triple):
        raise TypeError(f"a quoted triple has no text of its own: {term}")
    return term.value


@dataclass(frozen=True)
class QueryAnswer:
    """A serialized result: bytes ready to send."""

    kind: str  # "solutions", "boolean", "graph" or "dump"
    format: str  # the result format key used
    media_type: str
    body: bytes
    rows: int | None  # solutions or triples written (1 for a boolean); None: not counted
    truncated: bool  # True when max_rows cut the result
    seconds: float  # time spent in the query worker


class QueryStore(abc.ABC):
    """A read-only SPARQL store with limits; `run` is the one required operation."""

    info: DatasetInfo

    @abc.abstractmethod
    def run(self, job: QueryJob) -> QueryAnswer:
        """Run a job and return its serialized answer, or raise a `store.errors.QueryError`."""

    def dump(self) -> bytes:
        """Return all the store holds, every graph, as N-Quads: the whole data or an error
        (`store.errors.QueryError`), never part of it (no row limit applies).

        A store whose jobs `executor.execute` runs answers `DUMP_JOB` with pyoxigraph's own
        dump of the store, in one pass (in a query worker, under its limits, for the pool);
        a store that cannot (a remote endpoint) says how it dumps instead."""
        return self.run(DUMP_JOB).body

    def close(self) -> None:  # noqa: B027 - optional hook, most stores hold nothing to release
        """Release processes and files held by the store."""

    def select(
        self,
        query: str,
        *,
        bindings: Mapping[str, Bindable] | None = None,
        base_iri: str | None = None,
    ) -> list[Row]:
        """Run a SELECT and return its rows as dicts of pyoxigraph terms (unbound variables
        absent).

        `bindings` fixes variables to terms before evaluation, e.g. `{"s": ox.NamedNode(iri)}`.
        """
        job = QueryJob(
            query=query, base_iri=base_iri, graph_format=None, bindings=encode_bindings(bindings)
        )
        answer = self.run(job)
        solutions = ox.parse_query_results(answer.body, ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)  # a SELECT's answer
        names = [variable.value for variable in solutions.variables]
        rows: list[Row] = []
        for solution in solutions:
            row: Row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = value
            rows.append(row)
        return rows

    def ask(self, query: str, *, base_iri: str | None = None) -> bool:
        """Run an ASK and return its boolean."""
        answer = self.run(QueryJob(query=query, base_iri=base_iri, graph_format=None))
        return bool(json.loads(answer.body)["boolean"])

    def construct(
        self,
        query: str,
        *,
        bindings: Mapping[str, Bindable] | None = None,
        base_iri: str | None = None,
    ) -> list[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE and return its triples (pyoxigraph's), as written."""
        job = QueryJob(
            query=query,
            base_iri=base_iri,
            solutions_format=None,
            graph_format="nt",
            bindings=encode_bindings(bindings),
        )
        answer = self.run(job)
        # N-Triples written by our own worker: safe to parse (no XML, no entities)
        return [quad.triple for quad in ox.parse(answer.body, ox.RdfFormat.N_TRIPLES)]
