"""The timeline of platform decisions, filterable by authority and platform."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from flask import Blueprint, render_template, request

from govsocial.store import QueryStore, get_store
from govsocial.views import decisions as reading
from govsocial.views.cache import cached
from govsocial.views.decisions import Decision, Term
from govsocial.views.positions import LEGEND

bp = Blueprint("timeline", __name__)


@dataclass
class Timeline:
    decisions: list[Decision]  # every decision, in date order (undated last)
    authorities: list[Term]  # filter choices: those with decisions
    platforms: list[Term]

    def filtered(self, authority: Term | None, platform: Term | None) -> list[Decision]:
        """Return the decisions of `authority` about `platform` (None: any)."""
        return [
            d for d in self.decisions
            if (authority is None or d.authority.iri == authority.iri)
            and (platform is None or any(p.iri == platform.iri for p in d.platforms))
        ]

    def choice(self, terms: list[Term], slug: str) -> Term | None:
        """Return the filter choice with this slug, or None."""
        return next((t for t in terms if t.slug == slug), None)


def build_timeline(store: QueryStore) -> Timeline:
    """Compute the whole timeline by SPARQL (filters then only select from it)."""
    labels = reading.load_labels(store)
    decisions = reading.load_decisions(store, labels)
    reading.attach_reasons(store, decisions)
    authorities = {d.authority.iri: d.authority for d in decisions}
    platforms = {p.iri: p for d in decisions for p in d.platforms}
    return Timeline(
        decisions,
        sorted(authorities.values(), key=lambda t: reading.sort_key(t.label_de)),
        sorted(platforms.values(), key=lambda t: reading.sort_key(t.label_en)),
    )


def year_of(decision: Decision) -> str:
    """Return the heading a decision is listed under: the year it counts from."""
    when = decision.counted_from
    return str(when.start.year) if when else "Date unknown"


@bp.get("/timeline")
def timeline_page() -> tuple[str, int]:
    """Render the timeline; `?authority=<slug>&platform=<slug>` filter it (empty: all)."""
    store = get_store()
    timeline = cached(("timeline",), lambda: build_timeline(store),
                      weigh=lambda built: len(built.decisions))
    wanted_authority = request.args.get("authority", "").strip()
    wanted_platform = request.args.get("platform", "").strip()
    authority = timeline.choice(timeline.authorities, wanted_authority)
    platform = timeline.choice(timeline.platforms, wanted_platform)
    # an unknown choice is not an error (a new platform may have no decision yet): say so
    notices = []
    if wanted_authority and authority is None:
        notices.append(f"No decisions of an authority “{wanted_authority}” are known.")
    if wanted_platform and platform is None:
        notices.append(f"No decisions about a platform “{wanted_platform}” are known.")
    shown = timeline.filtered(authority, platform)
    html = render_template(
        "views/timeline.html", timeline=timeline, years=groupby(shown, key=year_of),
        count=len(shown), authority=authority, platform=platform, notices=notices,
        filtering=bool(wanted_authority or wanted_platform), legend=LEGEND[:-1],
        query=reading.shareable_query(),
        active_nav="timeline",
    )
    return html, 200
