"""Describe the dataset in VoID: size, classes, properties, endpoint, dumps, license, sources.

The statistics come from SPARQL over the loaded graph and are computed once per data version;
the graph around them is built per URL root (it names the server's own URLs), in pyoxigraph's
terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from govsocial.endpoint.store.interface import QueryStore, Row, as_iri, term_text
from govsocial.graph.prefixes import DCTERMS, FOAF, GSO, OWL, RDF, SCHEMA, SD, VOID, XSD
from govsocial.graph.prefixes import PREFIXES as NAMESPACES
from govsocial.graph.release import Release
from govsocial.site.linkeddata import per_version
from govsocial.site.linkeddata.describe import PREFIXES

LICENSE = ox.NamedNode("https://creativecommons.org/licenses/by/4.0/")
TITLE_EN = "govsocial-kg: German public authorities on social media"
TITLE_DE = "govsocial-kg: Deutsche Behörden in sozialen Medien"
DESCRIPTION = (
    "A knowledge graph of how German public authorities use social-media platforms: which "
    "platforms they adopt, restrict or leave, when and why, and who said so. Every decision, "
    "count and campaign is a dated claim derived from a statement in a cited source."
)
XSD_INTEGER = ox.NamedNode(XSD + "integer")


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
) -> list[ox.Triple]:
    """Return the VoID description of the dataset (with its release: version, day, creators),
    each triple once."""
    triples: list[ox.Triple] = []

    def add(
        subject: ox.NamedNode | ox.BlankNode,
        predicate: str,
        obj: ox.NamedNode | ox.BlankNode | ox.Literal,
    ) -> None:
        triples.append(ox.Triple(subject, ox.NamedNode(predicate), obj))

    def integer(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=XSD_INTEGER)

    dataset = _iri(links.document + "#dataset")
    doc = _iri(links.document)
    sparql = _iri(links.sparql)
    homepage = _iri(links.homepage)
    add(doc, RDF + "type", ox.NamedNode(VOID + "DatasetDescription"))
    add(doc, FOAF + "primaryTopic", dataset)
    add(doc, DCTERMS + "title", ox.Literal("VoID description of govsocial-kg", language="en"))
    add(dataset, RDF + "type", ox.NamedNode(VOID + "Dataset"))
    add(dataset, DCTERMS + "title", ox.Literal(TITLE_EN, language="en"))
    add(dataset, DCTERMS + "title", ox.Literal(TITLE_DE, language="de"))
    add(dataset, DCTERMS + "description", ox.Literal(DESCRIPTION, language="en"))
    add(dataset, DCTERMS + "license", LICENSE)
    if released is not None:
        add(dataset, OWL + "versionInfo", ox.Literal(released.version))
        date = ox.Literal(released.date.isoformat(), datatype=ox.NamedNode(XSD + "date"))
        add(dataset, DCTERMS + "modified", date)
        for creator in released.creators:
            add(dataset, DCTERMS + "creator", ox.Literal(creator))
    add(dataset, FOAF + "homepage", homepage)
    add(dataset, VOID + "uriSpace", ox.Literal(base))
    add(dataset, VOID + "sparqlEndpoint", sparql)
    for media_type, url in sorted(links.dumps.items()):
        add(dataset, VOID + "dataDump", _iri(url))
        add(_iri(url), DCTERMS + "format", ox.Literal(media_type))
    add(dataset, VOID + "triples", integer(stats.triples))
    add(dataset, VOID + "entities", integer(stats.entities))
    add(dataset, VOID + "distinctSubjects", integer(stats.distinct_subjects))
    add(dataset, VOID + "distinctObjects", integer(stats.distinct_objects))
    add(dataset, VOID + "classes", integer(len(stats.classes)))
    add(dataset, VOID + "properties", integer(len(stats.properties)))
    add(dataset, VOID + "vocabulary", ox.NamedNode(GSO.rstrip("#")))
    for namespace in sorted(_used_vocabularies(stats)):
        add(dataset, VOID + "vocabulary", ox.NamedNode(namespace))
    for example in stats.examples:
        add(dataset, VOID + "exampleResource", ox.NamedNode(example))
    for iri, _title, _url, _issued in stats.sources:
        add(dataset, DCTERMS + "source", ox.NamedNode(iri))
    for number, (cls, count) in enumerate(sorted(stats.classes.items()), start=1):
        part = ox.BlankNode(f"class{number}")
        add(dataset, VOID + "classPartition", part)
        add(part, VOID + "class", ox.NamedNode(cls))
        add(part, VOID + "entities", integer(count))
    for number, (prop, count) in enumerate(sorted(stats.properties.items()), start=1):
        part = ox.BlankNode(f"property{number}")
        add(dataset, VOID + "propertyPartition", part)
        add(part, VOID + "property", ox.NamedNode(prop))
        add(part, VOID + "triples", integer(count))
    add(sparql, RDF + "type", ox.NamedNode(SD + "Service"))
    add(sparql, SD + "endpoint", sparql)
    add(dataset, SCHEMA + "url", homepage)
    # a graph: a triple given twice is there once; each subject's triples together (Turtle
    # writes them as one block), subjects in the order first given
    by_subject: dict[ox.NamedNode | ox.BlankNode | ox.Triple, dict[ox.Triple, None]] = {}
    for triple in triples:
        by_subject.setdefault(triple.subject, {})[triple] = None
    return [triple for group in by_subject.values() for triple in group]


def _iri(url: str) -> ox.NamedNode:
    return ox.NamedNode(as_iri(url))


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
