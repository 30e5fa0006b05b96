"""Check that IRIs of reused vocabularies (RDF, OWL, SHACL, SKOS, ...) name real terms."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Graph, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    VANN,
    VOID,
    XSD,
    DefinedNamespace,
)

from govsocial.graph.lint.corpus import Finding, corpus_iris, curie
from govsocial.graph.namespaces import GSO, SD

# Term lists of the SPARQL 1.1 Service Description vocabulary (W3C Recommendation, section 3),
# which rdflib does not ship.
SD_TERMS = frozenset(
    {
        "Service",
        "Feature",
        "Language",
        "Function",
        "Aggregate",
        "EntailmentRegime",
        "EntailmentProfile",
        "GraphCollection",
        "Dataset",
        "NamedGraph",
        "Graph",
        "endpoint",
        "feature",
        "defaultEntailmentRegime",
        "entailmentRegime",
        "defaultSupportedEntailmentProfile",
        "supportedEntailmentProfile",
        "extensionFunction",
        "extensionAggregate",
        "languageExtension",
        "supportedLanguage",
        "propertyFeature",
        "defaultDataset",
        "availableGraphs",
        "resultFormat",
        "inputFormat",
        "defaultGraph",
        "namedGraph",
        "name",
        "graph",
        "SPARQL10Query",
        "SPARQL11Query",
        "SPARQL11Update",
        "DereferencesURIs",
        "UnionDefaultGraph",
        "RequiresDataset",
        "EmptyGraphs",
        "BasicFederatedQuery",
    }
)
# RDF 1.2 terms newer than rdflib's term list.
RDF_EXTRA_TERMS = frozenset({"dirLangString", "reifies", "JSON"})

DEFINED_NAMESPACES: tuple[type[DefinedNamespace], ...] = (
    RDF,
    RDFS,
    OWL,
    XSD,
    SH,
    SKOS,
    DCTERMS,
    FOAF,
    ORG,
    PROV,
    VANN,
    VOID,
    SDO,
    TIME,
)
# Near misses of the namespaces we use: valid IRIs, but no term of the intended vocabulary.
# (pattern, the namespace meant); ontology/0.1.0 is the version IRI, not a near miss.
WRONG_NAMESPACES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^http://schema\.org/"), str(SDO._NS)),
    (re.compile(r"^https://w3id\.org/govsocial/ontology/(?![0-9]+\.[0-9]+\.[0-9]+$)"), str(GSO)),
    (re.compile(r"^http://w3id\.org/govsocial/"), "https://w3id.org/govsocial/"),
    (
        re.compile(
            r"^https://www\.w3\.org/(?:1999/02/22-rdf-syntax-ns|2000/01/rdf-schema|2002/07/owl"
            r"|2001/XMLSchema|2004/02/skos/core|2006/time|ns/(?:shacl|org|prov|"
            r"sparql-service-description))#"
        ),
        "http://www.w3.org/",
    ),
    (re.compile(r"^https://xmlns\.com/foaf/"), str(FOAF._NS)),
    (re.compile(r"^https://purl\.org/dc/terms/"), str(DCTERMS._NS)),
)


# -- (c) terms of reused vocabularies exist -----------------------------------------------------


def known_term(iri: URIRef) -> bool | None:
    """Return whether the IRI is a term of a vocabulary we know, or None if we know none."""
    text = str(iri)
    for namespace in DEFINED_NAMESPACES:
        base = str(namespace._NS)
        if text.startswith(base):
            local = text[len(base) :]
            if namespace is RDF and local in RDF_EXTRA_TERMS:
                return True
            # The bare namespace IRI names the vocabulary itself.
            return local == "" or iri in namespace
    if text.startswith(str(SD)):
        return text[len(str(SD)) :] in SD_TERMS | {""}
    return None


def check_known_terms(
    graphs: Mapping[str, Graph], queries: Mapping[str, str] | None = None
) -> list[Finding]:
    """Flag IRIs in reused namespaces that the vocabulary does not define, and near-miss IRIs."""
    used, findings = corpus_iris(graphs, queries or {})
    for name, iris in sorted(used.items()):
        for iri in sorted(iris):
            if known_term(iri) is False:
                findings.append(
                    Finding("unknown-term", name, f"{curie(iri)} is not a term of its vocabulary")
                )
            for wrong, right in WRONG_NAMESPACES:
                if wrong.match(str(iri)):
                    findings.append(
                        Finding("wrong-namespace", name, f"{curie(iri)}: the namespace is {right}")
                    )
    return findings
