"""The SPARQL text the compiler writes: paths, patterns and rewritten SHACL-SPARQL queries."""

from __future__ import annotations

import re

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from govsocial.graph.validation.sparqltext import (
    Unsupported,
    path,
    python_search_pattern,
    rewrite_select,
    term,
)

TARGETS = "{ SELECT DISTINCT ?this WHERE { ?this a <https://example.org/C> } }"


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^[0-9]{8}$", "14612000", True),
        ("^[0-9]{8}$", "14612000\n", True),  # Python's "$" allows one final newline
        ("^[0-9]{8}$", "14612000\n\n", False),
        ("^https?://", "https://x", True),
        (r"a\$", "a$", True),
        ("[$]x", "$x", True),
    ],
)
def test_patterns_keep_python_semantics(pattern: str, text: str, matches: bool) -> None:
    assert bool(re.search(pattern, text)) is matches  # what pySHACL does
    # the rewritten pattern, read by a regex engine without Python's "$" rule (\Z = end)
    rewritten = python_search_pattern(pattern)
    strict = rewritten[:-1] + r"\Z" if rewritten.endswith("\\n?$") else rewritten
    assert bool(re.search(strict, text)) is matches


@pytest.mark.parametrize("pattern", ["a$|b$", "^a$b"])
def test_inner_end_anchors_are_refused(pattern: str) -> None:
    with pytest.raises(Unsupported):
        python_search_pattern(pattern)


def test_terms_are_escaped() -> None:
    assert term(Literal('say "hi"\n', lang="en")) == '"say \\"hi\\"\\n"@en'
    with pytest.raises(Unsupported):
        term(URIRef("https://example.org/a b"))
    with pytest.raises(Unsupported):
        term(BNode())


def test_alternative_path() -> None:
    graph = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <https://example.org/s> sh:path [
            sh:alternativePath ( <https://e.org/a> [ sh:inversePath <https://e.org/b> ] ) ] .
    """,
        format="turtle",
    )
    node = next(graph.objects(None, URIRef("http://www.w3.org/ns/shacl#path")))
    assert path(graph, node) == "(<https://e.org/a>|(^<https://e.org/b>))"


def test_select_gets_targets_and_this() -> None:
    query = rewrite_select(
        """SELECT ?value WHERE {
            # VALUES in a comment is no VALUES clause
            $this <https://e.org/p> ?value . FILTER NOT EXISTS { ?value $kind [] } }""",
        "PREFIX e: <https://e.org/>",
        TARGETS,
        {"kind": "<https://e.org/k>"},
    )
    assert query.startswith("PREFIX e: <https://e.org/>\n")
    assert f"SELECT ?this ?value WHERE {{ {TARGETS}" in query
    assert "$" not in query and "<https://e.org/k>" in query and "VALUES" not in query


@pytest.mark.parametrize(
    "select",
    [
        "SELECT $this WHERE { VALUES ?x { 1 } }",
        "SELECT $this WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }",
        "SELECT $this WHERE { $this ?p ?o } LIMIT 1",
        "SELECT $this (COUNT(?o) AS ?n) WHERE { $this ?p ?o } GROUP BY $this",
        "SELECT $this WHERE { $this ?p $shapesGraph }",
    ],
)
def test_forms_where_joining_is_not_prebinding_are_refused(select: str) -> None:
    with pytest.raises(Unsupported):
        rewrite_select(select, "", TARGETS, {})
