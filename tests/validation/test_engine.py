"""The function API: validate(data, shapes, ontology, inference) -> ValidationReport."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from govsocial.endpoint.rdf_input import RDFInputError
from govsocial.graph.namespaces import SH
from govsocial.graph.validation import ShapesError, validate

DECISION = "https://w3id.org/govsocial/id/decision/"
GSOSHAPE = "https://w3id.org/govsocial/shapes#"


def test_valid_data_conforms_without_results(inputs) -> None:
    report = validate([inputs.valid], [inputs.shapes], [inputs.ontology])
    assert report.conforms
    assert report.results == []
    assert report.data_files == [inputs.valid]


def test_violation_is_structured_and_traced_to_its_file(inputs) -> None:
    report = validate([inputs.valid, inputs.invalid], [inputs.shapes], [inputs.ontology])
    assert not report.conforms
    [result] = report.results
    assert result.focus_node == URIRef(DECISION + "case-decisionshape-action-missing")
    assert result.source_shape == URIRef(GSOSHAPE + "DecisionShape-action")
    assert result.shape_name == "action"
    assert result.component == SH.MinCountConstraintComponent
    assert result.severity == SH.Violation
    assert result.path == "gso:action"
    assert "vocab/action" in result.message
    assert result.files == (inputs.invalid,)


def test_warnings_do_not_break_conformance(inputs) -> None:
    report = validate([inputs.valid, inputs.warning_only], [inputs.shapes], [inputs.ontology])
    assert report.conforms
    assert (report.violations, report.warnings) == (0, 1)


def test_folders_are_searched_recursively(tmp_path: Path, inputs) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "x.ttl").write_bytes(inputs.invalid.read_bytes())
    (tmp_path / "notes.txt").write_text("not RDF")
    report = validate([tmp_path, inputs.valid], [inputs.shapes], [inputs.ontology])
    assert report.data_files == [nested / "x.ttl", inputs.valid]
    assert report.violations == 1


def test_ontology_supplies_the_class_hierarchy(inputs) -> None:
    # gso:ClaimShape targets gso:Claim; the case's node is only a gso:PlatformDecision
    without = validate([inputs.valid, inputs.invalid], [inputs.shapes], [])
    shapes_fired = {str(r.source_shape) for r in without.results}
    assert GSOSHAPE + "ClaimShape-label" not in shapes_fired
    assert any(
        r.component == URIRef(GSOSHAPE + "InSchemeConstraintComponent") for r in without.results
    ), "without vocabularies, coded values cannot be checked"


def test_rdfs_inference_adds_types_from_domains(tmp_path: Path, inputs) -> None:
    ontology = tmp_path / "domain.ttl"
    ontology.write_text(
        "@prefix gso: <https://w3id.org/govsocial/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "gso:operatedBy rdfs:domain gso:Channel .\n"
    )
    data = tmp_path / "untyped.ttl"
    data.write_text(
        "<https://w3id.org/govsocial/id/channel/untyped> "
        "<https://w3id.org/govsocial/ontology#operatedBy> "
        "<https://w3id.org/govsocial/id/authority/example-city> .\n"
    )
    plain = validate([data], [inputs.shapes], [ontology, inputs.ontology], inference="none")
    inferred = validate([data], [inputs.shapes], [ontology, inputs.ontology], inference="rdfs")
    assert plain.results == []
    assert {str(r.source_shape) for r in inferred.results} >= {GSOSHAPE + "ChannelShape-platform"}


def test_unknown_inference_is_refused(inputs) -> None:
    with pytest.raises(ValueError, match="owlrl"):
        validate([inputs.valid], [inputs.shapes], [], inference="owlrl")


def test_missing_path_names_the_path(tmp_path: Path, inputs) -> None:
    with pytest.raises(RDFInputError, match="no such file"):
        validate([tmp_path / "nope.ttl"], [inputs.shapes], [])


def test_syntax_error_names_file_and_line(tmp_path: Path, inputs) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\n\nex:a ex:b ex:c\nex:d ex:e ex:f .\n")
    with pytest.raises(RDFInputError) as caught:
        validate([bad], [inputs.shapes], [])
    assert caught.value.path == bad
    assert caught.value.line in (3, 4)


def test_no_shapes_is_an_input_error(tmp_path: Path, inputs) -> None:
    with pytest.raises(RDFInputError, match="no shapes"):
        validate([inputs.valid], [tmp_path], [])


def test_broken_shapes_raise_shapes_error(tmp_path: Path, inputs) -> None:
    shapes = tmp_path / "broken.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<https://example.org/S> a sh:NodeShape ; sh:targetNode <https://example.org/x> ;\n"
        '  sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .\n'
    )
    with pytest.raises(ShapesError, match="VALUES"):
        validate([inputs.valid], [shapes], [])
