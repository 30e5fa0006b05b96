"""`govsocial serve --store DIR`: a real server process on a persisted store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from .conftest import serve

pytestmark = pytest.mark.slow

QUERY = "SELECT ?l { <http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"


def label(endpoint: str) -> str:
    answer = requests.post(
        endpoint,
        data={"query": QUERY},
        timeout=10,
        headers={"Accept": "application/sparql-results+json"},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]["bindings"][0]["l"]["value"]


def test_serve_reopens_rebuilds_and_refuses_broken_sources(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text('<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "one" .\n')
    store = tmp_path / "store"
    arguments = ("--store", str(store), "--data", str(data), "--workers", "2", "--threads", "4")

    served = serve(tmp_path, *arguments)
    try:
        assert label(served.endpoint) == "one"
    finally:
        served.stop()
    first = os.readlink(store / "current")

    served = serve(tmp_path, *arguments)
    try:
        assert label(served.endpoint) == "one"
        assert "unchanged" in served.log.read_text()
    finally:
        served.stop()
    assert os.readlink(store / "current") == first

    data.write_text('<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "two" .\n')
    served = serve(tmp_path, *arguments)
    try:
        assert label(served.endpoint) == "two"
    finally:
        served.stop()
    second = os.readlink(store / "current")
    assert second != first

    data.write_text("<http://example.org/a> <http://example.org/b> .\n")
    failed = subprocess.run(
        [sys.executable, "-m", "govsocial", "serve", "--port", "1", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert failed.returncode == 2
    assert f"{data}: line 1" in failed.stderr
    assert os.readlink(store / "current") == second  # the store in service is kept


def test_remote_and_store_do_not_mix(tmp_path: Path) -> None:
    failed = subprocess.run(
        [
            sys.executable,
            "-m",
            "govsocial",
            "serve",
            "--remote",
            "http://127.0.0.1:9",
            "--store",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert failed.returncode == 2
    assert "--remote" in failed.stderr
