"""Helpers of the generator tests: generate into files or strings, parse with Oxigraph."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox

from govsocial.graph.generate import Summary, generate

SIZE = 10_000
SEED = 7


def write(path: Path, triples: int, seed: int, fmt: str) -> Summary:
    """Generate into a file, as the command does."""
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        return generate(stream, triples, seed=seed, fmt=fmt)


def text_of(triples: int, seed: int, fmt: str) -> str:
    """Generate into a string."""
    stream = io.StringIO()
    generate(stream, triples, seed=seed, fmt=fmt)
    return stream.getvalue()


def parse(path: Path) -> set[ox.Triple]:
    """Parse a generated file with Oxigraph's strict parser (duplicates collapse in the set)."""
    fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
    return {quad.triple for quad in ox.parse(path=path, format=fmt)}
