"""The data release (data/release.toml): the version a person reads and cites, its day and its
creators, for the landing page's citation, VoID and CITATION.cff."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

VERSION = re.compile(r"\d{4}\.\d{1,2}\.\d+")  # calendar versioning: YEAR.MONTH.N


@dataclass(frozen=True)
class Release:
    version: str
    date: dt.date
    creators: tuple[str, ...]

    @property
    def year(self) -> str:
        return str(self.date.year)


def load(path: Path) -> Release | None:
    """The release described at `path`, None if there is no file; ValueError saying what is
    wrong (and where) for a file that is not a release."""
    if not path.is_file():
        return None
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        version, day, creators = table["version"], table["date"], table["creators"]
    except (tomllib.TOMLDecodeError, KeyError, UnicodeDecodeError) as error:
        raise ValueError(
            f"{path}: not a release description ({error}); it needs version, date and creators"
        ) from error
    if not (isinstance(version, str) and VERSION.fullmatch(version)):
        raise ValueError(f"{path}: version {version!r} is not YEAR.MONTH.N (e.g. 2026.12.0)")
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    if not isinstance(day, dt.date) or not (isinstance(creators, list) and creators):
        raise ValueError(f"{path}: date must be YYYY-MM-DD and creators a non-empty list")
    return Release(version, day, tuple(str(c) for c in creators))
