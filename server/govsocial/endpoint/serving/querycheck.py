"""Check a query's text before any engine sees it: escapes, size, nesting, SERVICE.

SPARQL applies `\\u`/`\\U` code point escapes to the whole query string before tokenizing
(SPARQL 1.1 Query, 19.2), so `\\u0053ERVICE` is the keyword SERVICE to a conforming parser
(rdflib's), while pyoxigraph does not unescape at all. We unescape, check the result, and hand
exactly that text to the engine: engine and check then see the same query.

The check lexes just enough of SPARQL to know what is code: comments, the four string forms and
IRI references are masked; a backslash outside strings is a local-name escape (`ex:a\\'`) and
takes the next character with it. In the code that remains, `SERVICE` is searched as a keyword
(any case, not part of a prefixed or variable name) and bracket nesting is measured. Measured
with pyoxigraph 0.5.13 (segfault = stack overflow in its recursive parser/evaluator): 5,000
nested braces or parentheses crash it; so do 20,000 chained `+`, `||` or `!`, and 5,000
MINUS or BIND in one group (each nests the algebra one level deeper). So nesting is bounded,
and so is the number of operators and group elements (braces, parentheses, the keywords that
add an algebra level); long VALUES blocks stay free.

Choice: a lexer rather than rdflib's parser: rdflib takes tens of milliseconds per query and
recurses itself (RecursionError on deep input); the lexer is linear and takes microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from govsocial.endpoint.store.errors import QueryRefused
from govsocial.endpoint.store.lexer import mask

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

_PREFIX_DECL = re.compile(r"(?<![\w:?$\-])PREFIX\s+([^\s:]*):\s*<([^<>\"{}|^`\\\x00-\x20]*)>", re.I)
_BASE_DECL = re.compile(r"(?<![\w:?$\-])BASE\s*<([^<>\"{}|^`\\\x00-\x20]*)>", re.I)
# SERVICE as a keyword: not preceded by a name character (prefixed name `ex:SERVICE`,
# variable `?SERVICE`, local name `a-SERVICE`), not followed by one or by `:` (prefix name).
_SERVICE = re.compile(r"(?<![\w:?$\-\\])SERVICE(?![\w\-:])", re.I)
_SERVICE_TARGET = re.compile(
    r"\s*(?:SILENT(?![\w\-:])\s*)?(?:(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<pname>[^\s{}()<>?$]*:[^\s{}()<>]*))?",
    re.I,
)
# what nests the algebra or an expression one level deeper; `-` only outside names
_ELEMENTS = re.compile(
    r"\|\||&&|[+*/!|^{(]|(?<![\w\-])-"
    r"|(?<![\w:?$\-])(?:MINUS|OPTIONAL|BIND|UNION|FILTER|GRAPH|SERVICE|EXISTS|SELECT)(?![\w\-:])",
    re.I,
)


@dataclass(frozen=True)
class Limits:
    """What a query may be: lengths in characters."""

    max_length: int = 100_000
    max_depth: int = 64
    max_elements: int = 2_000  # operators and group elements (chains recurse in the engine)
    service_allowlist: frozenset[str] = frozenset()


def unescape(query: str) -> str:
    """Apply SPARQL's code point escapes to the whole text; refuse impossible code points."""

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryRefused(f"invalid code point escape {match.group(0)}")
        return chr(code)

    return _CODEPOINT.sub(replace, query) if "\\" in query else query


def _depth(code: str) -> int:
    depth = deepest = 0
    for c in code:
        if c in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "})]":
            depth -= 1
    return deepest


def _prefixes(query: str, code: str) -> tuple[dict[str, str], str | None]:
    # declarations are read from the original text where `code` shows they are code
    prefixes = {}
    for match in _PREFIX_DECL.finditer(query):
        if code[match.start()] != " ":
            prefixes[match.group(1)] = match.group(2)
    base = next((m.group(1) for m in _BASE_DECL.finditer(query) if code[m.start()] != " "), None)
    return prefixes, base


def _line_column(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def _check_services(query: str, code: str, limits: Limits, base_iri: str | None) -> None:
    services = list(_SERVICE.finditer(code))
    if not services:
        return
    prefixes, base = _prefixes(query, code)
    base = urljoin(base_iri or "", base) if base else base_iri
    for match in services:
        where = _line_column(query, match.start())
        target = _SERVICE_TARGET.match(query, match.end())
        endpoint = None
        if target and target.group("iri"):
            endpoint = urljoin(base or "", target.group("iri")[1:-1])
        elif target and target.group("pname"):
            prefix, _, local = target.group("pname").partition(":")
            if prefix in prefixes:
                endpoint = urljoin(base or "", prefixes[prefix]) + local
        if endpoint is None:
            raise QueryRefused(
                f"SERVICE at {where}: federated queries need a fixed endpoint IRI on this "
                "endpoint's allow-list; a variable or unknown prefix is refused"
            )
        if endpoint not in limits.service_allowlist:
            allowed = ", ".join(sorted(limits.service_allowlist)) or "none"
            raise QueryRefused(
                f"SERVICE <{endpoint}> at {where} is not allowed: this endpoint makes no "
                f"requests to other services except those on its allow-list ({allowed})"
            )


# what a match of _ELEMENTS starts with: one of these characters, or one of these keywords
_ELEMENT_STARTS = "|&+*/!^{(-"
_ELEMENT_KEYWORDS = (
    "minus",
    "optional",
    "bind",
    "union",
    "filter",
    "graph",
    "service",
    "exists",
    "select",
)


def _far_below_limits(text: str, limits: Limits) -> bool:
    """True when cheap upper bounds already show the query within every limit, so masking
    (0.5 ms for a 2 kB query with the usual PREFIX lines) can be skipped.

    Masking only blanks text: it never adds a bracket, an element or a SERVICE keyword that
    the raw text lacks (the characters it leaves before or after a masked span, delimiters and
    underscores, block a keyword match as the original ones did). So nesting is at most the
    number of opening brackets, the elements at most the occurrences of what starts one, and
    without SERVICE in the raw text there is none in the code.
    """
    if text.count("{") + text.count("(") + text.count("[") > limits.max_depth:
        return False
    lower = text.lower()
    starts = sum(map(text.count, _ELEMENT_STARTS)) + sum(map(lower.count, _ELEMENT_KEYWORDS))
    if starts > limits.max_elements:
        return False
    return "service" not in lower or _SERVICE.search(text) is None


def check_query(query: str, limits: Limits, base_iri: str | None = None) -> str:
    """Return the text to hand to the engine, or raise QueryRefused saying what is wrong."""
    if len(query) > limits.max_length:
        raise QueryRefused(
            f"the query is {len(query)} characters long; this endpoint accepts at most "
            f"{limits.max_length}"
        )
    text = unescape(query)
    if _far_below_limits(text, limits):
        return text
    code = mask(text)
    depth = _depth(code)
    if depth > limits.max_depth:
        raise QueryRefused(
            f"query too complex: brackets nested {depth} deep, at most {limits.max_depth} allowed"
        )
    elements = len(_ELEMENTS.findall(code))
    if elements > limits.max_elements:
        raise QueryRefused(
            f"query too complex: {elements} operators and group elements, at most "
            f"{limits.max_elements} allowed"
        )
    _check_services(text, code, limits, base_iri)
    return text


def limits_from_config(config: Mapping[str, Any]) -> Limits:
    """Build the query text limits from the app configuration."""
    return Limits(
        max_length=int(config["MAX_QUERY_LENGTH"]),
        max_depth=int(config["MAX_QUERY_DEPTH"]),
        max_elements=int(config["MAX_QUERY_ELEMENTS"]),
        service_allowlist=frozenset(config["SERVICE_ALLOWLIST"] or ()),
    )
