"""`govsocial check-sources`: data against a folder of source texts, on small fixture texts.

The project's own texts stay outside the repository (CI runs the command with ../shared/sources);
here each check gets a folder written by the test, consistent first and then broken in one place,
so a check that stops finding its mismatch fails here.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govsocial.cli import cli
from govsocial.graph.sourcecheck import PROJECT_TEXTS, sentences

SEED = PROJECT_TEXTS[0]
FURTHER = "https://example.org/presse/2024/x-ausstieg"
DATA = f"""\
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX gso: <https://w3id.org/govsocial/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX source: <https://w3id.org/govsocial/id/source/>
PREFIX sourcetype: <https://w3id.org/govsocial/vocab/source-type/>
PREFIX speechmode: <https://w3id.org/govsocial/vocab/speech-mode/>
PREFIX statement: <https://w3id.org/govsocial/id/statement/>

source:seed a gso:SourceDocument ; schema:url <{SEED.url}> .
source:further a gso:SourceDocument ; schema:url <{FURTHER}> .
source:site a gso:SourceDocument ; schema:url <https://site.example/> ;
    gso:sourceType sourcetype:secondary-web-page .
source:mirror a gso:SourceDocument ; schema:url <https://original.example/nachrichten/x-100.html> ;
    gso:sourceType sourcetype:mirror-copy ; gso:inferredProperty schema:url .

statement:quoted a gso:Statement ; dcterms:source source:seed ;
    gso:speechMode speechmode:direct-quotation ; gso:text "Wir bleiben vorerst auf X"@de .
statement:indirect a gso:Statement ; dcterms:source source:seed ;
    gso:speechMode speechmode:indirect-speech ; gso:text "Man prüfe das regelmäßig."@de .
statement:further a gso:Statement ; dcterms:source source:further ;
    gso:speechMode speechmode:reported ; gso:text "The city leaves X."@en .
"""
# every sentence the project's audit leaves out, then two sentences the statements cover
ARTICLE = "".join(f"{opening} (Beispiel).\n" for opening in SEED.left_out) + (
    "„Wir bleiben vorerst auf X“, sagte die Sprecherin. Man prüfe das regelmäßig.\n"
)
README = f"""\
# Sources
- File: `{SEED.file}`, published at `{SEED.url}`.
- A secondary page known by its site only (site.example).
- A mirror under the path `/nachrichten/x-100.html`.
"""
FURTHER_SOURCES = f"# Further sources\n- Press, `{FURTHER}`: the city leaves X.\n"


@dataclass
class Checkout:
    """A data file and a folder of source texts, consistent until a test changes one."""

    data: Path
    sources: Path

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.data if name == "data" else self.sources / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, text in (
        ("README.md", README),
        ("further-sources.md", FURTHER_SOURCES),
        (SEED.file, ARTICLE),
    ):
        (sources / name).write_text(text, encoding="utf-8")
    data = tmp_path / "fixture.ttl"
    data.write_text(DATA, encoding="utf-8")
    return Checkout(data, sources)


def run(checkout: Checkout) -> Result:
    return CliRunner().invoke(
        cli, ["check-sources", "--sources", str(checkout.sources), str(checkout.data)]
    )


def mismatches(checkout: Checkout) -> list[str]:
    """Run the command, expect exit 1, and return its report lines."""
    result = run(checkout)
    assert result.exit_code == 1, result.output
    assert "mismatch(es)" in result.stderr
    return result.stdout.splitlines()


def test_consistent_sources_exit_0_and_say_what_was_checked(checkout: Checkout) -> None:
    result = run(checkout)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "no mismatches: checked 2 statement(s) against 1 full "
        "text(s) and 4 source address(es) against the notes"
    )


def test_the_fixture_article_splits_as_the_audit_expects() -> None:
    # guard: the fixture is only a fixture if every sentence is one of the audit's or covered
    assert len(sentences(ARTICLE)) == len(SEED.left_out) + 2


# -- quotations against the full text --------------------------------------------------------


def test_a_text_not_verbatim_is_reported_with_file_subject_and_quotation(
    checkout: Checkout,
) -> None:
    checkout.edit(SEED.file, "Man prüfe das regelmäßig.", "Man prüfe das täglich.")
    report = mismatches(checkout)
    assert (
        f"{checkout.data}: statement:indirect: not verbatim in {SEED.file}: "
        '"Man prüfe das regelmäßig."'
    ) in report


def test_typography_and_whitespace_are_no_mismatch(checkout: Checkout) -> None:
    checkout.edit("data", '"Man prüfe das regelmäßig."@de', '"Man  prüfe das\\nregelmäßig."@de')
    assert run(checkout).exit_code == 0


def test_a_direct_quotation_outside_quotation_marks_is_reported(checkout: Checkout) -> None:
    checkout.edit(SEED.file, "„Wir bleiben vorerst auf X“", "Wir bleiben vorerst auf X")
    assert mismatches(checkout) == [
        f"{checkout.data}: statement:quoted: a direct quotation, but {SEED.file} does not put "
        'it between „ and “: "Wir bleiben vorerst auf X"'
    ]


def test_a_text_in_another_language_is_reported(checkout: Checkout) -> None:
    checkout.edit("data", '"Man prüfe das regelmäßig."@de', '"Man prüfe das regelmäßig."@en')
    assert (
        f"{checkout.data}: statement:indirect: gso:text is not a @de text: "
        '"Man prüfe das regelmäßig."'
    ) in mismatches(checkout)


def test_data_without_the_texts_source_document_is_reported(checkout: Checkout) -> None:
    checkout.edit(
        "data",
        f"source:seed a gso:SourceDocument ; schema:url <{SEED.url}>",
        "source:seed a gso:SourceDocument ; schema:url <https://example.org/other>",
    )
    report = mismatches(checkout)
    assert (
        f"{checkout.sources / SEED.file}: source document: no source document in the data "
        f'has this schema:url, so nothing was checked against the text: "{SEED.url}"'
    ) in report


# -- every sentence covered or left out by the audit -----------------------------------------


def test_a_sentence_without_statement_is_reported(checkout: Checkout) -> None:
    checkout.edit(
        SEED.file, "Man prüfe das regelmäßig.", "Man prüfe das regelmäßig. Tiktok werde beobachtet."
    )
    number = len(SEED.left_out) + 3
    assert mismatches(checkout) == [
        f"{checkout.sources / SEED.file}: sentence {number}: no statement covers it and the "
        'audit does not leave it out: "Tiktok werde beobachtet."'
    ]


def test_a_sentence_left_out_but_missing_from_the_text_is_reported(checkout: Checkout) -> None:
    opening, why = next(iter(SEED.left_out.items()))
    checkout.edit(SEED.file, f"{opening} (Beispiel).\n", "")
    assert mismatches(checkout) == [
        f"{checkout.sources / SEED.file}: audit: left out ({why}), but no sentence of the "
        f'text starts with it: "{opening}"'
    ]


def test_a_sentence_left_out_but_covered_is_reported(checkout: Checkout) -> None:
    opening, why = next(iter(SEED.left_out.items()))
    checkout.edit("data", '"Wir bleiben vorerst auf X"@de', f'"{opening} (Beispiel)"@de')
    checkout.edit(SEED.file, "„Wir bleiben vorerst auf X“", f"„{opening} (Beispiel)“")
    assert mismatches(checkout) == [
        f"{checkout.sources / SEED.file}: audit: left out ({why}), but a statement covers it: "
        f'"{opening} (Beispiel)."'
    ]


# -- source addresses against the notes ------------------------------------------------------


def test_an_address_the_notes_do_not_list_is_reported(checkout: Checkout) -> None:
    checkout.edit("further-sources.md", FURTHER, "https://example.org/elsewhere")
    assert mismatches(checkout) == [
        f'{checkout.data}: source:further: address not listed in the source notes: "{FURTHER}"',
        f"{checkout.sources / 'further-sources.md'}: https://example.org/elsewhere: listed in "
        'the notes, but no node in the data has this schema:url: "https://example.org/elsewhere"',
    ]


def test_a_secondary_page_needs_its_site_in_the_notes_and_no_path(checkout: Checkout) -> None:
    checkout.edit("README.md", "(site.example)", "(a site)")
    assert [line.split(": ")[1] for line in mismatches(checkout)] == ["source:site"]
    checkout.edit("README.md", "(a site)", "(site.example)")
    checkout.edit("data", "<https://site.example/>", "<https://site.example/page>")
    assert [line.split(": ")[1] for line in mismatches(checkout)] == ["source:site"]


def test_a_mirror_copy_needs_its_path_in_the_notes_and_the_inference(checkout: Checkout) -> None:
    checkout.edit(
        "data",
        "gso:sourceType sourcetype:mirror-copy ; gso:inferredProperty schema:url .",
        "gso:sourceType sourcetype:mirror-copy .",
    )
    assert mismatches(checkout) == [
        f"{checkout.data}: source:mirror: a mirror copy's presumed address needs its path in the "
        'notes and gso:inferredProperty schema:url: "https://original.example/nachrichten/'
        'x-100.html"'
    ]


# -- unreadable input: exit 2, one line, no traceback ----------------------------------------


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda c: (c.sources / "README.md").unlink(), "README.md: no such file"),
        (lambda c: (c.sources / SEED.file).unlink(), f"{SEED.file}: no such file"),
        (lambda c: (c.sources / SEED.file).write_bytes(b"\xff\xfe"), "not UTF-8 text"),
        (lambda c: c.data.write_text("<urn:x:a> <urn:x:b> .\n"), "fixture.ttl: line 1"),
    ],
    ids=["missing-note", "missing-full-text", "not-utf8", "bad-data"],
)
def test_unreadable_input_exits_2_with_one_line(checkout: Checkout, breakage, message) -> None:
    breakage(checkout)
    result = run(checkout)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert result.stderr.startswith("error: ")
    assert isinstance(result.exception, SystemExit)


def test_a_missing_folder_exits_2_without_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "no-sources"
    done = subprocess.run(
        [sys.executable, "-m", "govsocial", "check-sources", "--sources", str(missing)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"error: {missing}: no such folder (expected a folder of source texts)\n"
    )


def test_an_address_a_coding_sheet_records_counts_as_listed(
    checkout: Checkout, tmp_path: Path
) -> None:
    """Pages a researcher found again and coded row by row (intake/*.csv) may be cited; the
    notes' own list is still checked against the data."""
    checkout.edit("further-sources.md", FURTHER, "https://example.org/elsewhere")
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    (sheets / "coded.csv").write_text(f"lead,source_url\nM001,{FURTHER}\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "check-sources",
            "--sources",
            str(checkout.sources),
            "--sheets",
            str(sheets),
            str(checkout.data),
        ],
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{checkout.sources / 'further-sources.md'}: https://example.org/elsewhere: listed in "
        'the notes, but no node in the data has this schema:url: "https://example.org/elsewhere"',
    ]
    (sheets / "coded.csv").write_text("lead,url\nM001,x\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "check-sources",
            "--sources",
            str(checkout.sources),
            "--sheets",
            str(sheets),
            str(checkout.data),
        ],
    )
    assert result.exit_code == 2 and "coded.csv: not a coding sheet" in result.output
