"""The claims table: every platform decision with its evidence as one tidy CSV, for R and pandas.

One row per decision and the evidence it rests on (a statement of a source, or a joint
declaration and each source that publishes it): a decision resting on three sentences has three
rows, so `claim` repeats and `df.claim.nunique()` counts decisions. Column names are stable and
described, with their types, in W3C CSV on the Web metadata generated from `COLUMNS`
(`claims.csv-metadata.json`), so the table describes itself. Concept columns hold the concept's
code (`withdraw`, `x`), the vocabulary's local name; lists are `;`-separated.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, as
OWASP's CSV-injection guidance says, so that a spreadsheet shows it as text instead of running
it as a formula; the codebook says so, and nothing else of the text is changed.

`govsocial table` writes it from the files; the site serves the same at /table/claims.csv.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import click
import pyoxigraph as ox

from govsocial.endpoint.store.interface import QueryStore, Term, term_text

TABLE_NAME = "claims.csv"
METADATA_NAME = "claims.csv-metadata.json"
LIST_SEPARATOR = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    datatype: str  # a CSVW datatype
    description: str
    is_list: bool = False
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("claim", "anyURI", "the decision's IRI (cite it; it dereferences)", required=True),
    Column(
        "evidence",
        "anyURI",
        "the statement (or joint declaration) the row's decision rests on",
        required=True,
    ),
    Column("body", "anyURI", "the public body's IRI", required=True),
    Column(
        "body_name", "string", "the body's name (German, as the sources give it)", required=True
    ),
    Column("body_kind", "string", "the body's kind, a code of vocab/authority-kind"),
    Column("level", "string", "level of government: eu, federal, state or local"),
    Column("country", "string", "ISO 3166-1 code (DE, AT, CH), or EU"),
    Column(
        "state",
        "string",
        "ISO 3166-2 code of the state or canton (DE-SN, CH-ZH); empty for federal and EU bodies",
    ),
    Column(
        "platforms",
        "string",
        "the platforms decided on, codes of vocab/platform",
        is_list=True,
        required=True,
    ),
    Column("action", "string", "what the body does, a code of vocab/action", required=True),
    Column(
        "modality",
        "string",
        "how far: in-effect, planned, under-consideration, regularly-reviewed, not-planned, past",
        required=True,
    ),
    Column(
        "date",
        "string",
        "the decision's date at the precision the source gives: YYYY, "
        "YYYY-MM or YYYY-MM-DD; empty when no source dates it",
    ),
    Column("date_precision", "string", "year, month or day; empty without a date"),
    Column(
        "date_inferred",
        "boolean",
        "true when the date is worked out (a relative date from the page's own date), not stated",
    ),
    Column("reasons", "string", "reasons for the action, codes of vocab/reason", is_list=True),
    Column("reasons_against", "string", "reasons cited against it", is_list=True),
    Column("purposes", "string", "purposes, codes of vocab/purpose", is_list=True),
    Column(
        "replacement_platforms",
        "string",
        "platforms moved to (on leaving) or replaced (on adopting)",
        is_list=True,
    ),
    Column("speaker", "string", "the person speaking, as the source spells the name"),
    Column("speaker_post", "string", "the post spoken from"),
    Column(
        "speech_mode",
        "string",
        "direct-quotation, indirect-speech, paraphrase or reported "
        "(the journalist's narration); empty for a joint declaration",
    ),
    Column(
        "quotation",
        "string",
        "the sentence, verbatim (a paraphrase is the project's "
        "English); a leading ' was added if it began with = + - @ (spreadsheet safety)",
    ),
    Column("quotation_language", "string", "the quotation's language tag (de, en, fr, it)"),
    Column("source_url", "anyURI", "the address the source was read at", required=True),
    Column("source_title", "string", "the source's title as published"),
    Column("source_publisher", "string", "the publisher's name"),
    Column("source_date", "string", "the source's date: YYYY, YYYY-MM or YYYY-MM-DD"),
    Column(
        "source_type",
        "string",
        "news-article, press-release, secondary-web-page (weak) or mirror-copy (weak)",
    ),
)
NAMES = tuple(column.name for column in COLUMNS)

PREFIXES = """\
PREFIX gso: <https://w3id.org/govsocial/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <https://schema.org/>
"""
# the decisions with the properties of one value each, one solution per piece of evidence and
# source; the list properties are read by a second query and joined in Python (a GROUP BY over
# all these columns would cost more than the two queries)
ROWS = (
    PREFIXES
    + """
SELECT ?claim ?evidence ?body ?body_name ?body_kind ?level ?country ?state ?action ?modality
       ?date ?date_precision ?date_inferred ?speaker ?speaker_post ?speech_mode ?quotation
       ?source_url ?source_title ?source_publisher ?source_date ?source_type
WHERE {
  ?claim a gso:PlatformDecision ; gso:authority ?body ; gso:action ?action ;
    gso:modality ?modality ; prov:wasDerivedFrom ?evidence .
  { ?evidence a gso:Statement ; dcterms:source ?source ; gso:text ?quotation ;
      gso:speechMode ?speech_mode .
    OPTIONAL { ?evidence gso:speaker/foaf:name ?speaker }
    OPTIONAL { ?evidence gso:speakerPost/rdfs:label ?speaker_post
               FILTER (LANGMATCHES(LANG(?speaker_post), "de")) } }
  UNION
  { ?evidence a gso:JointDeclaration ; dcterms:source ?source . }
  ?source schema:url ?source_url .
  OPTIONAL { ?source dcterms:title ?source_title }
  OPTIONAL { ?source dcterms:issued ?source_date }
  OPTIONAL { ?source gso:sourceType ?source_type }
  OPTIONAL { ?source dcterms:publisher/rdfs:label ?source_publisher
             FILTER (LANGMATCHES(LANG(?source_publisher), "de")) }
  OPTIONAL { ?body rdfs:label ?body_name FILTER (LANGMATCHES(LANG(?body_name), "de")) }
  OPTIONAL { ?body org:classification ?body_kind }
  OPTIONAL { ?body gso:governmentLevel ?level }
  OPTIONAL { ?body gso:countryCode ?country }
  OPTIONAL { ?body gso:stateCode ?state }
  OPTIONAL { ?claim gso:date ?date }
  OPTIONAL { ?claim gso:datePrecision ?date_precision }
  BIND (EXISTS { ?claim gso:inferredProperty gso:date } AS ?date_inferred)
}"""
)
LISTS = (
    PREFIXES
    + """
SELECT ?claim ?property ?value WHERE {
  ?claim a gso:PlatformDecision .
  VALUES ?property { gso:platform gso:reasonFor gso:reasonAgainst gso:purpose
                     gso:replacementPlatform gso:replaces }
  ?claim ?property ?value .
}"""
)
LIST_COLUMN = {
    "platform": "platforms",
    "reasonFor": "reasons",
    "reasonAgainst": "reasons_against",
    "purpose": "purposes",
    "replacementPlatform": "replacement_platforms",
    "replaces": "replacement_platforms",
}
CODED = {"body_kind", "level", "action", "modality", "date_precision", "speech_mode", "source_type"}


def _code(term: Term) -> str:
    """A concept's code: the local name of its IRI."""
    return term_text(term).rsplit("/", 1)[-1]


def _text(name: str, term: Term | None) -> str:
    if term is None:
        return ""
    if name in CODED:
        return _code(term)
    if name == "date_inferred":
        return "true" if term_text(term).lower() in ("true", "1") else "false"
    return term_text(term)


def rows(store: QueryStore) -> list[dict[str, str]]:
    """Every row of the table, ordered by body name, date and claim."""
    lists: dict[str, dict[str, set[str]]] = {}
    for solution in store.select(LISTS):
        column = LIST_COLUMN[term_text(solution["property"]).rsplit("#", 1)[-1]]
        lists.setdefault(term_text(solution["claim"]), {}).setdefault(column, set()).add(
            _code(solution["value"])
        )
    table = []
    for solution in store.select(ROWS):
        row = {
            name: _text(name, solution.get(name))
            for name in NAMES
            if name
            not in {
                "platforms",
                "reasons",
                "reasons_against",
                "purposes",
                "replacement_platforms",
                "quotation_language",
            }
        }
        quotation = solution.get("quotation")
        language = quotation.language if isinstance(quotation, ox.Literal) else None
        row["quotation_language"] = language or ""
        for column, values in lists.get(row["claim"], {}).items():
            row[column] = LIST_SEPARATOR.join(sorted(values))
        table.append({name: row.get(name, "") for name in NAMES})
    table.sort(
        key=lambda r: (r["body_name"], r["date"], r["claim"], r["evidence"], r["source_url"])
    )
    return table


def safe_cell(text: str) -> str:
    """The cell as a spreadsheet shows it as text (OWASP: CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(table: list[dict[str, str]]) -> str:
    """RFC 4180 CSV, UTF-8 text, header row, CRLF line ends, every cell quoted as needed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(NAMES)
    writer.writerows([safe_cell(row[name]) for name in NAMES] for row in table)
    return out.getvalue()


def metadata(version: str, table_url: str = TABLE_NAME) -> dict[str, object]:
    """The table's CSVW metadata (W3C Metadata Vocabulary for Tabular Data)."""
    columns = []
    for column in COLUMNS:
        described: dict[str, object] = {
            "name": column.name,
            "titles": column.name,
            "datatype": column.datatype,
            "dc:description": column.description,
            "required": column.required,
        }
        if column.is_list:
            described["separator"] = LIST_SEPARATOR
        columns.append(described)
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": table_url,
        "dc:title": "govsocial-kg: public bodies' platform decisions, one row per decision and "
        "its evidence",
        "dc:description": "Every gso:PlatformDecision of the govsocial-kg graph with the body, "
        "platforms, action, modality, date, reasons and the evidence it rests "
        "on (statement, speaker, quotation, source). Concept columns hold "
        "vocabulary codes (https://w3id.org/govsocial/vocab/<scheme>/<code>).",
        "dc:license": {"@id": "https://creativecommons.org/licenses/by/4.0/"},
        "schema:version": version,
        "dialect": {"header": True, "encoding": "utf-8", "lineTerminators": ["\r\n"]},
        "tableSchema": {"columns": columns, "aboutUrl": "{+claim}"},
    }


@click.command("table")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write claims.csv and claims.csv-metadata.json into this folder instead of "
    "printing the CSV.",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def table_command(output: Path | None, paths: tuple[Path, ...]) -> None:
    """Write the claims table (CSV with its CSVW metadata) of the project's graph (or of PATHS).

    Exit code 2 when a file cannot be read.
    """
    from govsocial.graph.command_store import open_for_command

    store = open_for_command(paths)
    text = to_csv(rows(store))
    if output is None:
        click.echo(text, nl=False)
        return
    output.mkdir(parents=True, exist_ok=True)
    (output / TABLE_NAME).write_text(text, encoding="utf-8", newline="")
    (output / METADATA_NAME).write_text(
        json.dumps(metadata(store.info.version), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    click.echo(f"wrote {output / TABLE_NAME} and {output / METADATA_NAME}")
