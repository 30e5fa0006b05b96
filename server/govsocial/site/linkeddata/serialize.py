"""Write an rdflib graph in the syntax a representation names.

JSON-LD is written by pyoxigraph: rdflib 7's JSON-LD serializer goes through the deprecated
ConjunctiveGraph and warns on every call.
"""

from __future__ import annotations

import pyoxigraph
from rdflib import Graph
from rdflib.term import Node

from govsocial.graph.namespaces import PREFIXES
from govsocial.graph.term_bridge import to_oxigraph
from govsocial.site.linkeddata.negotiate import Representation


def serialize(graph: Graph, representation: Representation) -> bytes:
    """Return ``graph`` written in ``representation``'s RDF syntax (UTF-8)."""
    if representation.rdflib_format is None:
        raise ValueError(f"{representation.label} is not an RDF syntax")
    if representation.rdflib_format == "json-ld":
        triples = [_triple(s, p, o) for s, p, o in graph]
        body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.JSON_LD, prefixes=PREFIXES)
        assert body is not None  # bytes: no output was given
        return body
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph.serialize(format=representation.rdflib_format, encoding="utf-8")


def _triple(s: Node, p: Node, o: Node) -> pyoxigraph.Triple:
    subject, predicate = to_oxigraph(s), to_oxigraph(p)
    # as pyoxigraph.Triple would: rdflib admits a literal subject or predicate, RDF does not
    if isinstance(subject, pyoxigraph.Literal):
        raise TypeError(f"a literal cannot be a subject: {s!r}")
    if not isinstance(predicate, pyoxigraph.NamedNode):
        raise TypeError(f"a predicate is an IRI, not {p!r}")
    return pyoxigraph.Triple(subject, predicate, to_oxigraph(o))
