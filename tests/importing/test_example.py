"""The example sheet (examples/import/) imports into the project's data as valid canonical files,
once: importing it again changes nothing; CSV with `;` and a BOM and XLSX give the same files."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from govsocial.cli import cli
from govsocial.graph.canonical import is_canonical
from govsocial.graph.importing import codebook
from govsocial.graph.importing.context import vocabularies
from govsocial.graph.importing.run import Outcome
from govsocial.graph.importing.sheet import read_sheet
from govsocial.graph.namespaces import ID
from govsocial.graph.rdfio import load_graph
from govsocial.graph.validation import validate

from .conftest import EXAMPLES, ROOT, csv_text, read_example, snapshot

SOURCE = "musterstaedter-anzeiger-2025-03-14-musterstadt-verlaesst-x-und-setzt-auf"
WRITTEN = [
    "registry/authorities.ttl",
    "registry/channels.ttl",
    "registry/organisations.ttl",
    "registry/people.ttl",
    f"sources/{SOURCE}.ttl",
]
Run = Callable[..., Outcome]


def _violations(folder: Path) -> set[tuple[str, str, str, str]]:
    report = validate([folder], [ROOT / "shapes"], [ROOT / "ontology"])
    return {
        (str(r.focus_node), str(r.source_shape), str(r.path), str(r.value))
        for r in report.results
        if r.is_violation
    }


def _relative(outcome: Outcome, data: Path) -> list[str]:
    return sorted(path.relative_to(data).as_posix() for path in outcome.written)


@pytest.mark.timeout(120)
def test_the_example_imports_to_valid_canonical_files(run_import: Run, data_copy: Path) -> None:
    before = _violations(data_copy)
    outcome = run_import(EXAMPLES / "example.csv")
    assert _relative(outcome, data_copy) == WRITTEN
    assert outcome.nodes == {
        "authority": 2,
        "channel": 5,
        "decision": 5,
        "organisation": 1,
        "person": 1,
        "post": 1,
        "source": 1,
        "statement": 5,
    }
    assert outcome.warnings == []
    for path in outcome.written:
        assert path.read_text(encoding="utf-8") == outcome.written[path]
        assert is_canonical(path), path  # what `govsocial format --check` checks
    # the import brings no violation in (the data may have some of its own, being edited)
    assert _violations(data_copy) <= before
    graph = load_graph([data_copy / "sources" / f"{SOURCE}.ttl"])
    subjects = {str(s).removeprefix(str(ID)).split("/")[0] for s in set(graph.subjects())}
    assert subjects == {"source", "statement", "decision"}  # one file, one document
    # a new body carries where it is: country and state, as the sheet gives them
    registry = load_graph([data_copy / "registry" / "authorities.ttl"])
    musterstadt = next(
        s for s, _, o in registry.triples((None, None, None)) if str(o) == "Stadt Musterstadt"
    )
    assert {
        (str(p).rsplit("#", 1)[-1], str(o))
        for p, o in registry.predicate_objects(musterstadt)
        if str(p).endswith("Code")
    } == {("countryCode", "DE"), ("stateCode", "DE-SN")}


@pytest.mark.timeout(120)
def test_importing_twice_changes_nothing(run_import: Run, data_copy: Path) -> None:
    run_import(EXAMPLES / "example.csv")
    after_first = snapshot(data_copy)
    again = run_import(EXAMPLES / "example.csv")
    assert again.written == {}
    assert snapshot(data_copy) == after_first


@pytest.mark.timeout(120)
def test_a_dry_run_writes_nothing(run_import: Run, data_copy: Path) -> None:
    before = snapshot(data_copy)
    outcome = run_import(EXAMPLES / "example.csv", dry_run=True)
    assert _relative(outcome, data_copy) == WRITTEN
    assert snapshot(data_copy) == before


@pytest.mark.timeout(120)
def test_semicolons_and_a_byte_order_mark_read_as_the_example(
    run_import: Run,
    data_copy: Path,
    tmp_path: Path,
    example: tuple[list[str], list[dict[str, str]]],
) -> None:
    """German Excel's "CSV UTF-8": `;` between cells, a BOM in front, CRLF line ends."""
    header, rows = example
    sheet = tmp_path / "german-excel.csv"
    sheet.write_bytes(b"\xef\xbb\xbf" + csv_text(header, rows, ";").encode("utf-8"))
    assert read_sheet(sheet).rows == read_sheet(EXAMPLES / "example.csv").rows
    outcome = run_import(sheet)
    assert _relative(outcome, data_copy) == WRITTEN


def test_an_excel_sep_line_is_honoured(
    tmp_path: Path, example: tuple[list[str], list[dict[str, str]]]
) -> None:
    header, rows = example
    sheet = tmp_path / "sep.csv"
    sheet.write_text("sep=|\r\n" + csv_text(header, rows, "|"), encoding="utf-8")
    read = read_sheet(sheet)
    assert read.rows == read_sheet(EXAMPLES / "example.csv").rows
    assert read.rows[0].number == 2  # Excel does not show the sep= line as a row


def test_the_xlsx_example_holds_the_csv_rows() -> None:
    xlsx = read_sheet(EXAMPLES / "example.xlsx")
    csv = read_sheet(EXAMPLES / "example.csv")
    assert [row.cells for row in xlsx.rows] == [row.cells for row in csv.rows]
    assert [row.number for row in xlsx.rows] == [2, 3, 4, 5, 6]
    assert xlsx.rows[0].refs["action"] == "N2"  # the 14th column


@pytest.mark.timeout(120)
def test_the_xlsx_example_imports_the_same_files(run_import: Run, data_copy: Path) -> None:
    from_csv = run_import(EXAMPLES / "example.csv", dry_run=True)
    from_xlsx = run_import(EXAMPLES / "example.xlsx", dry_run=True)
    assert from_xlsx.written == from_csv.written


@pytest.mark.timeout(120)
def test_the_command(data_copy: Path) -> None:
    runner = CliRunner()
    args = ["import", str(EXAMPLES / "example.csv"), "--out", str(data_copy)]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    written = [line for line in first.output.splitlines() if line.startswith("wrote: ")]
    assert [line.rsplit("/", 2)[-2] + "/" + line.rsplit("/", 1)[-1] for line in written] == WRITTEN
    assert first.output.endswith(
        "5 row(s) read; new nodes: 2 authority, 5 channel, 5 decision, "
        "1 organisation, 1 person, 1 post, 1 source, 5 statement\n"
    )
    second = runner.invoke(cli, args)
    assert second.exit_code == 0, second.output
    assert second.output == "5 row(s) read; nothing new: the data has every claim already\n"


def test_the_csvw_codebook_is_current_and_describes_the_example() -> None:
    csvw = pytest.importorskip("csvw")
    shipped = json.loads((EXAMPLES / "example.csv-metadata.json").read_text(encoding="utf-8"))
    assert shipped == codebook.metadata(vocabularies(ROOT / "ontology")), (
        "regenerate: python -m govsocial.graph.importing.codebook > "
        "examples/import/example.csv-metadata.json"
    )
    checked = csvw.CSVW(
        str(EXAMPLES / "example.csv"),
        md_url=str(EXAMPLES / "example.csv-metadata.json"),
        validate=True,
    )
    assert checked.is_valid


def test_the_csvw_codebook_refuses_what_the_importer_refuses(tmp_path: Path) -> None:
    csvw = pytest.importorskip("csvw")
    text = (EXAMPLES / "example.csv").read_text(encoding="utf-8").replace(",withdraw,", ",leave,")
    (tmp_path / "example.csv").write_text(text, encoding="utf-8")
    (tmp_path / "example.csv-metadata.json").write_bytes(
        (EXAMPLES / "example.csv-metadata.json").read_bytes()
    )
    with warnings.catch_warnings():  # csvw counts invalid values by the warnings it records
        warnings.simplefilter("default")
        checked = csvw.CSVW(
            str(tmp_path / "example.csv"),
            md_url=str(tmp_path / "example.csv-metadata.json"),
            validate=True,
        )
        assert not checked.is_valid


def test_the_new_nodes_carry_the_minted_iris(run_import: Run, data_copy: Path) -> None:
    run_import(EXAMPLES / "example.csv", dry_run=False)
    graph = load_graph(sorted(data_copy.rglob("*.ttl")))
    assert (URIRef(ID["authority/stadt-musterstadt"]), None, None) in graph
    assert (URIRef(ID["post/stadt-musterstadt-sprecherin"]), None, None) in graph
    assert (URIRef(ID["channel/feuerwehr-musterstadt-x"]), None, None) in graph


@pytest.mark.timeout(120)
def test_a_new_body_publishing_its_own_release_is_one_node(
    run_import: Run, data_copy: Path, tmp_path: Path
) -> None:
    """A city's press release about itself: the publisher is the city (the new body), not an
    organisation of the same name beside it."""
    header, rows = read_example()
    row = {
        **rows[0],
        "source_publisher": rows[0]["body"],
        "source_type": "press-release",
        "source_url": "https://example.org/musterstadt/presse/x",
    }
    sheet = tmp_path / "release.csv"
    sheet.write_text(csv_text(header, [row]), encoding="utf-8")
    outcome = run_import(sheet)
    assert "organisation" not in outcome.nodes and outcome.nodes["authority"] == 1
    [source_file] = [p for p in outcome.written if p.parent.name == "sources"]
    assert "dcterms:publisher authority:stadt-musterstadt" in outcome.written[source_file]
