"""Reading a sheet: header, encodings, kinds of file, what Excel does to cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from govsocial.graph.importing import ImportRefused, SheetError
from govsocial.graph.importing.run import Outcome
from govsocial.graph.importing.sheet import read_sheet

from .conftest import EXAMPLES, csv_text, read_example, snapshot

RE_EXPORT = (
    'save it again as "CSV UTF-8 (Comma delimited)" (Excel: File > Save As; '
    "LibreOffice: Save As > Text CSV, character set Unicode (UTF-8))"
)


def _messages(path: Path) -> list[str]:
    with pytest.raises(SheetError) as error:
        read_sheet(path)
    return [str(problem) for problem in error.value.problems]


def test_unknown_and_missing_columns_are_named(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "source_url,Quelle,action,action\nhttps://example.org/a,x,adopt,adopt\n", encoding="utf-8"
    )
    messages = _messages(sheet)
    assert messages[0].startswith(
        "row 1: 'Quelle' in header cell 2 is not a column of the "
        "codebook; use: source_url, source_title, "
    )
    assert (
        messages[1] == "row 1, column source_title: the column is missing from the header: "
        "add it (the document's title as published, in German)"
    )
    assert "row 1, column action: the column appears twice in the header" in messages
    assert (
        "row 1, column quotation: the column is missing from the header: add it (the "
        "sentence of the source the claim rests on, verbatim, without quotation marks)" in messages
    )


def test_headers_are_read_as_people_write_them(tmp_path: Path) -> None:
    header, rows = read_example()
    shown = [name.replace("_", " ").title() for name in header]
    shown[shown.index("Platforms")] = "platform"
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        csv_text(shown, [dict(zip(shown, (r[h] for h in header), strict=True)) for r in rows]),
        encoding="utf-8",
    )
    assert read_sheet(sheet).rows == read_sheet(EXAMPLES / "example.csv").rows


def test_an_empty_file_and_a_header_alone(
    tmp_path: Path, run_import: Callable[..., Outcome]
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert _messages(empty) == [
        "row 1: the first row names no column of the codebook (source_url, body, action, ...): "
        "the first row must be the header (docs/IMPORT.md)"
    ]
    header_only = tmp_path / "header.csv"
    header_only.write_text(",".join(read_example()[0]) + "\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        run_import(header_only)
    assert [str(p) for p in refused.value.problems] == ["the sheet has a header but no rows"]


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    header, rows = read_example()
    text = (
        csv_text(header, rows[:1]) + "\r\n,,,\r\n" + csv_text(header, rows[1:2]).split("\r\n", 1)[1]
    )
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(text, encoding="utf-8")
    # an empty line (row 3) and a row of empty cells (row 4) are skipped, not renumbered
    assert [row.number for row in read_sheet(sheet).rows] == [2, 5]


def test_cells_are_nfc_and_single_spaced(tmp_path: Path) -> None:
    header, rows = read_example()
    row = {**rows[0], "source_title": "  Musterstadt  verla\u0308sst\nX  "}
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(csv_text(header, [row]), encoding="utf-8")
    assert read_sheet(sheet).rows[0]["source_title"] == "Musterstadt verlässt X"


def test_a_value_beyond_the_header_is_named(tmp_path: Path) -> None:
    header, rows = read_example()
    text = csv_text(header, rows[:1]).rstrip("\r\n") + ",stray\r\n"
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(text, encoding="utf-8")
    assert _messages(sheet) == [
        f"row 2: a value in column {len(header) + 1}, which has no header ('stray'): name the "
        "column or clear it"
    ]


@pytest.mark.timeout(60)
def test_windows_1252_gets_a_clear_error_and_nothing_is_written(
    tmp_path: Path, run_import: Callable[..., Outcome], data_copy: Path
) -> None:
    """Excel's plain "CSV" on Windows writes Windows-1252 ("ANSI"): refused, with how to
    re-export, and each cell that is not UTF-8 named (reading it would be a guess)."""
    header, rows = read_example()
    sheet = tmp_path / "ansi.csv"
    sheet.write_bytes(csv_text(header, rows[:2]).encode("cp1252"))
    before = snapshot(data_copy)
    with pytest.raises(SheetError) as error:
        run_import(sheet)
    messages = [str(p) for p in error.value.problems]
    assert messages[0] == (
        'the file is not UTF-8: it looks like Windows-1252 ("ANSI", what '
        f'Excel\'s plain "CSV" writes); {RE_EXPORT}'
    )
    assert messages[1] == (
        "row 2, column source_title: the byte 0xE4 is not UTF-8 (in Windows-1252 it is 'ä')"
    )
    assert (
        "row 2, column quotation: the byte 0xFC is not UTF-8 (in Windows-1252 it is 'ü')"
        in messages
    )
    assert (
        "row 3, column source_publisher: the byte 0xE4 is not UTF-8 (in Windows-1252 it is "
        "'ä')" in messages
    )
    assert snapshot(data_copy) == before


def test_mixed_encodings_name_the_rows_that_are_not_utf8(tmp_path: Path) -> None:
    header, rows = read_example()
    good = csv_text(header, rows[:1]).encode("utf-8")
    bad = csv_text(header, rows[1:2]).split("\r\n", 1)[1].encode("cp1252")
    sheet = tmp_path / "mixed.csv"
    sheet.write_bytes(good + bad)
    messages = _messages(sheet)
    assert messages[0] == (
        "the file mixes encodings: some cells are UTF-8, the rows below are "
        f"not (Windows-1252?); fix them and {RE_EXPORT}"
    )
    assert all(message.startswith("row 3, ") for message in messages[1:])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "utf16.csv",
            "source_url\n".encode("utf-16"),
            f'the file is encoded as UTF-16 (Excel\'s "Unicode Text"): {RE_EXPORT}',
        ),
        (
            "old.xls",
            b"\xd0\xcf\x11\xe0" + b"\0" * 60,
            "an old-format Excel file (.xls) or a password-protected workbook: save the workbook "
            "again in Excel or LibreOffice as .xlsx, or as CSV UTF-8",
        ),
        (
            "encrypted.xlsx",
            b"\xd0\xcf\x11\xe0" + b"\0" * 60,
            "an old-format Excel file (.xls) or a password-protected workbook: save the workbook "
            "again in Excel or LibreOffice as .xlsx, or as CSV UTF-8",
        ),
        (
            "renamed.csv",
            (EXAMPLES / "example.xlsx").read_bytes(),
            "the file is an Excel workbook, not CSV text: name it .xlsx",
        ),
        (
            "not-a-zip.xlsx",
            b"source_url,body\n",
            "not an .xlsx workbook (not a zip archive; a password-protected workbook is not one "
            "either): save the workbook again in Excel or LibreOffice as .xlsx, or as CSV UTF-8",
        ),
        (
            "sheet.ods",
            b"PK\x03\x04",
            "unknown kind of sheet '.ods': give a .csv (UTF-8) or an .xlsx file",
        ),
    ],
)
def test_files_that_are_no_sheet_say_what_to_do(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert _messages(path) == [message]


def test_excel_cells_are_read_as_the_researcher_typed_them(tmp_path: Path) -> None:
    """Excel turns 2025-03 into a date and 2024 into a number: the cell's format tells the
    precision back; whole numbers lose their `.0`."""
    header, rows = read_example()
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.append([rows[0][name] for name in header])
    index = {name: i + 1 for i, name in enumerate(header)}
    cells = {
        "source_date": (dt.datetime(2025, 3, 14), "dd.mm.yyyy"),
        "date": (dt.datetime(2025, 3, 1), "mmm yyyy"),
        "body_state": (2024.0, "General"),
    }
    for name, (value, number_format) in cells.items():
        cell = sheet.cell(row=2, column=index[name], value=value)
        cell.number_format = number_format
    path = tmp_path / "typed.xlsx"
    book.save(path)
    row = read_sheet(path).rows[0]
    assert (row["source_date"], row["date"], row["body_state"]) == ("2025-03-14", "2025-03", "2024")
