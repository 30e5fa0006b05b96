"""Read platform decisions from the store with one SPARQL query (shared by matrix and timeline).

The query does the dating: a decision counts from the first day of its `gso:date` period
(a month or year counts from its first day); a decision without a date counts from the date of
the earliest source that reports it. With `as_of`, only decisions counted from that day or
before are returned (the day is bound as a variable, never spliced into the text).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from govsocial.endpoint.store import QueryStore
from govsocial.endpoint.store.interface import Bindable, term_text
from govsocial.graph.prefixes import sparql_prefixes
from govsocial.site.views.dates import PartialDate
from govsocial.site.views.positions import Position, position_of

PREFIXES = sparql_prefixes("gso", "rdfs", "skos", "prov", "dcterms", "xsd")

# One row per decision and platform. Dates are compared as ISO text padded to a day, which
# orders like the calendar for years 1000-9999; MIN(STR(...)) picks the earliest report.
DECISIONS_QUERY = (
    PREFIXES
    + """
SELECT ?decision ?label ?authority ?platform ?action ?modality ?date ?dateInferred
       ?inferenceNote ?reported ?start ?asOf
WHERE {
  ?decision a gso:PlatformDecision ;
    gso:authority ?authority ;
    gso:platform ?platform ;
    gso:action ?action ;
    gso:modality ?modality .
  OPTIONAL { ?decision rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?decision gso:date ?date }
  OPTIONAL {
    ?decision gso:inferenceNote ?inferenceNote FILTER(LANGMATCHES(LANG(?inferenceNote), "en"))
  }
  BIND(EXISTS { ?decision gso:inferredProperty gso:date } AS ?dateInferred)
  OPTIONAL {
    SELECT ?decision (MIN(STR(?issued)) AS ?reported) WHERE {
      ?decision a gso:PlatformDecision ;
        prov:wasDerivedFrom/dcterms:source/dcterms:issued ?issued .
    } GROUP BY ?decision
  }
  BIND(COALESCE(STR(?date), ?reported) AS ?when)
  BIND(IF(STRLEN(?when) = 4, CONCAT(?when, "-01-01"),
       IF(STRLEN(?when) = 7, CONCAT(?when, "-01"), SUBSTR(?when, 1, 10))) AS ?start)
  %(as_of_filter)s
}
"""
)
# Two fixed variants rather than `!BOUND(?asOf) || ...`: pyoxigraph 0.5 evaluates BOUND() of a
# substituted variable as false, so the optional filter is chosen in Python (no user text).
AS_OF_FILTER = "FILTER(BOUND(?start) && ?start <= STR(?asOf))"

LABELS_QUERY = (
    PREFIXES
    + """
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?term ?labelEn ?labelDe WHERE {
  { ?decision a gso:PlatformDecision ; gso:authority|gso:platform|gso:action|gso:modality ?term }
  UNION { ?term a gso:Platform }
  UNION { ?term a gso:Authority }
  UNION { ?body a gso:Authority ; org:classification|gso:governmentLevel ?term }
  OPTIONAL { ?term rdfs:label|skos:prefLabel ?labelEn FILTER(LANGMATCHES(LANG(?labelEn), "en")) }
  OPTIONAL { ?term rdfs:label|skos:prefLabel ?labelDe FILTER(LANGMATCHES(LANG(?labelDe), "de")) }
}
"""
)

# every platform, with how many authorities decided anything about it (whatever the day)
PLATFORMS_QUERY = (
    PREFIXES
    + """
SELECT ?platform (COUNT(DISTINCT ?authority) AS ?authorities) WHERE {
  ?platform a gso:Platform .
  OPTIONAL { ?decision a gso:PlatformDecision ; gso:platform ?platform ; gso:authority ?authority }
} GROUP BY ?platform
"""
)

# every body (the matrix's rows: also those with no decision yet, which the landing page counts)
# with where it sits; the shapes allow one of each but a parent, so MIN keeps one, the same
# each time
BODIES_QUERY = (
    PREFIXES
    + """
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?authority (MIN(STR(?parentIri)) AS ?parent) (MIN(STR(?levelIri)) AS ?level)
       (MIN(STR(?kindIri)) AS ?kind) (MIN(?countryCode) AS ?country) (MIN(?stateCode) AS ?state)
WHERE {
  ?authority a gso:Authority .
  OPTIONAL { ?authority org:subOrganizationOf ?parentIri }
  OPTIONAL { ?authority gso:governmentLevel ?levelIri }
  OPTIONAL { ?authority org:classification ?kindIri }
  OPTIONAL { ?authority gso:countryCode ?countryCode }
  OPTIONAL { ?authority gso:stateCode ?stateCode }
} GROUP BY ?authority
"""
)

REASONS_QUERY = (
    PREFIXES
    + """
SELECT ?decision ?reason ?label WHERE {
  ?decision a gso:PlatformDecision ; gso:reasonFor ?reason .
  OPTIONAL { ?reason skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
}
"""
)


def slug(iri: str) -> str:
    """Return the last path segment of an IRI (the slug of vocab concepts and data nodes)."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass(frozen=True)
class Term:
    """An IRI with its English and German labels (falling back to each other, then the slug)."""

    iri: str
    label_en: str
    label_de: str

    @property
    def slug(self) -> str:
        return slug(self.iri)


@dataclass
class Decision:
    """One platform decision, dated and classified."""

    iri: str
    label: str
    authority: Term
    platforms: list[Term]
    action: Term
    modality: Term
    date: PartialDate | None  # gso:date, None when the decision has none
    date_inferred: bool
    inference_note: str | None
    reported: PartialDate | None  # earliest source date
    reasons: list[Term] = field(default_factory=list)

    @property
    def position(self) -> Position | None:
        return position_of(self.action.slug, self.modality.slug)

    @property
    def counted_from(self) -> PartialDate | None:
        """Return the date the decision counts from: its own, else its earliest report."""
        return self.date or self.reported

    @property
    def sort_key(self) -> tuple:
        when = self.counted_from
        # undated and unreported decisions sort last; equal days keep a stable order
        return (when is None, when.start if when else date.max, self.authority.label_de, self.iri)


XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def _rows(
    store: QueryStore, query: str, bindings: Mapping[str, Bindable] | None = None
) -> list[dict[str, str]]:
    """The rows of a SELECT, each value as its text (IRI, or a literal's lexical form)."""
    return [
        {name: term_text(term) for name, term in row.items()}
        for row in store.select(query, bindings=bindings)
    ]


def _text(row: dict[str, str], name: str) -> str | None:
    return row.get(name)


def load_labels(store: QueryStore) -> dict[str, Term]:
    """Return the labels of every authority, platform, action and modality that decisions use."""
    labels: dict[str, dict[str, str]] = {}
    for row in _rows(store, LABELS_QUERY):
        term = str(row["term"])
        entry = labels.setdefault(term, {})
        for key, name in (("en", "labelEn"), ("de", "labelDe")):
            text = _text(row, name)
            # several labels in one language: keep the smallest, so pages do not flicker
            if text and (key not in entry or text < entry[key]):
                entry[key] = text
    return {
        iri: Term(
            iri,
            entry.get("en") or entry.get("de") or slug(iri),
            entry.get("de") or entry.get("en") or slug(iri),
        )
        for iri, entry in labels.items()
    }


def _term(labels: dict[str, Term], iri: str) -> Term:
    return labels.get(iri) or Term(iri, slug(iri), slug(iri))


def load_decisions(
    store: QueryStore, labels: dict[str, Term], as_of: date | None = None
) -> list[Decision]:
    """Return the decisions counted from `as_of` or before (all when None), in date order."""
    if as_of is None:
        query, bindings = DECISIONS_QUERY % {"as_of_filter": ""}, None
    else:
        query = DECISIONS_QUERY % {"as_of_filter": AS_OF_FILTER}
        bindings = {"asOf": ox.Literal(as_of.isoformat(), datatype=XSD_DATE)}
    decisions: dict[str, Decision] = {}
    for row in _rows(store, query, bindings):
        iri = str(row["decision"])
        platform = _term(labels, str(row["platform"]))
        known = decisions.get(iri)
        if known is not None:
            if platform not in known.platforms:
                known.platforms.append(platform)
            continue
        raw_date = _text(row, "date")
        raw_reported = _text(row, "reported")
        decisions[iri] = Decision(
            iri=iri,
            label=_text(row, "label") or slug(iri),
            authority=_term(labels, str(row["authority"])),
            platforms=[platform],
            action=_term(labels, str(row["action"])),
            modality=_term(labels, str(row["modality"])),
            date=PartialDate.parse(raw_date) if raw_date else None,
            date_inferred=str(row.get("dateInferred")) == "true",
            inference_note=_text(row, "inferenceNote"),
            reported=PartialDate.parse(raw_reported) if raw_reported else None,
        )
    for decision in decisions.values():
        decision.platforms.sort(key=lambda t: t.label_en.casefold())
    return sorted(decisions.values(), key=lambda d: d.sort_key)


def shareable_query(as_of: date | None = None) -> str:
    """Return the decisions query as a reader can run it in the UI (the day written in)."""
    header = (
        "# The platform decisions behind /matrix and /timeline, each counted from a day.\n"
        "# The matrix turns (action, modality) into a position as documented in\n"
        "# server/govsocial/site/views/positions.py.\n"
    )
    if as_of is None:
        return header + DECISIONS_QUERY % {"as_of_filter": ""}
    # a `date` prints as YYYY-MM-DD: nothing from the request reaches the text
    values = f'VALUES ?asOf {{ "{as_of.isoformat()}"^^xsd:date }}\n  '
    return header + DECISIONS_QUERY % {"as_of_filter": values + AS_OF_FILTER}


def attach_reasons(store: QueryStore, decisions: Iterable[Decision]) -> None:
    """Fill in the reasons each decision was taken for (`gso:reasonFor`), by label."""
    by_iri = {d.iri: d for d in decisions}
    for row in _rows(store, REASONS_QUERY):
        decision = by_iri.get(str(row["decision"]))
        if decision is None:
            continue
        reason_iri = str(row["reason"])
        reason = Term(reason_iri, _text(row, "label") or slug(reason_iri), "")
        if all(r.iri != reason_iri for r in decision.reasons):
            decision.reasons.append(reason)
    for decision in by_iri.values():
        decision.reasons.sort(key=lambda t: t.label_en.casefold())


def platform_iris(store: QueryStore) -> dict[str, int]:
    """Return every platform with the number of authorities that decided about it."""
    return {
        str(row["platform"]): int(str(row["authorities"]))  # a COUNT literal
        for row in _rows(store, PLATFORMS_QUERY)
    }


def sort_key(text: str) -> str:
    """Return a key that sorts German names as people expect ("Sächsische" before "Stadt")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Body:
    """A public body with where it sits (None where the graph does not say)."""

    term: Term
    parent: str | None  # the IRI of the body it is a unit of
    level: Term | None  # vocab/government-level
    kind: Term | None  # vocab/authority-kind
    country: str | None  # ISO 3166-1 alpha-2, or EU
    state: str | None  # ISO 3166-2


def load_bodies(store: QueryStore, labels: dict[str, Term]) -> list[Body]:
    """Return every body, by German name."""
    bodies = []
    for row in _rows(store, BODIES_QUERY):
        level, kind = _text(row, "level"), _text(row, "kind")
        bodies.append(
            Body(
                term=_term(labels, str(row["authority"])),
                parent=_text(row, "parent"),
                level=_term(labels, level) if level else None,
                kind=_term(labels, kind) if kind else None,
                country=_text(row, "country"),
                state=_text(row, "state"),
            )
        )
    return sorted(bodies, key=lambda b: (sort_key(b.term.label_de), b.term.iri))
