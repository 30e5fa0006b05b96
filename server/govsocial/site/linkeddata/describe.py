"""Ask the graph for an entity's description and the evidence behind it.

The description (what RDF answers carry) is the entity's own triples, blank nodes it links to
(two levels, enough for OWL restrictions and lists heads in the ontology), the labels of what it
links to, and its incoming links with the labels of their subjects. The evidence follows the
provenance chain of docs/MODEL.md: claim -prov:wasDerivedFrom-> statement -dcterms:source->
source document, with speaker, post (and its role), on whose behalf, and speech mode.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from govsocial.site.linkeddata.source import GraphSource

PREFIXES = """\
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX gso: <https://w3id.org/govsocial/ontology#>
"""

# the predicates that name a thing on a page; their values travel with every link
LABEL_PREDICATES = "rdfs:label skos:prefLabel foaf:name dcterms:title"
LABEL_LIST = ", ".join(LABEL_PREDICATES.split())


def iri_ref(iri: str) -> str:
    """Return ``iri`` as a SPARQL IRI reference, refusing characters that could break out."""
    if any(c in iri for c in '<>"{}|^`\\ \n\r\t'):
        raise ValueError(f"not a safe IRI for a query: {iri!r}")
    return f"<{iri}>"


def description_query(iri: str) -> str:
    """Return the CONSTRUCT query for the description of ``iri``."""
    return (
        PREFIXES
        + f"""\
CONSTRUCT {{
  ?e ?p ?o . ?o ?olp ?ol .
  ?o ?bp ?bo . ?bo ?bp2 ?bo2 .
  ?s ?ip ?e . ?s ?slp ?sl .
}}
WHERE {{
  VALUES ?e {{ {iri_ref(iri)} }}
  {{
    ?e ?p ?o .
    OPTIONAL {{ VALUES ?olp {{ {LABEL_PREDICATES} }} ?o ?olp ?ol . FILTER(!isBlank(?o)) }}
    OPTIONAL {{
      FILTER(isBlank(?o)) ?o ?bp ?bo .
      OPTIONAL {{ FILTER(isBlank(?bo)) ?bo ?bp2 ?bo2 . }}
    }}
  }}
  UNION
  {{
    ?s ?ip ?e .
    OPTIONAL {{ VALUES ?slp {{ {LABEL_PREDICATES} }} ?s ?slp ?sl . }}
  }}
}}
"""
    )


def evidence_query(iri: str) -> str:
    """Return the CONSTRUCT query for the statements behind ``iri`` and what they cite.

    A claim's statements are its ``prov:wasDerivedFrom``; a descriptive node's are its
    ``gso:attestedBy``; a statement is its own evidence.
    """
    return (
        PREFIXES
        + f"""\
CONSTRUCT {{
  ?st ?stp ?sto . ?sto ?lp ?l .
  ?post org:role ?role . ?role skos:prefLabel ?rl .
  ?src ?srcp ?srco . ?pub ?pubp ?publ .
}}
WHERE {{
  VALUES ?e {{ {iri_ref(iri)} }}
  ?e (prov:wasDerivedFrom|gso:attestedBy)? ?st .
  ?st a gso:Statement .
  {{
    ?st ?stp ?sto .
    OPTIONAL {{ VALUES ?lp {{ {LABEL_PREDICATES} }} ?sto ?lp ?l . }}
  }}
  UNION
  {{ ?st gso:speakerPost ?post . ?post org:role ?role . OPTIONAL {{ ?role skos:prefLabel ?rl }} }}
  UNION
  {{ ?st dcterms:source ?src . ?src ?srcp ?srco . }}
  UNION
  {{
    # FILTER, not VALUES: beside the other branches, Oxigraph 0.5 evaluated a VALUES here apart
    # from ?st and joined afterwards (a decision's evidence at 10^5 triples: 11 ms, now 0.25 ms)
    ?st dcterms:source/dcterms:publisher ?pub . ?pub ?pubp ?publ .
    FILTER(?pubp IN ({LABEL_LIST}))
  }}
}}
"""
    )


def labels_query(iris: list[str]) -> str:
    """Return a SELECT of the labels of ``iris`` (properties and classes shown on a page)."""
    values = " ".join(iri_ref(i) for i in iris)
    # FILTER, not a second VALUES: Oxigraph 0.5 joined two VALUES blocks with a scan of every
    # triple (6 ms at 10^5 triples, growing with the graph); this way it looks up each ?x
    return (
        PREFIXES
        + f"""\
SELECT ?x ?label WHERE {{
  VALUES ?x {{ {values} }}
  ?x ?lp ?label .
  FILTER(?lp IN ({LABEL_LIST}))
}}
"""
    )


def describe(source: GraphSource, iri: str) -> Graph:
    """Return the description of ``iri`` (empty when the graph does not mention it)."""
    return source.construct(description_query(iri))


def evidence_graph(source: GraphSource, iri: str) -> Graph:
    """Return the statements behind ``iri`` with their speakers, posts, roles and sources."""
    return source.construct(evidence_query(iri))


def term_labels(source: GraphSource, iris: list[URIRef]) -> Graph:
    """Return a graph of the labels of ``iris`` (as ``rdfs:label`` triples)."""
    graph = Graph()
    if not iris:
        return graph
    for row in source.select(labels_query(sorted({str(i) for i in iris}))):
        graph.add((row["x"], RDFS.label, row["label"]))
    return graph
