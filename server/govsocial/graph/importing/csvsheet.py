"""Read the rows of a CSV coding sheet as text, streaming, within the limits.

Encoding: UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8" writes one). Bytes that
are not UTF-8 are kept as surrogate escapes, so that `sheet` can name the row and column of
each and tell Windows-1252 ("ANSI", Excel's plain "CSV") from a file mixing encodings; UTF-16
and UTF-32 are refused at the start. The delimiter is sniffed (`;` from German Excel, `,`, tab)
and confirmed by the header: the candidate that yields the most codebook columns wins. An Excel
`sep=;` first line is honoured and, as in Excel, not counted as a row.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from govsocial.graph.importing import limits
from govsocial.graph.importing.columns import BY_NAME, header_name
from govsocial.graph.importing.problems import Problem, SheetError

DELIMITERS = (";", ",", "\t")
_SAMPLE_BYTES = 64 * 1024
_SNIFF_CHARS = 4096
_WIDE = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
RE_EXPORT = (
    'save it again as "CSV UTF-8 (Comma delimited)" (Excel: File > Save As; '
    "LibreOffice: Save As > Text CSV, character set Unicode (UTF-8))"
)


class _Excel(csv.excel):
    delimiter = ";"


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", errors="surrogateescape")


def _lines(stream: BinaryIO, counter: list[int]) -> Iterator[str]:
    """Yield the file's lines, decoded; a line longer than the limit ends the reading."""
    while True:
        raw = stream.readline(limits.MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > limits.MAX_LINE_BYTES:
            raise SheetError(
                Problem(
                    counter[0] + 1,
                    None,
                    (
                        f"a line of the file is longer than {limits.MAX_LINE_BYTES:,} bytes: a "
                        "cell "
                        f"holds at most {limits.MAX_CELL:,} characters"
                    ),
                )
            )
        if b"\x00" in raw:
            raise SheetError(
                Problem(
                    counter[0] + 1,
                    None,
                    ("the file holds NUL bytes: it is not a CSV text file (UTF-16?); " + RE_EXPORT),
                )
            )
        yield _decode(raw)


def _known(line: str, delimiter: str) -> int:
    cells = next(csv.reader([line], delimiter=delimiter), [])
    return sum(1 for cell in cells if header_name(cell) in BY_NAME)


def _delimiter(sample: str) -> str:
    """Sniff the delimiter, then keep the candidate whose header names most codebook columns.

    Only the header line is sniffed, and at most 4 KiB of it: csv.Sniffer's regular expressions
    take quadratic time on long quoted text.
    """
    candidates = list(DELIMITERS)
    first_line = sample.splitlines()[0] if sample else ""
    try:
        sniffed = (
            csv.Sniffer().sniff(first_line[:_SNIFF_CHARS], delimiters="".join(DELIMITERS)).delimiter
        )
        candidates.insert(0, sniffed)
    except csv.Error:
        pass
    best = max(candidates, key=lambda d: _known(first_line, d))  # max keeps the first of ties
    if _known(first_line, best) == 0:
        raise SheetError(
            Problem(
                1,
                None,
                (
                    "the first row names no column of the codebook (source_url, body, action, "
                    "...): "
                    "the first row must be the header (docs/IMPORT.md)"
                ),
            )
        )
    return best


def read_csv(path: Path) -> Iterator[tuple[int, list[str], list[str] | None]]:
    """Yield (row number as a spreadsheet shows it, cells, None) for every record."""
    with path.open("rb") as stream:
        start = stream.read(4)
        for bom, name in _WIDE:
            if start.startswith(bom):
                raise SheetError(
                    Problem(
                        None,
                        None,
                        (f'the file is encoded as {name} (Excel\'s "Unicode Text"): {RE_EXPORT}'),
                    )
                )
        skip = len(codecs.BOM_UTF8) if start.startswith(codecs.BOM_UTF8) else 0
        stream.seek(skip)
        sample = _decode(stream.read(_SAMPLE_BYTES))
        stream.seek(skip)
        first = sample.splitlines()[0].strip() if sample else ""
        if first.lower().startswith("sep=") and len(first) == 5:
            delimiter = first[4]
            stream.readline()
        else:
            delimiter = _delimiter(sample)
        counter = [0]  # records read: the row a failure belongs to is the next one
        reader = csv.reader(_lines(stream, counter), _Excel, delimiter=delimiter)
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                limit = csv.field_size_limit()
                reason = (
                    f"a cell is longer than {limit:,} characters; a cell holds at most "
                    f"{limits.MAX_CELL:,}"
                    if "field larger" in str(error)
                    else f"the CSV cannot be read ({error}); {RE_EXPORT}"
                )
                raise SheetError(Problem(counter[0] + 1, None, reason)) from None
            counter[0] += 1
            if counter[0] > limits.MAX_ROWS + 1:
                raise SheetError(
                    Problem(
                        counter[0],
                        None,
                        (
                            f"more than {limits.MAX_ROWS:,} rows: split the sheet (one sheet per "
                            "batch of sources)"
                        ),
                    )
                )
            yield counter[0], record, None
