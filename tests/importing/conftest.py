"""Fixtures for the import tests: a copy of the project's data to import into, the example sheet
as rows to vary, and helpers to write sheets and to see that nothing was written."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from govsocial.graph.importing import import_sheet
from govsocial.graph.importing.run import Outcome

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "import"


def read_example() -> tuple[list[str], list[dict[str, str]]]:
    with (EXAMPLES / "example.csv").open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        return list(reader.fieldnames or []), list(reader)


def csv_text(header: list[str], rows: Iterable[dict[str, str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below the folder with its bytes: equal snapshots, nothing written."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """The project's data files, copied: an import writes here, never into data/."""
    target = tmp_path / "data"
    for path in sorted((ROOT / "data").rglob("*.ttl")):
        destination = target / path.relative_to(ROOT / "data")
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    return target


@pytest.fixture
def run_import(data_copy: Path) -> Callable[..., Outcome]:
    def run(sheet: Path, **options: object) -> Outcome:
        return import_sheet(
            sheet, data_copy, ontology_dir=ROOT / "ontology", shapes_dir=ROOT / "shapes", **options
        )

    return run


@pytest.fixture
def example() -> tuple[list[str], list[dict[str, str]]]:
    return read_example()
