"""Smoke test of the benchmark harness: one real run at 10^3 triples against real servers."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.processes import oxigraph_binary

pytestmark = pytest.mark.slow


def test_harness_runs_both_servers_and_writes_every_result(
    project_root: Path, tmp_path: Path
) -> None:
    servers = ["govsocial", "oxigraph"]
    if oxigraph_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install the `bench` extra: the oxigraph binary is missing")
        servers.remove("oxigraph")  # the govsocial half still runs
    run = subprocess.run(
        [
            sys.executable,
            str(project_root / "bench" / "run.py"),
            "--sizes",
            "1e3",
            "--quick",
            "--repetitions",
            "1",
            "--concurrency",
            "1",
            "4",
            "8",
            "--servers",
            ",".join(servers),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=project_root,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    [result_file] = tmp_path.glob("*.json")
    results = json.loads(result_file.read_text(encoding="utf-8"))
    assert results["machine"]["cores"] and results["machine"]["pyoxigraph"]
    [size] = results["sizes"]
    assert abs(size["triples"] - 1000) <= 10
    queries = sorted(p.stem for p in (project_root / "bench" / "queries").glob("*.rq"))
    assert size["queries"] == queries
    for name in servers:
        measured = size["servers"][name]
        for query in queries:
            timing = measured["latency"][query]
            assert timing["errors"] == 0, (name, query)
            assert timing["n"] == 1 and timing["median_ms"] > 0, (name, query)
        assert sorted(measured["throughput"]) == ["1", "4", "8"]
        assert all(
            level["qps"] > 0 and level["errors"] == 0 for level in measured["throughput"].values()
        )
        assert measured["load_s"] > 0 and measured["restart_s"] > 0
        if name == "govsocial":  # linked-data pages: every one answered, with a body
            assert {"page-authority-html", "page-decision-turtle", "void-turtle"} <= set(
                measured["pages"]
            )
            assert all(
                page["errors"] == 0 and page["n"] == 1 and page["rows"] > 0
                for page in measured["pages"].values()
            ), measured["pages"]
        else:
            assert "pages" not in measured
        assert measured["peak_rss"] > 0
    if len(servers) == 2:
        # the same filled query text went to both: the answers must agree in size
        for query in queries:
            rows = {size["servers"][name]["latency"][query]["rows"] for name in servers}
            assert len(rows) == 1, (query, rows)
    assert size["validate"]["exit"] == 0, size["validate"]
    assert size["validate"]["violations"] == 0

    table = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert "| lookup-entity |" in table and "throughput c=8" in table
    assert "| page-decision-html |" in table
    if importlib.util.find_spec("matplotlib") is not None or os.environ.get("CI"):
        assert (tmp_path / "latency.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("front", ["gunicorn", "granian"])
def test_ceiling_runs_on_the_harness_data(project_root: Path, tmp_path: Path, front: str) -> None:
    """bench/ceiling.py (the unsafe in-process bound, bench/results/ceiling.md) still runs."""
    if oxigraph_binary() is None or importlib.util.find_spec(front) is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install the `bench` extra: oxigraph or {front} is missing")
        pytest.skip(f"needs the `bench` extra (oxigraph, {front})")
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "govsocial",
            "generate",
            "--triples",
            "1000",
            "--out",
            str(work / "syn-1000-seed1.nt"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    run = subprocess.run(
        [
            sys.executable,
            str(project_root / "bench" / "ceiling.py"),
            "--size",
            "1e3",
            "--work",
            str(work),
            "--repetitions",
            "1",
            "--throughput-seconds",
            "0.5",
            "--front",
            front,
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=project_root,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    queries = sorted(p.stem for p in (project_root / "bench" / "queries").glob("*.rq"))
    rows = [
        line.split("|")[1].strip()
        for line in run.stdout.splitlines()
        if line.startswith("| ") and not line.startswith("| query")
    ]
    assert rows == queries
    assert f"triples ({front})" in run.stdout and "Throughput at c=8: " in run.stdout


def test_connection_bench_runs_and_writes_its_table(project_root: Path, tmp_path: Path) -> None:
    """bench/connections.py against a real govsocial server, shortened: the harness keeps
    working, and the combined attack leaves the real client answered."""
    run = subprocess.run(
        [
            sys.executable,
            str(project_root / "bench" / "connections.py"),
            "--quick",
            "--scenarios",
            "baseline",
            "combined",
            "--seconds",
            "2",
            "--baseline",
            "0.5",
            "--label",
            "smoke",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=project_root,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads((tmp_path / "connections-smoke.json").read_text(encoding="utf-8"))
    table = (tmp_path / "connections-smoke.md").read_text(encoding="utf-8")
    assert "| combined |" in table
    combined = results["scenarios"]["combined"]
    assert combined["server_alive"] and combined["attacks"]
    assert combined["prober"]["count"] > 0 and combined["prober"]["failures"] == {}


def test_limits_bench_runs_and_writes_its_tables(project_root: Path, tmp_path: Path) -> None:
    """bench/limits.py, shortened: a real server (point lookups, point queries beside runaways)
    and the store in process; every figure is there and the answers were right."""
    run = subprocess.run(
        [
            sys.executable,
            str(project_root / "bench" / "limits.py"),
            "--quick",
            "--sections",
            "point",
            "beside",
            "store",
            "--rounds",
            "20",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=project_root,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads((tmp_path / "limits.json").read_text(encoding="utf-8"))
    sections = results["sections"]
    assert sections["point"]["n"] == 20 and sections["point"]["errors"] == 0
    for beside in sections["beside"].values():
        assert beside["n"] > 0 and set(beside["statuses"]) == {"503"}, beside
    assert sections["store"]["stopped at the time limit"]["outcomes"] == {"QueryTimeout": 1}
    assert sections["store"]["point query making room"]["outcomes"] == {"answered": 1}
    assert sections["store"]["point query refused"]["outcomes"] == {"Overloaded": 1}
    table = (tmp_path / "limits.md").read_text(encoding="utf-8")
    assert "## A point lookup" in table and "| point query making room |" in table


def test_huge_file_bench_runs_and_writes_its_table(project_root: Path, tmp_path: Path) -> None:
    """bench/huge_file.py on a small file: both commands refuse it, naming the last line."""
    run = subprocess.run(
        [
            sys.executable,
            str(project_root / "bench" / "huge_file.py"),
            "--mib",
            "2",
            "--repetitions",
            "1",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=project_root,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads((tmp_path / "huge-file.json").read_text(encoding="utf-8"))["results"]
    for name in ("validate", "serve"):
        [measured] = results[name]["runs"]
        assert measured["exit"] == 2 and measured["names_the_line"], (name, measured)
    assert not list((tmp_path / "work").glob("*.nt"))  # the data file is deleted
    assert "| `govsocial serve` |" in (tmp_path / "huge-file.md").read_text(encoding="utf-8")
