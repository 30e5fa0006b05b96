"""Serialize query results in the query worker, stopping at the row limit.

Solutions (SELECT) are written by the small writers below rather than pyoxigraph's
`QuerySolutions.serialize` because those can stop after `max_rows` solutions and report it
(pyoxigraph can only serialize a whole result). Booleans and graphs use pyoxigraph's
serializers; graphs are cut by feeding it at most `max_rows` triples.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from govsocial.namespaces import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"

# format key -> media type of solutions/booleans.
# JSON https://www.w3.org/TR/sparql11-results-json/ ; XML https://www.w3.org/TR/rdf-sparql-XMLres/ ;
# CSV and TSV https://www.w3.org/TR/sparql11-results-csv-tsv/
SOLUTION_MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
# format key -> (pyoxigraph format, media type) of graphs (CONSTRUCT, DESCRIBE).
# Turtle https://www.w3.org/TR/turtle/ ; N-Triples https://www.w3.org/TR/n-triples/ ;
# JSON-LD https://www.w3.org/TR/json-ld11/ ; RDF/XML https://www.w3.org/TR/rdf-syntax-grammar/ ;
# TriG https://www.w3.org/TR/trig/ ; N-Quads https://www.w3.org/TR/n-quads/
GRAPH_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    "trig": (ox.RdfFormat.TRIG, "application/trig"),
    "nquads": (ox.RdfFormat.N_QUADS, "application/n-quads"),
}
_BOOLEAN_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
# Turtle/TriG output is read by people: use the project's prefixes.
_PREFIXED = {"turtle", "trig"}


class Limited:
    """Iterate at most `limit` items of `source`; `truncated` tells whether more were left."""

    def __init__(self, source: Iterable, limit: int | None) -> None:
        self._source = iter(source)
        self._limit = limit
        self.count = 0
        self.truncated = False

    def __iter__(self) -> Iterator:
        for item in self._source:
            if self._limit is not None and self.count >= self._limit:
                self.truncated = True
                return
            self.count += 1
            yield item


# -- solutions ------------------------------------------------------------------------------


def _json_term(term: object) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction is not None:
                out["its:dir"] = str(term.direction.name).lower()
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


def _write_json(out: io.StringIO, variables: list[str], rows: Iterable) -> None:
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
    cleaned = "".join(
        c if c >= " " or c in "\t\n\r" else "\ufffd" for c in value
    ) if any(c < " " for c in value) else value
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


def _write_xml(out: io.StringIO, variables: list[str], rows: Iterable) -> None:
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


def _write_csv(out: io.StringIO, variables: list[str], rows: Iterable) -> None:
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


def _write_tsv(out: io.StringIO, variables: list[str], rows: Iterable) -> None:
    out.write("\t".join("?" + v for v in variables) + "\n")
    for row in rows:
        out.write("\t".join(_tsv_term(row[v]) for v in variables) + "\n")


_SOLUTION_WRITERS: dict[str, Callable[[io.StringIO, list[str], Iterable], None]] = {
    "json": _write_json,
    "xml": _write_xml,
    "csv": _write_csv,
    "tsv": _write_tsv,
}


def write_solutions(
    solutions: ox.QuerySolutions, fmt: str, max_rows: int | None
) -> tuple[bytes, int, bool]:
    """Serialize SELECT solutions; return (body, rows written, truncated)."""
    variables = [v.value for v in solutions.variables]
    rows = Limited(solutions, max_rows)
    out = io.StringIO()
    _SOLUTION_WRITERS[fmt](out, variables, rows)
    return out.getvalue().encode("utf-8"), rows.count, rows.truncated


def write_boolean(result: ox.QueryBoolean, fmt: str) -> bytes:
    """Serialize an ASK result with pyoxigraph's writer (one line, nothing to cut)."""
    body = result.serialize(format=_BOOLEAN_FORMATS[fmt])
    return body if body.endswith(b"\n") else body + b"\n"


def write_graph(
    triples: ox.QueryTriples, fmt: str, max_rows: int | None
) -> tuple[bytes, int, bool]:
    """Serialize CONSTRUCT/DESCRIBE triples, at most `max_rows` (quads in the default graph)."""
    rdf_format, _ = GRAPH_FORMATS[fmt]
    limited = Limited(triples, max_rows)
    items: Iterable = limited
    if rdf_format.supports_datasets:
        items = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in limited)
    prefixes = PREFIXES if fmt in _PREFIXED else None
    body = ox.serialize(items, format=rdf_format, prefixes=prefixes)
    return body or b"", limited.count, limited.truncated
