"""The SKOS vocabularies: the schemes and concepts docs/MODEL.md names, with faithful labels."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from govsocial.graph.lint import Corpus, Identifiers, vocabulary_graphs
from govsocial.graph.namespaces import GSO, SCHEMA, VOCAB, WD

# German labels close to the sources' wording (seed article, TAG24, Freie Presse).
REASON_LABELS_DE = {
    "echo-chamber": "Echokammer",
    "fake-news": "Falschnachrichten (Fake News)",
    "hate-speech": "Hass und Hetze",
    "bots": "Bots",
    "lack-of-discussion-culture": "mangelnde Diskussionskultur",
    "uncorrectable-false-reports": "nicht mehr korrigierbare Falschmeldungen",
}


def model_vocabularies(model_text: str) -> dict[str, list[str]]:
    """Return {scheme: [concept slugs]} from MODEL.md's vocabulary table and action lines."""
    schemes = {
        scheme: [c.strip() for c in concepts.split(",")]
        for scheme, concepts in re.findall(r"^\| ([a-z-]+) \| ([^|]+) \|$", model_text, re.M)
        if scheme != "scheme"
    }
    for label, scheme in (("Actions", "action"), ("Modalities", "modality")):
        match = re.search(rf"^{label} \(vocab/{scheme}\): (.*?)\.$", model_text, re.M | re.S)
        assert match, f"docs/MODEL.md lists no {label.lower()}"
        schemes[scheme] = re.findall(r"`([a-z-]+)`", match.group(1))
    return schemes


def model_platform_links(model_text: str, letter: str) -> dict[str, str]:
    """Return {platform slug: Q or P id} from MODEL.md's platform paragraph."""
    paragraph = model_text[model_text.index("Platforms with Wikidata") :]
    paragraph = paragraph[: paragraph.index("\n\n")]
    if letter == "Q":
        paragraph = paragraph[: paragraph.index("Username properties")]
    else:
        paragraph = paragraph[paragraph.index("Username properties") :]
    return dict(re.findall(rf"([a-z]+) ({letter}[0-9]+)", paragraph))


def test_one_file_per_scheme_of_model(corpus: Corpus, model_text: str) -> None:
    expected = model_vocabularies(model_text)
    assert len(expected) == 15  # issue 13: government-level, proposal-status, date-qualifier
    files = {name.rsplit("/", 1)[1].removesuffix(".ttl") for name in vocabulary_graphs(corpus)}
    assert files == set(expected)


def test_each_scheme_has_the_concepts_of_model(corpus: Corpus, model_text: str) -> None:
    for scheme, slugs in model_vocabularies(model_text).items():
        graph = corpus.graphs[f"ontology/vocabularies/{scheme}.ttl"]
        concepts = set(graph.subjects(SKOS.inScheme, VOCAB[scheme]))
        assert concepts == {VOCAB[f"{scheme}/{slug}"] for slug in slugs}, scheme
        # hierarchical schemes (authority-kind, reason, action) list only their top concepts
        tops = {c for c in concepts if graph.value(c, SKOS.broader) is None}
        assert set(graph.objects(VOCAB[scheme], SKOS.hasTopConcept)) == tops, scheme


def test_platforms_are_platforms_and_concepts(vocabularies: Graph, model_text: str) -> None:
    platforms = set(vocabularies.subjects(RDF.type, GSO.Platform))
    assert platforms == set(vocabularies.subjects(SKOS.inScheme, VOCAB.platform))
    assert platforms <= set(vocabularies.subjects(RDF.type, SKOS.Concept))
    assert len(platforms) == len(model_vocabularies(model_text)["platform"])


def test_platform_wikidata_items_are_exactly_those_of_model(
    vocabularies: Graph, model_text: str, identifiers: Identifiers
) -> None:
    expected = model_platform_links(model_text, "Q")
    assert len(expected) == 6 and set(expected.values()) <= identifiers.items
    found = {
        str(s).rsplit("/", 1)[1]: str(o).rsplit("/", 1)[1]
        for s, o in vocabularies.subject_objects(SCHEMA.sameAs)
    }
    assert found == expected


def test_platform_username_properties_are_those_of_model(
    vocabularies: Graph, model_text: str, identifiers: Identifiers
) -> None:
    expected = model_platform_links(model_text, "P")
    assert len(expected) == 8 and set(expected.values()) <= identifiers.properties
    found = {
        str(s).rsplit("/", 1)[1]: str(o).rsplit("/", 1)[1]
        for s, o in vocabularies.subject_objects(GSO.wikidataUsernameProperty)
    }
    assert found == expected
    assert all(
        str(o).startswith(str(WD)) for o in vocabularies.objects(None, GSO.wikidataUsernameProperty)
    )


def test_x_is_findable_as_twitter(vocabularies: Graph) -> None:
    x = VOCAB["platform/x"]
    assert Literal("X", lang="de") in set(vocabularies.objects(x, SKOS.prefLabel))
    assert {Literal("Twitter", lang="en"), Literal("Twitter", lang="de")} <= set(
        vocabularies.objects(x, SKOS.altLabel)
    )


@pytest.mark.parametrize("slug", sorted(REASON_LABELS_DE))
def test_reason_labels_follow_the_sources(vocabularies: Graph, slug: str) -> None:
    concept = VOCAB[f"reason/{slug}"]
    german = {lit for lit in vocabularies.objects(concept, SKOS.prefLabel) if lit.language == "de"}
    assert german == {Literal(REASON_LABELS_DE[slug], lang="de")}


def test_date_precisions_name_their_datatype(vocabularies: Graph) -> None:
    for slug, datatype in (("day", "xsd:date"), ("month", "xsd:gYearMonth"), ("year", "xsd:gYear")):
        definition = vocabularies.value(VOCAB[f"date-precision/{slug}"], SKOS.definition, any=True)
        assert re.search(rf"{datatype}\b", str(definition)), slug


def test_no_concept_is_defined_outside_the_vocabularies(corpus: Corpus) -> None:
    outside = {
        name: {s for s in g.subjects(SKOS.inScheme, None) if isinstance(s, URIRef)}
        for name, g in corpus.in_folder("data", "shapes").items()
    }
    assert {name: c for name, c in outside.items() if c} == {}
