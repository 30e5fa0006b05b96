"""What issue 13 added to the model: kinds of bodies at every level with their level, country and
state; joint declarations; office holders' channels; new actions and proposals; reasons as a small
hierarchy. The terms, their hierarchies and docs/MODEL.md's examples for them (the section "Bodies,
joint declarations, office holders, proposals and reasons"), which must parse, use only declared
terms and defined concepts, and answer the "by level and by state" queries the section gives."""

from __future__ import annotations

import re

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD

from govsocial.graph.canonical import CANONICAL_PREFIXES
from govsocial.graph.lint import declared_terms
from govsocial.graph.namespaces import FOAF, GSO, ORG, PROV, VOCAB
from govsocial.graph.rdfio import load_graph

SECTION = "## Bodies, joint declarations, office holders, proposals and reasons (issue 13)"
# Prefixes the examples use beyond govsocial.graph.canonical's (the canonical form does not know the
# two new data types and the two new schemes yet: server/ was outside issue 13's change).
NEW_PREFIXES = {
    "declaration": "https://w3id.org/govsocial/id/declaration/",
    "proposal": "https://w3id.org/govsocial/id/proposal/",
    "governmentlevel": f"{VOCAB}government-level/",
    "proposalstatus": f"{VOCAB}proposal-status/",
}
PREFIXES = {**CANONICAL_PREFIXES, **NEW_PREFIXES}
HEADER = "".join(f"@prefix {p}: <{n}> .\n" for p, n in PREFIXES.items())
SPARQL_HEADER = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())

AUTHORITY_KIND_TOPS = {
    "government",
    "legislature",
    "court",
    "agency",
    "public-safety",
    "higher-education-and-research",
    "local-government",
}
KINDS_BEFORE_ISSUE_13 = {
    "state-chancellery",
    "state-ministry",
    "municipality",
    "municipal-office",
    "fire-service",
}
REASON_TOPS = {
    "platform-governance",
    "disinformation-and-hate",
    "reach-and-audience",
    "data-protection-and-law",
    "resources",
    "strategy",
}
REASONS_BEFORE_ISSUE_13 = {
    "echo-chamber",
    "fake-news",
    "hate-speech",
    "real-time-communication",
    "crisis-network",
    "bots",
    "lack-of-discussion-culture",
    "uncorrectable-false-reports",
    "freedom-of-expression-concerns",
    "reach-limited-by-subscription-model",
    "extremist-content",
    "lack-of-resources",
    "continuous-media-production-needed",
    "popular-with-young-people",
    "documentary-record",
}
# (concept, its broader concept) of the actions issue 13 added; None for a top concept
NEW_ACTIONS = {
    "delete-account": "withdraw",
    "deactivate-account": "withdraw",
    "end-pilot": "withdraw",
    "pilot": "adopt",
    "rename-handle": None,
    "stop-advertising": None,
    "disable-comments": None,
    "host-instance": None,
}
OFFICE_ROLES = {
    "head-of-government",
    "minister",
    "mayor",
    "district-administrator",
    "head-of-authority",
    "member-of-parliament",
    "councillor",
}
IMPLIED_LEVELS = {
    "local-government": "local",
    "local-council": "local",
    "state-chancellery": "state",
    "state-ministry": "state",
}


@pytest.fixture(scope="module")
def section(model_text: str) -> str:
    assert SECTION in model_text, f"docs/MODEL.md has no section {SECTION!r}"
    text = model_text.split(SECTION, 1)[1]
    return text.split("\n## ", 1)[0]


def blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", section, re.M | re.S)


def concept(scheme: str, name: str) -> URIRef:
    return VOCAB[f"{scheme}/{name}"]


def local(iri: object) -> str:
    return str(iri).rsplit("/", 1)[1]


def in_scheme(vocabularies: Graph, scheme: str) -> set[URIRef]:
    return {c for c in vocabularies.subjects(SKOS.inScheme, VOCAB[scheme]) if isinstance(c, URIRef)}


def tops(vocabularies: Graph, scheme: str) -> set[str]:
    return {local(c) for c in vocabularies.objects(VOCAB[scheme], SKOS.hasTopConcept)}


def ancestors(vocabularies: Graph, node: URIRef) -> list[URIRef]:
    """Return the chain of broader concepts, nearest first (a mono-hierarchy: one each)."""
    chain: list[URIRef] = []
    while (broader := vocabularies.value(node, SKOS.broader)) is not None:
        assert broader not in chain, f"cycle at {node}"
        chain.append(broader)
        node = broader
    return chain


# -- The examples in docs/MODEL.md ----------------------------------------------------------------


def test_the_section_has_an_example_for_each_point(section: str) -> None:
    assert len(blocks(section, "turtle")) == 4  # bodies, declarations, channels, proposals
    assert len(blocks(section, "sparql")) == 1
    for heading in (
        "Bodies at every level",
        "Joint declarations",
        "Channels of office holders",
        "Actions and proposals",
        "Reasons as a small hierarchy",
    ):
        assert f"### {heading}" in section


def test_examples_parse_and_use_only_declared_terms_and_defined_concepts(
    section: str, ontology: Graph, vocabularies: Graph
) -> None:
    declared = set(declared_terms(ontology))
    defined = set(vocabularies.subjects(RDF.type, SKOS.Concept))
    for block in blocks(section, "turtle"):
        graph = Graph().parse(data=HEADER + block, format="turtle")
        assert len(graph) >= 5
        iris = {t for triple in graph for t in triple if isinstance(t, URIRef)}
        assert {str(i) for i in iris if i in GSO and i not in declared} == set()
        vocab = {i for i in iris if str(i).startswith(str(VOCAB))}
        assert {str(i) for i in vocab - defined} == set()


def test_level_and_state_queries_answer_the_example(section: str, vocabularies: Graph) -> None:
    graph = Graph().parse(data=HEADER + blocks(section, "turtle")[0], format="turtle")
    graph += vocabularies
    by_level, police = ("SELECT" + q for q in blocks(section, "sparql")[0].split("SELECT")[1:])
    rows = {
        (local(r[0]), local(r[1]), None if r[2] is None else str(r[2]))
        for r in graph.query(SPARQL_HEADER + by_level)
    }
    assert rows == {
        ("polizeidirektion-beispielstadt", "state", "DE-SN"),
        ("polizeirevier-beispielstadt-mitte", "state", "DE-SN"),
        ("europaeische-kommission", "eu", None),
    }
    assert {local(r[0]) for r in graph.query(SPARQL_HEADER + police)} == {
        "polizeidirektion-beispielstadt",
        "polizeirevier-beispielstadt-mitte",
    }


# -- Point 1: kinds, levels, countries, states ----------------------------------------------------


def test_authority_kinds_are_a_hierarchy_under_seven_branches(vocabularies: Graph) -> None:
    kinds = in_scheme(vocabularies, "authority-kind")
    assert tops(vocabularies, "authority-kind") == AUTHORITY_KIND_TOPS
    assert {local(k) for k in kinds} >= KINDS_BEFORE_ISSUE_13  # no IRI was given up
    for kind in kinds:
        chain = ancestors(vocabularies, kind)
        root = chain[-1] if chain else kind
        assert local(root) in AUTHORITY_KIND_TOPS, kind
        for broader in chain:
            assert (broader, SKOS.inScheme, VOCAB["authority-kind"]) in vocabularies


@pytest.mark.parametrize(
    ("kind", "branch"),
    [
        ("state-chancellery", "government"),
        ("state-ministry", "government"),
        ("police-inspection", "public-safety"),
        ("police-directorate", "public-safety"),
        ("fire-service", "public-safety"),
        ("city", "local-government"),
        ("municipal-office", "local-government"),
        ("data-protection-authority", "agency"),
        ("public-university", "higher-education-and-research"),
        ("local-council", "legislature"),
    ],
)
def test_each_kind_sits_in_its_branch(vocabularies: Graph, kind: str, branch: str) -> None:
    chain = ancestors(vocabularies, concept("authority-kind", kind))
    assert chain[-1] == concept("authority-kind", branch)


def test_implied_levels_are_levels_and_agree_down_the_hierarchy(vocabularies: Graph) -> None:
    found = {local(k): local(v) for k, v in vocabularies.subject_objects(GSO.impliedLevel)}
    assert found == IMPLIED_LEVELS
    assert set(found.values()) <= {local(c) for c in in_scheme(vocabularies, "government-level")}
    for kind in in_scheme(vocabularies, "authority-kind"):
        implied = [
            vocabularies.value(k, GSO.impliedLevel) for k in [kind, *ancestors(vocabularies, kind)]
        ]
        assert len({i for i in implied if i is not None}) <= 1, kind


def test_government_levels_are_the_four(vocabularies: Graph) -> None:
    assert tops(vocabularies, "government-level") == {"eu", "federal", "state", "local"}


@pytest.mark.parametrize(
    ("name", "pattern"), [("countryCode", "[A-Z]{2}"), ("stateCode", "[A-Z]{2}-[A-Z0-9]{1,3}")]
)
def test_codes_are_patterned_strings_and_the_shapes_agree(
    ontology: Graph, project_root, name: str, pattern: str
) -> None:
    datatype = ontology.value(GSO[name], RDFS.range)
    assert ontology.value(datatype, OWL.onDatatype) == XSD.string
    facets = Collection(ontology, ontology.value(datatype, OWL.withRestrictions))
    assert [str(ontology.value(f, XSD.pattern)) for f in facets] == [pattern]
    shapes = load_graph(sorted((project_root / "shapes").glob("*.ttl")))
    shape_patterns = {
        str(p) for s in shapes.subjects(SH.path, GSO[name]) for p in shapes.objects(s, SH.pattern)
    }
    assert shape_patterns == {f"^{pattern}$"}


# -- Points 2 to 4: declarations, office holders' channels, proposals -----------------------------


@pytest.mark.parametrize(
    ("name", "domain", "range_"),
    [
        ("governmentLevel", {GSO.Authority}, {SKOS.Concept}),
        ("signatory", {GSO.JointDeclaration}, {ORG.Organization}),
        ("partOfDeclaration", {GSO.PlatformDecision}, {GSO.JointDeclaration}),
        ("forPost", {GSO.Channel}, {ORG.Post}),
        ("proposer", {GSO.Proposal}, {FOAF.Person, ORG.Organization}),
        ("proposedTo", {GSO.Proposal}, {GSO.Authority}),
        ("proposalStatus", {GSO.Proposal}, {SKOS.Concept}),
        ("followsProposal", {GSO.PlatformDecision}, {GSO.Proposal}),
    ],
)
def test_domain_and_range(ontology: Graph, name: str, domain: set, range_: set) -> None:
    def members(node: object) -> set:
        union = ontology.value(node, OWL.unionOf)
        return set(Collection(ontology, union)) if union is not None else {node}

    assert members(ontology.value(GSO[name], RDFS.domain)) == domain
    assert members(ontology.value(GSO[name], RDFS.range)) == range_


@pytest.mark.parametrize("name", ["authority", "platform", "action", "modality", "date"])
def test_proposals_reuse_the_axes_of_a_decision(ontology: Graph, name: str) -> None:
    domain = ontology.value(GSO[name], RDFS.domain)
    union = ontology.value(domain, OWL.unionOf)
    assert union is not None and GSO.Proposal in set(Collection(ontology, union)), name


def test_concept_valued_properties_name_their_schemes(ontology: Graph) -> None:
    for name, scheme in (
        ("governmentLevel", "government-level"),
        ("impliedLevel", "government-level"),
        ("proposalStatus", "proposal-status"),
    ):
        assert (GSO[name], RDFS.seeAlso, VOCAB[scheme]) in ontology, name
    assert ontology.value(GSO.impliedLevel, RDFS.domain) is None
    assert "no rdfs:domain" in str(ontology.value(GSO.impliedLevel, RDFS.comment)).lower()


def test_alignments_with_reused_vocabularies(ontology: Graph) -> None:
    assert (GSO.JointDeclaration, RDFS.subClassOf, PROV.Entity) in ontology
    assert (GSO.Proposal, RDFS.subClassOf, GSO.Claim) in ontology
    assert (GSO.signatory, RDFS.subPropertyOf, PROV.wasAttributedTo) in ontology
    assert (GSO.partOfDeclaration, RDFS.subPropertyOf, DCTERMS.isPartOf) in ontology


def test_an_office_holder_may_operate_a_channel(ontology: Graph) -> None:
    union = ontology.value(ontology.value(GSO.operatedBy, RDFS.range), OWL.unionOf)
    assert FOAF.Person in set(Collection(ontology, union))
    assert ORG.Post not in set(Collection(ontology, union))  # a post does not act; see gso:forPost


def test_a_proposal_is_never_a_decision(ontology: Graph) -> None:
    from owlrl import OWLRL_Semantics

    bad = Graph().parse(
        data=f"""@prefix gso: <{GSO}> .
        <urn:x:p> a gso:Proposal , gso:PlatformDecision .
        <urn:x:d> a gso:JointDeclaration , gso:Statement .""",
        format="turtle",
    )
    closure = OWLRL_Semantics(ontology + bad, False, False, False)
    closure.closure()
    assert sorted(e.rsplit(" ", 1)[1] for e in closure.error_messages) == ["urn:x:d", "urn:x:p"]


def test_actions_and_roles(vocabularies: Graph) -> None:
    for name, broader in NEW_ACTIONS.items():
        node = concept("action", name)
        assert (node, SKOS.inScheme, VOCAB.action) in vocabularies, name
        expected = None if broader is None else concept("action", broader)
        assert vocabularies.value(node, SKOS.broader) == expected, name
    assert tops(vocabularies, "role") >= OFFICE_ROLES
    assert tops(vocabularies, "proposal-status") == {
        "submitted",
        "referred",
        "adopted",
        "rejected",
        "withdrawn",
    }


# -- Point 5: reasons ------------------------------------------------------------------------------


def test_reasons_stay_a_small_two_level_hierarchy(vocabularies: Graph) -> None:
    reasons = in_scheme(vocabularies, "reason")
    assert tops(vocabularies, "reason") == REASON_TOPS
    narrower = {local(r) for r in reasons if vocabularies.value(r, SKOS.broader) is not None}
    assert narrower >= REASONS_BEFORE_ISSUE_13  # every earlier IRI kept, now narrower
    for reason in reasons:
        chain = ancestors(vocabularies, reason)
        assert len(chain) <= 1, f"{reason} is more than two levels deep"
        assert not chain or local(chain[0]) in REASON_TOPS
    assert len(reasons) <= 40, "add a narrower reason only when several sources need it"


def test_german_labels_of_new_concepts_are_not_english_copies(vocabularies: Graph) -> None:
    new = [
        c
        for scheme in ("government-level", "proposal-status")
        for c in in_scheme(vocabularies, scheme)
    ]
    new += [concept("authority-kind", k) for k in AUTHORITY_KIND_TOPS]
    new += [concept("reason", r) for r in REASON_TOPS]
    for node in new:
        labels = {
            lit.language: str(lit)
            for lit in vocabularies.objects(node, SKOS.prefLabel)
            if isinstance(lit, Literal)
        }
        assert labels["de"] != labels["en"], node


def test_no_blank_concepts(vocabularies: Graph) -> None:
    assert not [s for s in vocabularies.subjects(SKOS.broader, None) if isinstance(s, BNode)]
