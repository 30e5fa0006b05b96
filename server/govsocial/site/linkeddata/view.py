"""Turn an entity's description and evidence graphs into what an entity page shows.

Pure functions over pyoxigraph triples (`Triples`, as the store answers), so the page logic is
testable without a server.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

import pyoxigraph as ox

from govsocial.graph.prefixes import PREFIXES
from govsocial.site.linkeddata.iris import IriMapper
from govsocial.site.linkeddata.triples import Node, Triples, text

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCTERMS = "http://purl.org/dc/terms/"
_GSO = "https://w3id.org/govsocial/ontology#"
RDF_TYPE = ox.NamedNode(_RDF + "type")
RDFS_LABEL = ox.NamedNode(_RDFS + "label")
SKOS_PREF_LABEL = ox.NamedNode(_SKOS + "prefLabel")
SKOS_ALT_LABEL = ox.NamedNode(_SKOS + "altLabel")
SKOS_CONCEPT_SCHEME = ox.NamedNode(_SKOS + "ConceptScheme")
FOAF_NAME = ox.NamedNode("http://xmlns.com/foaf/0.1/name")
DCTERMS_TITLE = ox.NamedNode(_DCTERMS + "title")
DCTERMS_SOURCE = ox.NamedNode(_DCTERMS + "source")
DCTERMS_ISSUED = ox.NamedNode(_DCTERMS + "issued")
DCTERMS_PUBLISHER = ox.NamedNode(_DCTERMS + "publisher")
ORG_ROLE = ox.NamedNode("http://www.w3.org/ns/org#role")
PROV_WAS_DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
SCHEMA_URL = ox.NamedNode("https://schema.org/url")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
GSO_AUTHORITY = ox.NamedNode(_GSO + "Authority")
GSO_STATEMENT = ox.NamedNode(_GSO + "Statement")
GSO_TEXT = ox.NamedNode(_GSO + "text")
GSO_SPEECH_MODE = ox.NamedNode(_GSO + "speechMode")
GSO_SPEAKER = ox.NamedNode(_GSO + "speaker")
GSO_SPEAKER_POST = ox.NamedNode(_GSO + "speakerPost")
GSO_ON_BEHALF_OF = ox.NamedNode(_GSO + "onBehalfOf")
GSO_ABOUT = ox.NamedNode(_GSO + "about")
GSO_MADE_ON_REQUEST = ox.NamedNode(_GSO + "madeOnRequest")

LABELS = (RDFS_LABEL, SKOS_PREF_LABEL, FOAF_NAME, DCTERMS_TITLE)
# shown in the page header, so left out of the property table
HEADER_PREDICATES = {RDF_TYPE, RDFS_LABEL, SKOS_PREF_LABEL, SKOS_ALT_LABEL}
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


def pick_label(
    graph: Triples, node: Node, predicates: Iterable[ox.NamedNode] = LABELS
) -> str | None:
    """Return the best label of ``node``: English first, then German, then untagged."""
    found: dict[str, str] = {}
    for predicate in predicates:
        for value in graph.objects(node, predicate):
            if isinstance(value, ox.Literal):
                found.setdefault(value.language or "", value.value)
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


def node_value(graph: Triples, node: Node, mapper: IriMapper) -> Value:
    """Describe a node as a page value: links for IRIs, language and datatype for literals."""
    if isinstance(node, ox.NamedNode):
        label = pick_label(graph, node)
        if label is None:
            name = compact(node.value)
            # our own unlabelled IRIs read best by their slug
            label = fallback_name(name) if mapper.is_ours(node.value) else name
        return Value(text=label, href=mapper.href(node.value), iri=node.value)
    if isinstance(node, ox.Literal):
        datatype = None
        # a language-tagged string's datatype (rdf:langString) goes without saying
        if node.language is None and node.datatype.value != XSD_STRING:
            datatype = compact(node.datatype.value)
        return Value(text=node.value, lang=node.language, datatype=datatype)
    return Value(text=f"[{pick_label(graph, node) or 'anonymous node'}]")


def _sort_key(value: Value) -> tuple[str, str]:
    return (value.text.casefold(), value.lang or "")


def _literals(graph: Triples, node: Node, predicates: Iterable[ox.NamedNode]) -> list[Value]:
    values = [
        Value(text=v.value, lang=v.language)
        for p in predicates
        for v in graph.objects(node, p)
        if isinstance(v, ox.Literal)
    ]
    order = {lang: i for i, lang in enumerate(("de", "en"))}
    return sorted(values, key=lambda v: (order.get(v.lang or "", 9), v.text))


def property_rows(
    graph: Triples, labels: Triples, subject: ox.NamedNode, mapper: IriMapper
) -> list[PropertyRow]:
    """Return the outgoing properties of ``subject`` with labelled, linked values."""
    rows: dict[ox.NamedNode, list[Value]] = {}
    for predicate, obj in graph.predicate_objects(subject):
        if predicate in HEADER_PREDICATES:
            continue
        if isinstance(obj, ox.BlankNode):
            rows.setdefault(predicate, []).append(_blank_value(graph, obj))
        else:
            rows.setdefault(predicate, []).append(node_value(graph, obj, mapper))
    return _rows(rows, labels, mapper)


def _blank_value(graph: Triples, node: ox.BlankNode) -> Value:
    parts = [f"{compact(p.value)} {compact(text(o))}" for p, o in graph.predicate_objects(node)]
    return Value(text="[" + "; ".join(sorted(parts)) + "]")


def incoming_rows(
    graph: Triples, labels: Triples, subject: ox.NamedNode, mapper: IriMapper
) -> list[PropertyRow]:
    """Return the links pointing at ``subject``, grouped by property."""
    rows: dict[ox.NamedNode, list[Value]] = {}
    for source, predicate in graph.subject_predicates(subject):
        if isinstance(source, ox.NamedNode) and source != subject:
            rows.setdefault(predicate, []).append(node_value(graph, source, mapper))
    return _rows(rows, labels, mapper)


def _rows(
    rows: dict[ox.NamedNode, list[Value]], labels: Triples, mapper: IriMapper
) -> list[PropertyRow]:
    result = [
        PropertyRow(
            iri=p.value,
            label=pick_label(labels, p) or compact(p.value),
            href=mapper.href(p.value),
            values=sorted(values, key=_sort_key),
        )
        for p, values in rows.items()
    ]
    return sorted(result, key=lambda r: r.label.casefold())


def _made_on_request(value: Node | None) -> bool:
    # as `"true"^^xsd:boolean`, or its other lexical form "1"
    return (
        isinstance(value, ox.Literal)
        and value.datatype == XSD_BOOLEAN
        and value.value in ("true", "1")
    )


def evidence_items(graph: Triples, mapper: IriMapper) -> list[Evidence]:
    """Return the statements in an evidence graph, oldest source first."""
    items: list[Evidence] = []
    for statement in set(graph.subjects(RDF_TYPE, GSO_STATEMENT)):
        if not isinstance(statement, ox.NamedNode):
            continue
        quoted = graph.value(statement, GSO_TEXT)
        mode = graph.value(statement, GSO_SPEECH_MODE)
        speaker = graph.value(statement, GSO_SPEAKER)
        post = graph.value(statement, GSO_SPEAKER_POST)
        role = graph.value(post, ORG_ROLE) if post is not None else None
        behalf = graph.value(statement, GSO_ON_BEHALF_OF)
        source = graph.value(statement, DCTERMS_SOURCE)
        url = graph.value(source, SCHEMA_URL) if source is not None else None
        issued = graph.value(source, DCTERMS_ISSUED) if source is not None else None
        publisher = graph.value(source, DCTERMS_PUBLISHER) if source is not None else None
        items.append(
            Evidence(
                iri=statement.value,
                href=mapper.href(statement.value),
                text=text(quoted) if quoted is not None else "",
                lang=quoted.language if isinstance(quoted, ox.Literal) else None,
                speech_mode=pick_label(graph, mode) if mode is not None else None,
                speech_mode_key=fallback_name(text(mode)) if mode is not None else None,
                speaker=node_value(graph, speaker, mapper) if speaker is not None else None,
                post=node_value(graph, post, mapper) if post is not None else None,
                role=pick_label(graph, role) if role is not None else None,
                on_behalf_of=node_value(graph, behalf, mapper) if behalf is not None else None,
                about=[
                    node_value(graph, node, mapper)
                    for node in sorted(graph.objects(statement, GSO_ABOUT), key=text)
                ],
                made_on_request=_made_on_request(graph.value(statement, GSO_MADE_ON_REQUEST)),
                source=node_value(graph, source, mapper) if source is not None else None,
                source_url=text(url) if url is not None else None,
                source_issued=text(issued) if issued is not None else None,
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
    iri: str, description: Triples, evidence: Triples, labels: Triples, mapper: IriMapper
) -> EntityPage:
    """Build the page of ``iri`` from its description, evidence and term-label graphs."""
    subject = ox.NamedNode(iri)
    merged = description + labels
    types = sorted(
        (node_value(merged, t, mapper) for t in description.objects(subject, RDF_TYPE)),
        key=_sort_key,
    )
    is_claim = bool(description.objects(subject, PROV_WAS_DERIVED_FROM))
    title = pick_label(description, subject) or fallback_name(iri)
    return EntityPage(
        iri=iri,
        title=title,
        labels=_literals(description, subject, (RDFS_LABEL, SKOS_PREF_LABEL)),
        alt_labels=_literals(description, subject, (SKOS_ALT_LABEL,)),
        types=types,
        properties=property_rows(description, labels, subject, mapper),
        incoming=incoming_rows(description, labels, subject, mapper),
        evidence=evidence_items(evidence, mapper),
        query=prepared_query(iri, is_claim),
    )
