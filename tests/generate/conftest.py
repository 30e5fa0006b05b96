"""Fixtures for the generator tests: small generated files in both syntaxes, parsed once."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

# the helpers module sits beside this file; importlib mode does not put test folders on the path
sys.path.insert(0, str(Path(__file__).parent))

from generate_helpers import SEED, SIZE, Summary, parse, write


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Summary]]:
    folder = tmp_path_factory.mktemp("generated")
    return {
        fmt: (folder / f"syn.{fmt}", write(folder / f"syn.{fmt}", SIZE, SEED, fmt))
        for fmt in ("ttl", "nt")
    }


@pytest.fixture(scope="session")
def triples(generated: dict[str, tuple[Path, Summary]]) -> set[ox.Triple]:
    return parse(generated["ttl"][0])


@pytest.fixture(scope="session")
def store(triples: set[ox.Triple]) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store
