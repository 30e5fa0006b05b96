"""The shared helpers fail usefully: a server that dies or never gets healthy is named with its
log, and stopping one leaves no process of its group behind."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from support.processes import ended, free_port, start_process
from support.w3c import PROTOCOL_DIR, W3C_DIR, W3C_GRAPH, write_w3c_nquads
from support.waiting import wait_until


def test_a_server_that_exits_fails_with_its_log(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "print('no data files given'); raise SystemExit(3)"]
    with pytest.raises(pytest.fail.Exception) as failure:
        start_process(command, free_port(), tmp_path / "serve.log")
    assert "exited with 3" in str(failure.value)
    assert "no data files given" in str(failure.value)


def test_a_server_that_never_gets_healthy_is_killed_with_its_group(tmp_path: Path) -> None:
    # a master that starts a child (as gunicorn starts workers) and never listens; both sleep
    # 60 s, far past the 2 s start deadline: only the kill can end them in time
    pids = tmp_path / "pids"
    script = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(pids)!r}, 'w').write(str(child.pid))\n"
        "print('still starting', flush=True)\n"
        "time.sleep(60)\n"
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        start_process(
            [sys.executable, "-c", script], free_port(), tmp_path / "serve.log", start_seconds=2
        )
    assert "/health did not answer 200 within 2 s" in str(failure.value)
    assert "still starting" in str(failure.value)
    child = int(pids.read_text())
    wait_until(lambda: ended(child), 5, "the master's child to be killed with its group")


def test_w3c_data_becomes_the_named_graphs_of_the_manifest(tmp_path: Path) -> None:
    protocol = PROTOCOL_DIR
    out = write_w3c_nquads(protocol, tmp_path / "data.nq")
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))
    for n in (1, 2, 3):
        expected = len(
            list(ox.parse(path=str(protocol / f"data{n}.nt"), format=ox.RdfFormat.N_TRIPLES))
        )
        graph = ox.NamedNode(W3C_GRAPH.format(n=n))
        assert expected > 0
        assert sum(q.graph_name == graph for q in quads) == expected
    assert {q.graph_name for q in quads} == {ox.NamedNode(W3C_GRAPH.format(n=n)) for n in (1, 2, 3)}


def test_vendored_w3c_files_are_the_upstream_ones_with_their_licence() -> None:
    """tests/w3c holds verbatim upstream files (the sums its README records) and the licence."""
    sums = dict(
        (name, digest)
        for digest, name in re.findall(
            r"^([0-9a-f]{64})  (\S+)$", (W3C_DIR / "README.md").read_text(), re.M
        )
    )
    kept = sorted(str(path.relative_to(W3C_DIR)) for path in PROTOCOL_DIR.iterdir())
    assert kept == [
        "protocol/data1.nt",
        "protocol/data2.nt",
        "protocol/data3.nt",
        "protocol/manifest.ttl",
    ]
    for name in kept:
        assert hashlib.sha256((W3C_DIR / name).read_bytes()).hexdigest() == sums[name], name
    assert "LICENSES FOR W3C TEST SUITES" in (W3C_DIR / "LICENSE.md").read_text()
