"""Tell SPARQL code from what hides code in a query's text: comments, strings, IRI references.

Used where a query's text must be read without a parser: the endpoint's query check
(serving/querycheck.py) and the remote store, which looks for the query form.
"""

from __future__ import annotations

import re

# Terminals of the SPARQL 1.1 grammar (section 19.8) that hide code: strings and IRIs.
_STRING_LONG1 = re.compile(r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''", re.S)
_STRING_LONG2 = re.compile(r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""', re.S)
_STRING1 = re.compile(r"'(?:[^'\\\n\r]|\\.)*'")
_STRING2 = re.compile(r'"(?:[^"\\\n\r]|\\.)*"')
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


# What `mask` blanks, tried in this order wherever the scan stands: a comment, a string (long
# forms first), an IRI reference, a local-name escape outside strings (`ex:a\\'` keeps the pair
# as a name), and an unterminated string (the engine reports it; the rest is masked so nothing
# in it counts, and the engine, seeing the same text, fails on it anyway).
_MASKED = re.compile(
    "|".join(
        (
            r"(?P<comment>#[^\n]*)",
            f"(?P<string>(?s:{_STRING_LONG1.pattern})|{_STRING1.pattern}"
            f"|(?s:{_STRING_LONG2.pattern})|{_STRING2.pattern})",
            f"(?P<iri>{_IRIREF.pattern})",
            r"(?P<escape>\\[\s\S]?)",
            r"(?P<open>['\"][\s\S]*)",
        )
    )
)
_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(match: re.Match[str]) -> str:
    text = match.group(0)
    kind = match.lastgroup
    if kind == "comment":
        return " " * len(text)
    if kind == "escape":
        return _NOT_NEWLINE.sub("_", text)
    if kind == "open":
        return _NOT_NEWLINE.sub(" ", text)
    return text[0] + _NOT_NEWLINE.sub(" ", text[1:-1]) + text[-1]  # keep the delimiters


def mask(query: str) -> str:
    """Return the query with comments, strings and IRIs blanked (same length, same lines)."""
    return _MASKED.sub(_blank, query)
