"""The semantic lint: the project's files pass each check, and each check fires on a bad example."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from govsocial.endpoint.rdf_input import rdf_files
from govsocial.graph import lint
from govsocial.graph.lint import Corpus, Finding, Identifiers
from govsocial.graph.namespaces import PREFIXES

PREFIX_BLOCK = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# A two-term ontology the bad examples are checked against.
MINI_ONTOLOGY = """
<https://w3id.org/govsocial/ontology> a owl:Ontology .
gso:Thing a owl:Class ;
    rdfs:label "thing"@en , "Ding"@de ;
    skos:definition "A thing."@en ;
    rdfs:isDefinedBy <https://w3id.org/govsocial/ontology> .
gso:note a owl:DatatypeProperty ;
    rdfs:label "note"@en , "Notiz"@de ;
    skos:definition "A note on the thing."@en ;
    rdfs:range rdf:langString ;
    rdfs:isDefinedBy <https://w3id.org/govsocial/ontology> .
gso:link a owl:ObjectProperty ;
    rdfs:label "link"@en , "Verweis"@de ;
    skos:definition "Another thing."@en ;
    rdfs:isDefinedBy <https://w3id.org/govsocial/ontology> .
"""


def ttl(body: str) -> Graph:
    """Parse a Turtle snippet with the project's prefixes."""
    return Graph().parse(data=PREFIX_BLOCK + body, format="turtle")


def messages(findings: list[Finding]) -> str:
    return "\n".join(str(f) for f in findings)


@pytest.fixture(scope="module")
def mini() -> Graph:
    return ttl(MINI_ONTOLOGY)


# -- The corpus reads what is there ---------------------------------------------------------------


def test_corpus_reads_every_rdf_file_and_query(corpus: Corpus, project_root: Path) -> None:
    # Guard the count: a lint that silently reads fewer files passes for the wrong reason.
    on_disk = rdf_files(
        *(project_root / d for d in ("ontology", "data", "shapes") if (project_root / d).is_dir())
    )
    assert sorted(corpus.graphs) == sorted(p.relative_to(project_root).as_posix() for p in on_disk)
    queries = project_root / "queries"
    assert len(corpus.queries) == (len(list(queries.rglob("*.rq"))) if queries.is_dir() else 0)
    assert corpus.ontology_name in corpus.graphs
    # issue 13 added government-level, proposal-status and date-qualifier
    assert len(lint.vocabulary_graphs(corpus)) == 15


def test_corpus_of_empty_folders_is_empty_but_loads(tmp_path: Path) -> None:
    for folder in ("ontology", "data", "shapes", "queries"):
        (tmp_path / folder).mkdir()
    corpus = Corpus.load(tmp_path)
    assert corpus.graphs == {} and corpus.queries == {}
    assert len(corpus.ontology) == 0


def test_whole_project_lints_clean(corpus: Corpus, identifiers: Identifiers) -> None:
    findings = lint.lint(corpus, identifiers)
    assert findings == [], messages(findings)


# -- (a) gso: terms are declared ------------------------------------------------------------------


def test_project_uses_only_declared_gso_terms(corpus: Corpus, ontology: Graph) -> None:
    findings = lint.check_gso_declared(ontology, corpus.graphs, corpus.queries)
    assert findings == [], messages(findings)


def test_correct_use_of_declared_terms_passes(mini: Graph) -> None:
    data = ttl('<urn:x:a> a gso:Thing ; gso:note "n"@en ; gso:link <urn:x:b> .')
    query = SPARQL_PREFIXES + "SELECT * { ?a gso:link/gso:note ?n }"
    assert lint.check_gso_declared(mini, {"data/ok.ttl": data}, {"queries/ok.rq": query}) == []


@pytest.mark.parametrize(
    "body, culprit",
    [
        ("<urn:x:a> gso:reasonFro <urn:x:b> .", "reasonFro"),
        ("<urn:x:a> a gso:PlatformDecison .", "PlatformDecison"),
        ('<urn:x:a> gso:link [ gso:notte "x"@en ] .', "notte"),
        ('<urn:x:a> <urn:x:p> "1"^^gso:Number .', "Number"),
    ],
    ids=["predicate", "class", "nested", "datatype"],
)
def test_undeclared_gso_term_in_data_is_flagged(mini: Graph, body: str, culprit: str) -> None:
    findings = lint.check_gso_declared(mini, {"data/bad.ttl": ttl(body)})
    assert [f.check for f in findings] == ["undeclared-gso-term"]
    assert culprit in findings[0].message and findings[0].where == "data/bad.ttl"


@pytest.mark.parametrize(
    "query, culprit",
    [
        ("SELECT * { ?a gso:reasonFro ?b }", "reasonFro"),
        ("SELECT * { ?a gso:link/^gso:lnk ?b }", "lnk"),
        ("SELECT * { ?a a ?t FILTER(?t IN (gso:Thing, gso:Thign)) }", "Thign"),
        ("SELECT * { VALUES ?t { gso:Thinng } ?a a ?t }", "Thinng"),
        ("ASK { ?a <https://w3id.org/govsocial/ontology#nott> ?b }", "nott"),
    ],
    ids=["triple", "inverse-path", "filter", "values", "full-iri"],
)
def test_undeclared_gso_term_in_query_is_flagged(mini: Graph, query: str, culprit: str) -> None:
    findings = lint.check_gso_declared(mini, {}, {"queries/bad.rq": SPARQL_PREFIXES + query})
    assert [f.check for f in findings] == ["undeclared-gso-term"]
    assert culprit in findings[0].message


def test_undeclared_gso_term_in_shacl_sparql_is_flagged(mini: Graph) -> None:
    shapes = ttl("""
        <https://w3id.org/govsocial/shapes#S> a sh:NodeShape ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this gso:missing ?x }" ] .""")
    findings = lint.check_gso_declared(mini, {"shapes/bad.ttl": shapes})
    assert [f.check for f in findings] == ["undeclared-gso-term"]
    assert "missing" in findings[0].message


def test_query_that_does_not_parse_is_flagged_not_skipped(mini: Graph) -> None:
    findings = lint.check_gso_declared(mini, {}, {"queries/bad.rq": "SELECT * { ?a nope:x ?b }"})
    assert [f.check for f in findings] == ["sparql-parse"]
    findings = lint.check_gso_declared(mini, {}, {"queries/bad.rq": "SELEC * { ?a ?p ?b }"})
    assert [f.check for f in findings] == ["sparql-parse"]


@pytest.mark.parametrize(
    "body, reason",
    [
        ("<urn:x:a> gso:Thing <urn:x:b> .", "is a class, used as a predicate"),
        ("<urn:x:a> a gso:link .", "is a property, used as a class"),
        ("<urn:x:a> gso:note <urn:x:b> .", "datatype property"),
        ('<urn:x:a> gso:link "b" .', "object property"),
    ],
)
def test_gso_term_used_as_the_wrong_kind_is_flagged(mini: Graph, body: str, reason: str) -> None:
    findings = lint.check_gso_declared(mini, {"data/bad.ttl": ttl(body)})
    assert [f.check for f in findings] == ["misused-gso-term"]
    assert reason in findings[0].message


# -- (b) gso: terms are documented ----------------------------------------------------------------


def test_every_project_term_is_labelled_defined_and_attributed(ontology: Graph) -> None:
    findings = lint.check_term_annotations(ontology)
    assert findings == [], messages(findings)
    assert len(lint.declared_terms(ontology)) > 50  # the check ran over the real ontology


def test_documented_term_passes(mini: Graph) -> None:
    assert lint.check_term_annotations(mini) == []


@pytest.mark.parametrize(
    "body, expected",
    [
        ('rdfs:label "x"@en ; skos:definition "X."@en', "rdfs:label @de"),
        ('rdfs:label "x"@en , "y"@en , "x"@de ; skos:definition "X."@en', "2 rdfs:label @en"),
        ('rdfs:label "x"@en , "x"@de', "skos:definition @en"),
        ('rdfs:label "x"@en , "x"@de ; skos:definition "X."@de', "skos:definition @en"),
    ],
    ids=["no-de-label", "two-en-labels", "no-definition", "definition-not-en"],
)
def test_undocumented_term_is_flagged(body: str, expected: str) -> None:
    graph = ttl(
        f"gso:Bad a owl:Class ; {body} ; rdfs:isDefinedBy <https://w3id.org/govsocial/ontology> ."
    )
    findings = lint.check_term_annotations(graph)
    assert len(findings) == 1 and expected in findings[0].message, messages(findings)


def test_term_without_is_defined_by_is_flagged() -> None:
    graph = ttl(
        'gso:Bad a owl:ObjectProperty ; rdfs:label "x"@en , "x"@de ; skos:definition "X."@en .'
    )
    assert [f.message for f in lint.check_term_annotations(graph)] == [
        "lacks rdfs:isDefinedBy <https://w3id.org/govsocial/ontology>"
    ]


def test_project_definitions_are_one_sentence(corpus: Corpus) -> None:
    findings = [
        f
        for name, g in corpus.in_folder("ontology").items()
        for f in lint.check_definitions(g, name)
    ]
    assert findings == [], messages(findings)


@pytest.mark.parametrize(
    "text, ok",
    [
        ("A thing, e.g. a chair.", True),
        ("A thing. Another sentence.", False),
        ("a thing.", False),
        ("A thing", False),
    ],
)
def test_definition_must_be_one_sentence(text: str, ok: bool) -> None:
    graph = ttl(f'gso:T skos:definition "{text}"@en .')
    assert (lint.check_definitions(graph, "x") == []) is ok


# -- (c) terms of reused vocabularies exist -------------------------------------------------------


def test_project_uses_only_existing_terms_of_reused_vocabularies(corpus: Corpus) -> None:
    findings = lint.check_known_terms(corpus.graphs, corpus.queries)
    assert findings == [], messages(findings)


@pytest.mark.parametrize(
    "curie",
    [
        "rdfs:subClasOf",
        "rdfs:commenet",
        "rdf:typ",
        "owl:FunctionalPropery",
        "xsd:gYearmonth",
        "sh:mincount",
        "skos:prefLable",
        "dcterms:sourse",
        "foaf:acountName",
        "org:postin",
        "prov:wasDerivedFom",
        "vann:preferredNamespace",
        "void:triple",
        "schema:sameas",
        "sd:endpont",
        "time:inXSDDateTimestamp",
    ],
)
def test_misspelt_term_of_a_reused_vocabulary_is_flagged(curie: str) -> None:
    graph = ttl(f"<urn:x:a> {curie} <urn:x:b> .")
    findings = lint.check_known_terms({"data/bad.ttl": graph})
    assert [f.check for f in findings] == ["unknown-term"], messages(findings)


def test_misspelt_term_as_object_and_in_query_is_flagged() -> None:
    graph = ttl("gso:X rdfs:subClassOf prov:Entiy .")
    assert [f.check for f in lint.check_known_terms({"o.ttl": graph})] == ["unknown-term"]
    query = SPARQL_PREFIXES + "SELECT * { ?a rdfs:subClasOf ?b }"
    assert [f.check for f in lint.check_known_terms({}, {"q.rq": query})] == ["unknown-term"]


@pytest.mark.parametrize(
    "curie",
    [
        "rdfs:subClassOf",
        "rdf:_1",
        "rdf:dirLangString",
        "owl:versionIRI",
        "xsd:gYearMonth",
        "sh:class",
        "sh:in",
        "skos:prefLabel",
        "dcterms:source",
        "foaf:accountName",
        "org:postIn",
        "prov:wasDerivedFrom",
        "vann:preferredNamespacePrefix",
        "void:triples",
        "schema:sameAs",
        "sd:Service",
        "sd:endpoint",
        "time:inXSDDate",
        "cv:PublicOrganisation",
        "sioc:UserAccount",
    ],
)
def test_existing_term_of_a_reused_vocabulary_passes(curie: str) -> None:
    # cv: and sioc: have no term list here: they are accepted, not checked.
    graph = ttl(f"<urn:x:a> {curie} <urn:x:b> .")
    assert lint.check_known_terms({"data/ok.ttl": graph}) == []


@pytest.mark.parametrize(
    "iri",
    [
        "http://schema.org/sameAs",
        "https://w3id.org/govsocial/ontology/Authority",
        "https://www.w3.org/2000/01/rdf-schema#label",
        "http://w3id.org/govsocial/id/authority/stadt-chemnitz",
    ],
)
def test_near_miss_namespace_is_flagged(iri: str) -> None:
    graph = ttl(f"<urn:x:a> <urn:x:p> <{iri}> .")
    findings = lint.check_known_terms({"data/bad.ttl": graph})
    assert [f.check for f in findings] == ["wrong-namespace"], messages(findings)


def test_version_iri_and_w3c_documents_are_not_near_misses() -> None:
    graph = ttl(
        "<urn:x:a> <urn:x:p> <https://w3id.org/govsocial/ontology/0.1.0> , "
        "<https://www.w3.org/TR/shacl/> ."
    )
    assert lint.check_known_terms({"ontology/x.ttl": graph}) == []


# -- (d) language tags ----------------------------------------------------------------------------


def test_project_language_tags_are_well_formed_and_en_or_de(
    corpus: Corpus, ontology: Graph
) -> None:
    findings = lint.check_language_tags(corpus.graphs, ontology)
    assert findings == [], messages(findings)


@pytest.mark.parametrize(
    "tag",
    [
        "en",
        "de",
        "de-DE",
        "zh-Hant-TW",
        "sr-Latn-RS",
        "de-CH-1996",
        "x-private",
        "en-a-bbb-x-ccc",
        "es-419",
    ],
)
def test_bcp47_accepts_well_formed_tags(tag: str) -> None:
    assert lint.BCP47.match(tag)


@pytest.mark.parametrize("tag", ["en_US", "e", "1en", "en--US", "de-", "deutschland-de", "en-x"])
def test_bcp47_rejects_malformed_tags(tag: str) -> None:
    assert not lint.BCP47.match(tag)


@pytest.mark.parametrize(
    "body, expected",
    [
        ('<urn:x:a> rdfs:label "Stadt"@ed .', "expected one of de, en"),
        ('<urn:x:a> rdfs:label "Ville"@fr .', "expected one of de, en"),
        ('<urn:x:a> gso:text "La ciudad deja X."@es .', "expected one of de, en, fr, it"),
        ('<urn:x:a> rdfs:label "untagged" .', "without a language tag"),
        ('<urn:x:a> sh:message "untagged" .', "without a language tag"),
        ('<urn:x:a> gso:note "untagged" .', "without a language tag"),
    ],
)
def test_bad_or_missing_language_tag_is_flagged(mini: Graph, body: str, expected: str) -> None:
    findings = lint.check_language_tags({"data/bad.ttl": ttl(body)}, mini)
    assert len(findings) == 1 and expected in findings[0].message, messages(findings)


def test_malformed_language_tag_is_flagged() -> None:
    # Turtle's LANGTAG accepts any letters-and-dashes tag; BCP 47 limits subtags to 8 characters.
    graph = ttl('<urn:x:a> rdfs:label "x"@de-abcdefghij .')
    findings = lint.check_language_tags({"data/bad.ttl": graph})
    assert len(findings) == 1 and "malformed" in findings[0].message


def test_a_sources_wording_keeps_its_french_or_italian(mini: Graph) -> None:
    graph = ttl('<urn:x:a> gso:text "La ville quitte X."@fr ; dcterms:title "Addio a X"@it .')
    assert lint.check_language_tags({"data/ok.ttl": graph}, mini) == []


def test_codes_and_names_need_no_tag(mini: Graph) -> None:
    graph = ttl(
        '<urn:x:a> dcterms:language "de"^^xsd:language ; foaf:name "Dirk Reelfs" ; '
        'rdfs:label "Dirk Reelfs"@en ; gso:note "Notiz"@de .'
    )
    assert lint.check_language_tags({"data/ok.ttl": graph}, mini) == []


# -- (e) SKOS concept schemes ---------------------------------------------------------------------

GOOD_SCHEME = """
<https://w3id.org/govsocial/vocab/colour> a skos:ConceptScheme ;
    skos:prefLabel "colours"@en , "Farben"@de ;
    dcterms:title "colours"@en , "Farben"@de ;
    skos:definition "Colours."@en ;
    rdfs:isDefinedBy <https://w3id.org/govsocial/ontology> ;
    skos:hasTopConcept <https://w3id.org/govsocial/vocab/colour/red> .
<https://w3id.org/govsocial/vocab/colour/red> a skos:Concept ;
    skos:inScheme <https://w3id.org/govsocial/vocab/colour> ;
    skos:topConceptOf <https://w3id.org/govsocial/vocab/colour> ;
    skos:prefLabel "red"@en , "rot"@de ;
    skos:definition "The colour red."@en .
"""
RED = "<https://w3id.org/govsocial/vocab/colour/red>"
COLOUR = "<https://w3id.org/govsocial/vocab/colour>"


def scheme_findings(extra: str = "", drop: str = "") -> list[Finding]:
    graph = ttl(GOOD_SCHEME.replace(drop, "") if drop else GOOD_SCHEME)
    graph += ttl(extra)
    name = "ontology/vocabularies/colour.ttl"
    return lint.check_scheme_file(graph, name) + lint.check_concepts(graph, name)


def test_project_vocabulary_files_pass_the_scheme_checks(corpus: Corpus) -> None:
    findings = [
        f
        for name, g in lint.vocabulary_graphs(corpus).items()
        for f in lint.check_scheme_file(g, name) + lint.check_concepts(g, name)
    ]
    findings += lint.check_one_scheme_each(corpus.merged())
    assert findings == [], messages(findings)


def test_good_scheme_passes() -> None:
    assert scheme_findings() == []


@pytest.mark.parametrize(
    "extra, drop, expected",
    [
        (f"{RED} skos:inScheme <https://w3id.org/govsocial/vocab/other> .", "", "2 schemes"),
        ("", f"skos:topConceptOf {COLOUR} ;", "neither a top concept nor has a broader"),
        ("", ', "rot"@de', "0 skos:prefLabel @de"),
        (f'{RED} skos:prefLabel "crimson"@en .', "", "2 skos:prefLabel @en"),
        ("", 'skos:definition "The colour red."@en', "skos:definition @en"),
        (f'{RED} skos:altLabel "red"@en .', "", "both pref and alt label"),
        ("", f"skos:hasTopConcept {RED}", "does not list it as skos:hasTopConcept"),
        (
            f"{COLOUR} skos:hasTopConcept <https://w3id.org/govsocial/vocab/colour/blue> .",
            "",
            "without topConceptOf",
        ),
        (
            "<https://w3id.org/govsocial/vocab/other/x> skos:inScheme "
            f"{COLOUR} ; skos:topConceptOf {COLOUR} .",
            "",
            "is not under",
        ),
        ("", 'dcterms:title "colours"@en , "Farben"@de ;', "dcterms:title"),
        ("", "rdfs:isDefinedBy <https://w3id.org/govsocial/ontology> ;", "rdfs:isDefinedBy"),
    ],
    ids=[
        "two-schemes",
        "not-top",
        "no-de-pref",
        "two-en-pref",
        "no-definition",
        "pref-is-alt",
        "not-listed-as-top",
        "listed-but-not-top",
        "outside-path",
        "no-title",
        "no-defined-by",
    ],
)
def test_broken_scheme_is_flagged(extra: str, drop: str, expected: str) -> None:
    findings = scheme_findings(extra, drop)
    assert findings and all(f.check == "skos" for f in findings)
    assert any(expected in f.message for f in findings), messages(findings)


def test_scheme_named_unlike_its_file_is_flagged() -> None:
    findings = lint.check_scheme_file(ttl(GOOD_SCHEME), "ontology/vocabularies/color.ttl")
    assert len(findings) == 1 and "expected exactly the scheme" in findings[0].message


def test_concept_in_two_schemes_across_files_is_flagged() -> None:
    graph = ttl(f"{RED} skos:inScheme {COLOUR} , <https://w3id.org/govsocial/vocab/paint> .")
    assert len(lint.check_one_scheme_each(graph)) == 1


def test_project_uses_only_defined_concepts(corpus: Corpus) -> None:
    vocabularies = Graph()
    for graph in lint.vocabulary_graphs(corpus).values():
        vocabularies += graph
    findings = lint.check_vocab_references(vocabularies, corpus.graphs, corpus.queries)
    assert findings == [], messages(findings)


def test_misspelt_concept_iri_is_flagged() -> None:
    data = ttl("<urn:x:d> gso:action <https://w3id.org/govsocial/vocab/colour/rde> .")
    query = "SELECT * { ?d ?p <https://w3id.org/govsocial/vocab/colour/rde> }"
    findings = lint.check_vocab_references(
        ttl(GOOD_SCHEME), {"data/d.ttl": data}, {"queries/q.rq": query}
    )
    assert [(f.check, f.where) for f in findings] == [
        ("unknown-concept", "data/d.ttl"),
        ("unknown-concept", "queries/q.rq"),
    ]
    assert (
        lint.check_vocab_references(
            ttl(GOOD_SCHEME), {"data/ok.ttl": ttl(f"<urn:x:d> gso:action {RED} .")}
        )
        == []
    )


# -- (f) external identifiers ---------------------------------------------------------------------


def test_identifiers_are_read_from_the_tables(identifiers: Identifiers) -> None:
    # counts of tests/identifiers.md (the checked copy): a new table row changes them on purpose
    assert {"Q918", "Q1731", "Q317521"} <= identifiers.items
    assert len(identifiers.items) == 142
    assert {"P2002", "P8687", "P439"} <= identifiers.properties
    assert len(identifiers.properties) == 13
    assert {"14612000", "14511000", "14524330"} <= identifiers.municipality_keys
    assert len(identifiers.municipality_keys) == 65  # 8-digit AGS only, no 5-digit district keys


def test_project_uses_only_verified_identifiers(corpus: Corpus, identifiers: Identifiers) -> None:
    findings = lint.check_external_identifiers(corpus.in_folder("ontology", "data"), identifiers)
    assert findings == [], messages(findings)


@pytest.mark.parametrize(
    "body",
    [
        "<urn:x:a> schema:sameAs wd:Q4024 .",  # Frankfurt (Oder): named as a look-alike only
        "<urn:x:a> dcterms:spatial wd:Q1 .",
        "<urn:x:a> gso:wikidataUsernameProperty wd:P9999 .",
        "<urn:x:a> <http://www.wikidata.org/prop/direct/Q918> <urn:x:b> .",
        "<urn:x:a> schema:sameAs <https://www.wikidata.org/wiki/Q918> .",
        "<urn:x:a> schema:sameAs <https://www.wikidata.org/entity/Q918> .",
        '<urn:x:a> gso:municipalityKey "06415000" .',  # Hanau from 2026: named in prose only
    ],
    ids=[
        "unlisted-item",
        "unlisted-place",
        "unlisted-property",
        "item-as-direct-claim",
        "page-url",
        "https-entity",
        "unlisted-ags",
    ],
)
def test_unverified_identifier_is_flagged(identifiers: Identifiers, body: str) -> None:
    findings = lint.check_external_identifiers({"data/bad.ttl": ttl(body)}, identifiers)
    assert [f.check for f in findings] == ["external-id"], messages(findings)


def test_verified_identifiers_pass(identifiers: Identifiers) -> None:
    graph = ttl(
        "<urn:x:a> schema:sameAs wd:Q918 ; gso:wikidataUsernameProperty wd:P2002 ; "
        '<http://www.wikidata.org/prop/direct/P2002> "x" ; '
        'gso:municipalityKey "14612000" .'
    )
    assert lint.check_external_identifiers({"data/ok.ttl": graph}, identifiers) == []


# -- Domains and ranges hold on the data ----------------------------------------------------------

TYPED_ONTOLOGY = (
    MINI_ONTOLOGY
    + """
gso:Sub a owl:Class ; rdfs:subClassOf gso:Thing .
gso:Other a owl:Class .
gso:link rdfs:domain gso:Thing ; rdfs:range [ a owl:Class ; owl:unionOf ( gso:Thing gso:Other ) ] .
gso:count a owl:DatatypeProperty ; rdfs:range xsd:nonNegativeInteger .
"""
)


def test_project_data_respects_domains_and_ranges(corpus: Corpus, ontology: Graph) -> None:
    findings = lint.check_domains_and_ranges(ontology, corpus.in_folder("ontology", "data"))
    assert findings == [], messages(findings)


def test_typed_data_passes_domains_and_ranges() -> None:
    onto = ttl(TYPED_ONTOLOGY)
    data = ttl(
        '<urn:x:a> a gso:Sub ; gso:link <urn:x:b> ; gso:note "n"@de ; '
        'gso:count "3"^^xsd:nonNegativeInteger . <urn:x:b> a gso:Other .'
    )
    assert lint.check_domains_and_ranges(onto, {"data/ok.ttl": data}) == []


@pytest.mark.parametrize(
    "body, check",
    [
        ("<urn:x:a> a gso:Other ; gso:link <urn:x:b> . <urn:x:b> a gso:Thing .", "domain"),
        ("<urn:x:a> a gso:Thing ; gso:link <urn:x:b> .", "range"),
        ('<urn:x:a> gso:note "untagged" .', "range"),
        ('<urn:x:a> gso:count "3" .', "range"),
    ],
    ids=["wrong-subject-type", "untyped-value", "untagged-langstring", "wrong-datatype"],
)
def test_domain_or_range_violation_is_flagged(body: str, check: str) -> None:
    findings = lint.check_domains_and_ranges(ttl(TYPED_ONTOLOGY), {"data/bad.ttl": ttl(body)})
    assert [f.check for f in findings] == [check], messages(findings)
