"""`govsocial stats`: triples and instances per class of the graph files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rdflib import RDF

from govsocial.graph.namespaces import GSO
from govsocial.graph.rdfio import load_graph
from govsocial.graph.stats import compact, graph_stats, stats_command


def test_counts_match_the_loaded_graph(project_root: Path, data_files: list[Path]) -> None:
    stats = graph_stats(data_files)
    graph = load_graph(data_files)
    assert stats.triples == len(graph)
    assert sum(stats.files.values()) == len(graph)
    statements = len(set(graph.subjects(RDF.type, GSO.Statement)))
    assert stats.classes["gso:Statement"] == statements
    assert stats.classes["gso:PlatformDecision"] == len(
        set(graph.subjects(RDF.type, GSO.PlatformDecision))
    )


def test_compact_uses_the_longest_namespace() -> None:
    assert compact(GSO.Authority) == "gso:Authority"
    iri = "https://w3id.org/govsocial/id/decision/dresden-tiktok-monitor"
    assert compact(iri) == "decision:dresden-tiktok-monitor"


def test_json_output(seed_data_dir: Path) -> None:
    result = CliRunner().invoke(stats_command, ["--format", "json", str(seed_data_dir)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["triples"] > 1000
    assert payload["classes"]["gso:Authority"] == 9
    assert set(payload["files"]) == {str(p) for p in sorted(seed_data_dir.rglob("*.ttl"))}


def test_table_output(seed_data_dir: Path) -> None:
    result = CliRunner().invoke(stats_command, [str(seed_data_dir)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("triples: ")
    assert any(line.split() == ["gso:FollowerCount", "4"] for line in lines)


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a:s> <a:p>", encoding="utf-8")
    result = CliRunner().invoke(stats_command, [str(broken)])
    assert result.exit_code == 2
    assert "broken.ttl" in result.output
