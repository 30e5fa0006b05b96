"""Keep a Turtle file's comments when `govsocial format` rewrites it.

rdflib's parser drops comments and records no positions, so a small scanner finds them. It is
correct because in Turtle `#` starts a comment only between tokens: inside an IRI `<...>` (which
cannot hold `>`), inside a string (`"..."`, `'...'`, `\"\"\"...\"\"\"`, `'''...'''`, which end
at their first unescaped closing quotes) and inside a name (where it must be escaped, `\\#`) it
is text. The scanner reads those tokens whole, so every `#` it meets outside them starts a
comment that runs to the end of the line. It only ever reads text that pyoxigraph has parsed
(`check_syntax`) or that rdflib has written, so it needs no error handling of its own.

Where each comment goes, by the statement (subject block) or directive it belongs to:

* **header**: comments before the first directive, or among the `@prefix`/`PREFIX`/`BASE`
  directives, stay at the top (blank lines between them kept, one at most). In a file without
  directives, the comments at the top are the header unless directly above the first block.
* **block**: comments between two blocks are attached to the *next* block, blank lines between
  them dropped, and stay directly above that block wherever the subjects are sorted to. Comments
  inside a block, or after its final `.` on the same line, move above the block, after those
  already there. Blocks of one subject in several places merge, their comments in file order.
* **trailer**: comments after the last block stay at the end of the file. A block whose subject
  is a blank node (`[ ... ]`, `_:b`, a collection) has no name to find it again by after the
  rewrite, so its comments go to the trailer too, in file order, rather than being dropped.

The output puts a blank line between header, prefixes, blocks and trailer, so reading it again
puts every comment back where it was: the canonical text is a fixed point (canonical.py checks).
Subject names are resolved by rdflib itself (`resolve_names`), with the file's own prefixes and
base, so a comment finds its block by the very term rdflib wrote that block for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

_NAME_CHAR = r"""[^ \t\r\n<>"'\#;,\[\]().\\]"""
_TOKEN = re.compile(
    rf"""
      (?P<space>[ \t\r\n]+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<iri><[^>]*>)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                | '''(?:[^'\\]|\\.|'(?!''))*'''
                | "(?:[^"\\\r\n]|\\.)*"
                | '(?:[^'\\\r\n]|\\.)*')
    # prefixed names, keywords, numbers, language tags, `^^`: a `.` inside belongs to them
    # (`ex:a.b`, `1.5`), a `.` at their end closes the statement
    | (?P<word>(?:{_NAME_CHAR}|\\.|\.(?=[0-9]))(?:{_NAME_CHAR}|\\.|\.+(?={_NAME_CHAR}|\\))*)
    | (?P<punct>[.;,\[\]()])
    """,
    re.VERBOSE | re.DOTALL,
)
_ANCHOR = "urn:x-govsocial:anchor"


@dataclass(frozen=True)
class Comment:
    line: int
    text: str


@dataclass
class _Token:
    kind: str
    text: str
    line: int
    end_line: int


@dataclass
class Directive:
    text: str
    line: int
    prefix: str | None  # the declared name for a prefix directive ("" for `:`), else None


@dataclass
class Statement:
    subject: str  # the subject as written: `<iri>`, `ex:name`, `_:b`, `[` or `(`
    line: int  # where the block starts
    directives_before: int  # how many directives are in effect (prefixes, base)
    comments: list[Comment] = field(default_factory=list)


@dataclass
class TurtleLayout:
    header: list[Comment] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    trailer: list[Comment] = field(default_factory=list)


def _tokens(text: str) -> Iterator[_Token]:
    line, position = 1, 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ValueError(f"line {line}: not Turtle (the scanner needs checked input)")
        kind, value = match.lastgroup or "", match.group()
        end_line = line + value.count("\n")
        if kind != "space":
            yield _Token(kind, value, line, end_line)
        line, position = end_line, match.end()


def _is_complete(item: list[_Token], depth: int) -> bool:
    """Tell whether the tokens so far make one whole directive or statement."""
    first, last = item[0].text.lower(), item[-1]
    if first in ("prefix", "base"):  # SPARQL style: no final "."
        return last.kind == "iri"
    return last.kind == "punct" and last.text == "." and depth == 0


def read_layout(text: str) -> TurtleLayout:
    """Find the directives, the statements and the comments of a (valid) Turtle text."""
    layout = TurtleLayout()
    item: list[_Token] = []  # the tokens of the open directive or statement
    within: list[Comment] = []  # comments inside it
    pending: list[Comment] = []  # comments between items, waiting for the next one
    same_line: list[Comment] = pending  # where a comment on the last item's final line goes
    # (never used before an item is complete: no token is on line 0)
    depth, last_line = 0, 0
    for token in _tokens(text):
        if token.kind == "comment":
            comment = Comment(token.line, token.text.rstrip())
            if item:
                within.append(comment)
            else:
                (same_line if token.line == last_line else pending).append(comment)
            continue
        if not item:
            before, pending, within = pending, [], []
        item.append(token)
        if token.kind == "punct" and token.text in "[(":
            depth += 1
        elif token.kind == "punct" and token.text in "])":
            depth -= 1
        if not _is_complete(item, depth):
            continue
        keyword = item[0].text.lower()
        if keyword in ("prefix", "@prefix", "base", "@base"):
            name = item[1].text[:-1] if keyword.endswith("prefix") else None
            written = " ".join(part.text for part in item)
            layout.directives.append(Directive(written, item[0].line, name))
            same_line = layout.header
        else:
            if not layout.directives and not layout.statements:
                before = _split_header(layout, before, item[0].line)
            layout.statements.append(Statement(item[0].text, item[0].line, len(layout.directives)))
            same_line = layout.statements[-1].comments
        same_line.extend(before + within)
        item, last_line = [], token.end_line
    (layout.trailer if layout.statements else layout.header).extend(pending)
    return layout


def _split_header(layout: TurtleLayout, before: list[Comment], line: int) -> list[Comment]:
    """At the top of a file without directives, the comment lines directly above the first
    block are that block's; those before them (and a blank line) are the file's header."""
    start, above = len(before), line - 1
    while start > 0 and before[start - 1].line == above:
        start, above = start - 1, above - 1
    layout.header.extend(before[:start])
    return before[start:]


def resolve_names(
    layout: TurtleLayout, base: str, names: Sequence[tuple[int, str]]
) -> list[URIRef | None]:
    """Return the IRI rdflib reads for each name as written (None for a blank node).

    Each name comes with the number of the layout's directives in effect where it was written.
    One small Turtle text holds the directives, each name placed among them as the subject of
    `name <anchor> index .`; rdflib's own parser resolves them, prefixes, base, escapes and all.
    """
    probes: dict[int, list[str]] = {}
    for index, (directives_before, name) in enumerate(names):
        if name.startswith("<") or (":" in name and not name.startswith("_:")):
            probes.setdefault(directives_before, []).append(f"{name} <{_ANCHOR}> {index} .")
    if not probes:
        return [None] * len(names)
    lines: list[str] = []
    for position in range(len(layout.directives) + 1):
        lines += probes.get(position, [])
        if position < len(layout.directives):
            lines.append(layout.directives[position].text)
    graph = Graph(bind_namespaces="none")
    graph.parse(data="\n".join(lines), format="turtle", publicID=base)
    # every probe is `<iri> <anchor> index .`: the narrowing leaves nothing out
    found = {
        int(index.toPython()): name
        for name, _, index in graph
        if isinstance(name, URIRef) and isinstance(index, Literal)
    }
    return [found.get(index) for index in range(len(names))]


def prefix_declarations(layout: TurtleLayout, base: str) -> list[tuple[str, str, int]]:
    """Return (name, namespace, line) for each prefix the text declares, in order."""
    declared = [
        (after, directive)
        for after, directive in enumerate(layout.directives, 1)
        if directive.prefix is not None
    ]
    namespaces = resolve_names(layout, base, [(after, f"{d.prefix}:") for after, d in declared])
    return [
        (str(directive.prefix), str(namespace), directive.line)
        for (_, directive), namespace in zip(declared, namespaces, strict=True)
    ]


def _lines(comments: list[Comment]) -> list[str]:
    """The comments' text, with one blank line where the file had blank lines (or directives)."""
    lines: list[str] = []
    for previous, comment in zip([None, *comments], comments, strict=False):
        if previous is not None and comment.line > previous.line + 1:
            lines.append("")
        lines.append(comment.text)
    return lines


def with_comments(body: str, source: TurtleLayout, base: str) -> str:
    """Return the source's header, `body` (rdflib's text of the source's graph) with each
    block's comments directly above it, and the trailer, separated by blank lines."""
    commented = [statement for statement in source.statements if statement.comments]
    subjects = resolve_names(source, base, [(s.directives_before, s.subject) for s in commented])
    by_subject: dict[URIRef, list[str]] = {}
    trailer: list[str] = []
    for statement, subject in zip(commented, subjects, strict=True):
        texts = [comment.text for comment in statement.comments]
        (trailer if subject is None else by_subject.setdefault(subject, [])).extend(texts)
    lines = body.splitlines()
    if by_subject:
        written = read_layout(body)
        names = resolve_names(
            written, base, [(s.directives_before, s.subject) for s in written.statements]
        )
        # from the last block up, so that inserting lines does not move the blocks still to do
        for statement, subject in reversed(list(zip(written.statements, names, strict=True))):
            texts = by_subject.pop(subject, []) if subject is not None else []
            lines[statement.line - 1 : statement.line - 1] = texts
        # a subject with no block of its own in the output: keep its comments all the same
        trailer += [text for texts in by_subject.values() for text in texts]
    parts = [_lines(source.header), lines, trailer + _lines(source.trailer)]
    return "\n\n".join("\n".join(part) for part in parts if part) + "\n"
