"""Choose result formats: `format=` parameter first, then Accept with q-values.

A query's result kind (solutions/boolean or graph) is only known once the engine has parsed
it, so negotiation picks one format per kind and the worker uses the one that fits.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from govsocial.endpoint.store.errors import NotAcceptable

# media type -> result format key (store.results). First entry of each table is the default.
# SPARQL results: JSON https://www.w3.org/TR/sparql11-results-json/ ,
# XML https://www.w3.org/TR/rdf-sparql-XMLres/ , CSV/TSV https://www.w3.org/TR/sparql11-results-csv-tsv/
SOLUTION_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",  # what generic HTTP clients ask for
    "application/xml": "xml",
    "text/xml": "xml",
}
# RDF: Turtle https://www.w3.org/TR/turtle/ , N-Triples https://www.w3.org/TR/n-triples/ ,
# JSON-LD https://www.w3.org/TR/json-ld11/ , RDF/XML https://www.w3.org/TR/rdf-syntax-grammar/ ,
# TriG https://www.w3.org/TR/trig/ , N-Quads https://www.w3.org/TR/n-quads/
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",  # Turtle is a subset of N3: a Turtle answer is a valid N3 answer
    "text/rdf+n3": "turtle",
    "application/turtle": "turtle",
    "application/x-json+ld": "jsonld",
    "text/plain": "nt",  # N-Triples' historical media type
}

# `format=` values -> (solutions format, graph format): short names for curl and browsers; a
# name that fits one kind only leaves the other at its default.
FORMAT_NAMES: dict[str, tuple[str, str]] = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", "turtle"),
    "tsv": ("tsv", "turtle"),
    "turtle": ("json", "turtle"),
    "ttl": ("json", "turtle"),
    "n3": ("json", "turtle"),
    "nt": ("json", "nt"),
    "ntriples": ("json", "nt"),
    "n-triples": ("json", "nt"),
    "jsonld": ("json", "jsonld"),
    "json-ld": ("json", "jsonld"),
    "rdfxml": ("xml", "rdfxml"),
    "rdf+xml": ("xml", "rdfxml"),
    "rdf": ("xml", "rdfxml"),
    "trig": ("json", "trig"),
    "nq": ("json", "nquads"),
    "nquads": ("json", "nquads"),
    "n-quads": ("json", "nquads"),
}


@dataclass(frozen=True)
class Negotiated:
    """The format per result kind; None = the client accepts none for that kind."""

    solutions: str | None
    graph: str | None


def _from_parameter(values: tuple[str, ...]) -> Negotiated:
    # several values: the first known one wins (SPARQLWrapper sends e.g. `format=tsv` and
    # `format=text/tab-separated-values` together)
    for value in values:
        name = value.strip().lower()
        if name in FORMAT_NAMES:
            return Negotiated(*FORMAT_NAMES[name])
        media_type = name.split(";")[0].strip()
        if media_type in SOLUTION_TYPES or media_type in GRAPH_TYPES:
            return Negotiated(
                SOLUTION_TYPES.get(media_type, "json"), GRAPH_TYPES.get(media_type, "turtle")
            )
    known = ", ".join(sorted(set(FORMAT_NAMES)))
    shown = ", ".join(repr(v) for v in values)
    raise NotAcceptable(f"unknown format {shown}; known names: {known}, or a media type")


def negotiate(accept: MIMEAccept, formats: tuple[str, ...] = ()) -> Negotiated:
    """Pick the formats; no Accept (or `*/*`) gives JSON results and Turtle graphs.

    `formats` are the values of the `format=` parameter, which wins over Accept.
    """
    if formats:
        return _from_parameter(formats)
    if not accept:
        return Negotiated("json", "turtle")
    solution = accept.best_match(list(SOLUTION_TYPES))
    graph = accept.best_match(list(GRAPH_TYPES))
    return Negotiated(
        SOLUTION_TYPES[solution] if solution else None,
        GRAPH_TYPES[graph] if graph else None,
    )


@functools.lru_cache(maxsize=512)
def negotiate_header(accept: str | None, formats: tuple[str, ...] = ()) -> Negotiated:
    """`negotiate` for a raw Accept header, remembered: clients send few distinct headers, and
    parsing and matching one costs more than answering a point query."""
    return negotiate(parse_accept_header(accept, MIMEAccept), formats)
