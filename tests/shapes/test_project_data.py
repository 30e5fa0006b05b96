"""The project's own data (data/ with ontology/ and its vocabularies) conforms to the shapes."""

from __future__ import annotations

from pathlib import Path

from govsocial.endpoint.rdf_input import rdf_files
from govsocial.graph.validation import validate
from govsocial.graph.validation.report_formats import render_text


def test_project_data_conforms(project_root: Path) -> None:
    data = project_root / "data"
    assert len(rdf_files(data)) > 300  # the sources' files and the registry: data/ is there
    report = validate(
        data_paths=[data],
        shapes_paths=[project_root / "shapes"],
        ontology_paths=[project_root / "ontology"],
    )
    assert report.data_files, "data files were found but none was validated"
    violations = [r for r in report.results if r.is_violation]
    assert report.conforms, render_text(report) if violations else ""
