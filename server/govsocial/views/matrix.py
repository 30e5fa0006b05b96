"""The platform matrix: authorities x platforms, each cell the latest known position."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask import Blueprint, render_template, request

from govsocial.store import QueryStore, get_store
from govsocial.views import decisions as reading
from govsocial.views.cache import cached
from govsocial.views.dates import parse_day
from govsocial.views.decisions import Decision, Term
from govsocial.views.positions import LEGEND, Position

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
    use = [d for d in positioned if d.position.value.use]
    pool = use or positioned  # the intention tier counts only without any use position
    if not pool:
        return Cell(authority, platform, Position.UNKNOWN, [], list(decisions))
    best = max(pool, key=_rank)
    best_when = best.counted_from.start if best.counted_from else None
    evidence = [
        d for d in pool
        if d.position is best.position
        and (d.counted_from.start if d.counted_from else None) == best_when
    ]
    evidence.sort(key=_rank, reverse=True)
    others = [d for d in decisions if d not in evidence]
    return Cell(authority, platform, best.position, evidence, others)


def build_matrix(store: QueryStore, as_of: date | None = None) -> Matrix:
    """Compute the matrix as of a day (None: with every decision known) by SPARQL."""
    labels = reading.load_labels(store)
    decisions = reading.load_decisions(store, labels, as_of)

    def term(iri: str) -> Term:
        return labels.get(iri) or Term(iri, reading.slug(iri), reading.slug(iri))

    # rows and columns do not depend on the day, so the table keeps its shape when browsing:
    # every authority (one with no decision yet shows unknown cells), by name; platforms most
    # discussed first (X, then TikTok with today's data), then by name
    parents = reading.authority_iris(store)
    authorities = sorted(map(term, parents), key=lambda t: reading.sort_key(t.label_de))
    units = {iri: term(parent) for iri, parent in parents.items() if parent}
    discussed = reading.platform_iris(store)
    platforms = sorted(map(term, discussed),
                       key=lambda t: (-discussed[t.iri], reading.sort_key(t.label_en)))
    grouped: dict[tuple[str, str], list[Decision]] = defaultdict(list)
    for decision in decisions:
        for platform in decision.platforms:
            grouped[(decision.authority.iri, platform.iri)].append(decision)
    cells = {
        (a.iri, p.iri): decide_cell(a, p, grouped.get((a.iri, p.iri), []))
        for a in authorities
        for p in platforms
    }
    return Matrix(as_of, authorities, platforms, cells, units)


@bp.get("/matrix")
def matrix_page() -> tuple[str, int]:
    """Render the matrix; `?as_of=YYYY-MM-DD` shows it as of that day."""
    raw = request.args.get("as_of", "")
    error = None
    try:
        as_of = parse_day(raw)
    except ValueError:
        as_of, error = None, f"“{raw}” is not a day in the form YYYY-MM-DD; showing today’s matrix."
    store = get_store()
    matrix = cached(("matrix", as_of), lambda: build_matrix(store, as_of),
                    weigh=lambda built: len(built.cells))
    html = render_template(
        "views/matrix.html", matrix=matrix, legend=LEGEND, error=error, as_of_text=raw,
        query=reading.shareable_query(as_of), active_nav="matrix",
    )
    return html, 400 if error else 200
