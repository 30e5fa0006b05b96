"""The curation summary: what the graph holds, counted from the graph, for curators and readers.

Bodies by country, level and kind; decisions by platform, action and month; sources by type;
the claims whose date is inferred; and where sources disagree (the claims and statements a curator
linked with gso:disagreesWith: another day, scope or modality of the same matter). Computed with
SPARQL through a `QueryStore`, so the command (`govsocial summary`, over the files) and the page
(`/summary`, over the endpoint's store) give the same tables; the output for the released data
is committed as docs/CURATION.md and a test keeps it current.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import click

from govsocial.endpoint.store.interface import QueryStore, term_text

PREFIXES = """\
PREFIX gso: <https://w3id.org/govsocial/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
BODIES = (
    PREFIXES
    + """
SELECT ?body ?country ?level ?kind WHERE {
  ?body a gso:Authority .
  OPTIONAL { ?body gso:countryCode ?country }
  OPTIONAL { ?body gso:governmentLevel ?level }
  OPTIONAL { ?body org:classification ?kind }
}"""
)
DECISIONS = (
    PREFIXES
    + """
SELECT ?decision ?label ?body ?platform ?action ?modality ?date ?source WHERE {
  ?decision a gso:PlatformDecision ; gso:authority ?body ; gso:platform ?platform ;
    gso:action ?action ; gso:modality ?modality ; prov:wasDerivedFrom/dcterms:source ?source .
  OPTIONAL { ?decision rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?decision gso:date ?date }
}"""
)
SOURCES = (
    PREFIXES
    + """
SELECT ?source ?type WHERE {
  ?source a gso:SourceDocument . OPTIONAL { ?source gso:sourceType ?type }
}"""
)
INFERRED_DATES = (
    PREFIXES
    + """
SELECT DISTINCT ?claim ?label ?property ?note WHERE {
  ?claim gso:inferredProperty ?property .
  FILTER(?property IN (gso:date, gso:observationDate, gso:asOf))
  FILTER EXISTS { ?claim prov:wasDerivedFrom ?statement }
  OPTIONAL { ?claim rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?claim gso:inferenceNote ?note FILTER(LANGMATCHES(LANG(?note), "en")) }
}"""
)
DISAGREEMENTS = (
    PREFIXES
    + """
SELECT ?node ?other ?body ?date ?modality ?source WHERE {
  { ?node gso:disagreesWith ?other } UNION { ?other gso:disagreesWith ?node }
  OPTIONAL { ?node gso:authority|gso:onBehalfOf|gso:about ?body }
  OPTIONAL { ?node gso:date ?date }
  OPTIONAL { ?node gso:modality ?modality }
  OPTIONAL { ?node prov:wasDerivedFrom/dcterms:source|dcterms:source ?source }
}"""
)
NOT_RECORDED = "(not recorded)"


@dataclass
class Table:
    """One section of the summary: a title, what it counts, column names and rows."""

    title: str
    note: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class _Decision:
    """A decision's first row, with the sources and platforms of all its rows."""

    row: dict[str, str]
    sources: set[str] = field(default_factory=set)
    platforms: set[str] = field(default_factory=set)


@dataclass
class _Disagreement:
    """A claim or statement linked as disagreeing: its pair, first row and sources."""

    pair: str
    row: dict[str, str]
    sources: set[str] = field(default_factory=set)


def _local(term: str | None) -> str:
    return term.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if term is not None else NOT_RECORDED


def _counted(title: str, note: str, column: str, counts: Counter[str]) -> Table:
    rows = [
        [name, str(count)]
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return Table(title, note, [column, "count"], rows)


def _month(date: str | None) -> str:
    """The month of a decision's date; a year-only date is its year, marked so."""
    if date is None:
        return "undated"
    text = date
    return text[:7] if len(text) >= 7 else f"{text} (year only)"


def _texts(store: QueryStore, query: str) -> list[dict[str, str]]:
    """The rows of a SELECT, each value as its text (IRI, or a literal's lexical form)."""
    return [{name: term_text(term) for name, term in row.items()} for row in store.select(query)]


def summarise(store: QueryStore) -> list[Table]:
    """Compute every table of the summary from the store."""
    bodies = _texts(store, BODIES)
    decisions = _texts(store, DECISIONS)
    sources = _texts(store, SOURCES)
    inferred = _texts(store, INFERRED_DATES)
    per_decision: dict[str, _Decision] = {}
    for row in decisions:
        entry = per_decision.setdefault(str(row["decision"]), _Decision(row))
        entry.sources.add(str(row["source"]))
        entry.platforms.add(_local(row["platform"]))
    platform_counts: Counter[str] = Counter()
    for entry in per_decision.values():
        platform_counts.update(entry.platforms)
    tables = [
        _counted(
            "Bodies by country",
            "public bodies (gso:Authority) by gso:countryCode",
            "country",
            Counter(str(r.get("country", NOT_RECORDED)) for r in bodies),
        ),
        _counted(
            "Bodies by level",
            "by gso:governmentLevel",
            "level",
            Counter(_local(r.get("level")) for r in bodies),
        ),
        _counted(
            "Bodies by country and level",
            "gso:countryCode and gso:governmentLevel",
            "country, level",
            Counter(f"{r.get('country', NOT_RECORDED)}, {_local(r.get('level'))}" for r in bodies),
        ),
        _counted(
            "Bodies by kind",
            "by org:classification (vocab/authority-kind)",
            "kind",
            Counter(_local(r.get("kind")) for r in bodies),
        ),
        _counted(
            "Decisions by platform",
            "a decision about several platforms counts for each",
            "platform",
            platform_counts,
        ),
        _counted(
            "Decisions by action",
            "vocab/action",
            "action",
            Counter(_local(e.row["action"]) for e in per_decision.values()),
        ),
        Table(
            "Decisions by month",
            "by the decision's own date (gso:date)",
            ["month", "count"],
            [
                [month, str(count)]
                for month, count in sorted(
                    Counter(_month(e.row.get("date")) for e in per_decision.values()).items()
                )
            ],
        ),
        _counted(
            "Sources by type",
            "vocab/source-type",
            "type",
            Counter(_local(r.get("type")) for r in sources),
        ),
        Table(
            "Claims whose date is inferred",
            "gso:inferredProperty on a date, with the note",
            ["claim", "date property", "why"],
            sorted(
                [_local(r["claim"]), _local(r["property"]), str(r.get("note", ""))]
                for r in inferred
            ),
        ),
        _disagreements(_texts(store, DISAGREEMENTS)),
    ]
    return tables


def _disagreements(links: list[dict[str, str]]) -> Table:
    """The claims and statements a curator linked as disagreeing, pair by pair."""
    nodes: dict[str, _Disagreement] = {}
    for row in links:
        node, other = str(row["node"]), str(row["other"])
        entry = nodes.setdefault(node, _Disagreement(min(node, other), row))
        if row.get("source") is not None:
            entry.sources.add(_local(row["source"]))
    rows = [
        [
            _local(entry.pair),
            _local(row.get("body")),
            _local(node),
            str(row.get("date", "undated")),
            _local(row.get("modality")) if row.get("modality") else "(statement)",
            ", ".join(sorted(entry.sources)),
        ]
        for node, entry in nodes.items()
        for row in [entry.row]
    ]
    return Table(
        "Where sources disagree",
        "claims and statements linked by gso:disagreesWith: the same matter reported "
        "with another day, scope or modality by another source; every claim is kept",
        ["pair", "body", "claim or statement", "date", "modality", "sources"],
        sorted(rows),
    )


def to_markdown(tables: list[Table]) -> str:
    lines = [
        "# Curation summary",
        "",
        "Generated from the graph by `govsocial summary`; do not edit by hand.",
        "",
    ]
    for table in tables:
        lines += [f"## {table.title}", "", table.note, ""]
        if not table.rows:
            lines += ["(none)", ""]
            continue
        lines.append("| " + " | ".join(table.columns) + " |")
        lines.append("|" + "|".join("---" for _ in table.columns) + "|")
        lines += [
            "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in table.rows
        ]
        lines.append("")
    return "\n".join(lines)


@click.command("summary")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of standard output.",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def summary_command(output_format: str, output: Path | None, paths: tuple[Path, ...]) -> None:
    """Print the curation summary of the project's graph (or of PATHS).

    Exit code 2 when a file cannot be read.
    """
    from govsocial.graph.command_store import open_for_command

    store = open_for_command(paths)
    tables = summarise(store)
    text = (
        to_markdown(tables)
        if output_format == "markdown"
        else json.dumps([asdict(t) for t in tables], indent=2, ensure_ascii=False) + "\n"
    )
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
