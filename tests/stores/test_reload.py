"""`OxigraphStore.reload()`: swap to changed sources, keep the graph in service on bad ones.

In process (the test is the store's owner, as the gunicorn master is in `serve`); the
SIGHUP path through a real server is tests/hardening/test_faults.py.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from govsocial.endpoint.store.oxigraph import OxigraphStore
from govsocial.endpoint.store.persisted import StoreBuildError

from .test_persisted import labels, write


@pytest.fixture(params=["memory", "store"])
def make(request: pytest.FixtureRequest, tmp_path: Path):
    """Build a store of `source` in memory or persisted, closed at the end."""
    made: list[OxigraphStore] = []

    def maker(source: Path, **options: object) -> OxigraphStore:
        store_dir = tmp_path / "store" if request.param == "store" else None
        made.append(OxigraphStore([source], store_dir=store_dir, **options))
        return made[-1]

    yield maker
    for store in made:
        store.close()


def test_reload_swaps_to_changed_sources(make, tmp_path: Path) -> None:
    source = write(tmp_path / "data.ttl", {"a": "Alpha"})
    store = make(source)
    first = store.info.version
    assert store.reload() is False  # unchanged: nothing to swap
    assert store.info.version == first

    write(source, {"a": "Alpha", "b": "Beta"})
    assert store.reload() is True
    assert labels(store) == {"a": "Alpha", "b": "Beta"}
    assert store.info.triples == 2
    assert store.info.version != first
    store.retire()  # the old zygote goes; the new one keeps answering
    assert labels(store) == {"a": "Alpha", "b": "Beta"}


def test_parse_error_keeps_the_graph_and_logs_file_and_line(
    make, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = write(tmp_path / "data.ttl", {"a": "Alpha"})
    store = make(source)
    version = store.info.version
    source.write_text(source.read_text() + '<http://example.org/c> "no predicate" .\n')
    with caplog.at_level(logging.ERROR, logger="govsocial.endpoint.store.oxigraph"):
        assert store.reload() is False
    assert labels(store) == {"a": "Alpha"}
    assert store.info.version == version
    message = caplog.records[-1].getMessage()
    assert "reload refused" in message and f"{source}: line 3" in message, message


def test_failed_validation_keeps_the_graph(
    make, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = write(tmp_path / "data.ttl", {"a": "Alpha"})
    validated = tmp_path / "validated.txt"

    def refuse(files: list[Path]) -> None:
        # runs in a forked child: leave a trace the test can see
        validated.write_text("\n".join(map(str, files)))
        if "Changed" in source.read_text():
            raise StoreBuildError("the sources do not conform to the shapes (1 violations)")

    store = make(source, validator=refuse)
    validated.unlink(missing_ok=True)  # a persisted first build is validated too
    write(source, {"a": "Changed"})
    with caplog.at_level(logging.ERROR, logger="govsocial.endpoint.store.oxigraph"):
        assert store.reload() is False
    assert validated.read_text() == str(source)
    assert labels(store) == {"a": "Alpha"}
    assert "do not conform to the shapes" in caplog.records[-1].getMessage()


def test_reload_only_in_the_owner_process(make, tmp_path: Path) -> None:
    store = make(write(tmp_path / "data.ttl", {"a": "Alpha"}))
    store._owner = -1  # as seen from a forked HTTP worker
    with pytest.raises(RuntimeError, match="process that started the store"):
        store.reload()
    store._owner = __import__("os").getpid()
