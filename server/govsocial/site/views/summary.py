"""The curation summary page (/summary): the tables of `govsocial summary`, from the endpoint's
store, cached per data version."""

from __future__ import annotations

from flask import Blueprint, render_template

from govsocial.endpoint.store.extension import get_store
from govsocial.graph.curation import summarise
from govsocial.site.version_cache import cached

bp = Blueprint("summary", __name__)


@bp.get("/summary")
def summary_page() -> tuple[str, int]:
    """Render the curation summary of the data in service."""
    store = get_store()
    tables = cached(
        ("summary",), lambda: summarise(store), weigh=lambda built: sum(len(t.rows) for t in built)
    )
    return render_template("views/summary.html", tables=tables, active_nav="summary"), 200
