"""A contributor's files: validated with the project's data, reports for CI, violations only."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from govsocial.cli import cli
from govsocial.graph.namespaces import RDF, SH

CHEMNITZ = "https://w3id.org/govsocial/id/authority/stadt-chemnitz"
BROKEN_TURTLE = (
    '@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n'
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["validate", *map(str, args)])


@pytest.fixture
def example(project_root: Path, tmp_path: Path) -> Path:
    """The example contribution: refers to registry bodies without defining them."""
    copy = tmp_path / "example-source.ttl"
    shutil.copy(project_root / "examples" / "contributor" / "example-source.ttl", copy)
    return copy


@pytest.fixture
def undated(example: Path) -> Path:
    """The example with one warning: a decision without gso:date."""
    example.write_text(
        example.read_text().replace(
            '    gso:date "2024-01"^^xsd:gYearMonth ;\n    gso:datePrecision dateprecision:month '
            ";\n"
            "    gso:modality",
            "    gso:modality",
        )
    )
    return example


# -- the project's data as context ---------------------------------------------------------------


def test_reference_to_a_registry_body_passes_with_the_project_data(example, project_root) -> None:
    result = run(example, "--project", project_root)
    assert result.exit_code == 0, result.output
    assert result.stdout == "conforms: 0 violation(s), 0 warning(s), 0 info(s) in 1 data file(s)\n"


def test_the_same_file_alone_reports_the_references(example, project_root) -> None:
    result = run(example, "--project", project_root, "--without-project-data", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["contextFiles"] == []
    unresolved = {(r["path"], r["value"]) for r in document["results"]}
    assert ("gso:authority", CHEMNITZ) in unresolved
    assert ("gso:onBehalfOf", CHEMNITZ) in unresolved
    assert {r["sourceConstraintComponent"] for r in document["results"]} <= {
        str(SH.ClassConstraintComponent),
        str(SH.OrConstraintComponent),
    }


def test_only_results_about_the_contributors_nodes_are_reported(undated, project_root) -> None:
    result = run(undated, "--project", project_root, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    # the project's own data has warnings of its own (40 today): none of them is shown
    assert len(document["contextFiles"]) > 10
    [warning] = document["results"]
    assert warning["sourceShape"].endswith("DecisionShape-date-recommended")
    assert warning["file"].endswith("example-source.ttl")
    assert document["warnings"] == 1


def test_a_dangling_reference_is_still_a_violation(example, project_root) -> None:
    example.write_text(
        example.read_text().replace(
            "gso:authority authority:stadt-chemnitz", "gso:authority authority:stadt-nirgendwo"
        )
    )
    result = run(example, "--project", project_root)
    assert result.exit_code == 1
    assert "value: <https://w3id.org/govsocial/id/authority/stadt-nirgendwo>" in result.stdout
    assert "does not conform: 1 violation(s)" in result.stdout


def test_a_file_at_a_project_path_replaces_the_project_copy(tmp_path, project_root) -> None:
    # a fork edits an entry of data/registry/authorities.ttl: the edited file stands in for
    # the project's, or Chemnitz would have two municipality keys (sh:maxCount 1)
    original = (project_root / "data" / "registry" / "authorities.ttl").read_text()
    edited = original.replace('gso:municipalityKey "14511000"', 'gso:municipalityKey "14511001"')
    assert edited != original
    fork = tmp_path / "fork" / "data" / "registry" / "authorities.ttl"
    elsewhere = tmp_path / "mine" / "authorities.ttl"
    for path in (fork, elsewhere):
        path.parent.mkdir(parents=True)
        path.write_text(edited)
    assert run(fork, "--project", project_root).exit_code == 0
    both = run(elsewhere, "--project", project_root)
    assert both.exit_code == 1
    assert "sh:MaxCountConstraintComponent" in both.stdout and CHEMNITZ in both.stdout


def test_a_project_file_validated_in_the_checkout_is_not_loaded_twice(project_root) -> None:
    source = project_root / "data" / "sources" / "tag24-stadt-chemnitz-verlaesst-x.ttl"
    result = run(source, "--project", project_root, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert not any(name.endswith(source.name) for name in document["contextFiles"])
    assert {r["file"] for r in document["results"]} == {document["dataFiles"][0]}


def test_the_project_data_is_the_default_data_and_no_context(project_root) -> None:
    document = json.loads(run("--project", project_root, "--format", "json").stdout)
    assert document["contextFiles"] == []
    assert len(document["dataFiles"]) > 10


# -- --severity ----------------------------------------------------------------------------------


def test_severity_violation_hides_warnings_but_counts_them(undated, project_root) -> None:
    args = [undated, "--project", project_root]
    shown = run(*args)
    assert "Warning: gsoshape:DecisionShape-date-recommended" in shown.stdout
    quiet = run(*args, "--severity", "violation")
    assert quiet.exit_code == 0
    assert quiet.stdout == (
        "conforms: 0 violation(s), 1 warning(s), 0 info(s) in 1 data file(s); "
        "1 not shown (--severity violation)\n"
    )
    document = json.loads(run(*args, "--severity", "violation", "--format", "json").stdout)
    assert (document["results"], document["warnings"]) == ([], 1)
    assert (document["minimumSeverity"], document["hiddenResults"]) == ("violation", 1)
    junit = ET.fromstring(run(*args, "--severity", "violation", "--format", "junit").stdout)
    assert junit.findall(".//system-out") == []
    turtle = Graph().parse(
        data=run(*args, "--severity", "violation", "--format", "turtle").stdout, format="turtle"
    )
    assert list(turtle.subjects(RDF.type, SH.ValidationResult)) == []
    [report] = turtle.subjects(RDF.type, SH.ValidationReport)
    assert turtle.value(report, SH.conforms).toPython() is True


def test_severity_keeps_violations_and_the_exit_status(undated, project_root) -> None:
    undated.write_text(
        undated.read_text().replace(
            "gso:authority authority:stadt-chemnitz", "gso:authority authority:stadt-nirgendwo"
        )
    )
    result = run(undated, "--project", project_root, "--severity", "violation")
    assert result.exit_code == 1
    assert "Violation: gsoshape:DecisionShape-authority" in result.stdout
    assert "Warning:" not in result.stdout
    assert result.stdout.endswith(" not shown (--severity violation)\n")


def test_severity_violation_on_the_project_data_prints_one_line(project_root) -> None:
    result = run("--project", project_root, "--severity", "violation")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("conforms: 0 violation")


# -- reports written when an input cannot be read -------------------------------------------------


def _counts_add_up(root: ET.Element) -> None:
    """The counts GitLab and GitHub's report actions read agree with the elements."""
    assert root.tag == "testsuites"
    for kind in ("tests", "failures", "errors"):
        assert int(root.get(kind)) == sum(int(s.get(kind)) for s in root.findall("testsuite"))
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("errors")) == sum(c.find("error") is not None for c in cases)


def test_junit_names_an_unreadable_file_and_its_line(tmp_path, example, project_root) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN_TURTLE)
    report = tmp_path / "shacl.xml"
    result = run(
        example, broken, "--project", project_root, "--format", "junit", "--output", report
    )
    assert result.exit_code == 2
    root = ET.parse(report).getroot()
    _counts_add_up(root)
    assert (root.get("tests"), root.get("errors"), root.get("failures")) == ("1", "1", "0")
    [case] = root.findall("testsuite/testcase")
    assert case.get("file").endswith("broken.ttl") and case.get("line") == "3"
    message = case.find("error").get("message")
    assert "broken.ttl: line 3, column" in message
    assert "broken.ttl: line 3" in result.stderr and "Traceback" not in result.output


def test_junit_lists_every_unreadable_file(tmp_path, project_root) -> None:
    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text(BROKEN_TURTLE)
    result = run(
        tmp_path / "a.ttl",
        tmp_path / "b.ttl",
        tmp_path / "missing.ttl",
        "--project",
        project_root,
        "--format",
        "junit",
    )
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    _counts_add_up(root)
    messages = [e.get("message") for e in root.iter("error")]
    assert len(messages) == 3
    assert any("missing.ttl" in m and "no such file" in m for m in messages)


def test_json_names_an_unreadable_file_and_its_line(tmp_path, project_root) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN_TURTLE)
    result = run(broken, "--project", project_root, "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert (document["conforms"], document["violations"], document["results"]) == (None, None, [])
    [error] = document["errors"]
    assert error["file"].endswith("broken.ttl") and error["line"] == 3
    assert error["message"].startswith(error["file"] + ": line 3, column")


def test_a_shapes_error_is_a_junit_error_too(tmp_path, inputs) -> None:
    extra = tmp_path / "length.ttl"
    extra.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<https://example.org/S> a sh:NodeShape ; sh:targetClass "
        "<https://w3id.org/govsocial/ontology#Authority> ;\n"
        "  sh:property [ sh:path <http://www.w3.org/2000/01/rdf-schema#label> ;"
        " sh:maxLength 3 ] .\n"
    )
    result = run(
        inputs.valid,
        "--shapes",
        inputs.shapes,
        "--shapes",
        extra,
        "--ontology",
        inputs.ontology,
        "--engine",
        "native",
        "--format",
        "junit",
    )
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    _counts_add_up(root)
    assert "maxLength" in root.find(".//error").get("message")


def test_a_validated_junit_report_links_cases_to_files(inputs) -> None:
    result = run(
        inputs.valid,
        inputs.invalid,
        "--shapes",
        inputs.shapes,
        "--ontology",
        inputs.ontology,
        "--without-project-data",
        "--format",
        "junit",
    )
    root = ET.fromstring(result.stdout)
    _counts_add_up(root)
    failing = next(c for c in root.iter("testcase") if c.find("failure") is not None)
    assert failing.get("file").endswith(inputs.invalid.name)
