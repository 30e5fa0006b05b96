"""The page queries bring every label predicate a page names things by, and nothing else.

The label predicates are matched with FILTER rather than VALUES (Oxigraph joined those VALUES
with a scan of the whole graph: bench/results/FINDINGS.md); these tests pin what they match.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from govsocial.endpoint.store.local import LocalStore
from govsocial.site.linkeddata.describe import evidence_graph, term_labels
from govsocial.site.linkeddata.view import DCTERMS_TITLE, FOAF_NAME, RDFS_LABEL, SKOS_PREF_LABEL

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
    "byLabel": (RDFS_LABEL, "by rdfs:label"),
    "byPrefLabel": (SKOS_PREF_LABEL, "by skos:prefLabel"),
    "byName": (FOAF_NAME, "by foaf:name"),
    "byTitle": (DCTERMS_TITLE, "by dcterms:title"),
}
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> LocalStore:
    path = tmp_path_factory.mktemp("describe") / "graph.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return LocalStore([path])


def test_term_labels_take_each_label_predicate_and_nothing_else(store: LocalStore) -> None:
    labels = term_labels(store, EX + "page")
    assert {(t.subject, t.object) for t in labels} == {
        (ox.NamedNode(EX + name), ox.Literal(text)) for name, (_, text) in LABELLED.items()
    }
    assert all(t.predicate == RDFS_LABEL for t in labels)


def test_evidence_carries_the_publishers_labels(store: LocalStore) -> None:
    evidence = evidence_graph(store, EX + "claim")
    for name, (predicate, text) in LABELLED.items():
        assert ox.Triple(ox.NamedNode(EX + name), predicate, ox.Literal(text)) in evidence, name
    assert not [t for t in evidence if t.predicate == RDFS_COMMENT]
