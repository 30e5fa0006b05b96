"""Locate the project's ontology, data and shapes folders."""

from __future__ import annotations

import os
from pathlib import Path

RDF_SUFFIXES = {".ttl", ".nt", ".trig", ".nq"}


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
    """Expand files and folders into a sorted list of RDF files (recursively)."""
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(p for p in sorted(root.rglob("*")) if p.suffix in suffixes and p.is_file())
        else:
            files.append(root)
    return files


def default_graph_files() -> list[Path]:
    """The files served and validated by default: ontology (with vocabularies) and data."""
    return rdf_files(ontology_dir(), data_dir())
