"""Write RDF terms and SHACL property paths as SPARQL text, for queries compiled from shapes."""

from __future__ import annotations

import re
from collections.abc import Callable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from govsocial.graph.namespaces import RDF, SH


class Unsupported(Exception):
    """A shape uses something the native compiler does not translate (pySHACL handles it)."""


def sparql_string(text: str) -> str:
    """Return a double-quoted SPARQL string literal for the text, escaped."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def iri(node: URIRef) -> str:
    """Return <IRI>, refusing characters SPARQL does not allow in an IRI reference."""
    text = str(node)
    if any(c in text for c in '<>"{}|^`\\ \n\t'):
        raise Unsupported(f"IRI {text!r} cannot be written in SPARQL")
    return f"<{text}>"


def term(node: Node) -> str:
    """Return the SPARQL text of an IRI or literal (blank nodes have no query syntax)."""
    if isinstance(node, URIRef):
        return iri(node)
    if isinstance(node, Literal):
        lexical = sparql_string(str(node))
        if node.language:
            return f"{lexical}@{node.language}"
        if node.datatype is not None:
            return f"{lexical}^^{iri(node.datatype)}"
        return lexical
    raise Unsupported(f"blank node {node} used as a constraint parameter")


def path(shapes: Graph, node: Node) -> str:
    """Return a SHACL property path as a SPARQL property path (same semantics as SHACL)."""
    if isinstance(node, URIRef):
        return iri(node)
    if not isinstance(node, BNode):
        raise Unsupported(f"{node!r} is not a property path")
    if shapes.value(node, RDF.first) is not None:
        steps = [path(shapes, step) for step in Collection(shapes, node)]
        if len(steps) < 2:
            raise Unsupported("a sequence path needs at least two steps")
        return "(" + "/".join(steps) + ")"
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        options = [path(shapes, a) for a in Collection(shapes, alternatives)]
        if len(options) < 2:
            raise Unsupported("an alternative path needs at least two members")
        return "(" + "|".join(options) + ")"
    for predicate, template in (
        (SH.inversePath, "(^{})"),
        (SH.zeroOrMorePath, "({})*"),
        (SH.oneOrMorePath, "({})+"),
        (SH.zeroOrOnePath, "({})?"),
    ):
        inner = shapes.value(node, predicate)
        if inner is not None:
            return template.format(path(shapes, inner))
    raise Unsupported(f"unknown property path {node}")


def _anchors(pattern: str) -> list[int]:
    """Return the positions of "$" end anchors (not escaped, not inside a [...] class)."""
    anchors, index, in_class = [], 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "^":
                index += 1
            if pattern[index + 1 : index + 2] == "]":  # "[]...]", "[^]...]": "]" is literal
                index += 1
        elif char == "$":
            anchors.append(index)
        index += 1
    return anchors


def python_search_pattern(pattern: str, flags: str = "") -> str:
    """Return the pattern for SPARQL REGEX so that it matches as pySHACL's re.search does.

    Python's "$" also matches before a final newline ("14612000\n" matches "^[0-9]{8}$"),
    SPARQL's only at the very end: a final "$" becomes "\n?$". A "$" elsewhere is refused.
    """
    if "x" in flags:
        raise Unsupported("the x flag (verbose patterns)")
    anchors = _anchors(pattern)
    if not anchors:
        return pattern
    if "m" in flags:
        raise Unsupported("'$' with the m flag")
    if anchors != [len(pattern) - 1]:
        raise Unsupported(f"pattern {pattern!r} has '$' before its end")
    return pattern[:-1] + "\\n?$"


SPARQL_FORBIDDEN = re.compile(
    r"\b(VALUES|MINUS|SERVICE|LIMIT|OFFSET|GROUP\s+BY|HAVING|ORDER\s+BY|GRAPH|FROM)\b"
    r"|[$?](shapesGraph|currentShape|failure|message)\b",
    re.IGNORECASE,
)
COMMENT = re.compile(r"(^|\s)#[^\n]*")
SELECT_HEAD = re.compile(
    r"\bSELECT\s+((?:DISTINCT|REDUCED)\s+)?(.*?)(?:\bWHERE\s*)?\{", re.IGNORECASE | re.DOTALL
)


def _verbatim(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for re.sub that inserts `text` as it is (no backslash escapes)."""
    return lambda _match: text


def rewrite_select(select: str, prefixes: str, targets: str, bindings: dict[str, str]) -> str:
    """Rewrite a SHACL-SPARQL SELECT to run for all focus nodes in one query.

    `targets` is a group binding ?this to every focus node; it joins the query's WHERE group
    first, which is what pre-binding $this means for the queries accepted here (no subquery,
    no VALUES, MINUS or LIMIT: forms where joining and pre-binding could differ are refused).
    `bindings` replace other pre-bound variables (a component's parameters, as SPARQL text).
    """
    # comments first: a "# ... VALUES ..." comment is no VALUES clause ("#" after a blank
    # starts a comment; inside an IRI it follows a non-blank character)
    select = COMMENT.sub(r"\1", select)
    if SPARQL_FORBIDDEN.search(select):
        raise Unsupported("the SELECT uses a form pySHACL checks itself (VALUES, MINUS, ...)")
    if len(re.findall(r"\bSELECT\b", select, re.IGNORECASE)) != 1:
        raise Unsupported("a SELECT with a subquery")
    select = select.replace("$this", "?this")
    for name, text in bindings.items():
        select = re.sub(r"[$?]" + re.escape(name) + r"\b", _verbatim(text), select)
    if "$" in select:
        raise Unsupported("a pre-bound variable the compiler does not know")
    head = SELECT_HEAD.search(select)
    if head is None:
        raise Unsupported("no SELECT ... { found")
    projection = head.group(2).strip()
    if "(" in projection:
        raise Unsupported("an expression in the SELECT clause")
    if projection != "*" and not re.search(r"\?this\b", projection):
        projection = f"?this {projection}"
    rewritten = (
        select[: head.start()]
        + f"SELECT {head.group(1) or ''}{projection} WHERE {{ {targets} "
        + select[head.end() :]
    )
    return f"{prefixes}\n{rewritten}"
