"""Read a folder of source texts: its reading notes and the full texts asked for."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# The reading notes: every source the data may cite is listed in one of them by its URL.
NOTES = ("README.md", "further-sources.md")
URL = re.compile(r"https?://[^\s`\"'<>()\]]+")


class SourceFolderError(Exception):
    """The folder, a note or a full text cannot be read; the message names it and says why."""


def read_text(path: Path) -> str:
    """Return the UTF-8 text of `path`, or raise SourceFolderError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceFolderError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceFolderError(f"{path}: is a folder, expected a text file") from None
    except UnicodeDecodeError:
        raise SourceFolderError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise SourceFolderError(f"{path}: cannot be read ({error.strerror})") from None


@dataclass(frozen=True)
class SourceFolder:
    """The notes (file name -> text) and full texts (file name -> text) of a source folder,
    and the addresses the project's coding sheets record (URL -> sheet): pages a researcher
    found again and read, row by row (intake/*.csv)."""

    path: Path
    notes: dict[str, str]
    texts: dict[str, str]
    recorded: dict[str, str]

    @classmethod
    def read(cls, path: Path, texts: Iterable[str], sheets: Iterable[Path] = ()) -> SourceFolder:
        """Read the notes and the full texts named `texts`; all of them must be there."""
        if not path.is_dir():
            reason = "not a folder" if path.exists() else "no such folder"
            raise SourceFolderError(f"{path}: {reason} (expected a folder of source texts)")
        return cls(
            path,
            {name: read_text(path / name) for name in NOTES},
            {name: read_text(path / name) for name in texts},
            {url: sheet.name for sheet in sheets for url in _sheet_urls(sheet)},
        )

    @property
    def notes_text(self) -> str:
        return "\n".join(self.notes.values())

    def noted_urls(self) -> dict[str, str]:
        """Every URL written in the notes (trailing punctuation removed) -> the note listing it."""
        listed: dict[str, str] = {}
        for name, text in self.notes.items():
            for match in URL.findall(text):
                listed.setdefault(match.rstrip(".,;:"), name)
        return listed

    def listed_urls(self) -> dict[str, str]:
        """The addresses a source of the data may have: noted, or recorded by a sheet."""
        return {**self.recorded, **self.noted_urls()}


def _sheet_urls(sheet: Path) -> list[str]:
    """The `source_url` column of a coding sheet (CSV, UTF-8)."""
    try:
        with sheet.open(encoding="utf-8-sig", newline="") as rows:
            reader = csv.DictReader(rows)
            if "source_url" not in (reader.fieldnames or ()):
                raise SourceFolderError(f"{sheet}: not a coding sheet: no source_url column")
            return [url for row in reader if (url := (row["source_url"] or "").strip())]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SourceFolderError(
            f"{sheet}: not a coding sheet with a source_url column ({error})"
        ) from None
