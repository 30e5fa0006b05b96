"""Choosing representations and mapping IRIs to local paths."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from govsocial.site.linkeddata.iris import IriMapper
from govsocial.site.linkeddata.negotiate import RDF_REPRESENTATIONS, choose, split_suffix


def accept(header: str) -> MIMEAccept:
    return parse_accept_header(header, MIMEAccept)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/x-turtle", "text/turtle"),
        ("application/turtle", "text/turtle"),  # the aliases /sparql takes, from one registry
        ("application/ld+json", "application/ld+json"),
        ("application/json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("text/html;q=0.5, text/turtle", "text/turtle"),
        ("application/rdf+xml;q=0.2, application/ld+json;q=0.9", "application/ld+json"),
        ("*/*", "text/html"),
        ("", "text/html"),
    ],
)
def test_choose_follows_the_accept_header(header: str, expected: str) -> None:
    chosen = choose(accept(header))
    assert chosen is not None and chosen.media_type == expected


def test_choose_returns_none_when_nothing_fits() -> None:
    assert choose(accept("image/png")) is None


def test_choose_among_rdf_only_prefers_turtle_for_any() -> None:
    chosen = choose(accept("*/*"), RDF_REPRESENTATIONS)
    assert chosen is not None and chosen.media_type == "text/turtle"


@pytest.mark.parametrize(
    ("path", "bare", "suffix"),
    [
        ("id/authority/dresden.ttl", "id/authority/dresden", ".ttl"),
        ("id/authority/dresden.jsonld", "id/authority/dresden", ".jsonld"),
        ("id/authority/dresden.nt", "id/authority/dresden", ".nt"),
        ("id/authority/dresden.rdf", "id/authority/dresden", ".rdf"),
        ("id/authority/dresden.html", "id/authority/dresden", ".html"),
        ("id/authority/dresden", "id/authority/dresden", None),
        ("id/authority/dresden.xyz", "id/authority/dresden.xyz", None),
    ],
)
def test_split_suffix(path: str, bare: str, suffix: str | None) -> None:
    rest, representation = split_suffix(path)
    assert rest == bare
    assert (representation.suffix if representation else None) == suffix


def test_mapper_round_trips_served_iris() -> None:
    mapper = IriMapper(base="https://w3id.org/govsocial/", root="/app")
    for path in ("id/authority/dresden", "vocab/platform/x", "vocab/platform", "ontology"):
        iri = mapper.iri_for_path(path)
        assert iri == "https://w3id.org/govsocial/" + path
        assert mapper.local_path(iri) == "/app/" + path


def test_mapper_links_terms_to_the_ontology_page_and_leaves_others_alone() -> None:
    mapper = IriMapper()
    assert mapper.href("https://w3id.org/govsocial/ontology#Authority") == "/ontology#Authority"
    assert mapper.href("http://www.wikidata.org/entity/Q1731") == (
        "http://www.wikidata.org/entity/Q1731"
    )


def test_mapper_uses_the_configured_base() -> None:
    mapper = IriMapper(base="http://localhost:5000/")
    assert (
        mapper.iri_for_path("id/authority/dresden") == "http://localhost:5000/id/authority/dresden"
    )
    assert mapper.local_path("https://w3id.org/govsocial/id/authority/dresden") is None


@pytest.mark.parametrize("path", ["id/../secret", "id/a b", "id/x%22", "static/site.css", "id/X"])
def test_mapper_refuses_paths_that_are_not_slugs(path: str) -> None:
    assert IriMapper().iri_for_path(path) is None


def test_text_plain_is_n_triples_as_on_sparql() -> None:
    """rdflib's parse(url, format="nt") sends "text/plain, */*;q=0.1"."""
    from werkzeug.datastructures import MIMEAccept

    from govsocial.site.linkeddata import negotiate

    chosen = negotiate.choose(MIMEAccept([("text/plain", 1), ("*/*", 0.1)]))
    assert chosen is not None and chosen.media_type == "application/n-triples"
    assert negotiate.from_format_parameter("nt") is chosen
    assert negotiate.from_format_parameter("text/turtle").suffix == ".ttl"
    assert negotiate.from_format_parameter("docx") is None
