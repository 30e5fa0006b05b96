"""Locate the project's ontology, data and shapes folders."""

from __future__ import annotations

import os
from pathlib import Path

RDF_SUFFIXES = {".ttl", ".nt", ".trig", ".nq"}
# RDF formats we refuse (XML can carry entity-expansion bombs; JSON-LD can fetch remote
# contexts): a folder holding one is listed anyway, so the reader refuses it by name
# instead of the data going missing without a word.
REFUSED_RDF_SUFFIXES = {".rdf", ".owl", ".xml", ".jsonld", ".n3", ".nt.gz", ".ttl.gz"}


def project_root() -> Path:
    """Return the folder holding ontology/, data/ and shapes/.

    GOVSOCIAL_HOME wins; otherwise the current directory if it looks like a checkout,
    otherwise the checkout this package was installed from (editable installs).
    """
    env = os.environ.get("GOVSOCIAL_HOME")
    if env:
        return Path(env).resolve()
    cwd = Path.cwd()
    if (cwd / "ontology").is_dir() and (cwd / "data").is_dir():
        return cwd
    return Path(__file__).resolve().parents[2]


def ontology_dir() -> Path:
    return project_root() / "ontology"


def data_dir() -> Path:
    return project_root() / "data"


def shapes_dir() -> Path:
    return project_root() / "shapes"


def queries_dir() -> Path:
    return project_root() / "queries"


def rdf_files(*roots: Path, suffixes: set[str] = RDF_SUFFIXES) -> list[Path]:
    """Expand files and folders into a sorted list of RDF files (recursively).

    Inside a folder, anything that looks like RDF is listed, also when it cannot be read (a
    broken link, a pipe) or is in a refused format: the reader then names it and says why.
    """
    looks_like_rdf = suffixes | REFUSED_RDF_SUFFIXES
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(
                path
                for path in sorted(root.rglob("*"))
                if _suffix(path) in looks_like_rdf and not path.is_dir()
            )
        else:
            files.append(root)
    return files


def _suffix(path: Path) -> str:
    """Return the lower-case suffix, with a compression suffix kept with the one before it."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if len(suffixes) == 2 and suffixes[1] == ".gz":
        return "".join(suffixes)
    return path.suffix.lower()


def default_graph_files() -> list[Path]:
    """The files served and validated by default: ontology (with vocabularies) and data."""
    return rdf_files(ontology_dir(), data_dir())


def display_path(path: Path | None) -> str:
    """Return the path for a message: relative to the working directory when it lies below it,
    else as given (never a climb of ../..)."""
    if path is None:
        return "(not in any input file)"
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:  # elsewhere: the path as it was given, never a climb of ../..
        return str(path)
