"""Each kind of IRI resolves to HTML, Turtle, JSON-LD, N-Triples, RDF/XML, by header or suffix."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from govsocial.endpoint.store.local import LocalStore
from govsocial.graph.namespaces import GSO
from govsocial.site.linkeddata import describe, negotiate

BASE = "https://w3id.org/govsocial/"


@dataclass(frozen=True)
class Case:
    """An entity of one type, with a triple it states, a linked label and an incoming link."""

    kind: str
    path: str
    own: tuple[str, str]  # (predicate, object IRI) of one of its own triples
    linked_label: tuple[str, str]  # (IRI of a linked thing, its English label)
    incoming: tuple[str, str] | None  # (subject IRI, predicate) of a link pointing at it

    @property
    def iri(self) -> str:
        return BASE + self.path


G = str(GSO)
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"

CASES = [
    Case(
        "authority",
        "id/authority/dresden",
        (str(RDF.type), G + "Authority"),
        (BASE + "id/source/seed-2024-12-30", "Seed article, 30 December 2024"),
        (BASE + "id/decision/dresden-x-stop-posting", G + "authority"),
    ),
    Case(
        "person",
        "id/person/matthias-nowak",
        (str(RDF.type), "http://xmlns.com/foaf/0.1/Person"),
        (BASE + "id/source/seed-2024-12-30", "Seed article, 30 December 2024"),
        (BASE + "id/statement/chemnitz-x-reasons", G + "speaker"),
    ),
    Case(
        "post",
        "id/post/chemnitz-spokesperson",
        (ORG + "postIn", BASE + "id/authority/chemnitz"),
        (BASE + "id/authority/chemnitz", "City of Chemnitz"),
        (BASE + "id/statement/chemnitz-x-reasons", G + "speakerPost"),
    ),
    Case(
        "channel",
        "id/channel/dresden-x",
        (G + "operatedBy", BASE + "id/authority/dresden"),
        (BASE + "vocab/platform/x", "X"),
        (BASE + "id/decision/dresden-x-stop-posting", G + "channel"),
    ),
    Case(
        "decision",
        "id/decision/dresden-x-stop-posting",
        (G + "platform", BASE + "vocab/platform/x"),
        (BASE + "id/authority/dresden", "City of Dresden"),
        None,
    ),
    Case(
        "statement",
        "id/statement/dresden-x-stopped",
        (G + "onBehalfOf", BASE + "id/authority/dresden"),
        (BASE + "id/authority/dresden", "City of Dresden"),
        (BASE + "id/decision/dresden-x-stop-posting", PROV + "wasDerivedFrom"),
    ),
    Case(
        "observation",
        "id/observation/dresden-instagram-followers",
        (G + "channel", BASE + "id/channel/dresden-instagram"),
        (BASE + "id/channel/dresden-instagram", "City of Dresden on Instagram"),
        None,
    ),
    Case(
        "campaign",
        "id/campaign/dresden-aids-prevention-tiktok",
        (G + "organiser", BASE + "id/authority/dresden"),
        (BASE + "vocab/platform/tiktok", "TikTok"),
        None,
    ),
    Case(
        "claim",
        "id/claim/x-owner-elon-musk",
        (G + "owner", BASE + "id/person/elon-musk"),
        (BASE + "id/person/elon-musk", "Elon Musk"),
        None,
    ),
    Case(
        "source",
        "id/source/seed-2024-12-30",
        (str(RDF.type), G + "SourceDocument"),
        (BASE + "vocab/source-type/news-article", None),  # type: ignore[arg-type]
        (BASE + "id/statement/dresden-x-stopped", DCT + "source"),
    ),
    Case(
        "organisation",
        "id/organisation/tag24",
        (DCT + "source", BASE + "id/source/tag24-behoerden-online"),
        (BASE + "id/source/tag24-behoerden-online", "TAG24 rewrite of the seed article"),
        (BASE + "id/source/tag24-behoerden-online", DCT + "publisher"),
    ),
    Case(
        "concept",
        "vocab/platform/x",
        (str(SKOS.inScheme), BASE + "vocab/platform"),
        (BASE + "vocab/platform", "Platforms"),
        (BASE + "id/decision/chemnitz-x-crisis-only", G + "platform"),
    ),
    Case(
        "scheme",
        "vocab/platform",
        (str(RDF.type), str(SKOS.ConceptScheme)),
        (BASE + "ontology", "govsocial ontology: public authorities on social media"),
        (BASE + "vocab/platform/threads", str(SKOS.inScheme)),
    ),
]

RDF_FORMATS = [
    # (suffix, media type sent in Accept, rdflib parser)
    (".ttl", "text/turtle", "turtle"),
    (".jsonld", "application/ld+json", "json-ld"),
    (".nt", "application/n-triples", "nt"),
    (".rdf", "application/rdf+xml", "xml"),
]


def parse(data: bytes, parser: str) -> Graph:
    """Parse an answer with rdflib (whose JSON-LD parser warns about its own deprecations)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=data, format=parser)


def test_every_entity_type_is_covered() -> None:
    # guards the parametrization: a case dropped by accident must fail here
    assert {c.kind for c in CASES} == {
        "authority",
        "person",
        "post",
        "channel",
        "decision",
        "statement",
        "observation",
        "campaign",
        "claim",
        "source",
        "organisation",
        "concept",
        "scheme",
    }


def assert_description(graph: Graph, case: Case) -> None:
    subject = URIRef(case.iri)
    predicate, obj = case.own
    assert (subject, URIRef(predicate), URIRef(obj)) in graph, f"own triple missing for {case.kind}"
    linked, label = case.linked_label
    labels = {
        str(v)
        for p in (RDFS.label, SKOS.prefLabel, URIRef(DCT + "title"))
        for v in graph.objects(URIRef(linked), p)
    }
    if label is None:
        assert (subject, None, URIRef(linked)) in graph
    else:
        assert label in labels, f"label of {linked} missing: {labels}"
    if case.incoming:
        source, via = case.incoming
        assert (URIRef(source), URIRef(via), subject) in graph, "incoming link missing"
        assert any(graph.objects(URIRef(source), RDFS.label)) or any(
            graph.objects(URIRef(source), SKOS.prefLabel)
        ), "incoming subject has no label"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
@pytest.mark.parametrize(
    ("suffix", "media_type", "parser"), RDF_FORMATS, ids=[f[0] for f in RDF_FORMATS]
)
def test_rdf_by_accept_header(
    client: FlaskClient, case: Case, suffix: str, media_type: str, parser: str
) -> None:
    response = client.get("/" + case.path, headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]
    assert response.headers["Content-Location"] == f"/{case.path}{suffix}"
    assert_description(parse(response.data, parser), case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
@pytest.mark.parametrize(
    ("suffix", "media_type", "parser"), RDF_FORMATS, ids=[f[0] for f in RDF_FORMATS]
)
def test_rdf_by_suffix(
    client: FlaskClient, case: Case, suffix: str, media_type: str, parser: str
) -> None:
    # a suffix wins over the header: links that cannot set headers still get the format
    response = client.get(f"/{case.path}{suffix}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert_description(parse(response.data, parser), case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.kind)
@pytest.mark.parametrize("path_suffix", ["", ".html"])
def test_html_page(client: FlaskClient, case: Case, path_suffix: str) -> None:
    response = client.get(f"/{case.path}{path_suffix}", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]
    page = response.get_data(as_text=True)
    assert case.iri in page
    _linked, label = case.linked_label
    if label is not None:
        assert label in page
    if case.incoming:
        local = case.incoming[0][len(BASE) :]
        assert f'href="/{local}"' in page, "incoming link not shown as a local link"
    for suffix, _media_type, _parser in RDF_FORMATS:
        assert f'href="/{case.path}{suffix}"' in page


@pytest.mark.parametrize("suffix", [f[0] for f in RDF_FORMATS])
def test_rdf_is_the_stores_own_writing(
    inprocess_app: Flask, local_store: LocalStore, suffix: str
) -> None:
    """An entity's RDF is the store's answer to the description query, byte for byte: no
    parsing into another library's terms and writing again."""
    representation = negotiate.BY_SUFFIX[suffix]
    iri = BASE + "id/authority/dresden"
    response = inprocess_app.test_client().get(f"/id/authority/dresden{suffix}")
    assert response.status_code == 200
    assert response.content_type == representation.content_type
    answer = describe.describe_as(local_store, iri, representation)
    assert answer.rows and response.data == answer.body
    if suffix == ".ttl":  # people read Turtle: it declares the store's prefixes
        assert b"@prefix gso: <https://w3id.org/govsocial/ontology#> ." in response.data


def test_browser_default_is_html_and_curl_default_is_html(client: FlaskClient) -> None:
    assert client.get("/id/authority/dresden").mimetype == "text/html"
    assert client.get("/id/authority/dresden", headers={"Accept": "*/*"}).mimetype == "text/html"


def test_unacceptable_type_gets_406_with_alternatives(client: FlaskClient) -> None:
    response = client.get("/id/authority/dresden", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "/id/authority/dresden.ttl" in response.get_data(as_text=True)


def test_conditional_get_answers_304(client: FlaskClient) -> None:
    first = client.get("/id/authority/dresden.ttl")
    etag = first.headers["ETag"]
    again = client.get("/id/authority/dresden.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_jsonld_uses_literal_language_tags(client: FlaskClient) -> None:
    response = client.get("/id/authority/dresden.jsonld")
    graph = parse(response.data, "json-ld")
    labels = set(graph.objects(URIRef(BASE + "id/authority/dresden"), RDFS.label))
    assert Literal("Landeshauptstadt Dresden", lang="de") in labels
    assert Literal("City of Dresden", lang="en") in labels


@pytest.mark.parametrize(
    ("accept", "suffix", "parser"),
    [
        ("text/turtle", "", "turtle"),
        ("", ".ttl", "turtle"),
        ("application/ld+json", "", "json-ld"),
        ("", ".rdf", "xml"),
        ("", ".nt", "nt"),
    ],
)
def test_ontology_as_rdf(client: FlaskClient, accept: str, suffix: str, parser: str) -> None:
    response = client.get(f"/ontology{suffix}", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert "Accept" in response.headers["Vary"]
    graph = parse(response.data, parser)
    ontology = URIRef(BASE + "ontology")
    assert (ontology, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in graph
    assert (GSO.Authority, RDFS.label, Literal("authority", lang="en")) in graph
    # the ontology document holds the ontology, not the data
    assert (URIRef(BASE + "id/authority/dresden"), None, None) not in graph
    if parser == "turtle":  # read by people: written with the project's prefixes
        assert b"@prefix gso: <https://w3id.org/govsocial/ontology#> ." in response.data
        assert b"\ngso:Authority " in response.data


def test_ontology_html_is_pylode_documentation_that_works_offline(client: FlaskClient) -> None:
    response = client.get("/ontology", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "govsocial ontology: public authorities on social media" in page
    # entity pages link types to /ontology#<local name>: those anchors must exist
    assert 'id="Authority"' in page and 'id="PlatformDecision"' in page
    assert 'href="/ontology.ttl"' in page and 'href="/"' in page  # the way back to the site
    remote = re.findall(r"<(?:script|link|img)\b[^>]*(?:src|href)=\"https?://", page)
    assert remote == [], "the ontology page loads something from the internet"
