"""Read a coding sheet (CSV or XLSX) into rows of text cells named by the codebook, or refuse it.

Everything a file could do to the reader is bounded here or in the readers (`limits`): size on
disk, rows (counted while reading), line and cell length, and for XLSX the archive. A sheet that
cannot be read raises SheetError with every problem found in the rows read, each naming the row
(as the spreadsheet shows it: the header is row 1) and, where it can, the column and cell.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from govsocial.graph.importing import limits
from govsocial.graph.importing.columns import BY_NAME, ORDER, REQUIRED, header_name
from govsocial.graph.importing.csvsheet import RE_EXPORT, read_csv
from govsocial.graph.importing.problems import Problem, SheetError
from govsocial.graph.importing.xlsxsheet import SAVE_AS, Formula, read_xlsx

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (surrogateescape)
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # .xls and encrypted workbooks


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, str]
    refs: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str:
        return self.cells.get(name, "")


@dataclass(frozen=True)
class Sheet:
    path: Path
    columns: list[str]
    rows: list[Row]


def read_sheet(path: Path) -> Sheet:
    """Read the sheet; raise SheetError naming every problem that keeps it from being read."""
    raw_rows = _raw_rows(Path(path))
    try:
        _, header_cells, _ = next(raw_rows)
    except StopIteration:
        raise SheetError(
            Problem(
                None, None, "the sheet is empty: the first row must be the header (docs/IMPORT.md)"
            )
        ) from None
    names = _header(header_cells)
    rows, problems = _rows(raw_rows, names)
    if problems:
        raise SheetError(*_limited(problems))
    return Sheet(Path(path), [name for name in names if name], rows)


def _raw_rows(path: Path) -> Iterator[tuple[int, list[str], list[str] | None]]:
    try:
        info = path.stat()
    except OSError as error:
        raise SheetError(
            Problem(None, None, f"{path}: cannot be read ({error.strerror or error})")
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise SheetError(Problem(None, None, f"{path}: not a regular file"))
    if info.st_size > limits.MAX_FILE_BYTES:
        raise SheetError(
            Problem(
                None,
                None,
                (
                    f"the file has {info.st_size:,} bytes; a sheet has at most "
                    f"{limits.MAX_FILE_BYTES:,}: split it"
                ),
            )
        )
    with path.open("rb") as stream:
        magic = stream.read(4)
    suffix = path.suffix.lower()
    if magic == _OLE or suffix == ".xls":
        raise SheetError(
            Problem(
                None,
                None,
                ("an old-format Excel file (.xls) or a password-protected workbook: " + SAVE_AS),
            )
        )
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(path)
    if suffix in CSV_SUFFIXES:
        if magic == _ZIP:
            raise SheetError(
                Problem(None, None, ("the file is an Excel workbook, not CSV text: name it .xlsx"))
            )
        return read_csv(path)
    raise SheetError(
        Problem(
            None,
            None,
            (f"unknown kind of sheet '{path.suffix}': give a .csv (UTF-8) or an .xlsx file"),
        )
    )


def _header(cells: list[str]) -> list[str]:
    """Return the codebook name of each header cell ('' for an empty one)."""
    names: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, cell in enumerate(cells):
        text = _ESCAPED.sub("?", cell).lstrip("\ufeff").strip()
        name = header_name(text) if text else ""
        if name and name not in BY_NAME:
            problems.append(
                Problem(
                    1,
                    None,
                    (
                        f"'{text}' in header cell {index + 1} is not a column of the codebook; "
                        "use: " + ", ".join(BY_NAME) + " (docs/IMPORT.md)"
                    ),
                )
            )
        elif name and name in seen:
            problems.append(Problem(1, name, "the column appears twice in the header"))
        seen.add(name)
        names.append(name)
    for name in REQUIRED:
        if name not in seen:
            problems.append(
                Problem(
                    1,
                    name,
                    (f"the column is missing from the header: add it ({BY_NAME[name].what})"),
                )
            )
    if problems:
        raise SheetError(*sorted(problems, key=lambda p: ORDER.get(p.column or "", -1)))
    return names


def _rows(
    raw_rows: Iterable[tuple[int, list[str], list[str] | None]], names: list[str]
) -> tuple[list[Row], list[Problem]]:
    rows: list[Row] = []
    problems: list[Problem] = []
    encoding = _EncodingSeen()
    for number, cells, refs in raw_rows:
        values: dict[str, str] = {}
        where: dict[str, str] = {}
        for index, raw in enumerate(cells):
            name = names[index] if index < len(names) else ""
            ref = refs[index] if refs else None
            if not name:
                if raw.strip():
                    problems.append(
                        Problem(
                            number,
                            None,
                            (
                                f"a value in column {index + 1}, which has no header "
                                f"('{_ESCAPED.sub('?', raw)[:40]}'): name the column or clear it"
                            ),
                            cell=ref,
                        )
                    )
                continue
            problem = _cell_problem(number, name, raw, ref, encoding)
            if problem:
                problems.append(problem)
                continue
            values[name] = " ".join(unicodedata.normalize("NFC", raw).split())
            if ref:
                where[name] = ref
        if any(value for name, value in values.items() if name != "notes"):
            rows.append(Row(number, values, where))  # a row of notes alone is no claim
    if encoding.bad:
        problems.insert(0, encoding.summary())
    return rows, problems


def _cell_problem(
    number: int, name: str, raw: str, ref: str | None, encoding: _EncodingSeen
) -> Problem | None:
    if isinstance(raw, Formula):
        return Problem(
            number,
            name,
            (
                f"a formula ({raw[:80]}), not data: replace it by its value "
                "(copy, then Paste Special > Values)"
            ),
            cell=ref,
        )
    if len(raw) > limits.MAX_CELL:
        return Problem(
            number,
            name,
            (f"the cell holds {len(raw):,} characters; a cell holds at most {limits.MAX_CELL:,}"),
            cell=ref,
        )
    bad = _ESCAPED.search(raw)
    if bad:
        encoding.bad += 1
        byte = ord(bad.group()) - 0xDC00
        guess = bytes([byte]).decode("cp1252", errors="replace")
        return Problem(
            number,
            name,
            (f"the byte 0x{byte:02X} is not UTF-8 (in Windows-1252 it is '{guess}')"),
            cell=ref,
        )
    if not raw.isascii():
        encoding.utf8 += 1
    return None


class _EncodingSeen:
    """Counts cells with valid non-ASCII UTF-8 text and cells with bytes that are not UTF-8."""

    def __init__(self) -> None:
        self.utf8 = 0
        self.bad = 0

    def summary(self) -> Problem:
        if self.utf8:
            return Problem(
                None,
                None,
                (
                    "the file mixes encodings: some cells are UTF-8, the rows below are not "
                    f"(Windows-1252?); fix them and {RE_EXPORT}"
                ),
            )
        return Problem(
            None,
            None,
            (
                'the file is not UTF-8: it looks like Windows-1252 ("ANSI", what Excel\'s plain '
                f'"CSV" writes); {RE_EXPORT}'
            ),
        )


def _limited(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= limits.MAX_LISTED + 1:
        return problems
    rest = len(problems) - limits.MAX_LISTED
    return [*problems[: limits.MAX_LISTED], Problem(None, None, f"... and {rest:,} more")]
