"""Run one query job against a loaded pyoxigraph store (inside a query worker)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TypedDict

import pyoxigraph as ox

from govsocial.endpoint.formats import GRAPHS, SOLUTIONS
from govsocial.endpoint.store.errors import NotAcceptable, QueryRefused, QuerySyntaxError
from govsocial.endpoint.store.interface import BoundTerm, QueryAnswer, QueryJob
from govsocial.endpoint.store.results import write_boolean, write_graph, write_solutions


def _graph_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise QueryRefused(f"not an absolute IRI: <{iri}>") from None


def _term(value: BoundTerm) -> ox.NamedNode | ox.Literal:
    kind, text, lang, datatype = value
    if kind == "uri":
        return _graph_node(text)
    if lang:
        return ox.Literal(text, language=lang)
    return ox.Literal(text, datatype=ox.NamedNode(datatype) if datatype else None)


class DatasetArguments(TypedDict, total=False):
    """The keyword arguments of `pyoxigraph.Store.query` that set the dataset."""

    default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]
    named_graphs: list[ox.NamedNode | ox.BlankNode]


def dataset_arguments(job: QueryJob) -> DatasetArguments:
    """Map the protocol's dataset onto pyoxigraph's: only graphs of the store are ever read.

    Without protocol parameters the query's own FROM / FROM NAMED apply; pyoxigraph resolves
    them against the store's graphs only (an unknown graph is empty) and never dereferences
    them. With either parameter present, the protocol dataset replaces the query's (SPARQL
    1.1 Protocol 2.1.4), and a missing part of it is empty.
    """
    if job.default_graphs is None and job.named_graphs is None:
        return {}
    return {
        "default_graph": [_graph_node(iri) for iri in job.default_graphs or ()],
        "named_graphs": [_graph_node(iri) for iri in job.named_graphs or ()],
    }


def execute(
    store: ox.Store, job: QueryJob, prefixes: Mapping[str, str] | None = None
) -> QueryAnswer:
    """Parse, evaluate and serialize one job (Turtle and TriG declaring `prefixes`), or dump the
    store; raise a store error the client can act on."""
    started = time.perf_counter()
    if job.dump:
        return _dump(store, job, prefixes, started)
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): _term(value) for name, value in job.bindings
    }

    def evaluate() -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        return store.query(
            job.query,
            base_iri=job.base_iri,
            substitutions=substitutions or None,
            **dataset_arguments(job),
        )

    def evaluate_again() -> ox.QuerySolutions:
        again = evaluate()
        assert isinstance(again, ox.QuerySolutions)  # the same SELECT, evaluated anew
        return again

    try:
        result = evaluate()
    except SyntaxError as error:
        raise QuerySyntaxError(f"syntax error: {error.msg}") from None
    except RuntimeError as error:
        # raised while preparing, before evaluation: about the query (e.g. a substitution
        # of a variable that is not projected), so the caller's to fix
        raise QueryRefused(str(error)) from None
    rows: int | None
    if isinstance(result, ox.QueryBoolean):
        fmt = job.solutions_format
        if fmt is None:
            raise NotAcceptable("an ASK query's result needs a SPARQL results format")
        body, kind, rows, truncated = write_boolean(result, fmt), "boolean", 1, False
        media_type = SOLUTIONS[fmt].media_type
    elif isinstance(result, ox.QuerySolutions):
        fmt = job.solutions_format
        if fmt is None:
            raise NotAcceptable("a SELECT query's result needs a SPARQL results format")
        body, rows, truncated = write_solutions(result, fmt, job.max_rows, again=evaluate_again)
        kind, media_type = "solutions", SOLUTIONS[fmt].media_type
    else:
        fmt = job.graph_format
        if fmt is None:
            raise NotAcceptable("a CONSTRUCT or DESCRIBE query's result needs an RDF format")
        body, rows, truncated = write_graph(result, fmt, job.max_rows, prefixes)
        kind, media_type = "graph", GRAPHS[fmt].media_type
    return QueryAnswer(
        kind=kind,
        format=fmt,
        media_type=media_type,
        body=body,
        rows=rows,
        truncated=truncated,
        seconds=time.perf_counter() - started,
    )


def _dump(
    store: ox.Store, job: QueryJob, prefixes: Mapping[str, str] | None, started: float
) -> QueryAnswer:
    """Write every quad of the store, in one pass of pyoxigraph's own writer."""
    fmt = job.graph_format
    graph_format = GRAPHS.get(fmt) if fmt else None
    if fmt is None or graph_format is None or not graph_format.rdf_format.supports_datasets:
        raise NotAcceptable(f"a dump keeps graph names: {fmt!r} is not a format that can")
    declared = dict(prefixes) if prefixes and graph_format.prefixed else None
    body = store.dump(format=graph_format.rdf_format, prefixes=declared)
    assert body is not None  # bytes: no output was given
    return QueryAnswer(
        kind="dump",
        format=fmt,
        media_type=graph_format.media_type,
        body=body,
        rows=None,
        truncated=False,
        seconds=time.perf_counter() - started,
    )
