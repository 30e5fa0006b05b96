"""Gather what the landing page and the vocabulary index show: counts, sources, schemes."""

from __future__ import annotations

from dataclasses import dataclass

from govsocial.endpoint.store.interface import QueryStore, term_text
from govsocial.graph.prefixes import FOAF, GSO, ORG, SKOS
from govsocial.site.linkeddata import per_version
from govsocial.site.linkeddata.describe import PREFIXES
from govsocial.site.linkeddata.void import Statistics

# what the counts on the landing page mean: label -> classes whose instances are counted
COUNTED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("authorities", (GSO + "Authority",)),
    ("platform decisions", (GSO + "PlatformDecision",)),
    (
        "other claims",
        (
            GSO + "PortfolioReview",
            GSO + "GovernanceRule",
            GSO + "OwnershipClaim",
            GSO + "Inference",
        ),
    ),
    ("observations", (GSO + "FollowerCount", GSO + "ChannelCount", GSO + "ReachRank")),
    ("statements", (GSO + "Statement",)),
    ("sources", (GSO + "SourceDocument",)),
    ("channels", (GSO + "Channel",)),
    ("campaigns", (GSO + "Campaign",)),
    ("people", (FOAF + "Person",)),
    ("posts", (ORG + "Post",)),
    ("platforms", (GSO + "Platform",)),
    ("vocabulary concepts", (SKOS + "Concept",)),
)


@dataclass(frozen=True)
class Count:
    """One figure on the landing page."""

    label: str
    value: int


def counts(stats: Statistics) -> list[Count]:
    """Return the landing page's figures from the class partition of the statistics."""
    # subclasses are counted by their own class: the store holds no inferred types
    return [
        Count(label, sum(stats.classes.get(c, 0) for c in classes)) for label, classes in COUNTED
    ]


@dataclass(frozen=True)
class Scheme:
    """A SKOS concept scheme as the vocabulary index lists it."""

    iri: str
    label: str
    definition: str | None
    concepts: int


def schemes(store: QueryStore) -> list[Scheme]:
    """Return the concept schemes with their English labels and concept counts (cached)."""

    def compute() -> list[Scheme]:
        rows = store.select(
            PREFIXES
            + """
SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?definition) (COUNT(DISTINCT ?c) AS ?n)
WHERE {
  ?s a skos:ConceptScheme .
  OPTIONAL { ?s skos:prefLabel ?l FILTER(LANGMATCHES(LANG(?l), "en")) }
  OPTIONAL { ?s skos:definition ?d FILTER(LANGMATCHES(LANG(?d), "en")) }
  OPTIONAL { ?c skos:inScheme ?s }
} GROUP BY ?s ORDER BY ?label"""
        )
        return [
            Scheme(
                iri=term_text(r["s"]),
                label=term_text(r.get("label", r["s"])),
                definition=term_text(r["definition"]) if "definition" in r else None,
                concepts=int(term_text(r["n"])) if "n" in r else 0,  # a COUNT literal
            )
            for r in rows
        ]

    return per_version.memoize(store.info.version, "schemes", compute)


def citation(version: str, base: str, year: str) -> str:
    """Return the recommended plain-text citation of the dataset."""
    return (
        f"govsocial-kg contributors ({year}). govsocial-kg: German public authorities on "
        f"social media [Data set], data version {version}. {base}. Licensed CC BY 4.0."
    )


def bibtex(version: str, base: str, year: str) -> str:
    """Return the dataset citation as a BibTeX entry."""
    return (
        "@misc{govsocial-kg,\n"
        "  author    = {{govsocial-kg contributors}},\n"
        "  title     = {govsocial-kg: German public authorities on social media},\n"
        f"  year      = {{{year}}},\n"
        f"  version   = {{{version}}},\n"
        f"  url       = {{{base}}},\n"
        "  note      = {Data set, licensed CC BY 4.0}\n"
        "}"
    )
