"""The triples of each node an imported row gives: source, statement, decision, and the registry
nodes a row may introduce (body, publisher, person, post, channel), with their English labels.

Each function returns the node's description as (predicate, object) pairs; `plan` puts them
together and compares rows and the data. The sheet has no label columns but `summary`, so labels
are made from the row: concept labels (@en) and registry labels, never invented wording.
"""

from __future__ import annotations

from rdflib import XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS
from rdflib.term import Node

from govsocial.graph.importing.context import Context
from govsocial.graph.importing.rows import LEAVING, Checked
from govsocial.graph.namespaces import GSO, ORG, SCHEMA, VOCAB

Pairs = set[tuple[URIRef, Node]]
PRECISION = {4: ("year", XSD.gYear), 7: ("month", XSD.gYearMonth), 10: ("day", XSD.date)}
# the property a column's value lands on, for `inferred` (node kind, property)
INFERRED = {
    "source_url": (("source", SCHEMA.url),),
    "source_title": (("source", DCTERMS.title),),
    "source_publisher": (("source", DCTERMS.publisher),),
    "source_date": (("source", DCTERMS.issued),),
    "body": (("claim", GSO.authority), ("statement", GSO.onBehalfOf)),  # or gso:about
    "platforms": (("claim", GSO.platform),),
    "action": (("claim", GSO.action),),
    "modality": (("claim", GSO.modality),),
    "date": (("claim", GSO.date),),
    "reasons": (("claim", GSO.reasonFor),),
    "reasons_against": (("claim", GSO.reasonAgainst),),
    "purposes": (("claim", GSO.purpose),),
    "replacement_platforms": (("claim", None),),  # replacementPlatform or replaces: see below
    "channels": (("claim", GSO.channel),),
    "speaker": (("statement", GSO.speaker),),
    "speaker_post": (("statement", GSO.speakerPost),),
}
EXCERPT = 80


def concept(scheme: str, name: str) -> URIRef:
    return VOCAB[f"{scheme}/{name}"]


def dated(prop: URIRef, value: str) -> Pairs:
    precision, datatype = PRECISION[len(value)]
    return {
        (prop, Literal(value, datatype=datatype)),
        (GSO.datePrecision, concept("date-precision", precision)),
    }


def replacement_property(action: str) -> URIRef:
    return GSO.replacementPlatform if action in LEAVING else GSO.replaces


def inferred(row: Checked, kind: str) -> Pairs:
    """gso:inferredProperty and the note for the values of this node the row marks inferred."""
    pairs: Pairs = set()
    for column in row.inferred:
        for node_kind, prop in INFERRED.get(column, ()):
            if node_kind == kind:
                if prop == GSO.onBehalfOf and row.speech_mode == "reported":
                    prop = GSO.about
                pairs.add((GSO.inferredProperty, prop or replacement_property(row.action)))
    if pairs and row.note:
        pairs.add((GSO.inferenceNote, Literal(row.note, lang="en")))
    if kind == "source" and "source_title" in row.inferred:
        pairs.add((GSO.titleReconstructed, Literal(True)))
    return pairs


class Labels:
    """English labels made from the row and the registry."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def concept(self, scheme: str, name: str) -> str:
        found = self.context.vocab.get(scheme, {}).get(name)
        return found.label("en") if found else name

    def node(self, node: URIRef, fallback: str) -> str:
        return self.context.label(node, "en") or self.context.label(node, "de") or fallback

    def platforms(self, names: tuple[str, ...]) -> str:
        labels = [self.concept("platform", name) for name in names]
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]

    def source(self, publisher: str, row: Checked) -> str:
        when = f" ({row.source_date})" if row.source_date else ""
        return f"{publisher}{when}: {row.source_title}"

    def claim(self, publisher: str, row: Checked) -> str:
        if row.summary:
            return row.summary
        modality = (
            "" if row.modality == "in-effect" else f" ({self.concept('modality', row.modality)})"
        )
        when = f" ({row.source_date})" if row.source_date else ""
        return (
            f"{row.body.name_en}: {self.concept('action', row.action)} "
            f"{self.platforms(row.platforms)}{modality}, per {publisher}{when}"
        )

    def statement(self, publisher: str, row: Checked, who: str) -> str:
        text = (
            row.quotation
            if len(row.quotation) <= EXCERPT
            else (row.quotation[:EXCERPT].rsplit(" ", 1)[0] + " …")
        )
        return f'{publisher}, {self.concept("speech-mode", row.speech_mode)}, {who}: "{text}"'


def source(row: Checked, publisher: URIRef) -> Pairs:
    pairs: Pairs = {
        (RDF.type, GSO.SourceDocument),
        (SCHEMA.url, URIRef(row.source_url)),
        (DCTERMS.title, Literal(row.source_title, lang=row.source_language)),
        (DCTERMS.language, Literal(row.source_language, datatype=XSD.language)),
        (DCTERMS.publisher, publisher),
        (GSO.sourceType, concept("source-type", row.source_type)),
    }
    if row.source_type in ("news-article", "mirror-copy"):
        pairs.add((RDF.type, SCHEMA.NewsArticle))
    if row.source_date:
        pairs |= dated(DCTERMS.issued, row.source_date)
    return pairs


def statement(
    row: Checked, source_iri: URIRef, body: URIRef, speaker: URIRef | None, post: URIRef | None
) -> Pairs:
    narration = row.speech_mode == "reported"  # about the body, not said on its behalf
    pairs: Pairs = {
        (RDF.type, GSO.Statement),
        (DCTERMS.source, source_iri),
        (GSO.about if narration else GSO.onBehalfOf, body),
        (GSO.speechMode, concept("speech-mode", row.speech_mode)),
        (GSO.text, Literal(row.quotation, lang=row.language)),
    }
    if "reasons" not in row.inferred:  # the statement gives the reasons (or the project infers)
        pairs |= {(GSO.givesReasonFor, concept("reason", name)) for name in row.reasons}
    if "purposes" not in row.inferred:
        pairs |= {(GSO.givesPurpose, concept("purpose", name)) for name in row.purposes}
    if "reasons_against" not in row.inferred:
        pairs |= {(GSO.givesReasonAgainst, concept("reason", name)) for name in row.reasons_against}
    if row.speech_mode == "direct-quotation":
        pairs.add((RDF.type, SCHEMA.Quotation))
    if speaker is not None:
        pairs.add((GSO.speaker, speaker))
    if post is not None:
        pairs.add((GSO.speakerPost, post))
    return pairs


def decision(row: Checked, body: URIRef, channels: list[URIRef]) -> Pairs:
    pairs: Pairs = {
        (RDF.type, GSO.PlatformDecision),
        (GSO.authority, body),
        (GSO.action, concept("action", row.action)),
        (GSO.modality, concept("modality", row.modality)),
    }
    pairs |= {(GSO.platform, concept("platform", name)) for name in row.platforms}
    pairs |= {(GSO.channel, channel) for channel in channels}
    pairs |= {(GSO.reasonFor, concept("reason", name)) for name in row.reasons}
    pairs |= {(GSO.reasonAgainst, concept("reason", name)) for name in row.reasons_against}
    pairs |= {(GSO.purpose, concept("purpose", name)) for name in row.purposes}
    pairs |= {
        (replacement_property(row.action), concept("platform", name)) for name in row.replacements
    }
    if row.date:
        pairs |= dated(GSO.date, row.date)
    return pairs


def authority(row: Checked) -> Pairs:
    body = row.body
    pairs: Pairs = {
        (RDF.type, GSO.Authority),
        (RDFS.label, Literal(body.name, lang="de")),
        (RDFS.label, Literal(body.name_en, lang="en")),
        (ORG.classification, concept("authority-kind", body.kind or "")),
    }
    code = (body.jurisdiction or "").upper()  # "DE-SN", or "DE" for a federal body
    if code:
        pairs.add((GSO.countryCode, Literal(code.split("-", 1)[0])))
    if "-" in code:
        pairs.add((GSO.stateCode, Literal(code)))
    if body.level:
        pairs.add((GSO.governmentLevel, concept("government-level", body.level)))
    return pairs


def organisation(name: str) -> Pairs:
    return {
        (RDF.type, ORG.Organization),
        (RDFS.label, Literal(name, lang="de")),
        (RDFS.label, Literal(name, lang="en")),
    }


def person(name: str) -> Pairs:
    return {
        (RDF.type, FOAF.Person),
        (FOAF.name, Literal(name)),
        (RDFS.label, Literal(name, lang="en")),
    }


def post(row: Checked, body: URIRef, role_en: str) -> Pairs:
    role_text = row.role_text or ""
    return {
        (RDF.type, ORG.Post),
        (ORG.postIn, body),
        (ORG.role, concept("role", row.role or "")),
        (RDFS.label, Literal(f"{role_text} ({row.body.name})", lang="de")),
        (
            RDFS.label,
            Literal(f"{role_en[:1].upper()}{role_en[1:]} of {row.body.name_en}", lang="en"),
        ),
    }


def channel(row: Checked, body: URIRef, platform: str, platform_label: str) -> Pairs:
    return {
        (RDF.type, GSO.Channel),
        (GSO.operatedBy, body),
        (GSO.onPlatform, concept("platform", platform)),
        (RDFS.label, Literal(f"{row.body.name_en} on {platform_label}", lang="en")),
    }


DERIVED = PROV.wasDerivedFrom
