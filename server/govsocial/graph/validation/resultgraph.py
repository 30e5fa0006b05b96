"""Write native results as a SHACL sh:ValidationReport graph, as pySHACL does; filter one."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import BNode, Graph, Literal
from rdflib.term import Node

from govsocial.graph.namespaces import RDF, SH
from govsocial.graph.validation.compact_terms import namespace_manager
from govsocial.graph.validation.native import RawResult


def _copy_path(shapes: Graph, node: Node, into: Graph) -> None:
    """Copy a blank-node property path (lists, alternatives) from the shapes into the report."""
    for predicate, value in shapes.predicate_objects(node):
        into.add((node, predicate, value))
        if isinstance(value, BNode):
            _copy_path(shapes, value, into)


def report_graph(
    results: Iterable[RawResult], shapes: Graph, conforms: bool, into: Graph | None = None
) -> Graph:
    """Return a graph with one sh:ValidationReport holding the results (added to `into`)."""
    graph = into if into is not None else Graph()
    report = graph.value(None, RDF.type, SH.ValidationReport, any=True)
    if report is None:
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
    graph.set((report, SH.conforms, Literal(conforms)))
    for raw in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, raw.focus))
        graph.add((node, SH.resultSeverity, raw.severity))
        graph.add((node, SH.sourceShape, raw.shape))
        graph.add((node, SH.sourceConstraintComponent, raw.component))
        if raw.path is not None:
            graph.add((node, SH.resultPath, raw.path))
            if isinstance(raw.path, BNode):
                _copy_path(shapes, raw.path, graph)
        if raw.value is not None:
            graph.add((node, SH.value, raw.value))
        for message in raw.messages:
            graph.add((node, SH.resultMessage, message))
        if raw.source_constraint is not None:
            graph.add((node, SH.sourceConstraint, raw.source_constraint))
    for prefix, namespace in namespace_manager().namespaces():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _kept(graph: Graph, result: Node, keep: Callable[[Node, Node], bool]) -> bool:
    focus, severity = graph.value(result, SH.focusNode), graph.value(result, SH.resultSeverity)
    # SHACL gives every result both; one without is kept by no filter of ValidationReport
    return focus is not None and severity is not None and keep(focus, severity)


def keep_results(graph: Graph, keep: Callable[[Node, Node], bool], conforms: bool) -> Graph:
    """Return a copy of a report graph with only the results `keep(focus, severity)` accepts.

    The blank nodes only the dropped results used (their property paths) go with them.
    """
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    dropped = {
        result
        for result in graph.subjects(RDF.type, SH.ValidationResult)
        if not _kept(graph, result, keep)
    }
    for triple in graph:
        if triple[0] not in dropped and triple[2] not in dropped:
            copy.add(triple)
    _drop_orphans(copy)
    for report in copy.subjects(RDF.type, SH.ValidationReport):
        copy.set((report, SH.conforms, Literal(conforms)))
    return copy


def _drop_orphans(graph: Graph) -> None:
    """Remove blank nodes nothing points to any more (the report itself stays)."""
    while True:
        orphans = {
            s
            for s in graph.subjects(unique=True)
            if isinstance(s, BNode)
            and (None, None, s) not in graph
            and (s, RDF.type, SH.ValidationReport) not in graph
        }
        if not orphans:
            return
        for orphan in orphans:
            graph.remove((orphan, None, None))
