"""The result formats the endpoint offers: the one registry its negotiation, its writers, its
service description and the linked-data site read.

pyoxigraph's `QueryResultsFormat` and `RdfFormat` know each format's media type, file
extension, IRI (https://www.w3.org/ns/formats/) and name; this module adds only the project's
choices: which formats are offered and in which order (the first of each kind is its default,
and an Accept header that likes two equally gets the earlier), the short `format=` names, the
other media types taken for them, and which are written declaring prefixes.

SPARQL results: JSON https://www.w3.org/TR/sparql11-results-json/ , XML
https://www.w3.org/TR/rdf-sparql-XMLres/ , CSV and TSV https://www.w3.org/TR/sparql11-results-csv-tsv/
RDF: Turtle https://www.w3.org/TR/turtle/ , N-Triples https://www.w3.org/TR/n-triples/ , JSON-LD
https://www.w3.org/TR/json-ld11/ , RDF/XML https://www.w3.org/TR/rdf-syntax-grammar/ , TriG
https://www.w3.org/TR/trig/ , N-Quads https://www.w3.org/TR/n-quads/
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

# https://www.w3.org/ns/formats/ names JSON-LD so; pyoxigraph 0.5 gives .../ns/formats/data/JSON-LD
_W3C_IRIS = {ox.RdfFormat.JSON_LD: "http://www.w3.org/ns/formats/JSON-LD"}


@dataclass(frozen=True)
class SolutionsFormat:
    """A format of SELECT solutions and ASK booleans; `key` is its `format=` name and the
    result format key of jobs and answers (`store.interface`)."""

    key: str
    results_format: ox.QueryResultsFormat

    @property
    def media_type(self) -> str:
        # without parameters: pyoxigraph's CSV and TSV types carry "; charset=utf-8"
        return self.results_format.media_type.split(";")[0].strip()

    @property
    def iri(self) -> str:
        return self.results_format.iri


@dataclass(frozen=True)
class GraphFormat:
    """A format of CONSTRUCT and DESCRIBE graphs; `key` is its result format key and first
    `format=` name, `names` are all of them."""

    key: str
    rdf_format: ox.RdfFormat
    names: tuple[str, ...]
    prefixed: bool = False  # written declaring the prefixes the store was given (read by people)

    @property
    def media_type(self) -> str:
        return self.rdf_format.media_type

    @property
    def iri(self) -> str:
        return _W3C_IRIS.get(self.rdf_format, self.rdf_format.iri)


# key -> format, in order of preference
SOLUTIONS: dict[str, SolutionsFormat] = {
    f.key: f
    for f in (
        SolutionsFormat("json", ox.QueryResultsFormat.JSON),
        SolutionsFormat("xml", ox.QueryResultsFormat.XML),
        SolutionsFormat("csv", ox.QueryResultsFormat.CSV),
        SolutionsFormat("tsv", ox.QueryResultsFormat.TSV),
    )
}
# a name shared with a solutions format (JSON-LD "json", RDF/XML "xml") names that one for
# solutions too: `format=rdfxml` asks a SELECT for SPARQL XML
GRAPHS: dict[str, GraphFormat] = {
    f.key: f
    for f in (
        GraphFormat("turtle", ox.RdfFormat.TURTLE, ("turtle", "ttl", "n3"), prefixed=True),
        GraphFormat("nt", ox.RdfFormat.N_TRIPLES, ("nt", "ntriples", "n-triples")),
        GraphFormat("jsonld", ox.RdfFormat.JSON_LD, ("jsonld", "json-ld", "json")),
        GraphFormat("rdfxml", ox.RdfFormat.RDF_XML, ("rdfxml", "rdf+xml", "rdf", "xml")),
        GraphFormat("trig", ox.RdfFormat.TRIG, ("trig",), prefixed=True),
        GraphFormat("nquads", ox.RdfFormat.N_QUADS, ("nquads", "nq", "n-quads")),
    )
}
# other media types clients send for a format (key), in the order they are matched after the
# formats' own: what generic HTTP clients ask for, and older or informal names
ALIASES: tuple[tuple[str, str], ...] = (
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
    ("application/x-turtle", "turtle"),
    ("text/n3", "turtle"),  # Turtle is a subset of N3: a Turtle answer is a valid N3 answer
    ("text/rdf+n3", "turtle"),
    ("application/turtle", "turtle"),
    ("application/x-json+ld", "jsonld"),
    ("text/plain", "nt"),  # N-Triples' historical media type
)

# every media type taken for each kind: the formats' own in order of preference, then aliases
SOLUTION_MEDIA_TYPES: dict[str, SolutionsFormat] = {
    **{f.media_type: f for f in SOLUTIONS.values()},
    **{alias: SOLUTIONS[key] for alias, key in ALIASES if key in SOLUTIONS},
}
GRAPH_MEDIA_TYPES: dict[str, GraphFormat] = {
    **{f.media_type: f for f in GRAPHS.values()},
    **{alias: GRAPHS[key] for alias, key in ALIASES if key in GRAPHS},
}


def named(name: str) -> tuple[SolutionsFormat | None, GraphFormat | None]:
    """The formats a `format=` name gives each result kind; None for a kind it names none of."""
    graph = next((f for f in GRAPHS.values() if name in f.names), None)
    shared = [SOLUTIONS[n] for n in graph.names if n in SOLUTIONS] if graph else []
    return SOLUTIONS.get(name) or next(iter(shared), None), graph


NAMES: tuple[str, ...] = tuple(sorted({*SOLUTIONS, *(n for f in GRAPHS.values() for n in f.names)}))
