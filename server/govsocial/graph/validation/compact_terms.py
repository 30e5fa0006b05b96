"""Render RDF terms and SHACL property paths compactly for reports."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from govsocial.graph.namespaces import PREFIXES, RDF, SH

SHAPES_NS = "https://w3id.org/govsocial/shapes#"


def namespace_manager() -> NamespaceManager:
    """Return a namespace manager with the project's prefixes (and gsoshape)."""
    manager = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in {**PREFIXES, "gsoshape": SHAPES_NS}.items():
        manager.bind(prefix, namespace, override=True, replace=True)
    return manager


_MANAGER = namespace_manager()


def render_node(node: Node | None) -> str:
    """Return a prefixed name where one fits, else <IRI>, or the literal in Turtle syntax."""
    if node is None:
        return ""
    if isinstance(node, URIRef | Literal):
        return node.n3(_MANAGER)
    return f"_:{node}"


def render_path(graph: Graph, path: Node | None) -> str | None:
    """Return a SHACL property path as SPARQL property-path text (e.g. `(a|b)`, `^p`, `p/q`)."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return render_node(path)
    if not isinstance(path, BNode):
        return str(path)
    if graph.value(path, RDF.first) is not None:
        return "/".join(render_path(graph, step) or "" for step in Collection(graph, path))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        options = (render_path(graph, a) or "" for a in Collection(graph, alternatives))
        return "(" + "|".join(options) + ")"
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(render_path(graph, inner))
    return f"_:{path}"
