"""Write RDF nodes as N-Triples or Turtle text, counting triples, without building rdflib objects.

The generator produces millions of triples; building rdflib terms for each would cost minutes and
gigabytes. Terms here are plain strings already in the output syntax: `Terms` makes them (prefixed
names and `true` in Turtle, full IRIs and typed literals in N-Triples), `NodeWriter` writes one
subject with its predicate-object pairs. A node is written as a unit, so it can be held back
(`Buffer`) and either committed or dropped when the triple budget is reached.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from govsocial.graph.canonical import CANONICAL_PREFIXES

FORMATS = ("ttl", "nt")
XSD = "http://www.w3.org/2001/XMLSchema#"

# Turtle and N-Triples share the string escapes of ECHAR; only these need escaping in our text.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})

Pair = tuple[str, str]


class Terms:
    """Make RDF terms as text in one output syntax."""

    def __init__(self, fmt: str, prefixes: dict[str, str] | None = None) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
        self.fmt = fmt
        self.turtle = fmt == "ttl"
        self.prefixes = dict(prefixes or CANONICAL_PREFIXES)

    def iri(self, prefix: str, local: str) -> str:
        """Return the term for `prefix:local` (the local part must be a valid Turtle local name)."""
        if self.turtle:
            return f"{prefix}:{local}"
        return f"<{self.prefixes[prefix]}{local}>"

    def full(self, iri: str) -> str:
        """Return the term for an absolute IRI (written in full in both syntaxes)."""
        return f"<{iri}>"

    def text(self, value: str, lang: str) -> str:
        """Return a language-tagged literal."""
        return f'"{value.translate(_ESCAPES)}"@{lang}'

    def plain(self, value: str) -> str:
        """Return an xsd:string literal (written without datatype, as both syntaxes allow)."""
        return f'"{value.translate(_ESCAPES)}"'

    def typed(self, lexical: str, xsd_local: str) -> str:
        """Return a literal of an XSD datatype, e.g. typed("2024-02", "gYearMonth")."""
        if self.turtle:
            return f'"{lexical}"^^xsd:{xsd_local}'
        return f'"{lexical}"^^<{XSD}{xsd_local}>'

    def boolean(self, value: bool) -> str:
        """Return an xsd:boolean literal."""
        lexical = "true" if value else "false"
        return lexical if self.turtle else f'"{lexical}"^^<{XSD}boolean>'

    def header(self, comment_lines: Sequence[str]) -> str:
        """Return the file header: comment lines, then the prefix table (Turtle only)."""
        lines = [f"# {line}".rstrip() for line in comment_lines]
        if self.turtle:
            lines.append("")
            lines.extend(f"PREFIX {p}: <{ns}>" for p, ns in sorted(self.prefixes.items()))
        lines.append("")
        return "\n".join(lines) + "\n"


class NodeWriter:
    """Format one subject with its types and predicate-object pairs, and count the triples."""

    def __init__(self, terms: Terms) -> None:
        self.terms = terms
        self.rdf_type = terms.iri("rdf", "type")

    def format(self, subject: str, types: Iterable[str], pairs: Iterable[Pair]) -> tuple[str, int]:
        """Return (text, triple count) of one node; the caller keeps pairs free of duplicates."""
        types = list(types)
        pairs = list(pairs)
        if self.terms.turtle:
            lines = [f"{subject} a {' , '.join(types)} ;"] if types else [f"{subject}"]
            lines.extend(f"    {p} {o} ;" for p, o in pairs)
            lines.append(".\n")
            return "\n".join(lines), len(types) + len(pairs)
        rows = [f"{subject} {self.rdf_type} {t} .\n" for t in types]
        rows.extend(f"{subject} {p} {o} .\n" for p, o in pairs)
        return "".join(rows), len(rows)


class Buffer:
    """Hold the nodes of one unit of work until it is committed to the output or dropped."""

    def __init__(self, writer: NodeWriter) -> None:
        self.writer = writer
        self.chunks: list[str] = []
        self.triples = 0

    def node(self, subject: str, types: Iterable[str], pairs: Iterable[Pair]) -> None:
        """Add one node to the unit."""
        text, count = self.writer.format(subject, types, pairs)
        self.chunks.append(text)
        self.triples += count


class Output:
    """The output stream: committed units go to the file, and the triple count follows them."""

    def __init__(self, stream: TextIO, writer: NodeWriter) -> None:
        self.stream = stream
        self.writer = writer
        self.triples = 0

    def buffer(self) -> Buffer:
        """Start a unit."""
        return Buffer(self.writer)

    def commit(self, unit: Buffer) -> None:
        """Write a unit to the file."""
        self.stream.write("".join(unit.chunks))
        if self.writer.terms.turtle:
            self.stream.write("\n")
        self.triples += unit.triples

    def raw(self, text: str) -> None:
        """Write text that holds no triples (the header)."""
        self.stream.write(text)
