"""Check that subjects and values of gso: properties fit their declared domain and range."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, RDF, RDFS, XSD
from rdflib.term import Node

from govsocial.graph.lint.corpus import Finding, curie
from govsocial.graph.lint.term_usage import declared_terms

# -- Domains and ranges hold on the data ---------------------------------------------------------

# Subclass axioms of reused vocabularies that our domains and ranges rely on (ORG, section 5.1).
EXTERNAL_SUBCLASSES: tuple[tuple[URIRef, URIRef], ...] = (
    (ORG.FormalOrganization, ORG.Organization),
)


def _members(ontology: Graph, node: Node) -> set[URIRef]:
    """Return the classes or datatypes a domain/range names: itself, or its owl:unionOf list."""
    union = ontology.value(node, OWL.unionOf)
    if union is not None:
        return {m for m in ontology.items(union) if isinstance(m, URIRef)}
    return {node} if isinstance(node, URIRef) else set()


def _superclasses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Map each class to itself and all its named superclasses (reflexive, transitive)."""
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in [*ontology.subject_objects(RDFS.subClassOf), *EXTERNAL_SUBCLASSES]:
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct.setdefault(sub, set()).add(sup)
    closure: dict[URIRef, set[URIRef]] = {}
    for start in direct:
        seen, todo = {start}, [start]
        while todo:
            for sup in direct.get(todo.pop(), set()) - seen:
                seen.add(sup)
                todo.append(sup)
        closure[start] = seen
    return closure


def _types(graph: Graph, node: Node, supers: Mapping[URIRef, set[URIRef]]) -> set[URIRef]:
    """Return the asserted types of node with all their superclasses."""
    types: set[URIRef] = set()
    for kind in graph.objects(node, RDF.type):
        if isinstance(kind, URIRef):
            types |= supers.get(kind, {kind})
    return types


def _value_fits(
    graph: Graph, value: Node, allowed: set[URIRef], supers: Mapping[URIRef, set[URIRef]]
) -> bool:
    """Return whether a value fits the allowed classes or datatypes."""
    if isinstance(value, Literal):
        if RDF.langString in allowed:
            return value.language is not None
        datatype = value.datatype or (RDF.langString if value.language else XSD.string)
        # A facet-restricted datatype is a blank node: its base is checked by the shapes.
        return datatype in allowed or not allowed
    return bool(_types(graph, value, supers) & allowed) if allowed else True


def check_domains_and_ranges(ontology: Graph, graphs: Mapping[str, Graph]) -> list[Finding]:
    """Flag uses of gso: properties whose subject or value lacks the declared domain or range.

    Each file is checked together with the ontology and vocabularies (given among graphs), so a
    value typed in another file counts; only asserted types and subclass axioms are used.
    """
    supers = _superclasses(ontology)
    everything = Graph()
    for graph in graphs.values():
        everything += graph
    findings: list[Finding] = []
    for prop in sorted(declared_terms(ontology)):
        domains = {
            d for node in ontology.objects(prop, RDFS.domain) for d in _members(ontology, node)
        }
        ranges = {
            r for node in ontology.objects(prop, RDFS.range) for r in _members(ontology, node)
        }
        for name, graph in sorted(graphs.items()):
            for subject, value in graph.subject_objects(prop):
                if domains and not _types(everything, subject, supers) & domains:
                    findings.append(
                        Finding(
                            "domain",
                            name,
                            f"{curie(subject)} uses "
                            f"{curie(prop)} but is not a "
                            f"{' or '.join(sorted(map(curie, domains)))}",
                        )
                    )
                if ranges and not _value_fits(everything, value, ranges, supers):
                    findings.append(
                        Finding(
                            "range",
                            name,
                            f"{curie(subject)} {curie(prop)} "
                            f"{curie(value)}: expected "
                            f"{' or '.join(sorted(map(curie, ranges)))}",
                        )
                    )
    return findings
