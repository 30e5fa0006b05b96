"""`govsocial serve` start-up: bad input stops it with file and line; the default files serve."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from govsocial.app import create_app
from govsocial.graph.paths import default_graph_files
from govsocial.graph.rdfio import load_graph


def serve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "govsocial", "serve", "--port", "9", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.slow
def test_unparsable_file_stops_startup_with_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "open string .\n')
    result = serve("--data", str(bad))
    assert result.returncode == 2
    assert f"{bad}: line 2" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_missing_file_stops_startup_with_exit_2(tmp_path: Path) -> None:
    result = serve("--data", str(tmp_path / "nowhere.nt"))
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_default_files_are_served() -> None:
    # smoke test on ontology/ and data/, which grow while this is written: compare with rdflib
    files = default_graph_files()
    app = create_app()
    try:
        with app.test_client() as client:
            health = client.get("/health")
            assert health.status_code == 200
            assert health.json["files"] == len(files)
            expected = len(load_graph(files))
            assert health.json["triples"] == expected
            count = client.get("/sparql?query=SELECT%20(COUNT(*)%20AS%20?n)%20{?s%20?p%20?o}")
            assert count.json["results"]["bindings"][0]["n"]["value"] == str(expected)
    finally:
        app.extensions["govsocial.endpoint.store"].close()


@pytest.mark.slow
def test_a_busy_port_is_said_in_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "govsocial", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: cannot listen on 127.0.0.1:{port}: the port is in use (another server, or this "
        "one still running?); choose another port with --port N (make serve PORT=N)"
    )
    assert "Connection in use" not in result.stderr + result.stdout  # gunicorn never started


def test_the_options_defaults_come_from_the_config_table() -> None:
    """One place for every default: the app's table (govsocial/config.py); `serve` shows it."""
    from govsocial.config import DEFAULTS
    from govsocial.serve_command import serve as command

    defaults = {p.name: p.default for p in command.params}
    assert defaults["timeout"] == DEFAULTS["QUERY_TIMEOUT"]
    assert defaults["max_rows"] == DEFAULTS["MAX_ROWS"]
    assert defaults["queue_timeout"] == DEFAULTS["QUEUE_TIMEOUT"]
    assert defaults["long_query_seconds"] == DEFAULTS["LONG_QUERY_SECONDS"]
    assert defaults["memory_limit"] * 2**20 == DEFAULTS["QUERY_MEMORY_LIMIT"]
    assert defaults["proxy_headers"] == DEFAULTS["TRUST_PROXY_HEADERS"]
    # and every key the code reads is in the table (or one of Flask's own)
    source = Path(command.callback.__code__.co_filename).parents[1]
    read = {
        key
        for path in source.rglob("*.py")
        for key in re.findall(r'config(?:\.get\(|\[)"([A-Z_]+)"', path.read_text("utf-8"))
    }
    assert {"BASE_IRI", "RELEASE_FILE", "QUERY_TIMEOUT"} <= read  # the search finds them
    assert read - set(DEFAULTS) - set(Flask.default_config) == set()
