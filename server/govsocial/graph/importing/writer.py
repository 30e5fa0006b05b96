"""Write what an import adds as canonical Turtle: first into a staged copy of the data folder
(which the SHACL check reads), then, when everything is valid, over the data files.

A file that exists gains the new nodes' blocks and is written again in canonical form
(`graph.canonical`: its comments stay); a new file opens with a comment header. Each file is
replaced in one step (written beside it, then renamed), and only after all are written.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from rdflib import Graph

from govsocial.graph.canonical import canonical_text, serialize_graph

REGISTRY_HEADER = {
    "authorities.ttl": "# The registry of public bodies: authorities and their units.",
    "organisations.ttl": "# The registry of organisations that are not public bodies.",
    "people.ttl": "# The registry of persons named by the sources and the posts they spoke from.",
    "channels.ttl": "# The registry of channels: a body's account on one platform.",
}


def stage(
    data_dir: Path,
    files: list[Path],
    additions: dict[Path, Graph],
    headers: dict[Path, list[str]],
    staged_dir: Path,
) -> dict[Path, str]:
    """Copy the data files into `staged_dir`, add the new nodes there, and return the canonical
    text of every data file that changes (by its path in `data_dir`)."""
    for path in files:
        target = staged_dir / path.relative_to(data_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    texts: dict[Path, str] = {}
    for path, graph in sorted(additions.items()):
        if not len(graph):
            continue
        staged = staged_dir / path.relative_to(data_dir)
        staged.parent.mkdir(parents=True, exist_ok=True)
        addition = serialize_graph(graph)
        if staged.exists():
            text = staged.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + addition
        else:
            header = headers.get(path) or [
                REGISTRY_HEADER.get(path.name, "# Imported from a coding sheet (govsocial import).")
            ]
            text = "\n".join(header) + "\n\n" + addition
        staged.write_text(text, encoding="utf-8")
        texts[path] = canonical_text(staged)
        staged.write_text(texts[path], encoding="utf-8")
    return texts


def commit(texts: dict[Path, str]) -> None:
    """Write the files: each beside its target first, then all renamed into place."""
    written: list[tuple[Path, Path]] = []
    try:
        for path, text in sorted(texts.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.import")
            temporary.write_text(text, encoding="utf-8")
            written.append((temporary, path))
    except OSError:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in written:
        os.replace(temporary, path)
