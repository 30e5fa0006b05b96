"""What the matrix and the timeline page through, read once per data version: every body with
where it sits, every decision with its reasons, and the facets over both.

A request then only selects (facets.py), slices one page (paging.py) and decides the cells of
that page as of its day (matrix.py): its cost follows the page, not the graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pycountry

from govsocial.endpoint.store import QueryStore
from govsocial.endpoint.store.extension import get_store
from govsocial.site.version_cache import cached
from govsocial.site.views import decisions as reading
from govsocial.site.views.decisions import Body, Decision, Term
from govsocial.site.views.facets import FacetIndex, FacetSpec, Selection

if TYPE_CHECKING:
    from govsocial.site.views.facets import SortKey

COUNTRY = FacetSpec("country", "Country")
STATE = FacetSpec("state", "State or canton")
LEVEL = FacetSpec("level", "Level")
KIND = FacetSpec("kind", "Kind of body")
PLATFORM = FacetSpec("platform", "Platform")
ACTION = FacetSpec("action", "Action")
YEAR = FacetSpec("year", "Year")
MONTH = FacetSpec("month", "Month", within="year")
AUTHORITY = FacetSpec("authority", "Body", listed=False)

# the matrix's rows are bodies: a body carries the platforms, actions and periods of its decisions
BODY_FACETS = (COUNTRY, STATE, LEVEL, KIND, PLATFORM, ACTION, YEAR, MONTH)
DECISION_FACETS = (*BODY_FACETS, AUTHORITY)

UNDATED = "undated"
LEVELS = ("eu", "federal", "state", "local")  # from the widest to the nearest


def _by_code(code: str, label: str) -> tuple[bool, str]:
    return (code == UNDATED, code)  # years and months in calendar order, the undated last


def _by_level(code: str, label: str) -> tuple[int, str]:
    return (LEVELS.index(code) if code in LEVELS else len(LEVELS), label.casefold())


ORDER: dict[str, SortKey] = {YEAR.name: _by_code, MONTH.name: _by_code, LEVEL.name: _by_level}


def country_name(code: str) -> str:
    """Return a country's English short name (ISO 3166-1), "European Union" for EU."""
    if code == "EU":
        return "European Union"
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def state_name(code: str) -> str:
    """Return a state's or canton's name as ISO 3166-2 gives it (Sachsen, Zürich, Wien)."""
    subdivision = pycountry.subdivisions.get(code=code)
    return subdivision.name if subdivision else code


@dataclass
class Catalogue:
    bodies: list[Body]  # by German name
    decisions: list[Decision]  # in date order, the undated last
    platforms: list[Term]  # the matrix's columns: most discussed first
    units: dict[str, Term]  # unit IRI -> the body it is a unit of
    by_cell: dict[tuple[str, str], list[Decision]]  # (body IRI, platform IRI) -> its decisions
    body_facets: FacetIndex
    decision_facets: FacetIndex
    by_slug: dict[str, Body]  # a body by the last segment of its IRI (the chart's address)

    @property
    def weight(self) -> int:
        """About the bytes the catalogue holds: 2 KiB per body and decision (their terms,
        dates and facet masks; 27 MiB at 10^6 synthetic triples)."""
        return 2048 * (len(self.bodies) + len(self.decisions))


def _periods(decision: Decision) -> Iterator[tuple[str, str]]:
    when = decision.counted_from
    if when is None:
        yield YEAR.name, UNDATED
        return
    yield YEAR.name, f"{when.start.year:04d}"
    yield MONTH.name, f"{when.start.year:04d}-{when.start.month:02d}"


def _place(body: Body) -> Iterator[tuple[str, str]]:
    if body.country:
        yield COUNTRY.name, body.country
    if body.state:
        yield STATE.name, body.state
    if body.level:
        yield LEVEL.name, body.level.slug
    if body.kind:
        yield KIND.name, body.kind.slug


def _about(decision: Decision) -> Iterator[tuple[str, str]]:
    for platform in decision.platforms:
        yield PLATFORM.name, platform.slug
    yield ACTION.name, decision.action.slug
    yield from _periods(decision)


def build_catalogue(store: QueryStore) -> Catalogue:
    """Read bodies and decisions by SPARQL and index them for the views."""
    labels = reading.load_labels(store)
    bodies = reading.load_bodies(store, labels)
    decisions = reading.load_decisions(store, labels)
    reading.attach_reasons(store, decisions)
    discussed = reading.platform_iris(store)
    platforms = sorted(
        (labels.get(iri) or Term(iri, reading.slug(iri), reading.slug(iri)) for iri in discussed),
        key=lambda t: (-discussed[t.iri], reading.sort_key(t.label_en)),
    )
    by_iri = {body.term.iri: body for body in bodies}
    units = {b.term.iri: by_iri[b.parent].term for b in bodies if b.parent in by_iri}

    by_cell: dict[tuple[str, str], list[Decision]] = defaultdict(list)
    by_body: dict[str, list[Decision]] = defaultdict(list)
    for decision in decisions:
        by_body[decision.authority.iri].append(decision)
        for platform in decision.platforms:
            by_cell[(decision.authority.iri, platform.iri)].append(decision)

    names: dict[tuple[str, str], str] = {}
    for body in bodies:
        names[COUNTRY.name, body.country or ""] = country_name(body.country or "")
        names[STATE.name, body.state or ""] = state_name(body.state or "")
        for spec, term in ((LEVEL, body.level), (KIND, body.kind)):
            if term:
                names[spec.name, term.slug] = term.label_en
        names[AUTHORITY.name, body.term.slug] = body.term.label_de
    for decision in decisions:
        for platform in decision.platforms:
            names[PLATFORM.name, platform.slug] = platform.label_en
        names[ACTION.name, decision.action.slug] = decision.action.label_en
    names[YEAR.name, UNDATED] = "date unknown"

    place = {body.term.iri: list(_place(body)) for body in bodies}
    body_values = (
        (index, name, code)
        for index, body in enumerate(bodies)
        for name, code in (
            *place[body.term.iri],
            *(pair for d in by_body[body.term.iri] for pair in _about(d)),
        )
    )
    decision_values = (
        (index, name, code)
        for index, decision in enumerate(decisions)
        for name, code in (
            *place.get(decision.authority.iri, ()),
            *_about(decision),
            (AUTHORITY.name, decision.authority.slug),
        )
    )
    return Catalogue(
        bodies=bodies,
        decisions=decisions,
        platforms=platforms,
        units=units,
        by_cell=dict(by_cell),
        body_facets=FacetIndex(len(bodies), BODY_FACETS, body_values, names, ORDER),
        decision_facets=FacetIndex(len(decisions), DECISION_FACETS, decision_values, names, ORDER),
        by_slug={body.term.slug: body for body in bodies},
    )


def current_catalogue() -> Catalogue:
    """Return the catalogue of the app's data, built once per data version."""
    store = get_store()
    return cached(("catalogue",), lambda: build_catalogue(store), weigh=lambda built: built.weight)


def unknown_notices(selection: Selection) -> list[str]:
    """Say which chosen values nothing carries (a platform nobody has decided about yet): they
    keep nothing, and the page says so rather than showing an empty list without a reason."""
    return [
        f"No {spec.title.lower()} “{code}” is known here, so nothing matches it."
        for spec, code in selection.unknown
    ]
