"""bench/compare.py: an after run counts as slower only beyond the before runs' noise."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest


def _compare_module(project_root: Path):
    spec = importlib.util.spec_from_file_location("compare", project_root / "bench" / "compare.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(path: Path, ours: float, oxigraph: float, page: float) -> Path:
    servers = {
        "govsocial": {
            "latency": {"q": {"median_ms": ours}},
            "pages": {"p": {"median_ms": page}},
        },
        "oxigraph": {"latency": {"q": {"median_ms": oxigraph}}, "pages": {}},
    }
    path.write_text(json.dumps({"sizes": [{"requested": 10, "triples": 10, "servers": servers}]}))
    return path


@pytest.mark.parametrize(
    ("ours", "oxigraph", "page", "slower"),
    [
        (1.05, 1.0, 2.0, 0),  # within the noise
        (1.5, 1.5, 2.0, 0),  # a busy machine: Oxigraph slowed alike
        (1.5, 1.0, 2.0, 1),  # the query is slower, also against Oxigraph
        (1.0, 1.0, 3.0, 1),  # the page is slower
    ],
)
def test_only_what_is_beyond_the_noise_is_slower(
    project_root: Path, tmp_path: Path, ours: float, oxigraph: float, page: float, slower: int
) -> None:
    compare = _compare_module(project_root)
    before = [_run(tmp_path / "b1.json", 1.0, 1.0, 2.0), _run(tmp_path / "b2.json", 1.1, 1.0, 2.1)]
    after = _run(tmp_path / "a.json", ours, oxigraph, page)
    out = tmp_path / "compare.md"
    status = compare.main(["--before", *map(str, before), "--after", str(after), "--out", str(out)])
    assert status == (1 if slower else 0)
    assert f"Slower than the noise: {slower}." in out.read_text()
