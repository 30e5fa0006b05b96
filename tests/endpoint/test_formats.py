"""The registry of result formats (endpoint/formats.py): one place for names, media types, IRIs."""

from __future__ import annotations

import pyoxigraph as ox

from govsocial.endpoint.formats import (
    ALIASES,
    GRAPH_MEDIA_TYPES,
    GRAPHS,
    NAMES,
    SOLUTION_MEDIA_TYPES,
    SOLUTIONS,
    named,
)


def test_every_alias_and_name_belongs_to_one_offered_format() -> None:
    assert all(key in SOLUTIONS or key in GRAPHS for _, key in ALIASES)
    graph_names = [name for f in GRAPHS.values() for name in f.names]
    assert len(graph_names) == len(set(graph_names))
    assert all(f.names[0] == f.key for f in GRAPHS.values())
    # no alias shadows a format's own media type
    own = {f.media_type for f in (*SOLUTIONS.values(), *GRAPHS.values())}
    assert not own & {alias for alias, _ in ALIASES}


def test_media_types_come_first_in_order_of_preference_then_aliases() -> None:
    assert list(SOLUTION_MEDIA_TYPES)[:5] == [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",  # pyoxigraph's carries "; charset=utf-8": the answer adds it itself
        "text/tab-separated-values",
        "application/json",
    ]
    assert list(GRAPH_MEDIA_TYPES)[:7] == [
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
        "application/trig",
        "application/n-quads",
        "application/x-turtle",
    ]
    assert GRAPH_MEDIA_TYPES["text/plain"] is GRAPHS["nt"]


def test_a_name_gives_each_kind_a_format_or_none() -> None:
    assert named("json") == (SOLUTIONS["json"], GRAPHS["jsonld"])
    assert named("rdfxml") == (SOLUTIONS["xml"], GRAPHS["rdfxml"])  # the XML of each kind
    assert named("csv") == (SOLUTIONS["csv"], None)
    assert named("ttl") == (None, GRAPHS["turtle"])
    assert named("text/turtle") == (None, None)  # media types are looked up, not named
    assert "n-quads" in NAMES
    assert sorted(NAMES) == list(NAMES)


def test_iris_are_those_of_the_w3c_registry() -> None:
    iris = [f.iri for f in (*SOLUTIONS.values(), *GRAPHS.values())]
    assert all(iri.startswith("http://www.w3.org/ns/formats/") for iri in iris)
    assert GRAPHS["jsonld"].iri == "http://www.w3.org/ns/formats/JSON-LD"
    assert GRAPHS["nt"].iri == ox.RdfFormat.N_TRIPLES.iri
