"""The SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/).

Built once in pyoxigraph's terms and written once per syntax by pyoxigraph, naming the endpoint
by a placeholder IRI; each answer puts the endpoint URL the client used in the placeholder's
place in those bytes (no graph is built or written per request).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from xml.sax.saxutils import escape

import pyoxigraph as ox

from govsocial.endpoint.formats import GRAPHS, SOLUTIONS, GraphFormat, SolutionsFormat
from govsocial.endpoint.store.interface import DatasetInfo, as_iri

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_INTEGER = ox.NamedNode(XSD + "integer")
# what the Turtle (and RDF/XML) declares: the namespaces the description uses
PREFIXES = {"formats": FORMATS, "sd": SD, "void": VOID, "xsd": XSD}
# the syntaxes the description is written in, the first by default; RDF/XML is only written,
# never parsed, here
SD_FORMATS = tuple(GRAPHS[key] for key in ("turtle", "jsonld", "rdfxml", "nt"))
# how each syntax writes an IRI, once pyoxigraph has taken it (it has none of <>"{}|^`\ or
# spaces): as it is in Turtle, N-Triples and JSON-LD strings, XML-escaped in RDF/XML attributes
_WRITTEN: dict[ox.RdfFormat, Callable[[str], str]] = {
    ox.RdfFormat.RDF_XML: lambda iri: escape(iri, {'"': "&quot;", "'": "&apos;"})
}


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def build(
    info: DatasetInfo, service_allowlist: tuple[str, ...] | frozenset[str], endpoint: str
) -> list[ox.Triple]:
    """Describe the service; `endpoint` is the IRI it is named by (`ServiceDescription` gives
    a placeholder, replaced per answer)."""
    service = ox.NamedNode(endpoint)
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
    ]
    # what /sparql can answer, by its IRI in https://www.w3.org/ns/formats/
    offered: list[SolutionsFormat | GraphFormat] = [*SOLUTIONS.values(), *GRAPHS.values()]
    for result_format in offered:
        triples.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(result_format.iri)))
    simple = ox.NamedNode("http://www.w3.org/ns/entailment/Simple")
    triples.append(ox.Triple(service, _sd("defaultEntailmentRegime"), simple))
    # unknown graphs named in FROM / default-graph-uri are empty graphs, not errors
    triples.append(ox.Triple(service, _sd("feature"), _sd("EmptyGraphs")))
    if service_allowlist:
        triples.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    dataset, default = ox.BlankNode(), ox.BlankNode()
    triples += [
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
        ox.Triple(default, ox.NamedNode(VOID + "triples"), _integer(info.default_graph_triples)),
    ]
    for name, count in info.graph_triples:
        named, graph = ox.BlankNode(), ox.BlankNode()
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(name)),
            ox.Triple(named, _sd("graph"), graph),
            ox.Triple(graph, RDF_TYPE, _sd("Graph")),
            ox.Triple(graph, ox.NamedNode(VOID + "triples"), _integer(count)),
        ]
    return triples


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


class ServiceDescription:
    """The description written once in each syntax; `render` names the endpoint URL used."""

    def __init__(
        self, info: DatasetInfo, service_allowlist: tuple[str, ...] | frozenset[str]
    ) -> None:
        # a placeholder no data holds: an IRI of a random UUID (RFC 9562), written in full
        # (no declared prefix is a start of it)
        self.placeholder = uuid.uuid4().urn
        triples = build(info, service_allowlist, self.placeholder)
        self.bodies: dict[str, tuple[ox.RdfFormat, bytes]] = {}
        for graph_format in SD_FORMATS:
            fmt = graph_format.rdf_format
            body = ox.serialize(triples, format=fmt, prefixes=PREFIXES)
            assert body is not None  # bytes: no output was given
            assert self._written(fmt, self.placeholder) in body, fmt  # written as expected
            self.bodies[graph_format.media_type] = (fmt, body)

    @staticmethod
    def _written(fmt: ox.RdfFormat, iri: str) -> bytes:
        return _WRITTEN.get(fmt, str)(iri).encode("utf-8")

    def render(self, endpoint: str, media_type: str) -> bytes:
        """The description in the syntax of `media_type` with `endpoint` as the service IRI."""
        fmt, body = self.bodies[media_type]
        written = self._written(fmt, as_iri(endpoint))
        return body.replace(self._written(fmt, self.placeholder), written)
