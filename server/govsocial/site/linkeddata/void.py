"""Describe the dataset in VoID: size, classes, properties, endpoint, dumps, license, sources.

The statistics come from SPARQL over the loaded graph and are computed once per data version;
the graph around them is rebuilt per request because it names the server's own URLs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, VOID, XSD

from govsocial.endpoint.store.interface import QueryStore, Row, term_text
from govsocial.graph.namespaces import GSO, SCHEMA
from govsocial.graph.namespaces import PREFIXES as NAMESPACES
from govsocial.graph.release import Release
from govsocial.site.linkeddata import per_version
from govsocial.site.linkeddata.describe import PREFIXES

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
TITLE_EN = "govsocial-kg: German public authorities on social media"
TITLE_DE = "govsocial-kg: Deutsche Behörden in sozialen Medien"
DESCRIPTION = (
    "A knowledge graph of how German public authorities use social-media platforms: which "
    "platforms they adopt, restrict or leave, when and why, and who said so. Every decision, "
    "count and campaign is a dated claim derived from a statement in a cited source."
)
SD = "http://www.w3.org/ns/sparql-service-description#"


@dataclass(frozen=True)
class Statistics:
    """What VoID and the landing page report about the loaded data."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: dict[str, int] = field(default_factory=dict)  # class IRI -> instances
    properties: dict[str, int] = field(default_factory=dict)  # property IRI -> triples
    sources: tuple[tuple[str, str, str | None, str | None], ...] = ()  # iri, title, url, issued
    examples: tuple[str, ...] = ()


def _text(row: Row, name: str) -> str:
    value = row.get(name)
    return term_text(value) if value is not None else ""


def _int(row: Row, name: str) -> int:
    value = row.get(name)
    return int(term_text(value)) if value is not None else 0


# entities in VoID's sense: the resources named in our URI space, ?base (bound, so projected:
# a store substitutes only a variable the SELECT projects; no row when there is none)
ENTITIES_QUERY = """
SELECT ?base (COUNT(DISTINCT ?s) AS ?entities)
WHERE { ?s ?p ?o . FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?base)) } GROUP BY ?base"""


def compute_statistics(store: QueryStore, base: str) -> Statistics:
    """Run the counting queries (uncached: use ``statistics``)."""
    totals = store.select(
        "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) "
        "(COUNT(DISTINCT ?o) AS ?objects) WHERE { ?s ?p ?o }"
    )[0]
    entities = next(iter(store.select(ENTITIES_QUERY, bindings={"base": ox.Literal(base)})), {})
    examples = tuple(
        term_text(r["s"])
        for r in store.select(
            PREFIXES
            + """
SELECT DISTINCT ?s WHERE { VALUES ?c { gso:Authority gso:PlatformDecision } ?s a ?c }
ORDER BY ?s LIMIT 3"""
        )
    )
    classes = {
        term_text(r["class"]): _int(r, "n")
        for r in store.select(
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
        )
    }
    properties = {
        term_text(r["p"]): _int(r, "n")
        for r in store.select("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
    }
    sources = tuple(
        (
            term_text(r["s"]),
            _text(r, "title") or _text(r, "label") or term_text(r["s"]),
            term_text(r["url"]) if "url" in r else None,
            term_text(r["issued"]) if "issued" in r else None,
        )
        for r in store.select(
            PREFIXES
            + """
SELECT ?s (SAMPLE(?t) AS ?title) (SAMPLE(?l) AS ?label) (SAMPLE(?u) AS ?url)
       (SAMPLE(?i) AS ?issued)
WHERE {
  ?s a gso:SourceDocument .
  OPTIONAL { ?s dcterms:title ?t } OPTIONAL { ?s rdfs:label ?l }
  OPTIONAL { ?s schema:url ?u } OPTIONAL { ?s dcterms:issued ?i }
} GROUP BY ?s ORDER BY ?issued ?s"""
        )
    )
    return Statistics(
        triples=_int(totals, "triples"),
        entities=_int(entities, "entities"),
        examples=examples,
        distinct_subjects=_int(totals, "subjects"),
        distinct_objects=_int(totals, "objects"),
        classes=classes,
        properties=properties,
        sources=sources,
    )


def statistics(store: QueryStore, base: str) -> Statistics:
    """Return the dataset statistics, computed once per data version."""
    return per_version.memoize(
        store.info.version, f"statistics:{base}", lambda: compute_statistics(store, base)
    )


@dataclass(frozen=True)
class Links:
    """The server's own URLs that VoID points at."""

    document: str  # the URL VoID is served at
    sparql: str
    dumps: dict[str, str]  # media type -> dump URL
    homepage: str


def void_graph(
    stats: Statistics, links: Links, base: str, released: Release | None = None
) -> Graph:
    """Return the VoID description of the dataset (with its release: version, day, creators)."""
    graph = Graph()
    for prefix, namespace in NAMESPACES.items():
        graph.bind(prefix, namespace)
    dataset = URIRef(links.document + "#dataset")
    doc = URIRef(links.document)
    graph.add((doc, RDF.type, VOID.DatasetDescription))
    graph.add((doc, FOAF.primaryTopic, dataset))
    graph.add((doc, DCTERMS.title, Literal("VoID description of govsocial-kg", lang="en")))
    add = graph.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, DCTERMS.title, Literal(TITLE_EN, lang="en")))
    add((dataset, DCTERMS.title, Literal(TITLE_DE, lang="de")))
    add((dataset, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    add((dataset, DCTERMS.license, LICENSE))
    if released is not None:
        add((dataset, OWL.versionInfo, Literal(released.version)))
        add((dataset, DCTERMS.modified, Literal(released.date.isoformat(), datatype=XSD.date)))
        for creator in released.creators:
            add((dataset, DCTERMS.creator, Literal(creator)))
    add((dataset, FOAF.homepage, URIRef(links.homepage)))
    add((dataset, VOID.uriSpace, Literal(base)))
    add((dataset, VOID.sparqlEndpoint, URIRef(links.sparql)))
    for media_type, url in sorted(links.dumps.items()):
        add((dataset, VOID.dataDump, URIRef(url)))
        add((URIRef(url), DCTERMS["format"], Literal(media_type)))
    add((dataset, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
    add((dataset, VOID.entities, Literal(stats.entities, datatype=XSD.integer)))
    add((dataset, VOID.distinctSubjects, Literal(stats.distinct_subjects, datatype=XSD.integer)))
    add((dataset, VOID.distinctObjects, Literal(stats.distinct_objects, datatype=XSD.integer)))
    add((dataset, VOID.classes, Literal(len(stats.classes), datatype=XSD.integer)))
    add((dataset, VOID.properties, Literal(len(stats.properties), datatype=XSD.integer)))
    add((dataset, VOID.vocabulary, URIRef(str(GSO).rstrip("#"))))
    for namespace in sorted(_used_vocabularies(stats)):
        add((dataset, VOID.vocabulary, URIRef(namespace)))
    for example in stats.examples:
        add((dataset, VOID.exampleResource, URIRef(example)))
    for iri, _title, _url, _issued in stats.sources:
        add((dataset, DCTERMS.source, URIRef(iri)))
    for number, (cls, count) in enumerate(sorted(stats.classes.items()), start=1):
        part = BNode(f"class{number}")
        add((dataset, VOID.classPartition, part))
        add((part, VOID["class"], URIRef(cls)))
        add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    for number, (prop, count) in enumerate(sorted(stats.properties.items()), start=1):
        part = BNode(f"property{number}")
        add((dataset, VOID.propertyPartition, part))
        add((part, VOID.property, URIRef(prop)))
        add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
    add((URIRef(links.sparql), RDF.type, URIRef(SD + "Service")))
    add((URIRef(links.sparql), URIRef(SD + "endpoint"), URIRef(links.sparql)))
    add((dataset, SCHEMA.url, URIRef(links.homepage)))
    return graph


def _used_vocabularies(stats: Statistics) -> set[str]:
    """Return the known namespaces (other than ours) whose terms the data uses."""
    used = set()
    terms = list(stats.classes) + list(stats.properties)
    for namespace in NAMESPACES.values():
        if namespace.startswith("https://w3id.org/govsocial/"):
            continue
        if any(t.startswith(namespace) for t in terms):
            used.add(namespace)
    return used
