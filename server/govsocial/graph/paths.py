"""Locate the project's ontology, data and shapes folders."""

from __future__ import annotations

import os
from pathlib import Path

from govsocial.endpoint.rdf_input import rdf_files


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
    return Path(__file__).resolve().parents[3]


def ontology_dir() -> Path:
    return project_root() / "ontology"


def data_dir() -> Path:
    return project_root() / "data"


def shapes_dir() -> Path:
    return project_root() / "shapes"


def queries_dir() -> Path:
    return project_root() / "queries"


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
