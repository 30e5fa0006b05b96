"""Render a ValidationReport as text (people), JSON (programs), Turtle (SHACL) or JUnit XML (CI).

JSON and JUnit also render the failures that stopped a run (FAILURE_RENDERERS), so a CI job
always finds its report; the JSON document is described in CONTRIBUTING.md.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from rdflib.term import Node, URIRef

from govsocial.graph.paths import display_path
from govsocial.graph.validation.compact_terms import render_node
from govsocial.graph.validation.failures import InputFailure
from govsocial.graph.validation.report import ValidationReport, ValidationResult

FORMATS = ("text", "json", "turtle", "junit")


def _shape_label(result: ValidationResult) -> str:
    shape = render_node(result.source_shape)
    return f"{shape} ({result.shape_name})" if result.shape_name else shape


def render_text(report: ValidationReport) -> str:
    """Group results by file and focus node; one block per result with what to fix."""
    lines: list[str] = []
    current_file: object = object()
    for file, focus, results in report.by_file_and_focus():
        if file != current_file:
            lines.append(f"{display_path(file)}")
            current_file = file
        lines.append(f"  {render_node(focus)}")
        for result in results:
            lines.append(f"    {result.severity_name}: {_shape_label(result)}")
            lines.append(f"      constraint: {render_node(result.component)}")
            if result.path:
                lines.append(f"      path: {result.path}")
            if result.value is not None:
                lines.append(f"      value: {render_node(result.value)}")
            if result.message:
                lines.append(f"      fix: {result.message}")
        lines.append("")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def _result_dict(result: ValidationResult) -> dict[str, object]:
    def text(node: Node | None) -> str | None:
        return None if node is None else str(node)

    return {
        "file": display_path(result.files[0]) if result.files else None,
        "focusNode": text(result.focus_node),
        "severity": result.severity_name,
        "sourceShape": text(result.source_shape),
        "shapeName": result.shape_name,
        "sourceConstraintComponent": text(result.component),
        # blank-node constraints have no stable name worth printing
        "sourceConstraint": text(result.source_constraint)
        if isinstance(result.source_constraint, URIRef)
        else None,
        "path": result.path,
        "value": text(result.value),
        "messages": list(result.messages),
    }


def render_json(report: ValidationReport) -> str:
    """Return the report as JSON: verdict, counts and one object per result."""
    document = {
        "conforms": report.conforms,
        "violations": report.violations,
        "warnings": report.warnings,
        "infos": report.infos,
        "inference": report.inference,
        "engine": report.engine,
        "dataFiles": [display_path(p) for p in report.data_files],
        "shapesFiles": [display_path(p) for p in report.shapes_files],
        "ontologyFiles": [display_path(p) for p in report.ontology_files],
        "contextFiles": [display_path(p) for p in report.context_files],
        "minimumSeverity": _severity_name(report.minimum_severity),
        "hiddenResults": len(report.hidden),
        "errors": [],
        "results": [_result_dict(r) for r in report.sorted_results()],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _severity_name(severity: URIRef) -> str:
    return str(severity).rsplit("#", 1)[-1].lower()


def failure_text(failure: InputFailure) -> str:
    """Return "file: line N, column M: what", as the text report prints it."""
    if failure.file is None:
        return failure.message
    where = f"line {failure.line}" if failure.line else ""
    if failure.line and failure.column:
        where += f", column {failure.column}"
    return f"{display_path(failure.file)}: {where + ': ' if where else ''}{failure.message}"


def render_json_failures(failures: list[InputFailure]) -> str:
    """Return the JSON document of a run that could not validate: nothing is counted."""
    document = {
        "conforms": None,
        "violations": None,
        "warnings": None,
        "infos": None,
        "errors": [
            {
                "file": None if f.file is None else display_path(f.file),
                "line": f.line,
                "column": f.column,
                "message": failure_text(f),
            }
            for f in failures
        ],
        "results": [],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_turtle(report: ValidationReport) -> str:
    """Return pySHACL's sh:ValidationReport graph in Turtle."""
    return report.results_graph.serialize(format="turtle")


def render_junit(report: ValidationReport) -> str:
    """Return JUnit XML: one testcase per node of each data file, a failure per failing node.

    Nodes without results pass, so CI shows what was checked; warnings go to system-out.
    """
    cases: dict[tuple[Path | None, Node], list[ValidationResult]] = {}
    for data_file, nodes in report.nodes_by_file.items():
        for node in nodes:
            cases.setdefault((data_file, node), [])
    for file, focus, results in report.by_file_and_focus():
        cases.setdefault((file, focus), []).extend(results)

    suites = ET.Element("testsuites", name="govsocial validate")
    by_file: dict[Path | None, list[tuple[Node, list[ValidationResult]]]] = {}
    ordered = sorted(cases.items(), key=lambda item: (str(item[0][0]), str(item[0][1])))
    for (file, node), results in ordered:
        by_file.setdefault(file, []).append((node, results))
    total = failures = 0
    for file, node_results in by_file.items():
        suite = ET.SubElement(suites, "testsuite", name=display_path(file))
        suite_failures = 0
        for node, results in node_results:
            # the bare IRI as test name: CI pages show it verbatim, and people search for it
            name = str(node) if isinstance(node, URIRef) else render_node(node)
            case = ET.SubElement(suite, "testcase", classname=display_path(file), name=name)
            if file is not None:
                case.set("file", display_path(file))  # GitLab links the test to the file
            violations = [r for r in results if r.is_violation]
            if violations:
                suite_failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type="sh:Violation",
                    message="; ".join(
                        f"{render_node(r.source_shape)}: {r.message}" for r in violations
                    ),
                )
                failure.text = "\n".join(_junit_line(r) for r in violations)
            others = [r for r in results if not r.is_violation]
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(_junit_line(r) for r in others)
        suite.set("tests", str(len(node_results)))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        total += len(node_results)
        failures += suite_failures
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", "0")
    return _xml(suites)


def render_junit_failures(failures: list[InputFailure]) -> str:
    """Return JUnit XML with one test case in error per input that could not be used."""
    suites = ET.Element(
        "testsuites",
        name="govsocial validate",
        tests=str(len(failures)),
        failures="0",
        errors=str(len(failures)),
    )
    for failure in failures:
        where = "shapes" if failure.file is None else display_path(failure.file)
        suite = ET.SubElement(suites, "testsuite", name=where, tests="1", failures="0", errors="1")
        case = ET.SubElement(
            suite,
            "testcase",
            classname=where,
            name=f"{where}: readable RDF" if failure.file else "the shapes can be applied",
        )
        if failure.file is not None:
            case.set("file", where)
            if failure.line:
                case.set("line", str(failure.line))
        error = ET.SubElement(
            case,
            "error",
            type="unreadable input" if failure.file else "shapes error",
            message=failure_text(failure),
        )
        error.text = failure_text(failure)
    return _xml(suites)


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _junit_line(result: ValidationResult) -> str:
    parts = [f"{result.severity_name} {_shape_label(result)}", render_node(result.component)]
    if result.path:
        parts.append(f"path {result.path}")
    if result.value is not None:
        parts.append(f"value {render_node(result.value)}")
    return " | ".join(parts) + (f"\n  fix: {result.message}" if result.message else "")


RENDERERS: dict[str, Callable[[ValidationReport], str]] = {
    "text": render_text,
    "json": render_json,
    "turtle": render_turtle,
    "junit": render_junit,
}
FAILURE_RENDERERS: dict[str, Callable[[list[InputFailure]], str]] = {
    "json": render_json_failures,
    "junit": render_junit_failures,
}
