"""Every shape fires on its invalid examples, exactly as each case file expects.

A case file `cases/<shape-local-name>--<what>.ttl` adds nodes with one defect next to the valid
fixture and lists the results it expects (focus node, source shape, constraint component,
severity) as gsotest:ExpectedResult triples. The results on the case's own nodes must equal that
list: a missing result means the shape does not fire, an extra one means the case or the shapes
say more than intended.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.term import Node

from govsocial.graph.namespaces import RDF, SH
from govsocial.graph.validation import ValidationReport

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
FIXTURES = HERE / "fixtures"
CASE_FILES = sorted(CASES.glob("*.ttl"))
GSOTEST = Namespace("https://w3id.org/govsocial/test#")
GSOSHAPE = Namespace("https://w3id.org/govsocial/shapes#")
BLANK = "(blank node)"

Key = tuple[str, str, str, str]


def shape_of_case(path: Path) -> str:
    return path.stem.split("--", 1)[0]


def expectations(path: Path) -> tuple[Graph, set[Key]]:
    graph = Graph().parse(path)
    expected: set[Key] = set()
    for node in graph.subjects(RDF.type, GSOTEST.ExpectedResult):
        focus = graph.value(node, GSOTEST.focusNode)
        expected.add(
            (
                BLANK if focus == GSOTEST.blankNode else str(focus),
                str(graph.value(node, GSOTEST.sourceShape)),
                str(graph.value(node, GSOTEST.sourceConstraintComponent)),
                str(graph.value(node, GSOTEST.resultSeverity)),
            )
        )
    return graph, expected


def key(focus: Node, shape: Node, component: Node, severity: Node) -> Key:
    focus_key = BLANK if isinstance(focus, BNode) else str(focus)
    return (focus_key, str(shape), str(component), str(severity))


def test_case_count_is_guarded() -> None:
    # a leftover glob or filter must not silently shrink the suite (pySHACL's own suite ran 1 of 85)
    assert len(CASE_FILES) >= 170


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_case_fires_exactly_as_expected(case: Path, cases_report: ValidationReport) -> None:
    _, expected = expectations(case)
    assert expected, f"{case.name} states no gsotest:ExpectedResult"
    actual = {
        key(r.focus_node, r.source_shape, r.component, r.severity)
        for r in cases_report.results
        if case.resolve() in {f.resolve() for f in r.files}
    }
    assert actual == expected, (
        f"{case.name}: missing {sorted(expected - actual)}; unexpected {sorted(actual - expected)}"
    )


def test_fixture_is_valid_without_any_result(cases_report: ValidationReport) -> None:
    fixture_files = {(FIXTURES / "valid.ttl").resolve(), (FIXTURES / "ontology.ttl").resolve()}
    on_fixture = [r for r in cases_report.results if fixture_files & {f.resolve() for f in r.files}]
    assert on_fixture == []


def test_every_result_belongs_to_a_case_or_the_fixture(cases_report: ValidationReport) -> None:
    assert [r for r in cases_report.results if not r.files] == []


def test_cases_describe_disjoint_nodes() -> None:
    """Cases share one validation run, so no case may add triples about another file's node."""
    owner: dict[Node, str] = {}
    for path in [FIXTURES / "valid.ttl", FIXTURES / "ontology.ttl", *CASE_FILES]:
        graph = Graph().parse(path)
        for subject in {s for s in graph.subjects() if isinstance(s, URIRef)}:
            assert subject not in owner, f"{subject} in {owner[subject]} and {path.name}"
            owner[subject] = path.name


def related_shapes(shapes: Graph, shape: URIRef) -> set[str]:
    """Return the shape, its property shapes and the shapes that use it as a value shape."""
    related = {shape} | set(shapes.objects(shape, SH.property))
    related |= set(shapes.subjects(SH.node, shape))
    related |= set(shapes.subjects(SH.qualifiedValueShape, shape))
    for list_node in shapes.subjects(RDF.first, shape):
        # walk back from the list cell to the shape whose sh:or/sh:and/sh:xone holds the list
        head = list_node
        while (previous := shapes.value(None, RDF.rest, head)) is not None:
            head = previous
        related |= {s for p in (SH["or"], SH["and"], SH.xone) for s in shapes.subjects(p, head)}
    return {str(s) for s in related}


def all_shapes(shapes: Graph) -> set[URIRef]:
    return {
        s
        for cls in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, cls)
        if isinstance(s, URIRef)
    }


def test_every_shape_has_a_case(shapes_graph: Graph) -> None:
    covered = {shape_of_case(p) for p in CASE_FILES}
    names = {str(s).removeprefix(str(GSOSHAPE)) for s in all_shapes(shapes_graph)}
    assert sorted(names - covered) == [], "shapes without an invalid example in tests/shapes/cases/"


def test_every_case_names_an_existing_shape(shapes_graph: Graph) -> None:
    names = {str(s).removeprefix(str(GSOSHAPE)) for s in all_shapes(shapes_graph)}
    stale = sorted(p.name for p in CASE_FILES if shape_of_case(p) not in names)
    assert stale == [], "case files named after shapes that no longer exist"


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_case_exercises_the_shape_it_is_named_after(case: Path, shapes_graph: Graph) -> None:
    """The named shape, one of its property shapes, or a shape using it must be expected to fire."""
    _, expected = expectations(case)
    related = related_shapes(shapes_graph, GSOSHAPE[shape_of_case(case)])
    assert {shape for _, shape, _, _ in expected} & related
