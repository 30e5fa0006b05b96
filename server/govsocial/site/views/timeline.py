"""The timeline of platform decisions, a page at a time, narrowed by facets."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, render_template, request

from govsocial.site.views import decisions as reading
from govsocial.site.views.catalogue import DECISION_FACETS, current_catalogue, unknown_notices
from govsocial.site.views.decisions import Decision
from govsocial.site.views.filters import Filters
from govsocial.site.views.paging import Page, PageError, page_of
from govsocial.site.views.positions import LEGEND

bp = Blueprint("timeline", __name__)


def year_of(decision: Decision) -> str:
    """Return the heading a decision is listed under: the year it counts from."""
    when = decision.counted_from
    return str(when.start.year) if when else "Date unknown"


@bp.get("/timeline")
def timeline_page() -> tuple[str, int]:
    """Render one page of the timeline; facet parameters (`authority=<slug>&platform=x&year=2025`,
    repeatable) narrow it, `page=N` pages."""
    catalogue = current_catalogue()
    filters = Filters.from_args(
        request.script_root + "/timeline", request.args, [f.name for f in DECISION_FACETS]
    )
    selection = catalogue.decision_facets.select(filters.choices())
    errors, status = [], 200
    try:
        page = page_of(request.args.get("page"), len(selection.items))
    except PageError as error:
        page, status = Page(1, len(selection.items)), error.status
        errors.append(str(error))
    shown = [catalogue.decisions[i] for i in selection.items[page.start : page.stop]]
    html = render_template(
        "views/timeline.html",
        years=groupby(shown, key=year_of),
        count=len(selection.items),
        selection=selection,
        filters=filters,
        page=page,
        errors=errors,
        notices=unknown_notices(selection),
        legend=LEGEND[:-1],
        query=reading.shareable_query(),
        active_nav="timeline",
    )
    return html, status
