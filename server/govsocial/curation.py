"""The curation summary: what the graph holds, counted from the graph, for curators and readers.

Bodies by country, level and kind; decisions by platform, action and month; sources by type;
the claims whose date is inferred; and where sources disagree about a decision (the same body,
platform and action, reported with another date or modality by another source). Computed with
SPARQL through a `QueryStore`, so the command (`govsocial summary`, over the files) and the page
(`/summary`, over the endpoint's store) give the same tables; the output for the released data
is committed as docs/CURATION.md and a test keeps it current.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import click
from rdflib.term import Node

from govsocial.paths import default_graph_files, rdf_files
from govsocial.rdfio import RDFInputError
from govsocial.store.interface import QueryStore

PREFIXES = """\
PREFIX gso: <https://w3id.org/govsocial/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
BODIES = PREFIXES + """
SELECT ?body ?country ?level ?kind WHERE {
  ?body a gso:Authority .
  OPTIONAL { ?body gso:countryCode ?country }
  OPTIONAL { ?body gso:governmentLevel ?level }
  OPTIONAL { ?body org:classification ?kind }
}"""
DECISIONS = PREFIXES + """
SELECT ?decision ?label ?body ?platform ?action ?modality ?date ?source WHERE {
  ?decision a gso:PlatformDecision ; gso:authority ?body ; gso:platform ?platform ;
    gso:action ?action ; gso:modality ?modality ; prov:wasDerivedFrom/dcterms:source ?source .
  OPTIONAL { ?decision rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?decision gso:date ?date }
}"""
SOURCES = PREFIXES + """
SELECT ?source ?type WHERE {
  ?source a gso:SourceDocument . OPTIONAL { ?source gso:sourceType ?type }
}"""
INFERRED_DATES = PREFIXES + """
SELECT DISTINCT ?claim ?label ?property ?note WHERE {
  ?claim gso:inferredProperty ?property .
  FILTER(?property IN (gso:date, gso:observationDate, gso:asOf))
  FILTER EXISTS { ?claim prov:wasDerivedFrom ?statement }
  OPTIONAL { ?claim rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?claim gso:inferenceNote ?note FILTER(LANGMATCHES(LANG(?note), "en")) }
}"""
NOT_RECORDED = "(not recorded)"


@dataclass
class Table:
    """One section of the summary: a title, what it counts, column names and rows."""

    title: str
    note: str
    columns: list[str]
    rows: list[list[str]]


def _local(term: Node | None) -> str:
    return str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1] if term is not None else NOT_RECORDED


def _counted(title: str, note: str, column: str, counts: Counter[str]) -> Table:
    rows = [[name, str(count)] for name, count in sorted(counts.items(),
                                                          key=lambda item: (-item[1], item[0]))]
    return Table(title, note, [column, "count"], rows)


def _month(date: Node | None) -> str:
    """The month of a decision's date; a year-only date is its year, marked so."""
    if date is None:
        return "undated"
    text = str(date)
    return text[:7] if len(text) >= 7 else f"{text} (year only)"


def summarise(store: QueryStore) -> list[Table]:
    """Compute every table of the summary from the store."""
    bodies = store.select(BODIES)
    decisions = store.select(DECISIONS)
    sources = store.select(SOURCES)
    inferred = store.select(INFERRED_DATES)
    per_decision: dict[str, dict[str, object]] = {}
    for row in decisions:
        entry = per_decision.setdefault(str(row["decision"]), {**row, "sources": set(),
                                                               "platforms": set()})
        entry["sources"].add(str(row["source"]))  # type: ignore[union-attr]
        entry["platforms"].add(_local(row["platform"]))  # type: ignore[union-attr]
    platform_counts: Counter[str] = Counter()
    for entry in per_decision.values():
        platform_counts.update(entry["platforms"])  # type: ignore[arg-type]
    tables = [
        _counted("Bodies by country", "public bodies (gso:Authority) by gso:countryCode",
                 "country", Counter(str(r.get("country", NOT_RECORDED)) for r in bodies)),
        _counted("Bodies by level", "by gso:governmentLevel", "level",
                 Counter(_local(r.get("level")) for r in bodies)),
        _counted("Bodies by kind", "by org:classification (vocab/authority-kind)", "kind",
                 Counter(_local(r.get("kind")) for r in bodies)),
        _counted("Decisions by platform", "a decision about several platforms counts for each",
                 "platform", platform_counts),
        _counted("Decisions by action", "vocab/action", "action",
                 Counter(_local(e["action"]) for e in per_decision.values())),  # type: ignore[arg-type]
        Table("Decisions by month", "by the decision's own date (gso:date)", ["month", "count"],
              [[month, str(count)] for month, count in sorted(
                  Counter(_month(e.get("date")) for e in per_decision.values()).items())]),  # type: ignore[arg-type]
        _counted("Sources by type", "vocab/source-type", "type",
                 Counter(_local(r.get("type")) for r in sources)),
        Table("Claims whose date is inferred", "gso:inferredProperty on a date, with the note",
              ["claim", "date property", "why"],
              sorted([_local(r["claim"]), _local(r["property"]), str(r.get("note", ""))]
                     for r in inferred)),
        _disagreements(per_decision),
    ]
    return tables


def _disagreements(per_decision: dict[str, dict[str, object]]) -> Table:
    """Decisions on the same body, platform and action that sources report differently."""
    groups: dict[tuple[str, str, str], list[dict[str, object]]] = defaultdict(list)
    for entry in per_decision.values():
        for platform in sorted(entry["platforms"]):  # type: ignore[call-overload]
            groups[(_local(entry["body"]), platform, _local(entry["action"]))].append(entry)  # type: ignore[arg-type]
    rows: list[list[str]] = []
    for (body, platform, action), entries in sorted(groups.items()):
        versions = {(str(e.get("date", "")), _local(e["modality"])) for e in entries}  # type: ignore[arg-type]
        sources = set().union(*(e["sources"] for e in entries))  # type: ignore[arg-type]
        if len(entries) < 2 or len(versions) < 2 or len(sources) < 2:
            continue
        for entry in sorted(entries, key=lambda e: str(e.get("date", ""))):
            rows.append([body, platform, action, str(entry.get("date", "undated")),
                         _local(entry["modality"]), _local(entry["decision"]),  # type: ignore[arg-type]
                         ", ".join(sorted(_local(s) for s in entry["sources"]))])  # type: ignore[union-attr]
    return Table("Where sources disagree",
                 "the same body, platform and action, reported with another date or modality "
                 "by another source; every claim is kept", ["body", "platform", "action", "date",
                                                            "modality", "claim", "sources"], rows)


def to_markdown(tables: list[Table]) -> str:
    lines = ["# Curation summary", "",
             "Generated from the graph by `govsocial summary`; do not edit by hand.", ""]
    for table in tables:
        lines += [f"## {table.title}", "", table.note, ""]
        if not table.rows:
            lines += ["(none)", ""]
            continue
        lines.append("| " + " | ".join(table.columns) + " |")
        lines.append("|" + "|".join("---" for _ in table.columns) + "|")
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
                  for row in table.rows]
        lines.append("")
    return "\n".join(lines)


@click.command("summary")
@click.option("--format", "output_format", type=click.Choice(["markdown", "json"]),
              default="markdown", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def summary_command(output_format: str, output: Path | None, paths: tuple[Path, ...]) -> None:
    """Print the curation summary of the project's graph (or of PATHS).

    Exit code 2 when a file cannot be read.
    """
    from govsocial.store.local import LocalStore

    try:
        store = LocalStore(rdf_files(*paths) if paths else default_graph_files())
    except RDFInputError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    tables = summarise(store)
    text = (to_markdown(tables) if output_format == "markdown"
            else json.dumps([asdict(t) for t in tables], indent=2, ensure_ascii=False) + "\n")
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
