"""`govsocial validate`: exit codes 0/1/2, every output format, errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from govsocial.cli import cli
from govsocial.graph.namespaces import RDF, SH


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["validate", *map(str, args)])


def with_fixture(inputs, *data: Path, fmt: str = "text") -> Result:
    return run(*data, "--shapes", inputs.shapes, "--ontology", inputs.ontology, "--format", fmt)


def test_conforming_data_exits_0(inputs) -> None:
    result = with_fixture(inputs, inputs.valid)
    assert result.exit_code == 0, result.output
    assert "conforms: 0 violation(s), 0 warning(s)" in result.stdout


def test_warnings_are_shown_but_exit_0(inputs) -> None:
    result = with_fixture(inputs, inputs.valid, inputs.warning_only)
    assert result.exit_code == 0
    assert "Warning: gsoshape:DecisionShape-date-recommended" in result.stdout
    assert "1 warning(s)" in result.stdout


def test_violations_exit_1_with_a_readable_report(inputs) -> None:
    result = with_fixture(inputs, inputs.valid, inputs.invalid)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # grouped: file, then focus node, then one block per result
    file_line = next(i for i, line in enumerate(lines) if line.endswith(inputs.invalid.name))
    assert lines[file_line + 1].strip() == (
        "<https://w3id.org/govsocial/id/decision/case-decisionshape-action-missing>"
    )
    assert "Violation: gsoshape:DecisionShape-action (action)" in lines[file_line + 2]
    assert "constraint: sh:MinCountConstraintComponent" in result.stdout
    assert "path: gso:action" in result.stdout
    assert "fix: Give exactly one gso:action" in result.stdout
    assert "does not conform: 1 violation(s)" in result.stdout


def test_json_format(inputs) -> None:
    result = with_fixture(inputs, inputs.valid, inputs.invalid, fmt="json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["conforms"] is False
    assert document["violations"] == 1
    [item] = document["results"]
    assert item["sourceShape"] == "https://w3id.org/govsocial/shapes#DecisionShape-action"
    assert item["sourceConstraintComponent"] == str(SH.MinCountConstraintComponent)
    assert item["file"].endswith(inputs.invalid.name)
    assert item["severity"] == "Violation"


def test_turtle_format_is_a_shacl_report(inputs) -> None:
    result = with_fixture(inputs, inputs.valid, inputs.invalid, fmt="turtle")
    assert result.exit_code == 1
    graph = Graph().parse(data=result.stdout, format="turtle")
    [report] = graph.subjects(RDF.type, SH.ValidationReport)
    assert len(list(graph.objects(report, SH.result))) == 1


def test_junit_format_has_a_failure_per_failing_node(inputs) -> None:
    result = with_fixture(inputs, inputs.valid, inputs.invalid, fmt="junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    cases = root.findall(".//testcase")
    failures = root.findall(".//testcase/failure")
    assert len(failures) == 1 == int(root.get("failures"))
    # every typed node of the data files is a test case, so CI also lists what passed
    assert len(cases) == int(root.get("tests")) > 15
    failing = next(c for c in cases if c.find("failure") is not None)
    assert failing.get("classname").endswith(inputs.invalid.name)
    assert "DecisionShape-action" in failures[0].get("message")


def test_junit_reports_warnings_as_output_not_failures(inputs) -> None:
    result = with_fixture(inputs, inputs.valid, inputs.warning_only, fmt="junit")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    assert root.findall(".//failure") == []
    assert "DecisionShape-date-recommended" in root.find(".//testcase/system-out").text


def test_output_file(tmp_path: Path, inputs) -> None:
    target = tmp_path / "report.json"
    result = run(
        inputs.valid,
        inputs.invalid,
        "--shapes",
        inputs.shapes,
        "--ontology",
        inputs.ontology,
        "--format",
        "json",
        "--output",
        target,
    )
    assert result.exit_code == 1
    assert json.loads(target.read_text())["violations"] == 1
    assert result.stdout == ""


def test_syntax_error_exits_2_naming_file_and_line(tmp_path: Path, inputs) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text('@prefix ex: <https://example.org/> .\nex:a ex:b "unterminated .\n')
    result = with_fixture(inputs, bad)
    assert result.exit_code == 2
    assert "broken.ttl: line 2" in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_exits_2_with_a_message(tmp_path: Path, inputs) -> None:
    result = with_fixture(inputs, tmp_path / "missing.ttl")
    assert result.exit_code == 2
    assert "missing.ttl" in result.stderr and "no such file" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_relative_paths_from_any_directory(tmp_path: Path, inputs, monkeypatch) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "data.ttl").write_bytes(inputs.invalid.read_bytes())
    monkeypatch.chdir(tmp_path)
    shapes = os.path.relpath(inputs.shapes, tmp_path)
    result = run("mine", inputs.valid, "--shapes", shapes, "--ontology", inputs.ontology)
    assert result.exit_code == 1
    assert f"mine{os.sep}data.ttl" in result.stdout


def test_unknown_inference_is_a_usage_error(inputs) -> None:
    result = with_fixture(inputs, inputs.valid, "--inference", "owlrl")
    assert result.exit_code == 2
    assert "owlrl" in result.stderr


def test_help_explains_why_not_owl_rl() -> None:
    result = CliRunner().invoke(cli, ["validate", "--help"])
    assert result.exit_code == 0
    assert "313" in result.stdout


@pytest.mark.slow
def test_real_subprocess(inputs, tmp_path: Path) -> None:
    executable = Path(sys.executable).parent / "govsocial"
    completed = subprocess.run(
        [
            str(executable),
            "validate",
            str(inputs.valid),
            str(inputs.invalid),
            "--shapes",
            str(inputs.shapes),
            "--ontology",
            str(inputs.ontology),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert json.loads(completed.stdout)["violations"] == 1
    assert "does not conform" in completed.stderr


@pytest.mark.parametrize("engine", ["native", "pyshacl"])
def test_engines_give_the_same_json(inputs, engine: str) -> None:
    result = with_fixture(inputs, inputs.valid, inputs.invalid, "--engine", engine, fmt="json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["engine"] == engine
    auto = json.loads(with_fixture(inputs, inputs.valid, inputs.invalid, fmt="json").stdout)
    assert auto["engine"] == "native"  # the project's shapes are all compiled
    assert document["results"] == auto["results"]


def test_native_engine_refuses_with_exit_2_when_it_cannot_be_exact(tmp_path: Path, inputs) -> None:
    extra = tmp_path / "length.ttl"
    extra.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<https://example.org/S> a sh:NodeShape ; sh:targetClass "
        "<https://w3id.org/govsocial/ontology#Authority> ;\n"
        "  sh:property <https://example.org/S-label> .\n"
        "<https://example.org/S-label> sh:path <http://www.w3.org/2000/01/rdf-schema#label> ;"
        " sh:maxLength 3 .\n"
    )
    args = [
        inputs.valid,
        "--shapes",
        inputs.shapes,
        "--shapes",
        extra,
        "--ontology",
        inputs.ontology,
    ]
    refused = run(*args, "--engine", "native")
    assert refused.exit_code == 2
    assert "maxLength" in refused.stderr and "Traceback" not in refused.output
    handed_over = run(*args, "--format", "json")  # auto: pySHACL takes the shape
    assert handed_over.exit_code == 1
    document = json.loads(handed_over.stdout)
    assert document["engine"] == "native+pyshacl"
    assert {r["sourceConstraintComponent"] for r in document["results"]} == {
        str(SH.MaxLengthConstraintComponent)
    }
