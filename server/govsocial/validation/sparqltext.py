"""Write RDF terms and SHACL property paths as SPARQL text, for queries compiled from shapes."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from govsocial.namespaces import RDF, SH


class Unsupported(Exception):
    """A shape uses something the native compiler does not translate (pySHACL handles it)."""


def sparql_string(text: str) -> str:
    """Return a double-quoted SPARQL string literal for the text, escaped."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def iri(node: URIRef) -> str:
    """Return <IRI>, refusing characters SPARQL does not allow in an IRI reference."""
    text = str(node)
    if any(c in text for c in '<>"{}|^`\\ \n\t'):
        raise Unsupported(f"IRI {text!r} cannot be written in SPARQL")
    return f"<{text}>"


def term(node: Node) -> str:
    """Return the SPARQL text of an IRI or literal (blank nodes have no query syntax)."""
    if isinstance(node, URIRef):
        return iri(node)
    if isinstance(node, Literal):
        lexical = sparql_string(str(node))
        if node.language:
            return f"{lexical}@{node.language}"
        if node.datatype is not None:
            return f"{lexical}^^{iri(node.datatype)}"
        return lexical
    raise Unsupported(f"blank node {node} used as a constraint parameter")


def path(shapes: Graph, node: Node) -> str:
    """Return a SHACL property path as a SPARQL property path (same semantics as SHACL)."""
    if isinstance(node, URIRef):
        return iri(node)
    if not isinstance(node, BNode):
        raise Unsupported(f"{node!r} is not a property path")
    if shapes.value(node, RDF.first) is not None:
        steps = [path(shapes, step) for step in Collection(shapes, node)]
        if len(steps) < 2:
            raise Unsupported("a sequence path needs at least two steps")
        return "(" + "/".join(steps) + ")"
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        options = [path(shapes, a) for a in Collection(shapes, alternatives)]
        if len(options) < 2:
            raise Unsupported("an alternative path needs at least two members")
        return "(" + "|".join(options) + ")"
    for predicate, template in (
        (SH.inversePath, "(^{})"),
        (SH.zeroOrMorePath, "({})*"),
        (SH.oneOrMorePath, "({})+"),
        (SH.zeroOrOnePath, "({})?"),
    ):
        inner = shapes.value(node, predicate)
        if inner is not None:
            return template.format(path(shapes, inner))
    raise Unsupported(f"unknown property path {node}")
