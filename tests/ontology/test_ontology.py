"""The OWL ontology: its header, and the contract with docs/MODEL.md (terms, axioms, alignments)."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN, XSD

from govsocial.graph.lint import ONTOLOGY_IRI, Corpus, declared_terms
from govsocial.graph.namespaces import FOAF, GSO, ORG, PREFIXES, PROV, SCHEMA, SIOC, WD

# Cardinality at most 1 wherever MODEL.md uses the property (a property that is 1 on one class
# and n on another, such as gso:platform, is not functional).
FUNCTIONAL = {
    "authority",
    "action",
    "modality",
    "date",
    "datePrecision",
    "owner",
    "observationDate",
    "approximate",
    "count",
    "rank",
    "text",
    "speechMode",
    "onBehalfOf",
    "speaker",
    "speakerPost",
    "madeOnRequest",
    "operatedBy",
    "onPlatform",
    "municipalityKey",
    "titleReconstructed",
    "sourceType",
    # issue 13
    "governmentLevel",
    "countryCode",
    "stateCode",
    "partOfDeclaration",
    "proposedTo",
    "proposalStatus",
    # issue 13, narration and dates: a count's reference date is one date
    "asOf",
}
DATATYPE_PROPERTIES = {
    "municipalityKey",
    "date",
    "observationDate",
    "approximate",
    "count",
    "rank",
    "text",
    "madeOnRequest",
    "partnerDescription",
    "inferenceNote",
    "titleReconstructed",
    "publisherNote",
    "countryCode",
    "stateCode",
    # issue 13, reasons and dates: words quoted inside indirect speech, a count's reference date
    "quotedPhrase",
    "asOf",
}
# (property, rdfs:range) as MODEL.md states them; unions are compared as sets.
RANGES: dict[str, set[URIRef]] = {
    "authority": {GSO.Authority},
    "platform": {GSO.Platform},
    "channel": {GSO.Channel},
    "replacementPlatform": {GSO.Platform},
    "replaces": {GSO.Platform},
    "campaign": {GSO.Campaign},
    "owner": {FOAF.Person, ORG.Organization},
    "platformNamed": {GSO.Platform},
    "onBehalfOf": {GSO.Authority},
    "speaker": {FOAF.Person},
    "speakerPost": {ORG.Post},
    "organiser": {GSO.Authority},
    "partner": {ORG.Organization},
    "operatedBy": {GSO.Authority, GSO.Campaign, ORG.Organization, FOAF.Person},
    "onPlatform": {GSO.Platform},
    "attestedBy": {GSO.Statement},
    "date": {XSD.date, XSD.gYearMonth, XSD.gYear},
    "observationDate": {XSD.date, XSD.gYearMonth, XSD.gYear},
    "asOf": {XSD.date, XSD.gYearMonth, XSD.gYear},
    "quotedPhrase": {RDF.langString},
    "about": {GSO.Authority, GSO.Campaign, ORG.Organization},
    "approximate": {XSD.boolean},
    "madeOnRequest": {XSD.boolean},
    "titleReconstructed": {XSD.boolean},
    "count": {XSD.integer},
    "rank": {XSD.integer},
    "text": {RDF.langString},
    "partnerDescription": {RDF.langString},
    "inferenceNote": {RDF.langString},
    "publisherNote": {RDF.langString},
}
# Properties whose values are concepts, with the scheme named by rdfs:seeAlso.
CONCEPT_VALUED = {
    "action": "action",
    "modality": "modality",
    "datePrecision": "date-precision",
    "reasonFor": "reason",
    "reasonAgainst": "reason",
    "purpose": "purpose",
    "contentType": "content-type",
    "appliesToKind": "authority-kind",
    "decisionMode": "decision-mode",
    "speechMode": "speech-mode",
    "sourceType": "source-type",
    "givesReasonFor": "reason",
    "givesReasonAgainst": "reason",
    "givesPurpose": "purpose",
    "dateQualifier": "date-qualifier",
}
SUPERPROPERTIES = {
    "speaker": PROV.wasAttributedTo,
    "onBehalfOf": PROV.wasAttributedTo,
    "date": DCTERMS.date,
    "observationDate": DCTERMS.date,
    "operatedBy": SIOC.account_of,
    "asOf": DCTERMS.date,
    "about": SCHEMA.about,
}
WIKIDATA_ALIGNMENT = {
    "FollowerCount": "P8687",
    "observationDate": "P585",
    "municipalityKey": "P439",
}


def expand(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def members(ontology: Graph, node: object) -> set[object]:
    union = ontology.value(node, OWL.unionOf)
    return set(Collection(ontology, union)) if union is not None else {node}


def model_section(model_text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}.*?$(.*?)(?=^## |\Z)", model_text, re.M | re.S)
    assert match, f"docs/MODEL.md has no section '{heading}'"
    return match.group(1)


def model_classes(model_text: str) -> dict[str, list[str]]:
    """Return {class name: [superclass CURIEs]} from MODEL.md's class table."""
    rows = re.findall(r"^\| (\w+) \| ([^|]+) \|", model_section(model_text, "Classes"), re.M)
    return {name: [c.strip() for c in sups.split(",")] for name, sups in rows if name != "class"}


# -- Header ---------------------------------------------------------------------------------------


def test_header_describes_the_ontology(ontology: Graph) -> None:
    o = ONTOLOGY_IRI
    assert (o, RDF.type, OWL.Ontology) in ontology
    assert {t.language for t in ontology.objects(o, DCTERMS.title)} == {"en", "de"}
    assert any(d.language == "en" for d in ontology.objects(o, DCTERMS.description))
    assert ontology.value(o, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(o, OWL.versionIRI) == URIRef("https://w3id.org/govsocial/ontology/0.1.0")
    assert ontology.value(o, DCTERMS.created) == Literal("2026-11-26", datatype=XSD.date)
    assert ontology.value(o, DCTERMS.modified).datatype == XSD.date
    assert ontology.value(o, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert ontology.value(o, VANN.preferredNamespacePrefix) == Literal("gso")
    assert str(ontology.value(o, VANN.preferredNamespaceUri)) == str(GSO)
    assert ontology.value(o, DCTERMS.creator) and ontology.value(o, DCTERMS.publisher)


def test_ontology_imports_nothing(ontology: Graph) -> None:
    # Reuse is by reference: an import would pull whole external vocabularies into the graph.
    assert list(ontology.objects(None, OWL.imports)) == []


def test_every_term_has_one_owl_kind(ontology: Graph) -> None:
    kinds = declared_terms(ontology)
    assert {t for t, k in kinds.items() if len(k) != 1} == set()
    assert {t for t, k in kinds.items() if OWL.AnnotationProperty in k} == set()


# -- The contract with docs/MODEL.md --------------------------------------------------------------


def test_every_gso_name_in_model_is_declared(ontology: Graph, model_text: str) -> None:
    names = set(re.findall(r"gso:([A-Za-z]+)", model_text)) | set(model_classes(model_text))
    assert len(names) > 50
    missing = {n for n in names if GSO[n] not in declared_terms(ontology)}
    assert missing == set()


def test_every_declared_term_is_in_model(ontology: Graph, model_text: str) -> None:
    # The other direction: a term only the ontology knows is a term no shape or query uses.
    names = set(re.findall(r"gso:([A-Za-z]+)", model_text)) | set(model_classes(model_text))
    assert {str(t)[len(str(GSO)) :] for t in declared_terms(ontology)} - names == set()


def test_classes_and_superclasses_follow_model(ontology: Graph, model_text: str) -> None:
    classes = model_classes(model_text)
    assert len(classes) == 18
    for name, superclasses in classes.items():
        assert (GSO[name], RDF.type, OWL.Class) in ontology, name
        assert set(ontology.objects(GSO[name], RDFS.subClassOf)) == {
            expand(c) for c in superclasses
        }, name


def test_functional_properties_are_those_with_cardinality_one(ontology: Graph) -> None:
    functional = {
        str(p)[len(str(GSO)) :] for p in ontology.subjects(RDF.type, OWL.FunctionalProperty)
    }
    assert functional == FUNCTIONAL


def test_datatype_and_object_properties(ontology: Graph) -> None:
    kinds = declared_terms(ontology)
    datatype = {str(t)[len(str(GSO)) :] for t, k in kinds.items() if OWL.DatatypeProperty in k}
    assert datatype == DATATYPE_PROPERTIES
    for name in FUNCTIONAL | set(CONCEPT_VALUED) | set(RANGES):
        assert kinds[GSO[name]] & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


@pytest.mark.parametrize("name", sorted(RANGES))
def test_range_follows_model(ontology: Graph, name: str) -> None:
    ranges = [
        r for node in ontology.objects(GSO[name], RDFS.range) for r in [members(ontology, node)]
    ]
    assert ranges == [RANGES[name]]


@pytest.mark.parametrize("name", sorted(CONCEPT_VALUED))
def test_concept_valued_property_names_its_scheme(ontology: Graph, name: str) -> None:
    assert set(ontology.objects(GSO[name], RDFS.range)) == {SKOS.Concept}
    scheme = URIRef(f"https://w3id.org/govsocial/vocab/{CONCEPT_VALUED[name]}")
    assert (GSO[name], RDFS.seeAlso, scheme) in ontology


def test_subproperties_align_with_reused_vocabularies(ontology: Graph) -> None:
    for name, parent in SUPERPROPERTIES.items():
        assert (GSO[name], RDFS.subPropertyOf, parent) in ontology, name


def test_follower_count_is_a_schema_interaction_counter(ontology: Graph) -> None:
    assert (GSO.FollowerCount, RDFS.subClassOf, SCHEMA.InteractionCounter) in ontology


def test_wikidata_alignment_uses_only_listed_properties(ontology: Graph) -> None:
    for name, pid in WIKIDATA_ALIGNMENT.items():
        assert (GSO[name], RDFS.seeAlso, WD[pid]) in ontology, name


def test_domains_name_declared_classes_or_unions_of_them(ontology: Graph) -> None:
    classes = {t for t, k in declared_terms(ontology).items() if OWL.Class in k}
    for prop, node in ontology.subject_objects(RDFS.domain):
        assert members(ontology, node) <= classes, prop


def test_shared_properties_have_no_domain_and_say_why(ontology: Graph) -> None:
    for name in ("attestedBy", "datePrecision", "inferredProperty", "inferenceNote"):
        assert ontology.value(GSO[name], RDFS.domain) is None, name
        assert "no rdfs:domain" in str(ontology.value(GSO[name], RDFS.comment)).lower(), name


def test_municipality_key_is_an_eight_digit_string(ontology: Graph) -> None:
    datatype = ontology.value(GSO.municipalityKey, RDFS.range)
    assert ontology.value(datatype, OWL.onDatatype) == XSD.string
    facets = Collection(ontology, ontology.value(datatype, OWL.withRestrictions))
    assert [str(ontology.value(f, XSD.pattern)) for f in facets] == ["[0-9]{8}"]


def test_modelling_choices_are_explained(ontology: Graph) -> None:
    decision = " ".join(map(str, ontology.objects(GSO.PlatformDecision, RDFS.comment)))
    assert "never timeless properties" in decision and "modality" in decision
    header = " ".join(map(str, ontology.objects(ONTOLOGY_IRI, RDFS.comment)))
    assert "xsd:gYearMonth" in header and "precision" in header


# -- Consistency under OWL 2 RL -------------------------------------------------------------------


def owl_rl_errors(graph: Graph) -> list[str]:
    """Return the inconsistencies the OWL 2 RL rules find in a copy of the graph."""
    from owlrl import OWLRL_Semantics  # pySHACL's own reasoner; imported here, used only here

    closure = OWLRL_Semantics(graph + Graph(), False, False, False)
    closure.closure()
    return closure.error_messages


def test_ontology_and_data_are_consistent_under_owl_rl(corpus: Corpus) -> None:
    graph = Graph()
    for part in corpus.in_folder("ontology", "data").values():
        graph += part
    assert owl_rl_errors(graph) == []


def test_disjointness_catches_a_node_of_two_kinds(ontology: Graph) -> None:
    # One reasoner run for all four bad nodes: the closure is the slow part.
    bad = Graph().parse(
        data=f"""@prefix gso: <{GSO}> .
        <urn:x:a> a gso:PlatformDecision , gso:Statement .
        <urn:x:b> a gso:FollowerCount , gso:ReachRank .
        <urn:x:c> a gso:Campaign , gso:Authority .
        <urn:x:d> a gso:OwnershipClaim , gso:Inference .""",
        format="turtle",
    )
    errors = owl_rl_errors(ontology + bad)
    assert sorted(e.rsplit(" ", 1)[1] for e in errors) == [
        "urn:x:a",
        "urn:x:b",
        "urn:x:c",
        "urn:x:d",
    ]
