"""Serialize query results in the query worker, stopping at the row limit.

Solutions (SELECT) are written by pyoxigraph's own serializer (Rust, several times faster than
any Python loop over rows), which can only write a whole result. So the limit is applied
after it: a body too short to hold more than `max_rows` rows is sent as it is; a longer one
has its rows counted and, past the limit, is cut at a row boundary. A result that is larger
than `NATIVE_MAX_BYTES`, or XML that XML cannot carry, is written again by the small Python
writers below, which stop after `max_rows` rows. Booleans and graphs use pyoxigraph's
serializers; graphs are cut by feeding it at most `max_rows` triples.
"""

from __future__ import annotations

import io
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from govsocial.endpoint.formats import GRAPHS, SOLUTIONS

RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


_T = TypeVar("_T")
# what write_graph takes: a query's triples, or parsed quads (in the default graph)
_Statement = TypeVar("_Statement", ox.Triple, ox.Quad)

# a JSON object, as `json.dumps` takes it
JsonObject = dict[str, Any]
# the solutions of a SELECT, as the Python writers read them
Rows = Iterable[ox.QuerySolution]


class Limited(Generic[_T]):
    """Iterate at most `limit` items of `source`; `truncated` tells whether more were left."""

    def __init__(self, source: Iterable[_T], limit: int | None) -> None:
        self._source = iter(source)
        self._limit = limit
        self.count = 0
        self.truncated = False

    def __iter__(self) -> Iterator[_T]:
        for item in self._source:
            if self._limit is not None and self.count >= self._limit:
                self.truncated = True
                return
            self.count += 1
            yield item


# -- solutions ------------------------------------------------------------------------------


def _json_term(term: object) -> JsonObject:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: JsonObject = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction is not None:
                out["its:dir"] = term.direction.value  # "ltr" or "rtl"
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


def _write_json(out: io.StringIO, variables: list[str], rows: Rows) -> None:
    out.write(json.dumps({"head": {"vars": variables}})[:-1])
    out.write(', "results": {"bindings": [')
    first = True
    for row in rows:
        binding = {v: _json_term(row[v]) for v in variables if row[v] is not None}
        out.write(("\n" if first else ",\n") + json.dumps(binding, ensure_ascii=False))
        first = False
    out.write("\n]}}\n")


def _xml_text(value: str) -> str:
    # XML 1.0 cannot carry most C0 controls, not even as character references: replace them
    # rather than emit a document no client can parse.
    cleaned = (
        "".join(c if c >= " " or c in "\t\n\r" else "\ufffd" for c in value)
        if any(c < " " for c in value)
        else value
    )
    return escape(cleaned)


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            attr = quoteattr(term.datatype.value)
            return f"<literal datatype={attr}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"unexpected term {term!r}")


def _write_xml(out: io.StringIO, variables: list[str], rows: Rows) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>')
    for v in variables:
        out.write(f"<variable name={quoteattr(v)}/>")
    out.write("</head>\n<results>\n")
    for row in rows:
        out.write("<result>")
        for v in variables:
            term = row[v]
            if term is not None:
                out.write(f"<binding name={quoteattr(v)}>{_xml_term(term)}</binding>")
        out.write("</result>\n")
    out.write("</results>\n</sparql>\n")


def _csv_field(term: object) -> str:
    # CSV loses types by design (spec section 2): IRIs and literals as their text.
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = "_:" + term.value
    elif isinstance(term, ox.NamedNode | ox.Literal):
        text = term.value
    else:
        text = str(term)
    if any(c in text for c in ',"\r\n') or text != text.strip(" "):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_csv(out: io.StringIO, variables: list[str], rows: Rows) -> None:
    out.write(",".join(variables) + "\r\n")
    for row in rows:
        out.write(",".join(_csv_field(row[v]) for v in variables) + "\r\n")


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_term(term: object) -> str:
    # TSV terms are in SPARQL/Turtle syntax (spec section 3); datatypes are always kept.
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        text = '"' + term.value.translate(_TSV_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype.value != XSD_STRING:
            return f"{text}^^<{term.datatype.value}>"
        return text
    if isinstance(term, ox.Triple):
        parts = (_tsv_term(term.subject), _tsv_term(term.predicate), _tsv_term(term.object))
        return "<<( " + " ".join(parts) + " )>>"
    raise TypeError(f"unexpected term {term!r}")


def _write_tsv(out: io.StringIO, variables: list[str], rows: Rows) -> None:
    out.write("\t".join("?" + v for v in variables) + "\n")
    for row in rows:
        out.write("\t".join(_tsv_term(row[v]) for v in variables) + "\n")


_SOLUTION_WRITERS: dict[str, Callable[[io.StringIO, list[str], Rows], None]] = {
    "json": _write_json,
    "xml": _write_xml,
    "csv": _write_csv,
    "tsv": _write_tsv,
}


def write_solutions(
    solutions: ox.QuerySolutions,
    fmt: str,
    max_rows: int | None,
    again: Callable[[], ox.QuerySolutions] | None = None,
) -> tuple[bytes, int | None, bool]:
    """Serialize SELECT solutions; return (body, rows written or None if not counted, truncated).

    `again` evaluates the query anew: needed when the native body has to be thrown away (too
    large, or XML with characters XML 1.0 cannot carry); without it the Python writers are used.
    """
    if again is None:
        return _write_python(solutions, fmt, max_rows)
    body = _write_native(solutions, fmt)
    if body is None:
        return _write_python(again(), fmt, max_rows)
    return _cut_native(body, fmt, max_rows)


def _write_python(
    solutions: ox.QuerySolutions, fmt: str, max_rows: int | None
) -> tuple[bytes, int, bool]:
    """Write the rows one by one with the writers above, stopping after `max_rows`."""
    variables = [v.value for v in solutions.variables]
    rows: Limited[ox.QuerySolution] = Limited(solutions, max_rows)
    out = io.StringIO()
    _SOLUTION_WRITERS[fmt](out, variables, rows)
    return out.getvalue().encode("utf-8"), rows.count, rows.truncated


# -- pyoxigraph's writer ----------------------------------------------------------------------

# A native body larger than this is thrown away and the result written row by row (and cut).
NATIVE_MAX_BYTES = 64 << 20
# C0 controls other than tab, LF, CR: not even a character reference can carry them in XML 1.0
_XML_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _write_native(solutions: ox.QuerySolutions, fmt: str) -> bytes | None:
    """pyoxigraph's body of the whole result; None when it has to be thrown away (larger than
    `NATIVE_MAX_BYTES`, or XML holding characters XML 1.0 cannot carry)."""
    buffer = _CappedBuffer(NATIVE_MAX_BYTES)
    try:
        # pyoxigraph writes to any object with write(); its stub asks for a whole IO[bytes]
        solutions.serialize(buffer, format=SOLUTIONS[fmt].results_format)  # type: ignore[arg-type]
    except _ResultTooLarge:
        return None
    body = buffer.getvalue()
    if fmt == "xml" and _XML_FORBIDDEN.search(body):
        return None
    return body


class _ResultTooLarge(Exception):
    pass


class _CappedBuffer:
    """A binary sink for pyoxigraph's serializer that gives up past `cap` bytes."""

    def __init__(self, cap: int) -> None:
        self._chunks: list[bytes] = []
        self._size = 0
        self._cap = cap

    def write(self, data: bytes) -> int:
        self._size += len(data)
        if self._size > self._cap:
            raise _ResultTooLarge
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self._chunks)


# -- cutting pyoxigraph's body after max_rows rows --------------------------------------------

# (body, rows in it, truncated: whether rows were cut off)
_Cut = tuple[bytes, int, bool]
# the fewest bytes one row takes in pyoxigraph's output: `{},`, `<result></result>`, CRLF, LF
_MIN_ROW_BYTES = {"json": 3, "xml": 17, "csv": 2, "tsv": 1}


def _cut_native(body: bytes, fmt: str, max_rows: int | None) -> tuple[bytes, int | None, bool]:
    """Cut a native body after `max_rows` rows; its rows are counted only when it may hold more
    (counting is what costs)."""
    if max_rows is None:
        return body, None, False
    if len(body) < _MIN_ROW_BYTES[fmt] * (max_rows + 1):
        return body, None, False  # too short to hold more than max_rows rows
    return _CUTTERS[fmt](body, max_rows)


# Rows of pyoxigraph's compact JSON: every row but the first starts with `,{"name":{` when it
# binds a variable. That cannot occur inside a string (a quote there is `\"`); the nearest a
# value ending in `,{` comes is `,{"}` or `,{",`, never followed by a name and `":{`.
_JSON_NEXT_ROW = re.compile(rb',\{"[^"\\]*":\{')
_JSON_BINDINGS = b'"bindings":['
_JSON_END = b"]}}"  # closes the bindings, the results and the document


def _cut_json(body: bytes, max_rows: int) -> _Cut:
    """Cut JSON after `max_rows` rows, found by the bytes that start a row (no parse)."""
    if b"{}" in body:  # a row that binds nothing, or `{}` in a value: count by parsing
        return _cut_json_parsed(body, max_rows)
    first_row = body.index(_JSON_BINDINGS) + len(_JSON_BINDINGS)
    rows = _count_json_rows(body, first_row)
    if rows <= max_rows:
        return body, rows, False
    return body[: _end_of_json_rows(body, first_row, max_rows)] + _JSON_END, max_rows, True


def _count_json_rows(body: bytes, first_row: int) -> int:
    if body.startswith(b"]", first_row):  # `"bindings":[]`
        return 0
    return 1 + len(_JSON_NEXT_ROW.findall(body, first_row))  # the first row has no match


def _end_of_json_rows(body: bytes, first_row: int, count: int) -> int:
    """Where the first `count` rows end, when another row follows them."""
    if count == 0:
        return first_row
    # the next row starts at the count-th match, with the comma that is to be left out
    matches = _JSON_NEXT_ROW.finditer(body, first_row)
    return next(itertools.islice(matches, count - 1, None)).start()


def _cut_json_parsed(body: bytes, max_rows: int) -> _Cut:
    document = json.loads(body)
    bindings = document["results"]["bindings"]
    if len(bindings) <= max_rows:
        return body, len(bindings), False
    document["results"]["bindings"] = bindings[:max_rows]
    return json.dumps(document, ensure_ascii=False).encode("utf-8"), max_rows, True


_XML_ROW = b"<result>"  # cannot occur inside a value: pyoxigraph escapes `<` in text
_XML_END = b"</results></sparql>\n"


def _cut_xml(body: bytes, max_rows: int) -> _Cut:
    rows = body.count(_XML_ROW)
    if rows <= max_rows:
        return body, rows, False
    return body[: _start_of_xml_row(body, max_rows)] + _XML_END, max_rows, True


def _start_of_xml_row(body: bytes, row: int) -> int:
    """Where row number `row` (counted from 0) starts."""
    start = body.index(_XML_ROW)
    for _ in range(row):
        start = body.index(_XML_ROW, start + 1)
    return start


# one CSV record: quoted fields may hold CR, LF and doubled quotes
_CSV_RECORD = re.compile(rb'(?:"(?:[^"]|"")*"|[^"\r\n])*\r\n')
_TSV_RECORD = re.compile(rb"[^\n]*\n")  # TSV escapes line breaks inside terms


def _cut_csv(body: bytes, max_rows: int) -> _Cut:
    return _cut_records(body, max_rows, _CSV_RECORD)


def _cut_tsv(body: bytes, max_rows: int) -> _Cut:
    return _cut_records(body, max_rows, _TSV_RECORD)


def _cut_records(body: bytes, max_rows: int, record: re.Pattern[bytes]) -> _Cut:
    """Keep the header and the first `max_rows` records; read no further than one more."""
    records = record.finditer(body)
    kept_end = next(records).end()  # the header
    kept = 0
    for following in records:
        if kept == max_rows:
            return body[:kept_end], kept, True
        kept, kept_end = kept + 1, following.end()
    return body, kept, False


_CUTTERS: dict[str, Callable[[bytes, int], _Cut]] = {
    "json": _cut_json,
    "xml": _cut_xml,
    "csv": _cut_csv,
    "tsv": _cut_tsv,
}


def write_boolean(result: ox.QueryBoolean, fmt: str) -> bytes:
    """Serialize an ASK result with pyoxigraph's writer (one line, nothing to cut)."""
    body = result.serialize(format=SOLUTIONS[fmt].results_format)
    assert body is not None  # bytes: no output was given
    return body if body.endswith(b"\n") else body + b"\n"


def write_graph(
    triples: Iterable[_Statement],
    fmt: str,
    max_rows: int | None,
    prefixes: Mapping[str, str] | None = None,
) -> tuple[bytes, int, bool]:
    """Serialize CONSTRUCT/DESCRIBE triples, at most `max_rows` (quads in the default graph);
    Turtle and TriG declare `prefixes`."""
    rdf_format = GRAPHS[fmt].rdf_format
    limited: Limited[_Statement] = Limited(triples, max_rows)
    items: Iterable[ox.Triple] | Iterable[ox.Quad] = limited
    if rdf_format.supports_datasets:
        items = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in limited)
    declared = dict(prefixes) if prefixes and GRAPHS[fmt].prefixed else None
    body = ox.serialize(items, format=rdf_format, prefixes=declared)
    return body or b"", limited.count, limited.truncated
