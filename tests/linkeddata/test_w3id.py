"""The w3id.org rules send every IRI the server dereferences to the same path on the server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

HOST = "https://govsocial-kg.example.org/"


def rules(project_root: Path) -> list[tuple[re.Pattern[str], str, str]]:
    text = (project_root / "w3id" / "govsocial" / ".htaccess").read_text()
    found = []
    for line in text.splitlines():
        if line.startswith("RewriteRule "):
            _keyword, pattern, target, flags = line.split()
            found.append((re.compile(pattern), target, flags))
    return found


def redirect(project_root: Path, path: str) -> tuple[str, str] | None:
    """Apply the rules as Apache would (first match wins): return (target, flags)."""
    for pattern, target, flags in rules(project_root):
        match = pattern.match(path)
        if match:
            return match.expand(re.sub(r"\$(\d)", r"\\g<\1>", target)), flags
    return None


@pytest.mark.parametrize(
    "path",
    [
        "id/authority/dresden",
        "id/decision/dresden-x-stop-posting.ttl",
        "id/statement/chemnitz-x-reasons.jsonld",
        "id/source/seed-2024-12-30.nt",
        "vocab/platform",
        "vocab/platform/x",
        "vocab/platform/x.rdf",
        "vocab/",
        "ontology",
        "ontology.ttl",
        "ontology/0.1.0",
        ".well-known/void",
    ],
)
def test_dereferenceable_paths_keep_their_path(project_root: Path, path: str) -> None:
    result = redirect(project_root, path)
    assert result is not None, f"no rule for {path}"
    target, flags = result
    assert target == HOST + path
    assert "R=303" in flags


@pytest.mark.parametrize("path", ["id/../../etc", "idx/authority/dresden", "id/authority"])
def test_other_paths_are_not_redirected(project_root: Path, path: str) -> None:
    assert redirect(project_root, path) is None


def test_landing_page_redirect(project_root: Path) -> None:
    assert redirect(project_root, "") == (HOST, "[R=302,L]")
