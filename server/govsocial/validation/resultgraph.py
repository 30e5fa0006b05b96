"""Write native results as a SHACL sh:ValidationReport graph, as pySHACL does."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal
from rdflib.term import Node

from govsocial.namespaces import RDF, SH
from govsocial.validation.native import RawResult
from govsocial.validation.terms import namespace_manager


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
