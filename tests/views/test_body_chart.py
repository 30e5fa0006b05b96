"""A body's own timeline on its entity page: one mark per dated decision and platform, drawn from
the same decisions the query behind it returns."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient

from govsocial.site.version_cache import EXTENSION_KEY, VersionCache

CHEMNITZ = "/id/authority/stadt-chemnitz"


def figure(client: FlaskClient, path: str) -> dict[str, str] | None:
    html = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    found = re.search(r'<figure class="body-chart".*?</figure>', html, re.S)
    if not found:
        return None
    block = found.group(0)
    return {
        "src": re.search(r'<img src="([^"]+)"', block).group(1),
        "marks": re.search(r'data-marks="(\d+)"', block).group(1),
        "query": unescape(re.search(r'<a href="([^"]+)">the query behind it', block).group(1)),
    }


def test_a_body_page_shows_its_decisions_as_marks(client: FlaskClient, project_store) -> None:
    shown = figure(client, CHEMNITZ)
    assert shown is not None and shown["src"] == "/charts/bodies/stadt-chemnitz.svg"
    svg = client.get(shown["src"])
    assert svg.mimetype == "image/svg+xml"
    drawn = len(set(re.findall(rb'id="mark-\d+"', svg.data)))
    assert drawn == int(shown["marks"]) > 0
    # the query behind it gives a row per decision and platform; the dated ones are the marks
    query = parse_qs(urlsplit(shown["query"]).query)["query"][0]
    rows = project_store.select(query)
    assert sum(1 for r in rows if r.get("date") or r.get("reported")) == drawn
    assert "Decisions of Stadt Chemnitz" in svg.get_data(as_text=True)


def test_png_and_download(client: FlaskClient) -> None:
    png = client.get("/charts/bodies/stadt-chemnitz.png?download=1")
    assert png.data.startswith(b"\x89PNG")
    assert png.headers["Content-Disposition"] == 'attachment; filename="stadt-chemnitz.png"'


def test_only_bodies_have_one(client: FlaskClient) -> None:
    assert figure(client, "/id/decision/chemnitz-x-crisis-only-2024-01") is None
    assert client.get("/charts/bodies/atlantis.svg").status_code == 404
    assert client.get("/charts/bodies/stadt-chemnitz.gif").status_code == 404


def test_a_body_without_decisions_says_so(client: FlaskClient) -> None:
    shown = figure(client, "/id/authority/gesundheitsamt-dresden")
    assert shown is not None and shown["marks"] == "0"
    assert b"no dated decision recorded" in client.get(shown["src"]).data


def test_other_pages_do_not_read_the_catalogue(app, client: FlaskClient) -> None:
    """Only a body's page reads the views' catalogue (2.6 s at 10^6 triples the first time)."""
    saved = app.extensions.get(EXTENSION_KEY)
    try:
        app.extensions[EXTENSION_KEY] = cache = VersionCache()
        client.get("/id/decision/chemnitz-x-crisis-only-2024-01", headers={"Accept": "text/html"})
        assert ("catalogue",) not in cache.kept_keys()
        client.get(CHEMNITZ, headers={"Accept": "text/html"})
        assert ("catalogue",) in cache.kept_keys()
    finally:
        app.extensions[EXTENSION_KEY] = saved
