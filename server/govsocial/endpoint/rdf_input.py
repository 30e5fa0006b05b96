"""Read RDF files with errors that name file, line and column.

pyoxigraph parses: it is fast and its errors carry a position. Only formats without XML or
remote contexts are read, so no input file can carry an entity-expansion bomb or reach the
network.
"""

from __future__ import annotations

import codecs
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph

# -- lexical forms of XSD datatypes (https://www.w3.org/TR/xmlschema11-2/) ---------------------

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
_TZ = r"(Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
_YEAR = r"-?(?:[1-9]\d{3,}|0\d{3})"
_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?|24:00:00(?:\.0+)?"
_PATTERNS = {
    "integer": r"[+-]?\d+",
    "decimal": _DECIMAL,
    "double": rf"(?:{_DECIMAL}(?:[eE][+-]?\d+)?|[+-]?INF|NaN)",
    "boolean": r"true|false|1|0",
    "date": rf"({_YEAR})-(\d\d)-(\d\d){_TZ}",
    "dateTime": rf"({_YEAR})-(\d\d)-(\d\d)T(?:{_TIME}){_TZ}",
    "time": rf"(?:{_TIME}){_TZ}",
    "gYear": rf"{_YEAR}{_TZ}",
    "gYearMonth": rf"{_YEAR}-(?:0[1-9]|1[0-2]){_TZ}",
    "duration": r"-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?"
    r"(?:\d+(?:\.\d+)?S)?)?",
}
# derived integer types: (lowest, highest) value, None = unbounded
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}
_ALIASES = {"float": "double", **{name: "integer" for name in _INTEGER_RANGES}}
_COMPILED = {name: re.compile(pattern) for name, pattern in _PATTERNS.items()}


def lexical_error(lexical: str, datatype: str) -> str | None:
    """Return why `lexical` is not a lexical form of the XSD `datatype`, or None if it is (or
    the datatype is one we do not check: strings, IRIs, ...)."""
    local = datatype[len(XSD_NS) :] if datatype.startswith(XSD_NS) else ""
    base = _ALIASES.get(local, local)
    pattern = _COMPILED.get(base)
    if pattern is None:
        return None
    # the whiteSpace facet of these types is "collapse": surrounding blanks are allowed
    match = pattern.fullmatch(lexical.strip(" \t\r\n"))
    problem = f"ill-typed literal {lexical!r}^^xsd:{local}: not a valid xsd:{local}"
    if match is None:
        return problem
    if base == "integer":
        low, high = _INTEGER_RANGES[local]
        value = int(match.group(0))
        if (low is not None and value < low) or (high is not None and value > high):
            return f"{problem} (out of range)"
    if base in ("date", "dateTime"):
        year, month, day = (int(match.group(i)) for i in (1, 2, 3))
        try:
            # the proleptic calendar of Python's date covers years 1-9999; beyond, only ranges
            date(year, month, day) if 1 <= year <= 9999 else date(2000, month, day)
        except ValueError:
            return f"{problem} (no such day)"
    return None


# file suffix -> format read; only formats without XML, so no file we load can carry an
# entity-expansion bomb.
FORMATS: dict[str, pyoxigraph.RdfFormat] = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".trig": pyoxigraph.RdfFormat.TRIG,
    ".nq": pyoxigraph.RdfFormat.N_QUADS,
}
# what a folder holds that counts as RDF, and what we refuse to read: a folder holding a refused
# file is listed anyway, so the reader refuses it by name instead of the data going missing
# without a word (RDF/XML can carry entity-expansion bombs; JSON-LD can fetch remote contexts)
RDF_SUFFIXES = set(FORMATS)
REFUSED_RDF_SUFFIXES = {".rdf", ".owl", ".xml", ".jsonld", ".n3", ".nt.gz", ".ttl.gz"}


@dataclass
class RDFInputError(Exception):
    """An RDF file that cannot be read: the message says where and what."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else ""
        if self.line and self.column:
            where += f", column {self.column}"
        return f"{self.path}: {where + ': ' if where else ''}{self.message}"


def rdf_format(path: Path) -> pyoxigraph.RdfFormat:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        if path.suffix.lower() in {".rdf", ".owl", ".xml"}:
            reason = (
                "RDF/XML is not accepted: XML parsers can be attacked with entity expansion; "
                f"convert the file to Turtle or N-Triples ({known})"
            )
        elif path.suffix.lower() == ".jsonld":
            reason = (
                "JSON-LD is not accepted as input: its contexts may be fetched from the "
                f"network; convert the file to Turtle or N-Triples ({known})"
            )
        else:
            reason = f"unknown RDF file type (expected one of {known})"
        raise RDFInputError(path, reason) from None


def read_bytes(path: Path) -> bytes:
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise RDFInputError(path, "is a folder, expected a file")
        if not stat.S_ISREG(mode):
            # a FIFO or device would block the reader or never end
            raise RDFInputError(path, "is not a regular file (a pipe, socket or device?)")
        return path.read_bytes()
    except FileNotFoundError:
        raise RDFInputError(path, "no such file (or a broken symbolic link)") from None
    except IsADirectoryError:
        raise RDFInputError(path, "is a folder, expected a file") from None
    except OSError as error:
        raise RDFInputError(path, f"cannot be read ({error.strerror})") from None


# byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark)
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF8, "UTF-8 with a byte-order mark"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_CHUNK = 1 << 20


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def check_encoding(path: Path, data: bytes) -> None:
    """Raise RDFInputError unless `data` is UTF-8 text: no byte-order mark, no NUL byte.

    The check walks the bytes in chunks, so a huge file is not copied into a str.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise RDFInputError(
                path, f"encoded as {name}: save it as UTF-8 without a byte-order mark", line=1
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise RDFInputError(
            path,
            "contains a NUL byte (binary data, or UTF-16 without a "
            "byte-order mark?): save it as UTF-8 text",
            line=_line_of(data, nul),
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    for start in range(0, len(data), _CHUNK):
        try:
            decoder.decode(data[start : start + _CHUNK], final=start + _CHUNK >= len(data))
        except UnicodeDecodeError as error:
            # the decoder keeps at most 3 bytes of an unfinished character from the last chunk
            offset = max(
                0, start + error.start - len(error.object) + len(data[start : start + _CHUNK])
            )
            raise RDFInputError(path, "not UTF-8 encoded", line=_line_of(data, offset)) from None


def _literal_line(data: bytes, lexical: str) -> int | None:
    """Return the line of the first `"lexical"` in the file (parsers give no term positions)."""
    for needle in (f'"{lexical}"^^', f"'{lexical}'^^", f'"{lexical}"'):
        at = data.find(needle.encode("utf-8"))
        if at >= 0:
            return _line_of(data, at)
    return None


def check_syntax(
    path: Path, data: bytes | None = None, each: Callable[[pyoxigraph.Quad], None] | None = None
) -> None:
    """Raise RDFInputError with file, line and column if the file is not valid RDF.

    Valid means: UTF-8 text, parsed by pyoxigraph, and every literal of an XSD datatype has a
    lexical form of that datatype ("abc"^^xsd:integer is refused: RDF parsers accept it, but
    the value is nothing, and rdflib would only log a traceback about it).
    `each` is called with every quad, for a caller that needs them too (one parse, not two).
    """
    data = read_bytes(path) if data is None else data
    ox_format = rdf_format(path)
    check_encoding(path, data)
    try:
        for quad in pyoxigraph.parse(data, format=ox_format, base_iri=path.resolve().as_uri()):
            if each is not None:
                each(quad)
            term = quad.object
            if isinstance(term, pyoxigraph.Literal) and term.datatype.value.startswith(XSD_NS):
                problem = lexical_error(term.value, term.datatype.value)
                if problem:
                    raise RDFInputError(path, problem, line=_literal_line(data, term.value))
    except SyntaxError as error:
        message = str(error.msg)
        # pyoxigraph prefixes "Parser error at line L column C: "; keep only the reason.
        if ": " in message and message.startswith("Parser error"):
            message = message.split(": ", 1)[1]
        raise RDFInputError(path, message, line=error.lineno, column=error.offset) from None


def rdf_files(*roots: Path, suffixes: set[str] = RDF_SUFFIXES) -> list[Path]:
    """Expand files and folders into a sorted list of RDF files (recursively).

    Inside a folder, anything that looks like RDF is listed, also when it cannot be read (a
    broken link, a pipe) or is in a refused format: the reader then names it and says why.
    """
    looks_like_rdf = suffixes | REFUSED_RDF_SUFFIXES
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(
                path
                for path in sorted(root.rglob("*"))
                if _suffix(path) in looks_like_rdf and not path.is_dir()
            )
        else:
            files.append(root)
    return files


def _suffix(path: Path) -> str:
    """Return the lower-case suffix, with a compression suffix kept with the one before it."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if len(suffixes) == 2 and suffixes[1] == ".gz":
        return "".join(suffixes)
    return path.suffix.lower()
