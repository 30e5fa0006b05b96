"""Regression tests for failures the hardening probes found (one test per fix)."""

from __future__ import annotations

from flask import Flask

from .support import assert_clean


def test_ontology_page_without_an_ontology_is_404_not_500(app: Flask) -> None:
    # found by the header probe: `serve --data other.ttl` made pyLODE raise on /ontology
    client = app.test_client()
    for path, accept in (
        ("/ontology", "text/html"),
        ("/ontology.html", "*/*"),
        ("/ontology", "text/turtle"),
    ):
        response = client.get(path, headers={"Accept": accept})
        assert response.status_code == 404, (path, accept)
        assert_clean(response.status_code, response.headers, response.data, path)
    page = client.get("/ontology", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "ontology" in page
