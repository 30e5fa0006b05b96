"""Turn an entity's description and evidence graphs into what an entity page shows.

Pure functions over rdflib graphs, so the page logic is testable without a server.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from govsocial.graph.namespaces import GSO, PREFIXES, SCHEMA
from govsocial.site.linkeddata.iris import IriMapper

LABELS = (RDFS.label, SKOS.prefLabel, FOAF.name, DCTERMS.title)
# shown in the page header, so left out of the property table
HEADER_PREDICATES = {RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel}
LANGUAGE_ORDER = ("en", "de", "")


@dataclass
class Value:
    """One value of a property as a page shows it."""

    text: str
    href: str | None = None  # a link for IRIs
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None  # compact datatype name for typed literals


@dataclass
class PropertyRow:
    """A property with its values (outgoing) or its subjects (incoming)."""

    iri: str
    label: str
    href: str
    values: list[Value]


@dataclass
class Evidence:
    """One statement behind a claim: the quotation and who said it where, on whose behalf."""

    iri: str
    href: str
    text: str
    lang: str | None
    speech_mode: str | None
    speech_mode_key: str | None
    speaker: Value | None
    post: Value | None
    role: str | None
    on_behalf_of: Value | None
    about: list[Value]  # what the reporter's narration is about (it speaks for nobody)
    made_on_request: bool
    source: Value | None
    source_url: str | None
    source_issued: str | None
    publisher: str | None


@dataclass
class EntityPage:
    """Everything an entity page renders."""

    iri: str
    title: str
    labels: list[Value]
    alt_labels: list[Value]
    types: list[Value]
    properties: list[PropertyRow]
    incoming: list[PropertyRow]
    evidence: list[Evidence]
    query: str
    extra: dict[str, object] = field(default_factory=dict)


def compact(iri: str) -> str:
    """Return ``prefix:local`` for IRIs in a known namespace, else the IRI."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            best, name = namespace, prefix
    if best and iri[len(best) :] and "/" not in iri[len(best) :]:
        return f"{name}:{iri[len(best) :]}"
    return iri


def pick_label(graph: Graph, node: Node, predicates: Iterable[URIRef] = LABELS) -> str | None:
    """Return the best label of ``node``: English first, then German, then untagged."""
    found: dict[str, str] = {}
    for predicate in predicates:
        for value in graph.objects(node, predicate):
            if isinstance(value, Literal):
                found.setdefault(value.language or "", str(value))
        if found:
            break
    for language in LANGUAGE_ORDER:
        if language in found:
            return found[language]
    return next(iter(found.values()), None)


def fallback_name(iri: str) -> str:
    """Return a readable name from an IRI's last segment or fragment."""
    tail = iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]
    return tail or iri


def node_value(graph: Graph, node: Node, mapper: IriMapper) -> Value:
    """Describe a node as a page value: links for IRIs, language and datatype for literals."""
    if isinstance(node, URIRef):
        label = pick_label(graph, node)
        if label is None:
            name = compact(str(node))
            # our own unlabelled IRIs read best by their slug
            label = fallback_name(name) if mapper.is_ours(str(node)) else name
        return Value(text=label, href=mapper.href(str(node)), iri=str(node))
    if isinstance(node, Literal):
        datatype = None
        if node.datatype is not None and node.datatype != XSD.string:
            datatype = compact(str(node.datatype))
        return Value(text=str(node), lang=node.language, datatype=datatype)
    return Value(text=f"[{pick_label(graph, node) or 'anonymous node'}]")


def _sort_key(value: Value) -> tuple[str, str]:
    return (value.text.casefold(), value.lang or "")


def _literals(graph: Graph, node: Node, predicates: Iterable[URIRef]) -> list[Value]:
    values = [
        Value(text=str(v), lang=v.language)
        for p in predicates
        for v in graph.objects(node, p)
        if isinstance(v, Literal)
    ]
    order = {lang: i for i, lang in enumerate(("de", "en"))}
    return sorted(values, key=lambda v: (order.get(v.lang or "", 9), v.text))


def property_rows(
    graph: Graph, labels: Graph, subject: URIRef, mapper: IriMapper
) -> list[PropertyRow]:
    """Return the outgoing properties of ``subject`` with labelled, linked values."""
    rows: dict[URIRef, list[Value]] = {}
    for predicate, obj in graph.predicate_objects(subject):
        if predicate in HEADER_PREDICATES or not isinstance(predicate, URIRef):
            continue
        if isinstance(obj, BNode):
            rows.setdefault(predicate, []).append(_blank_value(graph, obj))
        else:
            rows.setdefault(predicate, []).append(node_value(graph, obj, mapper))
    return _rows(rows, labels, mapper)


def _blank_value(graph: Graph, node: BNode) -> Value:
    parts = [f"{compact(str(p))} {compact(str(o))}" for p, o in graph.predicate_objects(node)]
    return Value(text="[" + "; ".join(sorted(parts)) + "]")


def incoming_rows(
    graph: Graph, labels: Graph, subject: URIRef, mapper: IriMapper
) -> list[PropertyRow]:
    """Return the links pointing at ``subject``, grouped by property."""
    rows: dict[URIRef, list[Value]] = {}
    for source, predicate in graph.subject_predicates(subject):
        if isinstance(source, URIRef) and source != subject and isinstance(predicate, URIRef):
            rows.setdefault(predicate, []).append(node_value(graph, source, mapper))
    return _rows(rows, labels, mapper)


def _rows(rows: dict[URIRef, list[Value]], labels: Graph, mapper: IriMapper) -> list[PropertyRow]:
    result = [
        PropertyRow(
            iri=str(p),
            label=pick_label(labels, p) or compact(str(p)),
            href=mapper.href(str(p)),
            values=sorted(values, key=_sort_key),
        )
        for p, values in rows.items()
    ]
    return sorted(result, key=lambda r: r.label.casefold())


def evidence_items(graph: Graph, mapper: IriMapper) -> list[Evidence]:
    """Return the statements in an evidence graph, oldest source first."""
    items: list[Evidence] = []
    for statement in set(graph.subjects(RDF.type, GSO.Statement)):
        if not isinstance(statement, URIRef):
            continue
        text = graph.value(statement, GSO.text)
        mode = graph.value(statement, GSO.speechMode)
        speaker = graph.value(statement, GSO.speaker)
        post = graph.value(statement, GSO.speakerPost)
        role = graph.value(post, ORG.role) if post is not None else None
        behalf = graph.value(statement, GSO.onBehalfOf)
        source = graph.value(statement, DCTERMS.source)
        url = graph.value(source, SCHEMA.url) if source is not None else None
        issued = graph.value(source, DCTERMS.issued) if source is not None else None
        publisher = graph.value(source, DCTERMS.publisher) if source is not None else None
        items.append(
            Evidence(
                iri=str(statement),
                href=mapper.href(str(statement)),
                text=str(text) if text is not None else "",
                lang=text.language if isinstance(text, Literal) else None,
                speech_mode=pick_label(graph, mode) if mode is not None else None,
                speech_mode_key=fallback_name(str(mode)) if mode is not None else None,
                speaker=node_value(graph, speaker, mapper) if speaker is not None else None,
                post=node_value(graph, post, mapper) if post is not None else None,
                role=pick_label(graph, role) if role is not None else None,
                on_behalf_of=node_value(graph, behalf, mapper) if behalf is not None else None,
                about=[
                    node_value(graph, node, mapper)
                    for node in sorted(graph.objects(statement, GSO.about), key=str)
                ],
                made_on_request=bool(graph.value(statement, GSO.madeOnRequest) == Literal(True)),
                source=node_value(graph, source, mapper) if source is not None else None,
                source_url=str(url) if url is not None else None,
                source_issued=str(issued) if issued is not None else None,
                publisher=pick_label(graph, publisher) if publisher is not None else None,
            )
        )
    return sorted(items, key=lambda e: (e.source_issued or "9999", e.iri))


def prepared_query(iri: str, is_claim: bool) -> str:
    """Return the query a "query this" link opens: provenance for claims, else all links."""
    if is_claim:
        return f"""PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX gso: <https://w3id.org/govsocial/ontology#>
# The statements behind this claim, who made them, and where they were reported
SELECT ?statement ?text ?speechMode ?speaker ?onBehalfOf ?source ?url ?issued WHERE {{
  <{iri}> (prov:wasDerivedFrom|gso:attestedBy)? ?statement .
  ?statement a gso:Statement ; gso:text ?text ; gso:speechMode ?speechMode ;
             dcterms:source ?source . OPTIONAL {{ ?statement gso:onBehalfOf ?onBehalfOf }}
  OPTIONAL {{ ?statement gso:speaker ?speaker }}
  OPTIONAL {{ ?source schema:url ?url }}
  OPTIONAL {{ ?source dcterms:issued ?issued }}
}}
ORDER BY ?issued
"""
    return f"""# Everything the graph says about this entity, and what points at it
SELECT ?direction ?property ?value WHERE {{
  {{ <{iri}> ?property ?value . BIND("outgoing" AS ?direction) }}
  UNION
  {{ ?value ?property <{iri}> . BIND("incoming" AS ?direction) }}
}}
ORDER BY ?direction ?property
"""


def ui_link(root: str, query: str) -> str:
    """Return the link that opens the query UI with ``query`` prepared."""
    return f"{root}/ui?query={quote(query, safe='')}"


def entity_page(
    iri: str, description: Graph, evidence: Graph, labels: Graph, mapper: IriMapper
) -> EntityPage:
    """Build the page of ``iri`` from its description, evidence and term-label graphs."""
    subject = URIRef(iri)
    merged = description + labels
    types = sorted(
        (node_value(merged, t, mapper) for t in description.objects(subject, RDF.type)),
        key=_sort_key,
    )
    is_claim = (subject, PROV.wasDerivedFrom, None) in description
    title = pick_label(description, subject) or fallback_name(iri)
    return EntityPage(
        iri=iri,
        title=title,
        labels=_literals(description, subject, (RDFS.label, SKOS.prefLabel)),
        alt_labels=_literals(description, subject, (SKOS.altLabel,)),
        types=types,
        properties=property_rows(description, labels, subject, mapper),
        incoming=incoming_rows(description, labels, subject, mapper),
        evidence=evidence_items(evidence, mapper),
        query=prepared_query(iri, is_claim),
    )
