"""A renamed IRI keeps answering: 301 to its new name, in the format the client asked for
(graph/moved_iris.py, data/moved-iris.tsv)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from govsocial.endpoint.store.local import LocalStore
from govsocial.graph.moved_iris import MovedIrisError, read_moved

BareApp = Callable[..., Flask]


def _app(bare_app: BareApp, store: LocalStore, moved: Path, tmp_path: Path) -> Flask:
    return bare_app(store, MOVED_IRIS=str(moved), LINKEDDATA_CACHE_DIR=str(tmp_path))


@pytest.fixture
def moved_app(bare_app: BareApp, local_store: LocalStore, tmp_path: Path) -> Flask:
    moved = tmp_path / "moved-iris.tsv"
    moved.write_text(
        "# renamed\ndecision/dresden-x-stop-posting-2024-02\tdecision/dresden-x-stop-posting\n",
        encoding="utf-8",
    )
    return _app(bare_app, local_store, moved, tmp_path)


def test_an_old_iri_answers_301_with_the_new_one(moved_app: Flask) -> None:
    response = moved_app.test_client().get(
        "/id/decision/dresden-x-stop-posting-2024-02", headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/id/decision/dresden-x-stop-posting")
    followed = moved_app.test_client().get(
        response.headers["Location"], headers={"Accept": "text/turtle"}
    )
    assert followed.status_code == 200 and "stop-posting" in followed.get_data(as_text=True)


def test_the_format_suffix_is_kept(moved_app: Flask) -> None:
    response = moved_app.test_client().get("/id/decision/dresden-x-stop-posting-2024-02.ttl")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/id/decision/dresden-x-stop-posting.ttl")


def test_an_unknown_iri_is_still_404(moved_app: Flask) -> None:
    assert moved_app.test_client().get("/id/decision/never-was").status_code == 404


def test_a_described_iri_is_served_even_if_listed(
    bare_app: BareApp, local_store: LocalStore, tmp_path: Path
) -> None:
    """The graph wins: an IRI in use is never redirected away."""
    moved = tmp_path / "moved-iris.tsv"
    moved.write_text("decision/dresden-x-stop-posting\tdecision/elsewhere\n", encoding="utf-8")
    client = _app(bare_app, local_store, moved, tmp_path).test_client()
    assert client.get("/id/decision/dresden-x-stop-posting.ttl").status_code == 200


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("decision/a decision/b\n", "line 1: expected 'old<TAB>new'"),
        ("decision/a\tdecision/b\ndecision/a\tdecision/c\n", "line 2: decision/a is listed twice"),
        ("decision/a\tdecision/b\ndecision/b\tdecision/c\n", "list decision/a with its final"),
        ("decision/A\tdecision/b\n", "line 1"),
    ],
    ids=["no-tab", "twice", "chain", "upper-case"],
)
def test_a_bad_list_is_refused_with_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "moved-iris.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MovedIrisError, match=message):
        read_moved(path)
