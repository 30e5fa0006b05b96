"""The SPARQL 1.1 Service Description of the endpoint (https://www.w3.org/TR/sparql11-service-description/).

Built once with rdflib; each answer substitutes the endpoint URL the client used.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID, XSD

from govsocial.endpoint.formats import GRAPHS, SOLUTIONS, GraphFormat, SolutionsFormat
from govsocial.endpoint.store.interface import DatasetInfo

FORMATS = URIRef("http://www.w3.org/ns/formats/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
_PLACEHOLDER = URIRef("urn:govsocial:endpoint")
# the syntaxes the description is written in (rdflib writes them), the first by default;
# RDF/XML is only written, never parsed, here
SD_FORMATS = tuple(GRAPHS[key] for key in ("turtle", "jsonld", "rdfxml", "nt"))
_BY_MEDIA_TYPE = {f.media_type: f for f in SD_FORMATS}


def build(info: DatasetInfo, service_allowlist: tuple[str, ...] | frozenset[str]) -> Graph:
    """Describe the service with a placeholder for its endpoint IRI."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("formats", FORMATS)
    service = _PLACEHOLDER
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, _PLACEHOLDER))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    # what /sparql can answer, by its IRI in https://www.w3.org/ns/formats/
    offered: list[SolutionsFormat | GraphFormat] = [*SOLUTIONS.values(), *GRAPHS.values()]
    for result_format in offered:
        g.add((service, SD.resultFormat, URIRef(result_format.iri)))
    g.add((service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    # unknown graphs named in FROM / default-graph-uri are empty graphs, not errors
    g.add((service, SD.feature, SD.EmptyGraphs))
    if service_allowlist:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    dataset = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(info.default_graph_triples, datatype=XSD.integer)))
    for name, triples in info.graph_triples:
        named, graph = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return g


class ServiceDescription:
    """Serialize the description for an endpoint URL, cached per URL and format."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.render = lru_cache(maxsize=32)(self._render)

    def _render(self, endpoint: str, media_type: str) -> bytes:
        g = Graph()
        for prefix, namespace in self.graph.namespaces():
            g.bind(prefix, namespace)
        node = URIRef(endpoint)
        for s, p, o in self.graph:
            g.add((node if s == _PLACEHOLDER else s, p, node if o == _PLACEHOLDER else o))
        return g.serialize(format=_BY_MEDIA_TYPE[media_type].rdflib, encoding="utf-8")
