"""The checks of data/ against a source folder; each returns the mismatches it found.

- every source address in the data is listed in the notes (a secondary web page by its site,
  a mirror copy by its path, with the address marked as inferred), and every address the notes
  list is in the data;
- every statement citing a full text is, in the text's language, verbatim in it (quotation marks
  and whitespace aside), and a direct quotation stands between „ and “ there;
- every sentence of a full text is covered by a statement or left out by the audit, and every
  sentence the audit leaves out is in the text and covered by no statement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Identifier, Node

from govsocial.graph.namespaces import GSO, SCHEMA, VOCAB
from govsocial.graph.sourcecheck.audit import FullText
from govsocial.graph.sourcecheck.folder import SourceFolder
from govsocial.graph.stats import compact

QUOTE_MARKS = re.compile("[\"'„“”‚‘’«»]")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-ZÄÖÜ„])")
DIRECT_QUOTATION = VOCAB["speech-mode/direct-quotation"]
SECONDARY_WEB_PAGE = VOCAB["source-type/secondary-web-page"]
MIRROR_COPY = VOCAB["source-type/mirror-copy"]
Where = Callable[[Node], str]  # the data file a node is described in, for the report


def normalise(text: str) -> str:
    """Drop quotation marks and collapse whitespace, so typography cannot hide a difference."""
    return " ".join(QUOTE_MARKS.sub("", text).split())


def sentences(text: str) -> list[str]:
    """Split a text into headings and sentences (a sentence ends with . ? or !)."""
    parts: list[str] = []
    for line in text.splitlines():
        if line.strip():
            parts += SENTENCE_END.split(line.strip())
    return parts


def quotations(text: str) -> set[str]:
    """What the text puts between „ and “, whitespace collapsed."""
    return {" ".join(quoted.split()) for quoted in re.findall("„([^“]+)“", text)}


@dataclass(frozen=True)
class Mismatch:
    """One disagreement: where (data file or source file), what (node or sentence), and the text."""

    file: str
    subject: str
    problem: str
    quotation: str

    def __str__(self) -> str:
        return f'{self.file}: {self.subject}: {self.problem}: "{self.quotation}"'


@dataclass
class Report:
    mismatches: list[Mismatch] = field(default_factory=list)
    addresses: int = 0  # source addresses checked against the notes
    statements: int = 0  # statements checked against a full text
    texts: int = 0

    def summary(self) -> str:
        counts = (
            f"{self.statements} statement(s) against {self.texts} full text(s) and "
            f"{self.addresses} source address(es) against the notes"
        )
        if self.mismatches:
            return f"{len(self.mismatches)} mismatch(es) checking {counts}"
        return f"no mismatches: checked {counts}"


def check(
    graph: Graph,
    folder: SourceFolder,
    texts: Sequence[FullText],
    origin: Mapping[Node, str] | None = None,
) -> Report:
    """Run every check of the data `graph` against `folder` and the full `texts` in it.

    `origin` names the data file of a node for the report (default: "data").
    """

    def where(node: Node) -> str:
        return (origin or {}).get(node, "data")

    report = Report(texts=len(texts))
    report.mismatches += check_addresses(graph, folder, where, report)
    report.mismatches += check_listed_sources_present(graph, folder)
    for text in texts:
        report.mismatches += check_full_text(graph, folder, text, where, report)
    return report


def _sorted(nodes: Iterable[Node]) -> list[Identifier]:
    # every parsed term is an Identifier (IRI, blank node, literal): nothing is left out
    return sorted(node for node in nodes if isinstance(node, Identifier))


def check_addresses(
    graph: Graph, folder: SourceFolder, where: Where, report: Report
) -> list[Mismatch]:
    """Every source document's address is listed in the notes, or one of two documented
    exceptions: a secondary web page known only by its site, and a mirror copy whose original
    address is presumed from the path the notes give (marked inferred)."""
    listed, notes = folder.listed_urls(), folder.notes_text
    found = []
    for source in _sorted(graph.subjects(RDF.type, GSO.SourceDocument)):
        for url in sorted(str(u) for u in graph.objects(source, SCHEMA.url)):
            report.addresses += 1
            if url in listed:
                continue
            source_type = graph.value(source, GSO.sourceType)
            parts = urlsplit(url)
            if source_type == SECONDARY_WEB_PAGE:
                if parts.path in ("", "/") and parts.netloc and parts.netloc in notes:
                    continue
                problem = "a secondary web page whose site is not in the notes (or with a path)"
            elif source_type == MIRROR_COPY:
                if (source, GSO.inferredProperty, SCHEMA.url) in graph and parts.path in notes:
                    continue
                problem = (
                    "a mirror copy's presumed address needs its path in the notes and "
                    "gso:inferredProperty schema:url"
                )
            else:
                problem = "address not listed in the source notes"
            found.append(Mismatch(where(source), compact(source), problem, url))
    return found


def check_listed_sources_present(graph: Graph, folder: SourceFolder) -> list[Mismatch]:
    """No source the notes list was left out (profile links such as Threads accounts are the
    schema:url of channels)."""
    in_graph = {str(url) for url in graph.objects(None, SCHEMA.url)}
    return [
        Mismatch(
            str(folder.path / note),
            url,
            "listed in the notes, but no node in the data has this schema:url",
            url,
        )
        for url, note in sorted(folder.noted_urls().items())
        if url not in in_graph
    ]


def check_full_text(
    graph: Graph, folder: SourceFolder, text: FullText, where: Where, report: Report
) -> list[Mismatch]:
    """The statements citing `text` against it, and the text's sentences against them."""
    file = str(folder.path / text.file)
    article = folder.texts[text.file]
    sources = set(graph.subjects(SCHEMA.url, URIRef(text.url)))
    if not sources:
        return [
            Mismatch(
                file,
                "source document",
                "no source document in the data has this "
                "schema:url, so nothing was checked against the text",
                text.url,
            )
        ]
    statements = _sorted(
        st
        for st in graph.subjects(RDF.type, GSO.Statement)
        if graph.value(st, DCTERMS.source) in sources
    )
    whole, quoted = normalise(article), quotations(article)
    found = []
    for st in statements:
        report.statements += 1
        value = graph.value(st, GSO.text)
        said = str(value) if value is not None else ""
        if not isinstance(value, Literal) or value.language != text.language:
            found.append(
                Mismatch(where(st), compact(st), f"gso:text is not a @{text.language} text", said)
            )
        elif normalise(said) not in whole:
            found.append(Mismatch(where(st), compact(st), f"not verbatim in {text.file}", said))
        if (
            graph.value(st, GSO.speechMode) == DIRECT_QUOTATION
            and " ".join(said.split()) not in quoted
        ):
            found.append(
                Mismatch(
                    where(st),
                    compact(st),
                    f"a direct quotation, but {text.file} does not put it between „ and “",
                    said,
                )
            )
    found += check_coverage(graph, statements, article, text, file)
    return found


def check_coverage(
    graph: Graph, statements: Sequence[Node], article: str, text: FullText, file: str
) -> list[Mismatch]:
    """Every sentence is covered by a statement's text or left out by the audit, never both."""
    said = [normalise(str(graph.value(st, GSO.text) or "")).rstrip(".") for st in statements]
    said = [words for words in said if words]
    parts = sentences(article)
    uncovered = [s for s in parts if not any(words in normalise(s) for words in said)]
    found, audited = [], set()
    for opening, why in text.left_out.items():
        sentence = next((s for s in parts if s.startswith(opening)), None)
        if sentence is None:
            found.append(
                Mismatch(
                    file,
                    "audit",
                    f"left out ({why}), but no sentence of the text starts with it",
                    opening,
                )
            )
        elif sentence not in uncovered:
            found.append(
                Mismatch(file, "audit", f"left out ({why}), but a statement covers it", sentence)
            )
        else:
            audited.add(sentence)
    for number, sentence in enumerate(parts, 1):
        if sentence in uncovered and sentence not in audited:
            found.append(
                Mismatch(
                    file,
                    f"sentence {number}",
                    "no statement covers it and the audit does not leave it out",
                    sentence,
                )
            )
    return found
