"""Check gso: terms: declared before use, used as their kind, documented."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from govsocial.graph.lint.corpus import ONTOLOGY_IRI, Finding, corpus_iris, curie
from govsocial.graph.namespaces import GSO

# Declarations that make a gso: IRI a term of ours.
CLASS_TYPES = frozenset({OWL.Class})
PROPERTY_TYPES = frozenset({OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty})

# A full stop followed by a new sentence; "e.g." and "i.e." are abbreviations, not breaks.
SENTENCE_BREAK = re.compile(r"(?<!\be\.g)(?<!\bi\.e)[.!?]\s+[A-ZÄÖÜ]")


# -- (a) every gso: term used is declared -------------------------------------------------------


def declared_terms(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Map each gso: term declared in the ontology to its OWL declaration types."""
    kinds: dict[URIRef, set[URIRef]] = {}
    for subject, kind in ontology.subject_objects(RDF.type):
        if (
            isinstance(subject, URIRef)
            and subject in GSO
            and isinstance(kind, URIRef)
            and kind in CLASS_TYPES | PROPERTY_TYPES
        ):
            kinds.setdefault(subject, set()).add(kind)
    return kinds


def is_gso(iri: Node) -> bool:
    """Return whether the IRI is a term of our namespace (not the namespace itself)."""
    return str(iri).startswith(str(GSO)) and str(iri) != str(GSO)


def check_gso_declared(
    ontology: Graph, graphs: Mapping[str, Graph], queries: Mapping[str, str] | None = None
) -> list[Finding]:
    """Flag gso: IRIs that the ontology does not declare, and terms used as the wrong kind."""
    declared = declared_terms(ontology)
    used, findings = corpus_iris(graphs, queries or {})
    for name, iris in sorted(used.items()):
        for iri in sorted(i for i in iris if is_gso(i) and i not in declared):
            findings.append(
                Finding(
                    "undeclared-gso-term", name, f"{curie(iri)} is not declared in the ontology"
                )
            )
    for name, graph in sorted(graphs.items()):
        findings.extend(_misused_terms(name, graph, declared))
    return findings


def _misused_terms(
    name: str, graph: Graph, declared: Mapping[URIRef, set[URIRef]]
) -> Iterator[Finding]:
    """Yield findings for gso: terms used as a kind they are not declared as."""
    for s, p, o in graph:
        kinds = declared.get(p, set()) if isinstance(p, URIRef) else set()
        if is_gso(p) and kinds and not kinds & PROPERTY_TYPES:
            yield Finding("misused-gso-term", name, f"{curie(p)} is a class, used as a predicate")
        if OWL.DatatypeProperty in kinds and not isinstance(o, Literal):
            yield Finding(
                "misused-gso-term",
                name,
                f"{curie(p)} is a datatype property but {curie(s)} has an IRI value",
            )
        if OWL.ObjectProperty in kinds and isinstance(o, Literal):
            yield Finding(
                "misused-gso-term",
                name,
                f"{curie(p)} is an object property but {curie(s)} has literal {curie(o)}",
            )
        if (
            p == RDF.type
            and isinstance(o, URIRef)
            and is_gso(o)
            and declared.get(o)
            and not declared[o] & CLASS_TYPES
        ):
            yield Finding("misused-gso-term", name, f"{curie(o)} is a property, used as a class")


# -- (b) every gso: term is documented ----------------------------------------------------------


def tagged(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> list[Literal]:
    """Return the objects of subject/predicate that carry the language tag."""
    return [
        o
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == lang
    ]


def check_term_annotations(ontology: Graph, name: str = "ontology/govsocial.ttl") -> list[Finding]:
    """Require one rdfs:label @en and @de, one skos:definition @en and rdfs:isDefinedBy each."""
    findings: list[Finding] = []
    for term in sorted(declared_terms(ontology)):
        where = f"{name} {curie(term)}"
        for lang in ("en", "de"):
            count = len(tagged(ontology, term, RDFS.label, lang))
            if count != 1:
                findings.append(
                    Finding("term-annotation", where, f"has {count} rdfs:label @{lang}, expected 1")
                )
        count = len(tagged(ontology, term, SKOS.definition, "en"))
        if count != 1:
            findings.append(
                Finding("term-annotation", where, f"has {count} skos:definition @en, expected 1")
            )
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in ontology:
            findings.append(
                Finding("term-annotation", where, f"lacks rdfs:isDefinedBy {curie(ONTOLOGY_IRI)}")
            )
    return findings


def check_definitions(graph: Graph, name: str) -> list[Finding]:
    """Require each skos:definition to be one sentence: capitalised, one final full stop."""
    findings: list[Finding] = []
    for subject, text in sorted(graph.subject_objects(SKOS.definition)):
        value = str(text)
        if not (value[:1].isupper() and value.endswith(".")) or SENTENCE_BREAK.search(value):
            findings.append(
                Finding(
                    "definition", f"{name} {curie(subject)}", f"{curie(text)} is not one sentence"
                )
            )
    return findings
