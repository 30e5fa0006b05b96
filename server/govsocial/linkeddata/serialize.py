"""Write an rdflib graph in the syntax a representation names.

JSON-LD is written by pyoxigraph: rdflib 7's JSON-LD serializer goes through the deprecated
ConjunctiveGraph and warns on every call.
"""

from __future__ import annotations

import pyoxigraph
from rdflib import Graph

from govsocial.linkeddata.negotiate import Representation
from govsocial.namespaces import PREFIXES
from govsocial.term_bridge import to_oxigraph


def serialize(graph: Graph, representation: Representation) -> bytes:
    """Return ``graph`` written in ``representation``'s RDF syntax (UTF-8)."""
    if representation.rdflib_format is None:
        raise ValueError(f"{representation.label} is not an RDF syntax")
    if representation.rdflib_format == "json-ld":
        triples = [
            pyoxigraph.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph
        ]
        return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.JSON_LD,
                                    prefixes=PREFIXES)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph.serialize(format=representation.rdflib_format, encoding="utf-8")
