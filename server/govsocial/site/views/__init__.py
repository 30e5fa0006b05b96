"""Researchers' views: the query UI (/ui), the platform matrix (/matrix), the timeline (/timeline),
the curation summary (/summary).

Everything here is computed by SPARQL through the endpoint's store (`store.extension.get_store`)
and cached per data version; nothing keeps its own copy of the data.
"""

from __future__ import annotations

from flask import Flask


def local_href(iri: str) -> str:
    """Return where a page links for `iri`: our own route for our IRIs, else the IRI."""
    from govsocial.site.linkeddata.routes import mapper  # the one place that knows the base IRI

    return mapper().href(iri)


def init_app(app: Flask) -> None:
    """Register the views and the template helpers they share."""
    from govsocial.site.views import body_chart, charts, matrix, summary, table, timeline, ui

    app.register_blueprint(ui.bp)
    app.register_blueprint(summary.bp)
    app.register_blueprint(table.bp)
    app.register_blueprint(charts.bp)
    app.register_blueprint(matrix.bp)
    app.register_blueprint(timeline.bp)
    app.register_blueprint(body_chart.bp)
    app.add_template_global(local_href, "local_href")
    app.add_template_global(body_chart.figure_of, "body_chart")
