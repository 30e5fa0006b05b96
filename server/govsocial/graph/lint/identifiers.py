"""Check external identifiers (Wikidata, municipality keys) against identifiers.md."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph
from rdflib.term import Identifier

from govsocial.graph.lint.corpus import Finding, curie, graph_iris
from govsocial.graph.namespaces import GSO

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
WIKIDATA_DIRECT = "http://www.wikidata.org/prop/direct/"
# Other spellings of Wikidata IRIs: page URLs and https identify pages, not entities.
WIKIDATA_WRONG_FORMS = (
    "https://www.wikidata.org/",
    "http://www.wikidata.org/wiki/",
    "http://wikidata.org/",
    "https://wikidata.org/",
)


# -- (f) external identifiers -------------------------------------------------------------------


@dataclass(frozen=True)
class Identifiers:
    """The external identifiers verified in identifiers.md."""

    items: frozenset[str]
    properties: frozenset[str]
    municipality_keys: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> Identifiers:
        """Read QIDs, PIDs and AGS codes from the table rows of identifiers.md."""
        rows = [line for line in text.splitlines() if line.lstrip().startswith("|")]
        cells = [cell.strip() for row in rows for cell in row.strip().strip("|").split("|")]
        return cls(
            items=frozenset(c for c in cells if re.fullmatch(r"Q[1-9][0-9]*", c)),
            properties=frozenset(c for c in cells if re.fullmatch(r"P[1-9][0-9]*", c)),
            municipality_keys=frozenset(c for c in cells if re.fullmatch(r"[0-9]{8}", c)),
        )


def check_external_identifiers(graphs: Mapping[str, Graph], known: Identifiers) -> list[Finding]:
    """Flag Wikidata IRIs and municipality keys not verified in identifiers.md."""
    findings: list[Finding] = []
    for name, graph in sorted(graphs.items()):
        for iri in sorted(set(graph_iris(graph))):
            text = str(iri)
            if text.startswith(WIKIDATA_WRONG_FORMS):
                findings.append(
                    Finding(
                        "external-id",
                        name,
                        f"{curie(iri)} is not an entity IRI "
                        f"(use {WIKIDATA_ENTITY}Q… or {WIKIDATA_DIRECT}P…)",
                    )
                )
                continue
            local = next(
                (
                    text[len(base) :]
                    for base in (WIKIDATA_ENTITY, WIKIDATA_DIRECT)
                    if text.startswith(base)
                ),
                None,
            )
            if local is None:
                continue
            listed = known.items if local.startswith("Q") else known.properties
            if local not in listed or (text.startswith(WIKIDATA_DIRECT) and local[0] != "P"):
                findings.append(
                    Finding("external-id", name, f"{curie(iri)} is not listed in identifiers.md")
                )
        # every parsed term is an Identifier (IRI, blank node, literal): nothing is left out
        keys = {k for k in graph.objects(None, GSO.municipalityKey) if isinstance(k, Identifier)}
        for key in sorted(keys):
            if str(key) not in known.municipality_keys:
                findings.append(
                    Finding(
                        "external-id",
                        name,
                        f"municipality key {curie(key)} is not in identifiers.md",
                    )
                )
    return findings
