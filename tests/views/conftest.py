"""Fixtures of the views tests: the real app over the seed dataset, queried in-process.

The views' tests assert exact rows and cells of the first, Saxon dataset, so they run on its
frozen copy (tests/seed/README.md); the pages over the live data are crawled by tests/browser
and tests/linkeddata."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from govsocial.app import create_app
from govsocial.endpoint.rdf_input import rdf_files

sys.path.insert(0, str(Path(__file__).parent))
from inprocess import InProcessStore


@pytest.fixture(scope="session")
def project_store(project_root: Path, seed_data_dir: Path) -> InProcessStore:
    """Return the project's ontology and vocabularies with the seed data, in-process."""
    files = rdf_files(project_root / "ontology", seed_data_dir)
    if not any("data" in p.parts for p in files):
        pytest.fail(f"no data files under {seed_data_dir}")
    return InProcessStore(files)


@pytest.fixture(scope="session")
def app(
    project_store: InProcessStore, project_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """Return the real app (every blueprint) whose store answers in this process."""
    flask_app = create_app(
        {
            "TESTING": True,
            "STORE": project_store,
            "QUERIES_DIR": str(project_root / "queries"),
            "LINKEDDATA_CACHE_DIR": str(tmp_path_factory.mktemp("ldcache")),
        }
    )
    yield flask_app


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()
