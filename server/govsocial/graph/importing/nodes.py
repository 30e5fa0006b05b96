"""The nodes an import describes, row by row, and how they settle against each other and the data.

Rows that give one node must agree on it; what they add up to (a claim's statements and the
reasons these give, a registry node's sources) is collected (`ACCUMULATED`). A node the data has
already is compared with its description in its own file: identical, it is left as it is; a claim
or statement that says otherwise is an error, never overwritten; a claim may gain further
statements of its own source, which is adding, not overwriting.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS

from govsocial.graph.canonical import CANONICAL_PREFIXES
from govsocial.graph.importing.context import Context
from govsocial.graph.importing.describe import DERIVED, Pairs
from govsocial.graph.importing.problems import Problem
from govsocial.graph.namespaces import GSO, ID, SCHEMA, VOCAB

# what rows of one node add up to rather than agree on: a claim gathers the statements it rests
# on and the reasons they give, a registry node the sources and statements that name it
ACCUMULATED = {
    DERIVED,
    DCTERMS.source,
    GSO.attestedBy,
    ORG.heldBy,
    GSO.inferredProperty,
    GSO.inferenceNote,
    GSO.reasonFor,
    GSO.reasonAgainst,
    GSO.purpose,
}
COLUMN_OF = {
    SCHEMA.url: "source_url",
    DCTERMS.title: "source_title",
    DCTERMS.publisher: "source_publisher",
    DCTERMS.issued: "source_date",
    GSO.sourceType: "source_type",
    GSO.authority: "body",
    GSO.onBehalfOf: "body",
    GSO.platform: "platforms",
    GSO.action: "action",
    GSO.modality: "modality",
    GSO.date: "date",
    GSO.reasonFor: "reasons",
    GSO.reasonAgainst: "reasons_against",
    GSO.givesReasonFor: "reasons",
    GSO.givesReasonAgainst: "reasons_against",
    GSO.about: "body",
    GSO.purpose: "purposes",
    GSO.givesPurpose: "purposes",
    GSO.replacementPlatform: "replacement_platforms",
    GSO.replaces: "replacement_platforms",
    GSO.channel: "channels",
    GSO.speaker: "speaker",
    GSO.speakerPost: "speaker_post",
    GSO.speechMode: "speech_mode",
    GSO.text: "quotation",
    ORG.classification: "body_kind",
    DERIVED: "quotation",
    GSO.inferredProperty: "inferred",
    GSO.inferenceNote: "inference_note",
    FOAF.name: "speaker",
    GSO.titleReconstructed: "inferred",
}
VOCAB_BASE = str(VOCAB)
WHAT_MAKES_ONE = {
    "decision": "claim (one body, platforms, action and modality in one source)",
    "statement": "statement (one quotation in one source)",
}


def short(node: object) -> str:
    """`decision:x` for an instance, `withdraw` for a concept, `'text'@de` for a literal."""
    if isinstance(node, Literal):
        return f"'{node}'" + (f"@{node.language}" if node.language else "")
    text = str(node)
    if text.startswith(VOCAB_BASE):
        return text.rsplit("/", 1)[-1]
    matches = [
        (len(ns), prefix) for prefix, ns in CANONICAL_PREFIXES.items() if text.startswith(ns)
    ]
    if not matches:
        return f"<{text}>"
    length, prefix = max(matches)
    return f"{prefix}:{text[length:]}"


def kind_of(node: URIRef) -> str:
    return str(node)[len(str(ID)) :].split("/", 1)[0]


class Nodes:
    """Each node's description per row, what its rows add up to, its label and its file."""

    def __init__(self, context: Context, problems: list[Problem]) -> None:
        self.context = context
        self.problems = problems
        self.files: dict[Path, Graph] = defaultdict(Graph)
        self.rows_of: dict[URIRef, list[int]] = {}
        self._rows: dict[URIRef, dict[int, Pairs]] = defaultdict(dict)
        self._extra: dict[URIRef, Pairs] = defaultdict(set)
        self._labels: dict[URIRef, list[tuple[int, str, bool]]] = defaultdict(list)
        self.home: dict[URIRef, Path] = {}

    def _problem(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(Problem(row, column, message))

    def describe(
        self,
        node: URIRef,
        row: int,
        home: Path,
        pairs: Pairs,
        label: str | None = None,
        explicit: bool = False,
    ) -> None:
        """What `row` says of `node` (to be written into `home`); `label` is its English label,
        `explicit` when the researcher wrote it (the summary)."""
        own = {pair for pair in pairs if pair[0] not in ACCUMULATED}
        self._extra[node] |= pairs - own
        self._rows[node][row] = own
        if label is not None:
            self._labels[node].append((row, label, explicit))
        self.home.setdefault(node, home)

    def add(self, node: URIRef, pairs: Pairs) -> None:
        """What a node gains beside its rows' descriptions (its source, a type)."""
        self._extra[node] |= pairs

    def settle(self) -> None:
        """Check that rows agree, compare with the data, and fill `files`."""
        for node, by_row in self._rows.items():
            numbers = sorted(by_row)
            base = by_row[numbers[0]]
            for number in numbers[1:]:
                if by_row[number] != base:
                    self._disagree(node, numbers[0], number, base, by_row[number])
                    break
            else:
                label = self._label(node)
                pairs = base | self._extra[node]
                if label is not None:
                    pairs.add((RDFS.label, Literal(label, lang="en")))
                self._place(node, numbers, pairs)

    def _label(self, node: URIRef) -> str | None:
        labels = self._labels.get(node)
        if not labels:
            return None
        explicit = sorted((row, text) for row, text, given in labels if given)
        if len({text for _, text in explicit}) > 1:
            first_row, first = explicit[0]
            other_row = next(row for row, text in explicit if text != first)
            self._problem(
                other_row,
                "summary",
                (
                    f"{short(node)} has the summary '{first}' in row {first_row}: one claim has "
                    "one "
                    "summary (leave it empty in the other rows)"
                ),
            )
            return None
        return explicit[0][1] if explicit else min(labels)[1]

    def _disagree(self, node: URIRef, first: int, number: int, base: Pairs, other: Pairs) -> None:
        prop = sorted({p for p, _ in base ^ other}, key=str)[0]
        there = _values(base, prop)
        here = _values(other, prop)
        what = WHAT_MAKES_ONE.get(kind_of(node), kind_of(node))
        self._problem(
            number,
            self._column(node, prop, base, other),
            (
                f"{short(node)} is also given in row {first}, with {there} there and {here} here: "
                f"the rows of one {what} agree"
            ),
        )

    def _column(self, node: URIRef, prop: URIRef, one: Pairs, two: Pairs) -> str | None:
        kind = kind_of(node)
        if prop == GSO.datePrecision:
            return "source_date" if kind == "source" else "date"
        if prop == RDF.type:
            return "speech_mode" if kind == "statement" else "source_type"
        if prop == GSO.text and {str(o) for p, o in one if p == prop} == {
            str(o) for p, o in two if p == prop
        }:
            return "quotation_language"
        if prop == RDFS.label:
            return {"authority": "body_name_en", "person": "speaker"}.get(kind, "body")
        return COLUMN_OF.get(prop)

    def _place(self, node: URIRef, numbers: list[int], pairs: Pairs) -> None:
        home = self.home[node]
        if not self.context.described(node):
            self._add(node, home, numbers, pairs)
            return
        files = self.context.files_of(node)
        where = home.relative_to(self.context.data_dir).as_posix()
        if home not in files:
            self._problem(
                numbers[0],
                None,
                (
                    f"{short(node)} is already described in "
                    f"{files[0].relative_to(self.context.data_dir).as_posix()}, not in {where}: "
                    "a source's statements and claims live in its file (docs/MODEL.md, 'Files')"
                ),
            )
            return
        existing = {pair for pair in self.context.description(node, home) if pair[0] != RDFS.label}
        planned = {pair for pair in pairs if pair[0] != RDFS.label}
        own_existing = {pair for pair in existing if pair[0] not in ACCUMULATED}
        own_planned = {pair for pair in planned if pair[0] not in ACCUMULATED}
        added = {pair for pair in planned if pair[0] in ACCUMULATED} - existing
        if own_planned == own_existing and {p for p, _ in added} <= {DERIVED}:
            if added:  # a further statement of the same source: adding, not overwriting
                self._add(node, home, numbers, added)
            return  # otherwise imported before: left as it is
        differing = sorted(
            {p for p, _ in own_planned ^ own_existing} | {p for p, _ in added}, key=str
        )
        said = "; ".join(
            f"{short(p)}: {_values(existing, p)} in the file, "
            f"{_values(planned | (existing if p in ACCUMULATED else set()), p)} "
            "in the sheet"
            for p in differing[:3]
        )
        what = "claim" if kind_of(node) == "decision" else kind_of(node)
        self._problem(
            numbers[0],
            self._column(node, differing[0], existing, planned),
            (
                f"{short(node)} is already in {where} and says otherwise ({said}); an existing "
                f"{what} is never overwritten: correct the row, or, if the file is wrong, correct "
                "the file by hand"
            ),
        )

    def _add(self, node: URIRef, home: Path, numbers: list[int], pairs: Pairs) -> None:
        graph = self.files[home]
        for prop, value in pairs:
            graph.add((node, prop, value))
        self.rows_of[node] = numbers


def _values(pairs: Pairs, prop: URIRef) -> str:
    values = sorted(short(o) for p, o in pairs if p == prop)
    return ", ".join(values) if values else "nothing"
