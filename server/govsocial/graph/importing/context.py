"""What an import checks a sheet against: the vocabularies and the data already there.

The data folder is read file by file, so that the import knows which file describes a node (a
claim is compared with its description in its own file) and can reference registry nodes by
local name, IRI or name (labels, `foaf:name`, a source's `schema:url`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDFS, SKOS
from rdflib.term import Node

from govsocial.endpoint.rdf_input import rdf_files
from govsocial.graph.namespaces import GSO, ID, ORG, SCHEMA
from govsocial.graph.namespaces import VOCAB as VOCAB_NS
from govsocial.graph.rdfio import load_graph

VOCAB = str(VOCAB_NS)
LOCAL_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Concept:
    name: str
    iri: URIRef
    labels: dict[str, str]  # language -> preferred label
    alt: tuple[str, ...]
    implied_level: str | None = None  # a kind's gso:impliedLevel (vocab/government-level)

    def label(self, language: str = "en") -> str:
        return self.labels.get(language) or self.name

    def names(self) -> set[str]:
        """Every label of the concept, lower-case, for hints."""
        return {text.lower() for text in (*self.labels.values(), *self.alt)}


def _same_text(text: str) -> str:
    return " ".join(text.split()).casefold()


class Context:
    """The vocabularies (scheme -> concept name -> Concept) and the data, per file."""

    def __init__(self, data_dir: Path, ontology_dir: Path) -> None:
        self.data_dir = data_dir
        self.vocab = vocabularies(ontology_dir)
        self.files: dict[Path, Graph] = {
            path: load_graph([path]) for path in rdf_files(data_dir, suffixes={".ttl"})
        }
        self.graph = Graph()
        self._home: dict[URIRef, list[Path]] = defaultdict(list)
        for path, graph in self.files.items():
            for triple in graph:
                self.graph.add(triple)
            for subject in set(graph.subjects()):
                if isinstance(subject, URIRef):
                    self._home[subject].append(path)

    # -- nodes -------------------------------------------------------------------------------

    def described(self, node: URIRef) -> bool:
        return node in self._home

    def files_of(self, node: URIRef) -> list[Path]:
        return self._home.get(node, [])

    def description(self, node: URIRef, path: Path) -> set[tuple[URIRef, Node]]:
        graph = self.files.get(path)
        if graph is None:
            return set()
        # predicates are IRIs: the narrowing drops nothing
        return {(p, o) for p, o in graph.predicate_objects(node) if isinstance(p, URIRef)}

    def has_type(self, node: URIRef, cls: URIRef) -> bool:
        return (node, RDF.type, cls) in self.graph

    def names_of(self, node: URIRef) -> set[str]:
        """The node's names for matching: labels, alternative labels, foaf:name (folded)."""
        return {
            _same_text(str(value))
            for prop in (RDFS.label, SKOS.altLabel, FOAF.name)
            for value in self.graph.objects(node, prop)
            if isinstance(value, Literal)
        }

    def label(self, node: URIRef, language: str) -> str | None:
        for value in self.graph.objects(node, RDFS.label):
            if isinstance(value, Literal) and value.language == language:
                return str(value)
        return None

    def reference(self, text: str, *kinds: str) -> URIRef | None:
        """Return the described node that `text` names as an IRI, `kind:local` or local name."""
        text = text.strip()
        candidates: list[URIRef] = []
        if text.startswith(str(ID)):
            candidates.append(URIRef(text))
        elif ":" in text:
            prefix, _, rest = text.partition(":")
            if prefix in kinds:
                candidates.append(ID[f"{prefix}/{rest}"])
        elif LOCAL_NAME.fullmatch(text):
            candidates.extend(ID[f"{kind}/{text}"] for kind in kinds)
        for node in candidates:
            if self.described(node) and any(
                str(node).startswith(str(ID[f"{kind}/"])) for kind in kinds
            ):
                return node
        return None

    @staticmethod
    def explicit_reference(text: str) -> bool:
        """An IRI or `kind:local`: a reference, never a name."""
        return (
            text.startswith(("http://", "https://"))
            or re.fullmatch(r"[a-z]+:[a-z0-9-]+", text) is not None
        )

    def looks_like_reference(self, text: str) -> bool:
        """An explicit reference or a local name (lower-case, hyphens): no official name."""
        return self.explicit_reference(text) or LOCAL_NAME.fullmatch(text) is not None

    def named(self, name: str, cls: URIRef) -> list[URIRef]:
        """The nodes of a class that carry `name` as a label, alternative label or foaf:name."""
        wanted = _same_text(name)
        return sorted(
            node
            for node in set(self.graph.subjects(RDF.type, cls))
            if isinstance(node, URIRef) and wanted in self.names_of(node)
        )

    def source_at(self, url: str) -> URIRef | None:
        for node in self.graph.subjects(SCHEMA.url, URIRef(url)):
            if isinstance(node, URIRef) and self.has_type(node, GSO.SourceDocument):
                return node
        return None

    def held_by(self, post: URIRef) -> set[URIRef]:
        return {node for node in self.graph.objects(post, ORG.heldBy) if isinstance(node, URIRef)}

    def kind_of(self, authority: URIRef) -> URIRef | None:
        value = self.graph.value(authority, ORG.classification)
        return value if isinstance(value, URIRef) else None


def vocabularies(ontology_dir: Path) -> dict[str, dict[str, Concept]]:
    graph = load_graph(rdf_files(ontology_dir / "vocabularies", suffixes={".ttl"}))
    schemes: dict[str, dict[str, Concept]] = defaultdict(dict)
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        if not (isinstance(concept, URIRef) and str(scheme).startswith(VOCAB)):
            continue
        labels = {
            value.language: str(value)
            for value in graph.objects(concept, SKOS.prefLabel)
            if isinstance(value, Literal) and value.language
        }
        alt = tuple(sorted(str(value) for value in graph.objects(concept, SKOS.altLabel)))
        name = str(concept).rsplit("/", 1)[-1]
        level = _implied_level(graph, concept)
        schemes[str(scheme)[len(VOCAB) :]][name] = Concept(
            name, concept, labels, alt, str(level).rsplit("/", 1)[-1] if level else None
        )
    return {scheme: dict(sorted(concepts.items())) for scheme, concepts in schemes.items()}


def _implied_level(graph: Graph, concept: Node | None) -> Node | None:
    """The level a kind implies, its own or its nearest broader kind's (a municipality is
    local because local-government is)."""
    seen: set[Node] = set()
    while concept is not None and concept not in seen:
        seen.add(concept)
        level = graph.value(concept, GSO.impliedLevel)
        if level is not None:
            return level
        concept = graph.value(concept, SKOS.broader)
    return None
