"""Hostile sheets: each gets a clear error within bounded time (pytest-timeout) and memory
(tracemalloc), and nothing is written. The files are built here: a zip bomb of a few kilobytes
that says it inflates to gigabytes, a real one of 50 MB of zeros, XML entity expansion, a
million rows written lazily, a 10 MB cell, a formula."""

from __future__ import annotations

import base64
import io
import os
import struct
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from defusedxml import DefusedXmlException
from openpyxl import Workbook

from govsocial.graph.importing import SheetError, limits
from govsocial.graph.importing.run import Outcome
from govsocial.graph.importing.sheet import read_sheet

from .conftest import EXAMPLES, read_example, snapshot

SHEET_XML = "xl/worksheets/sheet1.xml"
MEMORY = 64 * 1024 * 1024  # bytes a refused sheet may cost at the peak


def _refused(run_import: Callable[..., Outcome], data: Path, sheet: Path) -> list[str]:
    """Import the sheet, expecting a refusal; nothing may be written; the peak memory of the
    attempt stays bounded. Return the messages."""
    before = snapshot(data)
    tracemalloc.start()
    try:
        with pytest.raises(SheetError) as error:
            run_import(sheet)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY, f"peak {peak:,} bytes"
    assert snapshot(data) == before
    return [str(problem) for problem in error.value.problems]


def _rewrite(source: Path, target: Path, replace: dict[str, bytes]) -> None:
    """Copy a workbook, replacing some parts."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """Make the archive's headers say that part `name` inflates to `size` bytes."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = out.find(signature)
        while at >= 0:
            if out[at + name_at : at + name_at + len(encoded)] == encoded:
                struct.pack_into("<I", out, at + size_at, size)
            at = out.find(signature, at + 4)
    return bytes(out)


@pytest.mark.timeout(30)
def test_a_zip_bomb_of_a_few_kilobytes_is_refused_before_inflating(
    tmp_path: Path, run_import: Callable[..., Outcome], data_copy: Path
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    _rewrite(EXAMPLES / "example.xlsx", bomb, {SHEET_XML: b" " * (1024 * 1024)})
    bomb.write_bytes(_declare_size(bomb.read_bytes(), SHEET_XML, 3_000_000_000))
    assert bomb.stat().st_size < 16 * 1024
    messages = _refused(run_import, data_copy, bomb)
    assert messages == [
        f"the workbook would inflate to {3_000_000_000 + _others():,} bytes "
        f"(at most {limits.MAX_UNPACKED_BYTES:,}): refused as a possible zip "
        "bomb; split the sheet"
    ]


def _others() -> int:
    with zipfile.ZipFile(EXAMPLES / "example.xlsx") as archive:
        return sum(i.file_size for i in archive.infolist() if i.filename != SHEET_XML)


@pytest.mark.timeout(30)
def test_a_part_that_inflates_a_thousandfold_is_refused(
    tmp_path: Path, run_import: Callable[..., Outcome], data_copy: Path
) -> None:
    bomb = tmp_path / "ratio.xlsx"
    _rewrite(EXAMPLES / "example.xlsx", bomb, {SHEET_XML: b"\0" * (50 * 1024 * 1024)})
    with zipfile.ZipFile(bomb) as archive:
        part = archive.getinfo(SHEET_XML)
    messages = _refused(run_import, data_copy, bomb)
    ratio = part.file_size / part.compress_size
    assert messages == [
        f"the workbook's part {SHEET_XML} would inflate {ratio:,.0f} times "
        f"({part.compress_size:,} to {part.file_size:,} bytes): refused as a "
        "zip bomb"
    ]


def _laughs() -> bytes:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<!DOCTYPE worksheet [{''.join(entities)}]>\n"
    ).encode()


def _entity_bomb(tmp_path: Path) -> Path:
    """The example workbook with a billion laughs in its sheet: 10^9 "lol" if expanded."""
    with zipfile.ZipFile(EXAMPLES / "example.xlsx") as archive:
        sheet = archive.read(SHEET_XML)
    body = sheet.split(b"?>", 1)[-1].replace(b">source_url<", b">&lol9;<", 1)
    assert b"&lol9;" in body
    bomb = tmp_path / "laughs.xlsx"
    _rewrite(EXAMPLES / "example.xlsx", bomb, {SHEET_XML: _laughs() + body})
    return bomb


@pytest.mark.timeout(30)
def test_xml_entity_expansion_is_refused(
    tmp_path: Path, run_import: Callable[..., Outcome], data_copy: Path
) -> None:
    messages = _refused(run_import, data_copy, _entity_bomb(tmp_path))
    assert messages == [
        f"the workbook's part {SHEET_XML} declares a DTD (<!DOCTYPE or <!ENTITY>), "
        "which Excel never writes and XML entity expansion attacks use: refused; save the "
        "workbook again in Excel or LibreOffice as .xlsx, or as CSV UTF-8"
    ]


@pytest.mark.timeout(30)
def test_openpyxl_parses_with_defusedxml_as_a_second_guard(tmp_path: Path) -> None:
    """Without the importer's own check, openpyxl (with defusedxml, a dependency) still refuses
    the entities instead of expanding them."""
    assert openpyxl.DEFUSEDXML is True
    with _entity_bomb(tmp_path).open("rb") as stream, pytest.raises(ValueError) as error:
        workbook = openpyxl.load_workbook(stream, read_only=True)
        for _ in workbook.worksheets[0].iter_rows(values_only=True):
            pass
    assert isinstance(error.value.__cause__ or error.value.__context__, DefusedXmlException)


def _million_rows() -> Iterator[str]:
    header, _ = read_example()
    yield ",".join(header) + "\n"
    for number in range(1_000_000):
        yield f"https://example.org/{number},t,p,,news-article,b\n"


@pytest.mark.timeout(60)
def test_a_million_rows_stop_at_the_row_limit(
    tmp_path: Path, run_import: Callable[..., Outcome], data_copy: Path
) -> None:
    sheet = tmp_path / "million.csv"
    with sheet.open("w", encoding="utf-8") as stream:
        stream.writelines(_million_rows())
    assert sheet.stat().st_size > 40_000_000
    messages = _refused(run_import, data_copy, sheet)
    assert messages == [
        f"row {limits.MAX_ROWS + 2}: more than {limits.MAX_ROWS:,} rows: split "
        "the sheet (one sheet per batch of sources)"
    ]


@pytest.mark.timeout(60)
def test_the_row_limit_holds_for_workbooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header, rows = read_example()
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for _ in range(5):
        sheet.append([rows[0][name] for name in header])
    path = tmp_path / "rows.xlsx"
    book.save(path)
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    with pytest.raises(SheetError) as error:
        read_sheet(path)
    assert [str(p) for p in error.value.problems] == ["row 5: more than 3 rows: split the sheet"]


def _ten_megabytes() -> str:
    return base64.b64encode(os.urandom(7_864_320)).decode()  # 10 MiB of text that packs badly


@pytest.mark.timeout(60)
def test_a_10_mb_cell_in_a_csv_line(
    tmp_path: Path, run_import: Callable[..., Outcome], data_copy: Path
) -> None:
    header, _ = read_example()
    sheet = tmp_path / "cell.csv"
    with sheet.open("w", encoding="utf-8", newline="") as stream:
        stream.write(",".join(header) + "\r\n")
        stream.write(
            ",".join("q" if name != "quotation" else _ten_megabytes() for name in header) + "\r\n"
        )
    messages = _refused(run_import, data_copy, sheet)
    assert messages == [
        f"row 2: a line of the file is longer than {limits.MAX_LINE_BYTES:,} "
        f"bytes: a cell holds at most {limits.MAX_CELL:,} characters"
    ]


@pytest.mark.timeout(60)
def test_a_10_mb_cell_over_many_lines(
    tmp_path: Path, run_import: Callable[..., Outcome], data_copy: Path
) -> None:
    header, _ = read_example()
    cell = _ten_megabytes()
    text = "\n".join(cell[i : i + 1000] for i in range(0, len(cell), 1000))
    sheet = tmp_path / "cell.csv"
    with sheet.open("w", encoding="utf-8", newline="") as stream:
        stream.write(",".join(header) + "\r\n")
        stream.write(
            ",".join("q" if name != "quotation" else f'"{text}"' for name in header) + "\r\n"
        )
    messages = _refused(run_import, data_copy, sheet)
    assert messages == [
        f"row 2: a cell is longer than 131,072 characters; a cell holds at most {limits.MAX_CELL:,}"
    ]


@pytest.mark.timeout(60)
def test_a_10_mb_cell_in_a_workbook(
    tmp_path: Path, run_import: Callable[..., Outcome], data_copy: Path
) -> None:
    """Excel and openpyxl write at most 32,767 characters to a cell; a crafted sheet's XML
    may hold more. The archive check lets 10 MiB of text through (it packs badly), openpyxl
    reads it whole, and the cell limit refuses it, naming the cell."""
    header, rows = read_example()
    with zipfile.ZipFile(EXAMPLES / "example.xlsx") as archive:
        sheet = archive.read(SHEET_XML)
    quotation = rows[0]["quotation"].encode()
    assert sheet.count(quotation) == 1
    path = tmp_path / "cell.xlsx"
    _rewrite(
        EXAMPLES / "example.xlsx",
        path,
        {SHEET_XML: sheet.replace(quotation, _ten_megabytes().encode())},
    )
    column = openpyxl.utils.get_column_letter(header.index("quotation") + 1)
    before = snapshot(data_copy)
    with pytest.raises(SheetError) as error:
        run_import(path)
    assert snapshot(data_copy) == before
    assert [str(p) for p in error.value.problems] == [
        f"row 2, column quotation (cell {column}2): the cell holds 10,485,760 characters; a "
        f"cell holds at most {limits.MAX_CELL:,}"
    ]


@pytest.mark.timeout(30)
def test_formula_cells_are_refused_by_cell(
    tmp_path: Path, run_import: Callable[..., Outcome], data_copy: Path
) -> None:
    header, rows = read_example()
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows[:2]:
        sheet.append([row[name] for name in header])
    date = openpyxl.utils.get_column_letter(header.index("date") + 1)
    url = openpyxl.utils.get_column_letter(header.index("source_url") + 1)
    sheet[f"{date}2"] = "=TODAY()"
    sheet[f"{url}3"] = '=HYPERLINK("https://example.org")'
    path = tmp_path / "formula.xlsx"
    book.save(path)
    messages = _refused(run_import, data_copy, path)
    fix = "not data: replace it by its value (copy, then Paste Special > Values)"
    assert messages == [
        f"row 2, column date (cell {date}2): a formula (=TODAY()), {fix}",
        f"row 3, column source_url (cell {url}3): a formula "
        f'(=HYPERLINK("https://example.org")), {fix}',
    ]


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "big.csv"
    sheet.write_bytes(io.BytesIO(b"x" * 2048).getvalue())
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1024)
    with pytest.raises(SheetError) as error:
        read_sheet(sheet)
    assert [str(p) for p in error.value.problems] == [
        "the file has 2,048 bytes; a sheet has at most 1,024: split it"
    ]


@pytest.mark.timeout(30)
def test_without_its_own_check_the_reader_still_refuses_entities(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govsocial.graph.importing import xlsxsheet

    monkeypatch.setattr(xlsxsheet, "check_archive", lambda path: None)
    with pytest.raises(SheetError) as error:
        read_sheet(_entity_bomb(tmp_path))
    assert str(error.value.problems[0]).startswith(
        "the workbook cannot be read (ValueError: Unable to read workbook"
    )


@pytest.mark.timeout(30)
def test_a_part_that_is_not_what_it_says_is_refused(tmp_path: Path) -> None:
    """A part whose bytes do not match its header (here: its checksum) is refused by name."""
    broken = tmp_path / "broken.xlsx"
    _rewrite(EXAMPLES / "example.xlsx", broken, {})
    data = bytearray(broken.read_bytes())
    at = data.find(b"PK\x01\x02")  # the first part's directory entry: spoil its CRC-32
    data[at + 16 : at + 20] = b"\0\0\0\0"
    broken.write_bytes(bytes(data))
    with pytest.raises(SheetError) as error:
        read_sheet(broken)
    message = str(error.value.problems[0])
    assert message.startswith("the workbook's part docProps/app.xml cannot be read (Bad CRC-32")
