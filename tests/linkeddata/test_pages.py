"""The pages a researcher reads: landing page, evidence on entity pages, vocabularies."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pyoxigraph
import pytest
from flask import Flask
from flask.testing import FlaskClient


def html(client: FlaskClient, path: str) -> str:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, path
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_landing_page_says_what_where_and_how_to_cite(
    client: FlaskClient, store: pyoxigraph.Store
) -> None:
    page = html(client, "/")
    assert '<main id="landing"' in page
    assert "German public authorities" in page
    for link in (
        "/sparql",
        "/ui",
        "/matrix",
        "/timeline",
        "/ontology",
        "/vocab/",
        "/.well-known/void",
        "/dumps/",
    ):
        assert f'href="{link}"' in page, link
    assert "https://creativecommons.org/licenses/by/4.0/" in page and "CC BY 4.0" in page
    assert 'id="citation"' in page and "@misc{govsocial-kg" in page
    # counts come from the graph: 3 authorities and the store's triple count in the fixture
    assert re.search(r'<span class="stat">3</span> authorities', page)
    assert f'<span class="stat">{len(store)}</span> triples' in page
    # sources, with their original URL
    assert "WhatsApp, LinkedIn, TikTok: Sächsische Behörden probieren" in page
    assert 'href="https://nurinteressant.com/2024/12/30/' in page


def evidence_sections(page: str) -> list[str]:
    return re.findall(r'<section class="evidence".*?</section>', page, re.DOTALL)


def test_claim_page_shows_its_evidence(client: FlaskClient) -> None:
    page = html(client, "/id/decision/chemnitz-x-crisis-only")
    sections = evidence_sections(page)
    assert len(sections) == 1
    section = unescape(sections[0])
    assert "Die Entscheidung damals fußte auf vielen Bots" in section  # the quotation
    assert "Matthias Nowak" in section  # speaker
    assert "Spokesperson of the City of Chemnitz" in section and "spokesperson" in section  # role
    assert 'href="/id/authority/chemnitz"' in section  # on whose behalf
    assert "direct quotation" in section  # speech mode
    assert 'href="https://nurinteressant.com/2024/12/30/' in section  # source link
    assert "2024-12-30" in section  # source date


def test_evidence_without_a_named_speaker_says_so(client: FlaskClient) -> None:
    section = unescape(evidence_sections(html(client, "/id/decision/dresden-x-stop-posting"))[0])
    assert "Seit Februar 2024 haben wir die Kommunikation auf X eingestellt" in section
    assert "no person named" in section
    assert "City of Dresden" in section
    assert "on request" in section


def test_indirect_speech_is_not_dressed_as_a_quotation(client: FlaskClient) -> None:
    section = unescape(evidence_sections(html(client, "/id/claim/x-owner-elon-musk"))[0])
    assert "indirect speech" in section
    assert "„Die Entwicklung" not in section  # no quotation marks around indirect speech


def test_narration_shows_what_it_is_about_not_on_whose_behalf(client: FlaskClient) -> None:
    """The reporter's narration speaks for nobody: its evidence says what it is about."""
    page = html(client, "/id/observation/dresden-instagram-followers")
    section = unescape(evidence_sections(page)[0])
    assert "<dt>About</dt>" in section and "City of Dresden" in section
    assert "On behalf of" not in section
    spoken = unescape(evidence_sections(html(client, "/id/claim/x-owner-elon-musk"))[0])
    assert "On behalf of" in spoken and "<dt>About</dt>" not in spoken


def test_statement_and_attested_nodes_show_evidence(client: FlaskClient) -> None:
    assert evidence_sections(html(client, "/id/statement/dresden-x-stopped"))
    assert evidence_sections(html(client, "/id/channel/dresden-x"))  # via gso:attestedBy


def test_query_this_link_opens_the_ui_with_a_query_about_the_entity(client: FlaskClient) -> None:
    page = html(client, "/id/decision/chemnitz-x-crisis-only")
    href = unescape(re.search(r'id="query-this" href="([^"]+)"', page).group(1))
    parts = urlsplit(href)
    assert parts.path == "/ui"
    query = parse_qs(parts.query)["query"][0]
    assert "<https://w3id.org/govsocial/id/decision/chemnitz-x-crisis-only>" in query
    # the prepared query runs on the endpoint and finds the statement
    response = client.get(
        "/sparql",
        query_string={"query": query},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200
    rows = response.get_json()["results"]["bindings"]
    assert [r["statement"]["value"] for r in rows] == [
        "https://w3id.org/govsocial/id/statement/chemnitz-x-reasons"
    ]


def test_entity_page_shows_labels_in_both_languages_and_alt_labels(client: FlaskClient) -> None:
    page = html(client, "/id/authority/smk")
    assert "Sächsisches Staatsministerium für Kultus" in page
    assert "Saxon State Ministry for Education" in page
    assert "Kultusministerium" in page and "Bildungsministerium" in page
    assert 'href="/ontology#Authority"' in page


def test_scheme_page_lists_its_concepts(client: FlaskClient) -> None:
    page = html(client, "/vocab/platform")
    for concept in ("x", "threads", "tiktok", "instagram"):
        assert f'href="/vocab/platform/{concept}"' in page


def test_vocabulary_index_links_every_scheme(client: FlaskClient) -> None:
    page = html(client, "/vocab/")
    assert 'href="/vocab/platform"' in page and 'href="/vocab/speech-mode"' in page


def test_pages_load_nothing_from_the_internet(client: FlaskClient) -> None:
    for path in (
        "/",
        "/id/decision/chemnitz-x-crisis-only",
        "/vocab/",
        "/dumps/",
        "/id/authority/atlantis",
    ):
        page = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
        assert not re.findall(
            r"<(?:script|link|img)\b[^>]*(?:src|href)=\"https?://(?!creative)", page
        ), path
        assert 'href="/static/site.css"' in page


@pytest.mark.parametrize(
    "path",
    ["/", "/id/authority/dresden", "/id/authority/dresden.ttl", "/.well-known/void", "/dumps/"],
)
def test_in_process_store_serves_the_same_pages(inprocess_app: Flask, path: str) -> None:
    # the blueprint also works over a plain pyoxigraph store (no endpoint, no query workers)
    with inprocess_app.test_client() as client, client.get(path) as response:
        assert response.status_code == 200


def test_base_iri_is_configuration(app: Flask) -> None:
    app.config["BASE_IRI"] = "http://localhost:5000/"
    try:
        client = app.test_client()
        # the fixture's IRIs are under w3id.org, so under another base they are not ours
        assert client.get("/id/authority/dresden").status_code == 404
    finally:
        del app.config["BASE_IRI"]
    assert app.test_client().get("/id/authority/dresden").status_code == 200


def test_the_ontology_page_is_part_of_the_site(client: FlaskClient) -> None:
    """pyLODE writes the page; the server wraps it in the site's header, stylesheet and icon."""
    page = html(client, "/ontology")
    assert page.index('href="/static/site.css"') < page.index("</head>")
    assert 'rel="icon" type="image/svg+xml" href="/static/favicon.svg"' in page
    header = page[page.index('<header class="site-header">') : page.index("</header>")]
    assert '<a href="/ontology" aria-current="page">Ontology</a>' in header
    assert '<a href="/matrix">Platform matrix</a>' in header
    assert 'This ontology as <a href="/ontology.ttl">Turtle</a>' in page
