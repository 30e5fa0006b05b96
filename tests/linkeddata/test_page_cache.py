"""VoID and the landing page are rendered once per data version and URL, not per request.

Both grow with the graph (VoID at 10^6 synthetic triples: 1.5 MB, 0.66 s to build), and both
name the server's own URL, which comes from the request's Host: a page cached for one host must
never be served to another.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from govsocial.site.linkeddata import void as voiding


@pytest.fixture
def void_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the VoID graphs built (one per cache miss)."""
    built: list[str] = []
    real = voiding.void_graph

    def counting(
        stats: voiding.Statistics, links: voiding.Links, base: str, released: object = None
    ) -> list[ox.Triple]:
        built.append(links.document)
        return real(stats, links, base, released)  # type: ignore[arg-type]

    monkeypatch.setattr(voiding, "void_graph", counting)
    return built


def test_void_is_built_once_per_host_and_representation(
    client: FlaskClient, void_builds: list[str]
) -> None:
    host = "cache-test-one.example"
    first = client.get("/.well-known/void", headers={"Accept": "text/turtle", "Host": host})
    again = client.get("/.well-known/void", headers={"Accept": "text/turtle", "Host": host})
    assert first.status_code == again.status_code == 200
    assert first.data == again.data and f"http://{host}/sparql".encode() in first.data
    assert first.headers["ETag"] == again.headers["ETag"]
    assert void_builds == [f"http://{host}/.well-known/void"]

    other = client.get(
        "/.well-known/void", headers={"Accept": "text/turtle", "Host": "cache-test-two.example"}
    )
    assert b"http://cache-test-two.example/sparql" in other.data
    assert f"http://{host}".encode() not in other.data
    ntriples = client.get("/.well-known/void.nt", headers={"Host": host})
    assert ntriples.content_type.startswith("application/n-triples")
    assert len(void_builds) == 3


def test_a_conditional_request_still_gets_304_from_the_cached_page(client: FlaskClient) -> None:
    headers = {"Accept": "text/turtle", "Host": "cache-test-etag.example"}
    etag = client.get("/.well-known/void", headers=headers).headers["ETag"]
    revalidated = client.get("/.well-known/void", headers={**headers, "If-None-Match": etag})
    assert revalidated.status_code == 304 and not revalidated.data


def test_the_landing_page_names_the_host_it_was_asked_for(client: FlaskClient) -> None:
    for host in ("landing-one.example", "landing-two.example", "landing-one.example"):
        page = client.get("/", headers={"Accept": "text/html", "Host": host})
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert f"http://{host}/sparql" in text
        assert "landing-two.example" not in text or host == "landing-two.example"
