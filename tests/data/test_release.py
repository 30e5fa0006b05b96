"""The release is one fact in three places: data/release.toml (read by the server for VoID and the
citation), CITATION.cff and docs/DATA-CHANGELOG.md; they agree, and a broken release file says
what is wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govsocial.graph.release import load


def test_citation_cff_and_the_data_changelog_name_the_release(project_root: Path) -> None:
    released = load(project_root / "data" / "release.toml")
    assert released is not None
    cff = (project_root / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf'^version: "{re.escape(released.version)}"$', cff, re.M)
    assert re.search(rf'^date-released: "{released.date.isoformat()}"$', cff, re.M)
    changelog = (project_root / "docs" / "DATA-CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {released.version} ({released.date.isoformat()})" in changelog


@pytest.mark.parametrize(
    "text, message",
    [
        ('version = "1.0"\ndate = "2026-12-04"\ncreators = ["x"]\n', "is not YEAR.MONTH.N"),
        ('version = "2026.12.0"\ncreators = ["x"]\n', "needs version, date and creators"),
        ('version = "2026.12.0"\ndate = 2026-12-04\ncreators = []\n', "non-empty list"),
        ("version = \n", "not a release description"),
    ],
)
def test_a_broken_release_file_says_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "release.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as raised:
        load(path)
    assert str(path) in str(raised.value)
    assert load(tmp_path / "missing.toml") is None
