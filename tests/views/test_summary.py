"""The curation summary (govsocial/graph/curation.py): the command, the committed output for the
released data, and the page show the same tables, counted from the graph."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from click.testing import CliRunner
from flask.testing import FlaskClient

from govsocial.endpoint.store.interface import QueryStore, term_text
from govsocial.endpoint.store.local import LocalStore
from govsocial.graph.curation import summarise, summary_command
from govsocial.graph.paths import default_graph_files


def _table(tables: list, title: str) -> list[list[str]]:
    return next(t.rows for t in tables if t.title == title)


def test_the_committed_summary_is_the_graphs(project_root: Path) -> None:
    """docs/CURATION.md is regenerated with the data: `govsocial summary --output
    docs/CURATION.md`."""
    result = CliRunner().invoke(summary_command, [])
    assert result.exit_code == 0, result.output
    committed = (project_root / "docs" / "CURATION.md").read_text(encoding="utf-8")
    assert committed == result.output, "run `govsocial summary --output docs/CURATION.md`"


def test_counts_come_from_the_graph(project_store: QueryStore) -> None:
    tables = summarise(project_store)
    bodies = sum(int(n) for _, n in _table(tables, "Bodies by country"))
    [[count]] = [
        [row["n"]]
        for row in project_store.select(
            "SELECT (COUNT(*) AS ?n) { ?b a <https://w3id.org/govsocial/ontology#Authority> }"
        )
    ]
    assert bodies == int(term_text(count))
    x = dict(map(tuple, _table(tables, "Decisions by platform")))["x"]  # type: ignore[arg-type]
    [[on_x]] = [
        [row["n"]]
        for row in project_store.select(
            "PREFIX gso: <https://w3id.org/govsocial/ontology#> SELECT (COUNT(DISTINCT ?d) AS ?n) "
            "{ ?d a gso:PlatformDecision ; gso:platform "
            "<https://w3id.org/govsocial/vocab/platform/x> }"
        )
    ]
    assert int(x) == int(term_text(on_x))


def test_disagreeing_sources_are_listed_with_each_claim(project_root: Path) -> None:
    """On the live data: the curated links (gso:disagreesWith), each side with its source. A day
    against a month (Dresden's Threads start) is another precision, not a disagreement."""
    rows = _table(summarise(LocalStore(default_graph_files())), "Where sources disagree")
    chemnitz = {(r[2], r[5]) for r in rows if r[1] == "stadt-chemnitz"}
    assert chemnitz == {
        ("freiepresse-chemnitz-2024-01-leaves-x", "freiepresse-stadt-chemnitz-verlaesst-x"),
        ("tag24-chemnitz-2024-01-no-more-x-communication", "tag24-stadt-chemnitz-verlaesst-x"),
    }
    assert len({r[0] for r in rows}) * 2 == len(rows)  # every pair has its two sides
    assert not any(r[1] == "landeshauptstadt-dresden" for r in rows)


def test_inferred_dates_are_listed_once_with_why(project_store: QueryStore) -> None:
    rows = _table(summarise(project_store), "Claims whose date is inferred")
    claims = [r[0] for r in rows if r[1] == "date"]
    assert len(claims) == len(set(claims)) and "chemnitz-x-crisis-only-2024-01" in claims
    assert all(r[2] for r in rows)  # each with its note


def test_json_and_unreadable_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(summary_command, ["--format", "json"])
    assert result.exit_code == 0
    expected = [asdict(table) for table in summarise(LocalStore(default_graph_files()))]
    assert json.loads(result.output) == expected
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a:s> <a:p> .\n", encoding="utf-8")
    result = CliRunner().invoke(summary_command, [str(broken)])
    assert result.exit_code == 2 and "broken.ttl" in result.output


def test_the_page_shows_the_same_tables(client: FlaskClient, project_store: QueryStore) -> None:
    page = client.get("/summary")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for table in summarise(project_store):
        assert f"<h2>{table.title}</h2>" in text
    assert "tag24-chemnitz-2024-01-no-more-x-communication" in text  # a disagreement (seed)
    for row in _table(summarise(project_store), "Decisions by action"):
        assert f"<td>{row[0]}</td><td>{row[1]}</td>" in text
