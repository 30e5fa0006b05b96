"""Choose result formats: `format=` parameter first, then Accept with q-values.

A query's result kind (solutions/boolean or graph) is only known once the engine has parsed
it, so negotiation picks one format per kind and the worker uses the one that fits.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from govsocial.endpoint.formats import (
    GRAPH_MEDIA_TYPES,
    GRAPHS,
    NAMES,
    SOLUTION_MEDIA_TYPES,
    SOLUTIONS,
    named,
)
from govsocial.endpoint.store.errors import NotAcceptable

# the result formats and media types are the registry's (endpoint/formats.py); the first
# format of each kind is its default
_DEFAULT = (next(iter(SOLUTIONS)), next(iter(GRAPHS)))


@dataclass(frozen=True)
class Negotiated:
    """The format per result kind; None = the client accepts none for that kind."""

    solutions: str | None
    graph: str | None


def _from_parameter(values: tuple[str, ...]) -> Negotiated:
    # several values: the first known one wins (SPARQLWrapper sends e.g. `format=tsv` and
    # `format=text/tab-separated-values` together); a name or media type of one kind only
    # leaves the other at its default
    for value in values:
        name = value.strip().lower()
        media_type = name.split(";")[0].strip()
        solutions, graph = named(name)
        if not (solutions or graph):
            solutions, graph = (
                SOLUTION_MEDIA_TYPES.get(media_type),
                GRAPH_MEDIA_TYPES.get(media_type),
            )
        if solutions or graph:
            return Negotiated(
                solutions.key if solutions else _DEFAULT[0], graph.key if graph else _DEFAULT[1]
            )
    known = ", ".join(NAMES)
    shown = ", ".join(repr(v) for v in values)
    raise NotAcceptable(f"unknown format {shown}; known names: {known}, or a media type")


def negotiate(accept: MIMEAccept, formats: tuple[str, ...] = ()) -> Negotiated:
    """Pick the formats; no Accept (or `*/*`) gives JSON results and Turtle graphs.

    `formats` are the values of the `format=` parameter, which wins over Accept.
    """
    if formats:
        return _from_parameter(formats)
    if not accept:
        return Negotiated(*_DEFAULT)
    solution = accept.best_match(list(SOLUTION_MEDIA_TYPES))
    graph = accept.best_match(list(GRAPH_MEDIA_TYPES))
    return Negotiated(
        SOLUTION_MEDIA_TYPES[solution].key if solution else None,
        GRAPH_MEDIA_TYPES[graph].key if graph else None,
    )


@functools.lru_cache(maxsize=512)
def negotiate_header(accept: str | None, formats: tuple[str, ...] = ()) -> Negotiated:
    """`negotiate` for a raw Accept header, remembered: clients send few distinct headers, and
    parsing and matching one costs more than answering a point query."""
    return negotiate(parse_accept_header(accept, MIMEAccept), formats)
