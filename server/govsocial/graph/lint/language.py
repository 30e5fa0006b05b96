"""Check language tags: well-formed BCP 47, from our languages, on all human text."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS

from govsocial.graph.lint.corpus import Finding, curie
from govsocial.graph.namespaces import GSO

OWN_LANGUAGES = frozenset({"en", "de"})
# the sources' own wording (texts, titles, quoted phrases) keeps the source's language: the
# sources of Switzerland and the EU institutions also write French and Italian
SOURCE_LANGUAGES = OWN_LANGUAGES | {"fr", "it"}
SOURCE_WORDING = frozenset({GSO.text, GSO.quotedPhrase, DCTERMS.title})

# A well-formed BCP 47 tag (RFC 5646 syntax without grandfathered tags), case-insensitive.
BCP47 = re.compile(
    r"^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})"  # language, extlang
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"  # variants
    r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"  # extensions
    r"(?:-x(?:-[a-z0-9]{1,8})+)?$"  # private use
    r"|^x(?:-[a-z0-9]{1,8})+$",
    re.IGNORECASE,
)

# Predicates whose values are human text, so they need a language tag.
HUMAN_TEXT = frozenset(
    {
        RDFS.label,
        RDFS.comment,
        SKOS.prefLabel,
        SKOS.altLabel,
        SKOS.hiddenLabel,
        SKOS.definition,
        SKOS.scopeNote,
        SKOS.note,
        SKOS.example,
        SKOS.editorialNote,
        SKOS.historyNote,
        SKOS.changeNote,
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.abstract,
        SH.name,
        SH.description,
        SH.message,
    }
)


# -- (d) language tags --------------------------------------------------------------------------


def langstring_properties(ontology: Graph) -> set[URIRef]:
    """Return the gso: properties whose range is rdf:langString."""
    return {p for p in ontology.subjects(RDFS.range, RDF.langString) if isinstance(p, URIRef)}


def check_language_tags(
    graphs: Mapping[str, Graph],
    ontology: Graph | None = None,
    allowed: frozenset[str] = OWN_LANGUAGES,
) -> list[Finding]:
    """Require well-formed BCP 47 tags from the allowed set, and tags on all human text."""
    human = HUMAN_TEXT | (langstring_properties(ontology) if ontology is not None else set())
    findings: list[Finding] = []
    for name, graph in sorted(graphs.items()):
        for s, p, o in graph:
            if not isinstance(o, Literal):
                continue
            expected = allowed | SOURCE_LANGUAGES if p in SOURCE_WORDING else allowed
            if o.language is not None:
                if not BCP47.match(o.language):
                    findings.append(
                        Finding(
                            "language-tag", name, f"{curie(o)} has a malformed tag @{o.language}"
                        )
                    )
                elif o.language.lower() not in expected:
                    findings.append(
                        Finding(
                            "language-tag",
                            name,
                            f"{curie(o)} has tag @{o.language}, expected one of "
                            f"{', '.join(sorted(expected))}",
                        )
                    )
            elif p in human:
                findings.append(
                    Finding(
                        "language-tag",
                        name,
                        f"{curie(s)} {curie(p)} {curie(o)} is human text without a language tag",
                    )
                )
    return findings
