"""The shared layout (templates/base.html) keeps the contract other page areas build on."""

from __future__ import annotations

from flask import Flask, render_template_string

CHILD = """{% extends "base.html" %}
{% block title %}Matrix{% endblock %}
{% block main_id %}matrix-page{% endblock %}
{% block head %}<meta name="x-test" content="head-block">{% endblock %}
{% block content %}<p id="child-content">cells</p>{% endblock %}
{% block scripts %}<script src="/static/x.js" defer></script>{% endblock %}"""


def render(app: Flask, **context: object) -> str:
    with app.test_request_context("/matrix"):
        return render_template_string(CHILD, **context)


def test_blocks_land_where_the_layout_says(app: Flask) -> None:
    page = render(app, active_nav="matrix")
    assert "<title>Matrix · govsocial-kg</title>" in page
    assert '<meta name="x-test" content="head-block">' in page
    assert '<main id="matrix-page"' in page and '<p id="child-content">cells</p>' in page
    assert page.index("</main>") < page.index('<script src="/static/x.js"')
    assert 'href="#matrix-page">Skip to content' in page
    assert '<link rel="stylesheet" href="/static/site.css">' in page


def test_active_navigation_entry_is_marked(app: Flask) -> None:
    page = render(app, active_nav="matrix")
    assert '<a href="/matrix" aria-current="page">' in page
    assert page.count('aria-current="page"') == 1
    assert "aria-current" not in render(app)


def test_layout_links_every_part_of_the_site(app: Flask) -> None:
    page = render(app)
    for href in (
        "/",
        "/sparql",
        "/ui",
        "/matrix",
        "/timeline",
        "/ontology",
        "/vocab/",
        "/dumps/",
        "/.well-known/void",
    ):
        assert f'href="{href}"' in page, href


def test_stylesheet_is_served(client) -> None:
    with client.get("/static/site.css") as response:
        assert response.status_code == 200
        assert b".status-stopped" in response.data and b"section.evidence" in response.data


def test_the_site_has_an_icon(client) -> None:
    """Browsers ask every page's site for /favicon.ico: no 404 in the log for it."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data
    page = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'rel="icon" type="image/svg+xml"' in page
