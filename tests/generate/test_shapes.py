"""Synthetic data passes the project's SHACL shapes, checked by the real `govsocial validate`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from generate_helpers import write

# Small: pySHACL needs seconds per thousand triples; every kind of node is already there.
SIZES_AND_SEEDS = [(3_000, 2)]


@pytest.mark.parametrize(("size", "seed"), SIZES_AND_SEEDS)
def test_generated_data_conforms_without_warnings(tmp_path: Path, size: int, seed: int) -> None:
    path = tmp_path / "syn.ttl"
    write(path, size, seed, "ttl")
    run = subprocess.run(
        [sys.executable, "-m", "govsocial", "validate", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    messages = [f"{r.get('focusNode')}: {r.get('message')}" for r in report["results"]][:10]
    assert report["violations"] == 0, messages
    assert report["warnings"] == 0, messages
    assert run.returncode == 0
