"""Find the project's ontology, shapes and data: a checkout, or the copy installed with the package.

`pip install` of this repository (as pre-commit and a contributor's CI do) puts ontology/,
shapes/ and data/ under <prefix>/share/govsocial-kg (pyproject's data-files), since the package
alone would not have them; a checkout (the working directory, GOVSOCIAL_HOME or the checkout of
an editable install) wins, so a fork validates against its own working tree.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from govsocial.endpoint.rdf_input import rdf_files
from govsocial.graph import paths

DISTRIBUTION = "govsocial-kg"
INSTALLED_UNDER = ("share", "govsocial-kg")
# a folder holding this file is the project, not a contributor's repo with its own ontology/
MARKER = Path("ontology") / "govsocial.ttl"


@dataclass(frozen=True)
class Project:
    """The folder holding ontology/, shapes/ and data/ (a checkout or the installed copy)."""

    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def data(self) -> Path:
        return self.root / "data"

    def data_files(self, replaced_by: Sequence[Path] = ()) -> list[Path]:
        """Return the project's data files, less those the given files stand in for.

        A file stands in for a project file when it is that file, or has the same path below
        the project (data/registry/people.ttl of a fork replaces the installed copy's one):
        otherwise old and edited versions of the same entries would both be validated.
        """
        if not self.data.is_dir():
            return []
        replaced = {tuple(p.resolve().parts) for p in replaced_by}
        kept = []
        for file in rdf_files(self.data):
            relative = file.resolve().relative_to(self.root.resolve()).parts
            if not any(parts[-len(relative) :] == relative for parts in replaced):
                kept.append(file)
        return kept


def _is_project(root: Path) -> bool:
    return (root / MARKER).is_file() and (root / "shapes").is_dir()


def installed_copy() -> Path | None:
    """Return <prefix>/share/govsocial-kg of the installed distribution, if it has one."""
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None
    # the installed files are listed relative to site-packages ("../../../share/...")
    for file in distribution.files or []:
        parts = file.parts
        for i in range(len(parts) - 1):
            if parts[i : i + 2] == INSTALLED_UNDER:
                root = Path(str(distribution.locate_file(Path(*parts[: i + 2])))).resolve()
                return root if _is_project(root) else None
    return None


def find_project(explicit: Path | None = None) -> Project:
    """Return the project: `explicit`, GOVSOCIAL_HOME, a checkout, else the installed copy.

    A checkout is the working directory or the folder this package was installed from
    (editable installs). When nothing is found, the package's own folder is returned, as
    paths.project_root() does, and reading it then names the missing folder.
    """
    if explicit is not None:
        return Project(explicit.resolve())
    env = os.environ.get("GOVSOCIAL_HOME")
    if env:
        return Project(Path(env).resolve())
    for candidate in (Path.cwd(), Path(paths.__file__).resolve().parents[3]):
        if _is_project(candidate):
            return Project(candidate)
    installed = installed_copy()
    return Project(installed if installed is not None else paths.project_root())
