"""The page queries bring every label predicate a page names things by, and nothing else.

The label predicates are matched with FILTER rather than VALUES (Oxigraph joined those VALUES
with a scan of the whole graph: bench/results/FINDINGS.md); these tests pin what they match.
"""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS

from govsocial.endpoint.store.local import LocalStore
from govsocial.site.linkeddata.describe import evidence_graph, term_labels

EX = "http://example.org/"
GRAPH = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix gso: <https://w3id.org/govsocial/ontology#> .
@prefix ex: <{EX}> .

ex:byLabel rdfs:label "by rdfs:label" ; rdfs:comment "not a label" .
ex:notShown rdfs:label "not on the page" .
ex:byPrefLabel skos:prefLabel "by skos:prefLabel" .
ex:byName foaf:name "by foaf:name" .
ex:byTitle dcterms:title "by dcterms:title" .

ex:claim prov:wasDerivedFrom ex:statement .
ex:statement a gso:Statement ; dcterms:source ex:s1, ex:s2, ex:s3, ex:s4 .
ex:s1 dcterms:publisher ex:byLabel .
ex:s2 dcterms:publisher ex:byPrefLabel .
ex:s3 dcterms:publisher ex:byName .
ex:s4 dcterms:publisher ex:byTitle .

# a page names the properties of its own and incoming triples, and its classes
ex:page ex:byLabel ex:notShown ; ex:byPrefLabel "value" ; a ex:byName .
ex:other ex:byTitle ex:page .
"""
LABELLED = {
    "byLabel": (RDFS.label, "by rdfs:label"),
    "byPrefLabel": (SKOS.prefLabel, "by skos:prefLabel"),
    "byName": (FOAF.name, "by foaf:name"),
    "byTitle": (DCTERMS.title, "by dcterms:title"),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> LocalStore:
    path = tmp_path_factory.mktemp("describe") / "graph.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return LocalStore([path])


def test_term_labels_take_each_label_predicate_and_nothing_else(store: LocalStore) -> None:
    labels = term_labels(store, EX + "page")
    assert {(str(s), str(o)) for s, _, o in labels} == {
        (EX + name, text) for name, (_, text) in LABELLED.items()
    }
    assert all(p == RDFS.label for p in labels.predicates())


def test_evidence_carries_the_publishers_labels(store: LocalStore) -> None:
    evidence = evidence_graph(store, EX + "claim")
    for name, (predicate, text) in LABELLED.items():
        assert (URIRef(EX + name), predicate, Literal(text)) in evidence, name
    assert not list(evidence.triples((None, RDFS.comment, None)))
