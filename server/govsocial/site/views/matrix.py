"""The platform matrix: bodies x platforms, each cell the latest known position; a page at a
time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import Blueprint, render_template, request

from govsocial.endpoint.store import QueryStore
from govsocial.site.views import decisions as reading
from govsocial.site.views.catalogue import (
    BODY_FACETS,
    PLATFORM,
    Catalogue,
    build_catalogue,
    current_catalogue,
    unknown_notices,
)
from govsocial.site.views.dates import parse_day
from govsocial.site.views.decisions import Body, Decision, Term
from govsocial.site.views.filters import Filters
from govsocial.site.views.paging import Page, PageError, page_of
from govsocial.site.views.positions import LEGEND, Position

bp = Blueprint("matrix", __name__)


@dataclass
class Cell:
    """One authority's position on one platform, with the decisions that establish it."""

    authority: Term
    platform: Term
    position: Position
    evidence: list[Decision] = field(default_factory=list)  # same day, same position
    others: list[Decision] = field(default_factory=list)  # every other decision of the cell

    @property
    def decision(self) -> Decision | None:
        return self.evidence[0] if self.evidence else None


@dataclass
class Matrix:
    as_of: date | None
    authorities: list[Term]
    platforms: list[Term]
    cells: dict[tuple[str, str], Cell]
    units: dict[str, Term] = field(default_factory=dict)  # unit IRI -> its parent authority

    def cell(self, authority: Term, platform: Term) -> Cell:
        """Return the cell of one authority and platform."""
        return self.cells[(authority.iri, platform.iri)]

    def counts(self) -> dict[Position, int]:
        """Return how many cells show each position (for the legend)."""
        totals = dict.fromkeys(LEGEND, 0)
        for cell in self.cells.values():
            totals[cell.position] += 1
        return totals


def _rank(decision: Decision) -> tuple:
    """Return the sort key that puts the decision deciding a cell last."""
    when = decision.counted_from
    position = decision.position
    # latest first; the same day: the more specific position (restricted to crises beats
    # stopped: Chemnitz stopped posting on X *except* for disasters), then finer precision
    return (
        when.start if when else date.min,
        position.value.specificity if position else 0,
        {"day": 2, "month": 1, "year": 0}[when.precision] if when else -1,
    )


def decide_cell(authority: Term, platform: Term, decisions: list[Decision]) -> Cell:
    """Return the cell for one authority and platform from its decisions (already dated)."""
    positioned = [d for d in decisions if d.position is not None]
    use = [d for d in positioned if d.position is not None and d.position.value.use]
    pool = use or positioned  # the intention tier counts only without any use position
    if not pool:
        return Cell(authority, platform, Position.UNKNOWN, [], list(decisions))
    best = max(pool, key=_rank)
    position = best.position
    assert position is not None  # the pool holds positioned decisions only
    best_when = best.counted_from.start if best.counted_from else None
    evidence = [
        d
        for d in pool
        if d.position is position
        and (d.counted_from.start if d.counted_from else None) == best_when
    ]
    evidence.sort(key=_rank, reverse=True)
    others = [d for d in decisions if d not in evidence]
    return Cell(authority, platform, position, evidence, others)


def counted_by(decisions: list[Decision], as_of: date | None) -> list[Decision]:
    """Return the decisions counted from `as_of` or before (all when None); one counted from no
    day (no date, no dated source) counts only for today's matrix."""
    if as_of is None:
        return decisions
    return [d for d in decisions if d.counted_from and d.counted_from.start <= as_of]


def matrix_of(
    catalogue: Catalogue, bodies: list[Body], platforms: list[Term], as_of: date | None = None
) -> Matrix:
    """Return the matrix of these rows and columns as of a day (None: with every decision)."""
    cells = {
        (b.term.iri, p.iri): decide_cell(
            b.term, p, counted_by(catalogue.by_cell.get((b.term.iri, p.iri), []), as_of)
        )
        for b in bodies
        for p in platforms
    }
    units = {
        b.term.iri: catalogue.units[b.term.iri] for b in bodies if b.term.iri in catalogue.units
    }
    return Matrix(as_of, [b.term for b in bodies], platforms, cells, units)


def build_matrix(store: QueryStore, as_of: date | None = None) -> Matrix:
    """Compute the whole matrix, every body and platform, as of a day by SPARQL."""
    catalogue = build_catalogue(store)
    return matrix_of(catalogue, catalogue.bodies, catalogue.platforms, as_of)


@bp.get("/matrix")
def matrix_page() -> tuple[str, int]:
    """Render one page of the matrix: `?as_of=YYYY-MM-DD` shows it as of that day, facet
    parameters (`country=DE&platform=x`, repeatable) choose rows and columns, `page=N` pages."""
    catalogue = current_catalogue()
    errors, status = [], 200
    raw = request.args.get("as_of", "").strip()
    try:
        as_of = parse_day(raw)
    except ValueError:
        as_of, status = None, 400
        errors.append(f"“{raw}” is not a day in the form YYYY-MM-DD; showing today’s matrix.")
    filters = Filters.from_args(
        request.script_root + "/matrix",
        request.args,
        [f.name for f in BODY_FACETS],
        ["as_of"] if as_of else [],
    )
    selection = catalogue.body_facets.select(filters.choices())
    try:
        page = page_of(request.args.get("page"), len(selection.items))
    except PageError as error:
        page, status = Page(1, len(selection.items)), max(status, error.status)
        errors.append(str(error))
    chosen_platforms = set(filters.choices().get(PLATFORM.name, ()))
    columns = [p for p in catalogue.platforms if not chosen_platforms or p.slug in chosen_platforms]
    rows = [catalogue.bodies[i] for i in selection.items[page.start : page.stop]]
    html = render_template(
        "views/matrix.html",
        matrix=matrix_of(catalogue, rows, columns, as_of),
        legend=LEGEND,
        errors=errors,
        as_of_text=raw,
        selection=selection,
        filters=filters,
        page=page,
        notices=unknown_notices(selection),
        query=reading.shareable_query(as_of),
        active_nav="matrix",
    )
    return html, status
