"""Render a ValidationReport as text (people), JSON (programs), Turtle (SHACL) or JUnit XML (CI)."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from rdflib.term import Node, URIRef

from govsocial.validation.report import ValidationReport, ValidationResult
from govsocial.validation.terms import render_node

FORMATS = ("text", "json", "turtle", "junit")


def display_path(path: Path | None) -> str:
    """Return the path relative to the working directory when it lies below it."""
    if path is None:
        return "(not in any input file)"
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


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
        "results": [_result_dict(r) for r in report.sorted_results()],
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
    for file, nodes in report.nodes_by_file.items():
        for node in nodes:
            cases.setdefault((file, node), [])
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
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


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
