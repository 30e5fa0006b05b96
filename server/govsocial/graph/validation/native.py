"""Run compiled checks on the store and turn their rows into SHACL validation results."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from govsocial.graph.validation.compiler import Check
from govsocial.graph.validation.dataset import NativeDataset, to_rdflib


@dataclass(frozen=True)
class RawResult:
    """One result in SHACL terms, before files and names are attached."""

    focus: Node
    severity: URIRef
    shape: Node
    component: URIRef
    path: Node | None  # the shape's sh:path node, or the IRI a SPARQL query bound to ?path
    value: Node | None
    messages: tuple[Literal, ...]
    source_constraint: Node | None = None


def _variable(
    solution: ox.QuerySolution, variables: set[str], name: str
) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    return solution[name] if name in variables else None


def _failed(flag: object) -> bool:
    # COALESCE(..., false) makes every flag a bound boolean literal
    return isinstance(flag, ox.Literal) and flag.value == "false"


def _count(value: object) -> int:
    return int(value.value) if isinstance(value, ox.Literal) else 0


def results_of(check: Check, solutions: ox.QuerySolutions) -> list[RawResult]:
    """Convert the rows of one check's query into results, as pySHACL would report them."""
    variables = {v.value for v in solutions.variables}
    found = []
    for solution in solutions:
        focus = to_rdflib(solution["this"])
        if focus is None:
            continue

        def result(
            component: URIRef, path: Node | None, value: Node | None, focus: Node = focus
        ) -> RawResult:
            return RawResult(
                focus,
                check.severity,
                check.shape,
                component,
                path,
                value,
                check.messages,
                check.source_constraint,
            )

        if check.kind == "values":
            value = to_rdflib(solution["value"])
            for test in check.tests:
                if _failed(solution[test.variable]):
                    found.append(result(test.component, check.path, value))
        elif check.kind == "counts":
            for test in check.tests:
                count = _count(solution[test.variable])
                below = test.fails_below is not None and count < test.fails_below
                above = test.fails_above is not None and count > test.fails_above
                if below or above:
                    found.append(result(test.component, check.path, None))
        elif check.kind == "unique-lang":
            assert check.component is not None
            found.append(result(check.component, check.path, None))
        else:  # sparql: SPARQL constraints (node shapes) and SELECT-based components
            assert check.component is not None
            bound_path = to_rdflib(_variable(solution, variables, "path"))
            value = to_rdflib(_variable(solution, variables, "value"))
            if check.path is None and value is None:
                value = focus  # a node shape's value node is its focus node
            found.append(result(check.component, bound_path or check.path, value))
    return found


def run_checks(dataset: NativeDataset, checks: Iterable[Check]) -> list[RawResult]:
    """Run every check's query; return all results (in check order).

    One after the other: pyoxigraph evaluates a query while its results are read, holding
    the GIL, so threads measured no faster (17 s vs 18 s at 10^6 triples).
    """
    found = []
    for check in checks:
        try:
            found += results_of(check, dataset.query(check.query))
        except (SyntaxError, OSError, ValueError) as error:
            raise CheckError(check, error) from error
    return found


class CheckError(Exception):
    """A compiled query failed in the store (a compiler defect, or a shape it misread)."""

    def __init__(self, check: Check, error: Exception) -> None:
        super().__init__(f"native check of {check.shape} failed: {error}\n{check.query}")
        self.check = check
