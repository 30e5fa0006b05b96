"""The `govsocial lint` command: exit status is the contract (0 clean, 1 findings, 2 unreadable)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from govsocial.graph.lint.command import lint_command


@pytest.fixture
def checkout(tmp_path: Path, project_root: Path, identifiers_file: Path) -> Path:
    """Copy the ontology (with vocabularies) into a fresh checkout, with the verified identifiers
    in ../shared/identifiers.md beside it (where `govsocial lint` looks by default)."""
    root = tmp_path / "main"
    shutil.copytree(project_root / "ontology", root / "ontology")
    for folder in ("data", "shapes", "queries"):
        (root / folder).mkdir()
    (tmp_path / "shared").mkdir()
    shutil.copy(identifiers_file, tmp_path / "shared" / "identifiers.md")
    return root


def run(root: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(lint_command, ["--root", str(root)])
    return result.exit_code, result.stdout, result.stderr


def test_clean_ontology_exits_0(checkout: Path) -> None:
    code, out, err = run(checkout)
    # the ontology and 15 vocabularies (issue 13 added three)
    assert (code, out) == (0, "") and "no findings in 16 RDF files" in err


def test_findings_exit_1_and_name_file_and_term(checkout: Path) -> None:
    (checkout / "data" / "bad.ttl").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<urn:x:a> rdfs:subClasOf <urn:x:b> .\n",
        encoding="utf-8",
    )
    code, out, _ = run(checkout)
    assert code == 1
    assert out.strip() == (
        "data/bad.ttl: [unknown-term] rdfs:subClasOf is not a term of its vocabulary"
    )


def test_unreadable_file_exits_2_with_its_position(checkout: Path) -> None:
    (checkout / "data" / "broken.ttl").write_text("<urn:x:a> <urn:x:p> .\n", encoding="utf-8")
    code, _, err = run(checkout)
    assert code == 2 and "broken.ttl" in err and "line 1" in err
