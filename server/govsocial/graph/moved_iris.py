"""Renamed IRIs: an IRI that was published once keeps answering, with a 301 to its new name.

Published IRIs are cited in papers, saved queries and other graphs, so a rename (an IRI that
asserted what the data does not, a slug that would collide) never just drops the old one. The
project lists every rename in `data/moved-iris.tsv`: one line `old<TAB>new`, both local to the
base IRI (`decision/x-2024-01<TAB>decision/x`); `#` starts a comment. The file is not RDF, so it
is not part of the graph: the old IRI names nothing any more, it only points on.
"""

from __future__ import annotations

import re
from pathlib import Path

FILE_NAME = "moved-iris.tsv"
LOCAL = re.compile(r"[a-z]+/[a-z0-9]+(-[a-z0-9]+)*")


class MovedIrisError(ValueError):
    """The list of renamed IRIs cannot be read: file and line say where."""


def read_moved(path: Path) -> dict[str, str]:
    """Return old local IRI path -> new one from `path`; {} when there is no such file."""
    if not path.is_file():
        return {}
    moved: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        parts = text.split("\t")
        if len(parts) != 2 or not all(LOCAL.fullmatch(part) for part in parts):
            raise MovedIrisError(
                f"{path}: line {number}: expected 'old<TAB>new', two local IRI "
                f"paths like decision/x-2024-01, got {text!r}"
            )
        old, new = parts
        if old in moved or old == new:
            raise MovedIrisError(f"{path}: line {number}: {old} is listed twice or moves to itself")
        moved[old] = new
    for old, new in moved.items():
        if new in moved:
            raise MovedIrisError(
                f"{path}: {old} moves to {new}, which moved on again: list "
                f"{old} with its final name {moved[new]}"
            )
    return moved
