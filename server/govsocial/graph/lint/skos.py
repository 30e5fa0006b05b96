"""Check the SKOS concept schemes and that every concept IRI used is defined."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Identifier, Node

from govsocial.graph.lint.corpus import ONTOLOGY_IRI, Finding, corpus_iris, curie
from govsocial.graph.lint.term_usage import tagged
from govsocial.graph.namespaces import GSO, VOCAB

# -- (e) SKOS concept schemes -------------------------------------------------------------------


def concepts(graph: Graph) -> set[URIRef | BNode]:
    """Return every node that is a concept: typed so, a gso:Platform, or in a scheme."""
    nodes = _resources(graph.subjects(RDF.type, SKOS.Concept))
    nodes |= _resources(graph.subjects(RDF.type, GSO.Platform))
    nodes |= _resources(graph.subjects(SKOS.inScheme, None))
    nodes |= _resources(graph.subjects(SKOS.topConceptOf, None))
    return nodes


def _resources(subjects: Iterable[Node]) -> set[URIRef | BNode]:
    # a parsed subject is an IRI or a blank node: nothing is left out
    return {node for node in subjects if isinstance(node, URIRef | BNode)}


def check_concepts(graph: Graph, name: str) -> list[Finding]:
    """Check scheme membership, top concepts, labels and definitions of all concepts."""
    findings: list[Finding] = []
    for concept in sorted(concepts(graph), key=str):
        where = f"{name} {curie(concept)}"
        schemes = set(graph.objects(concept, SKOS.inScheme))
        if len(schemes) != 1:
            findings.append(Finding("skos", where, f"is in {len(schemes)} schemes, expected 1"))
        tops = set(graph.objects(concept, SKOS.topConceptOf))
        if not tops and graph.value(concept, SKOS.broader) is None:
            findings.append(Finding("skos", where, "is neither a top concept nor has a broader"))
        for scheme in tops:
            if scheme not in schemes:
                findings.append(
                    Finding("skos", where, f"is top concept of {curie(scheme)} but not in it")
                )
            if (scheme, SKOS.hasTopConcept, concept) not in graph:
                findings.append(
                    Finding(
                        "skos", where, f"{curie(scheme)} does not list it as skos:hasTopConcept"
                    )
                )
        for lang in ("en", "de"):
            count = len(tagged(graph, concept, SKOS.prefLabel, lang))
            if count != 1:
                findings.append(
                    Finding("skos", where, f"has {count} skos:prefLabel @{lang}, expected 1")
                )
        if len(tagged(graph, concept, SKOS.definition, "en")) != 1:
            findings.append(Finding("skos", where, "needs exactly one skos:definition @en"))
        clash = set(graph.objects(concept, SKOS.prefLabel)) & set(
            graph.objects(concept, SKOS.altLabel)
        )
        for label in sorted(node for node in clash if isinstance(node, Identifier)):
            # SKOS integrity condition S13: pref and alt labels are disjoint.
            findings.append(Finding("skos", where, f"{curie(label)} is both pref and alt label"))
    for scheme, top in graph.subject_objects(SKOS.hasTopConcept):
        if (top, SKOS.topConceptOf, scheme) not in graph:
            findings.append(
                Finding(
                    "skos",
                    f"{name} {curie(scheme)}",
                    f"lists {curie(top)} as top concept without topConceptOf",
                )
            )
    return findings


def check_scheme_file(graph: Graph, name: str) -> list[Finding]:
    """Check one vocabulary file: one scheme named after the file, documented, its concepts."""
    stem = Path(name).stem
    expected = URIRef(f"{VOCAB}{stem}")
    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    if schemes != {expected}:
        found = ", ".join(sorted(curie(s) for s in schemes)) or "none"
        return [
            Finding("skos", name, f"expected exactly the scheme {curie(expected)}, found {found}")
        ]
    findings: list[Finding] = []
    where = f"{name} {curie(expected)}"
    for predicate, lang in (
        (SKOS.prefLabel, "en"),
        (SKOS.prefLabel, "de"),
        (DCTERMS.title, "en"),
        (DCTERMS.title, "de"),
        (SKOS.definition, "en"),
    ):
        if len(tagged(graph, expected, predicate, lang)) != 1:
            findings.append(Finding("skos", where, f"needs exactly one {curie(predicate)} @{lang}"))
    if (expected, RDFS.isDefinedBy, ONTOLOGY_IRI) not in graph:
        findings.append(Finding("skos", where, f"lacks rdfs:isDefinedBy {curie(ONTOLOGY_IRI)}"))
    if graph.value(expected, SKOS.hasTopConcept) is None:
        findings.append(Finding("skos", where, "has no skos:hasTopConcept"))
    for concept in sorted(concepts(graph), key=str):
        if not str(concept).startswith(f"{expected}/"):
            findings.append(Finding("skos", name, f"{curie(concept)} is not under {expected}/"))
        if (concept, SKOS.inScheme, expected) not in graph:
            findings.append(Finding("skos", name, f"{curie(concept)} is not in {curie(expected)}"))
    return findings


def check_one_scheme_each(graph: Graph, name: str = "all files") -> list[Finding]:
    """Flag concepts that the files together put in more than one scheme."""
    return [
        Finding("skos", f"{name} {curie(c)}", f"is in {len(schemes)} schemes, expected 1")
        for c in sorted(concepts(graph), key=str)
        if len(schemes := set(graph.objects(c, SKOS.inScheme))) > 1
    ]


def check_vocab_references(
    vocabularies: Graph, graphs: Mapping[str, Graph], queries: Mapping[str, str] | None = None
) -> list[Finding]:
    """Flag vocab/ IRIs used anywhere that no vocabulary file defines (typos in concept IRIs)."""
    defined = set(concepts(vocabularies)) | set(vocabularies.subjects(RDF.type, SKOS.ConceptScheme))
    used, findings = corpus_iris(graphs, queries or {})
    for name, iris in sorted(used.items()):
        for iri in sorted(i for i in iris if str(i).startswith(str(VOCAB)) and i not in defined):
            findings.append(
                Finding(
                    "unknown-concept",
                    name,
                    f"{curie(iri)} is not defined in ontology/vocabularies/",
                )
            )
    return findings
