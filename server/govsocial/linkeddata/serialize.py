"""Write an rdflib graph in the syntax a representation names.

JSON-LD is written by pyoxigraph: rdflib 7's JSON-LD serializer goes through the deprecated
ConjunctiveGraph and warns on every call.
"""

from __future__ import annotations

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from govsocial.linkeddata.negotiate import Representation
from govsocial.namespaces import PREFIXES


def _oxi(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def serialize(graph: Graph, representation: Representation) -> bytes:
    """Return ``graph`` written in ``representation``'s RDF syntax (UTF-8)."""
    if representation.rdflib_format is None:
        raise ValueError(f"{representation.label} is not an RDF syntax")
    if representation.rdflib_format == "json-ld":
        triples = [pyoxigraph.Triple(_oxi(s), _oxi(p), _oxi(o)) for s, p, o in graph]
        return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.JSON_LD,
                                    prefixes=PREFIXES)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph.serialize(format=representation.rdflib_format, encoding="utf-8")
