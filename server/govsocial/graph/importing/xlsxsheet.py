"""Read the rows of an Excel workbook (.xlsx) as text, safely, with openpyxl in read-only mode.

An .xlsx file is a zip archive of XML parts, so before openpyxl opens it the archive is checked:
the number of parts, what they would inflate to (in all, and per part against its stored size:
a zip bomb inflates a few kilobytes to gigabytes) and that no part declares a DTD (`<!DOCTYPE`,
`<!ENTITY`: entity expansion; Excel never writes one). zipfile stops inflating a part at its
declared size, so the declared sizes bound the work. openpyxl then parses with defusedxml
(a dependency of this project; `openpyxl.DEFUSEDXML` says it is used), which refuses DTDs too.

The first worksheet is read. Formula cells are refused (they are not data: the value Excel shows
is computed), naming the cell. Dates typed into a date-formatted cell are read at the precision
the cell's format shows (a "MM.YYYY" cell is a month), numbers that are whole as integers.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from govsocial.graph.importing import limits
from govsocial.graph.importing.problems import Problem, SheetError

_DTD_MARKS = (
    b"<!DOCTYPE",
    b"<!ENTITY",
    "<!DOCTYPE".encode("utf-16-le"),
    "<!DOCTYPE".encode("utf-16-be"),
)
_CHUNK = 1024 * 1024
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, escapes, [$-407] in a format
SAVE_AS = "save the workbook again in Excel or LibreOffice as .xlsx, or as CSV UTF-8"


def _refuse(message: str) -> SheetError:
    return SheetError(Problem(None, None, message))


def check_archive(path: Path) -> None:
    """Raise SheetError unless the archive is small when inflated and holds no DTD."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _refuse(
            "not an .xlsx workbook (not a zip archive; a password-protected "
            f"workbook is not one either): {SAVE_AS}"
        ) from None
    with archive:
        parts = archive.infolist()
        if len(parts) > limits.MAX_PARTS:
            raise _refuse(
                f"the workbook has {len(parts):,} parts (at most {limits.MAX_PARTS:,}): {SAVE_AS}"
            )
        total = sum(part.file_size for part in parts)
        if total > limits.MAX_UNPACKED_BYTES:
            raise _refuse(
                f"the workbook would inflate to {total:,} bytes (at most "
                f"{limits.MAX_UNPACKED_BYTES:,}): refused as a possible zip bomb; "
                "split the sheet"
            )
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > limits.RATIO_FROM_BYTES and ratio > limits.MAX_RATIO:
                raise _refuse(
                    f"the workbook's part {part.filename} would inflate "
                    f"{ratio:,.0f} times ({part.compress_size:,} to "
                    f"{part.file_size:,} bytes): refused as a zip bomb"
                )
        for part in parts:  # every part: openpyxl parses what the relationships name
            _check_no_dtd(archive, part)


def _check_no_dtd(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    tail = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                window = tail + chunk
                if any(mark in window for mark in _DTD_MARKS):
                    raise _refuse(
                        f"the workbook's part {part.filename} declares a DTD "
                        "(<!DOCTYPE or <!ENTITY>), which Excel never writes and XML "
                        f"entity expansion attacks use: refused; {SAVE_AS}"
                    )
                tail = window[-32:]
    except (
        zipfile.BadZipFile,
        NotImplementedError,
        RuntimeError,
        EOFError,
        OSError,
        zlib.error,
    ) as error:  # a broken, encrypted or oddly packed part
        raise _refuse(
            f"the workbook's part {part.filename} cannot be read ({error}); {SAVE_AS}"
        ) from None


class Formula(str):
    """The text of a formula cell: `sheet` refuses it, naming the cell and its column."""


def _value(cell: object) -> str:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f":
        return Formula(getattr(value, "text", value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return _date_text(value, str(getattr(cell, "number_format", "") or ""))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _date_text(value: dt.date, number_format: str) -> str:
    """Render a date cell at the precision its format shows: day, month or year."""
    code = _LITERALS.sub("", number_format.lower())
    if "d" in code or "h" in code or not ("m" in code or "y" in code):
        return value.strftime("%Y-%m-%d")
    if "m" in code:
        return value.strftime("%Y-%m")
    return value.strftime("%Y")


def read_xlsx(path: Path) -> Iterator[tuple[int, list[str], list[str] | None]]:
    """Yield (row number, cells as text, cell references) of the first worksheet."""
    check_archive(path)
    import openpyxl  # imported here: a CSV import does not need it
    from openpyxl.utils import get_column_letter

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise _refuse(
            "openpyxl is not using defusedxml (is OPENPYXL_DEFUSEDXML=False set?): "
            "refusing to parse a workbook without it"
        )
    # openpyxl reads from a stream this function owns, so that the file is closed however
    # openpyxl fails (it does not close its archive when a part cannot be parsed)
    with path.open("rb") as stream:
        try:
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
        except Exception as error:  # openpyxl raises many kinds for a broken workbook
            raise _refuse(
                f"the workbook cannot be read ({type(error).__name__}: {error}); {SAVE_AS}"
            ) from None
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # the stored dimension may be wrong; read what is there
            rows = sheet.iter_rows(max_col=limits.MAX_COLUMNS)
            for number, row in enumerate(rows, start=1):
                if number > limits.MAX_ROWS + 1:
                    raise SheetError(
                        Problem(
                            number, None, (f"more than {limits.MAX_ROWS:,} rows: split the sheet")
                        )
                    )
                refs = [f"{get_column_letter(index)}{number}" for index in range(1, len(row) + 1)]
                yield number, [_value(cell) for cell in row], refs
        finally:
            workbook.close()
