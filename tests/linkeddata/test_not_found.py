"""Unknown IRIs get 404: a helpful page for people, a plain note for RDF clients."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient


@pytest.mark.parametrize(
    "path",
    [
        "/id/authority/atlantis",
        "/vocab/platform/myspace",
        "/vocab/no-such-scheme",
        "/id/nothing/here",
    ],
)
def test_unknown_iri_html_page_is_helpful(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]
    page = response.get_data(as_text=True)
    assert "https://w3id.org/govsocial" + path in page
    assert 'href="/ui"' in page and 'href="/"' in page


def test_unknown_authority_suggests_existing_ones(client: FlaskClient) -> None:
    page = client.get("/id/authority/atlantis").get_data(as_text=True)
    assert 'href="/id/authority/dresden"' in page
    assert 'href="/id/authority/chemnitz"' in page


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/id/authority/atlantis", "text/turtle"),
        ("/id/authority/atlantis.ttl", ""),
        ("/id/authority/atlantis.jsonld", ""),
        ("/id/authority/atlantis.nt", "text/html"),
        ("/id/authority/atlantis.rdf", ""),
        ("/vocab/platform/myspace", "application/ld+json"),
    ],
)
def test_unknown_iri_rdf_request_gets_plain_404(
    client: FlaskClient, path: str, accept: str
) -> None:
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert "atlantis" in response.get_data(as_text=True) or "myspace" in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    "path", ["/id/Authority/Dresden", "/id/authority/dres%20den", "/id/authority/../../etc/passwd"]
)
def test_malformed_paths_are_404_not_errors(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_unknown_site_path_uses_the_404_page(client: FlaskClient) -> None:
    response = client.get("/no/such/page", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "Nothing is served at" in response.get_data(as_text=True)


def test_unknown_dump_is_404(client: FlaskClient) -> None:
    assert client.get("/dumps/govsocial.csv.gz").status_code == 404


def test_unknown_site_path_for_other_clients_keeps_the_plain_error(client: FlaskClient) -> None:
    response = client.get("/no/such/page", headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
