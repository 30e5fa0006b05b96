"""Read the project's RDF files with errors that name file, line and column.

pyoxigraph parses first: it is fast and its errors carry a position, while rdflib's Turtle
parser can fail with a bare IndexError on truncated input. rdflib then builds the graph the
Python tools (pySHACL, serializers) work on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Dataset, Graph

# file suffix -> (pyoxigraph format, rdflib format); only formats without XML, so no file we
# load can carry an entity-expansion bomb.
FORMATS: dict[str, tuple[pyoxigraph.RdfFormat, str]] = {
    ".ttl": (pyoxigraph.RdfFormat.TURTLE, "turtle"),
    ".nt": (pyoxigraph.RdfFormat.N_TRIPLES, "nt"),
    ".trig": (pyoxigraph.RdfFormat.TRIG, "trig"),
    ".nq": (pyoxigraph.RdfFormat.N_QUADS, "nquads"),
}
QUAD_SUFFIXES = {".trig", ".nq"}


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


def rdf_format(path: Path) -> tuple[pyoxigraph.RdfFormat, str]:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise RDFInputError(path, f"unknown RDF file type (expected one of {known})") from None


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise RDFInputError(path, "no such file") from None
    except IsADirectoryError:
        raise RDFInputError(path, "is a folder, expected a file") from None
    except OSError as error:
        raise RDFInputError(path, f"cannot be read ({error.strerror})") from None


def check_syntax(path: Path, data: bytes | None = None) -> None:
    """Raise RDFInputError with file, line and column if the file is not valid RDF."""
    data = read_bytes(path) if data is None else data
    ox_format, _ = rdf_format(path)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RDFInputError(path, "not UTF-8 encoded", line=line) from None
    try:
        for _ in pyoxigraph.parse(data, format=ox_format, base_iri=path.resolve().as_uri()):
            pass
    except SyntaxError as error:
        message = str(error.msg)
        # pyoxigraph prefixes "Parser error at line L column C: "; keep only the reason.
        if ": " in message and message.startswith("Parser error"):
            message = message.split(": ", 1)[1]
        raise RDFInputError(path, message, line=error.lineno, column=error.offset) from None


def load_graph(paths: Iterable[Path], into: Graph | None = None) -> Graph:
    """Parse the files (checked first) into one rdflib graph (quads merged into it)."""
    graph = into if into is not None else Graph()
    for path in paths:
        data = read_bytes(path)
        check_syntax(path, data)
        _, rdflib_format = rdf_format(path)
        if path.suffix.lower() in QUAD_SUFFIXES:
            dataset = Dataset()
            dataset.parse(data=data, format=rdflib_format, publicID=path.resolve().as_uri())
            for s, p, o, _ in dataset.quads():
                graph.add((s, p, o))
        else:
            graph.parse(data=data, format=rdflib_format, publicID=path.resolve().as_uri())
    return graph
