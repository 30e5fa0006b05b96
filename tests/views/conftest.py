"""Fixtures of the views tests: the real app over the project's data, queried in-process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from govsocial.app import create_app
from govsocial.paths import rdf_files

sys.path.insert(0, str(Path(__file__).parent))
from inprocess import InProcessStore


@pytest.fixture(scope="session")
def project_store(project_root: Path) -> InProcessStore:
    """Return the project's ontology, vocabularies and data in an in-process store."""
    files = rdf_files(project_root / "ontology", project_root / "data")
    if not any("data" in p.parts for p in files):
        pytest.fail(f"no data files under {project_root / 'data'}")
    return InProcessStore(files)


@pytest.fixture(scope="session")
def app(project_store: InProcessStore, project_root: Path,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """Return the real app (every blueprint) whose store answers in this process."""
    flask_app = create_app({
        "TESTING": True,
        "STORE": project_store,
        "QUERIES_DIR": str(project_root / "queries"),
        "LINKEDDATA_CACHE_DIR": str(tmp_path_factory.mktemp("ldcache")),
    })
    yield flask_app


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()
