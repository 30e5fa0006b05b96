"""Fixtures of the linked-data tests: an app over a small graph of every entity type."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph
import pytest
from flask import Flask
from flask.testing import FlaskClient

import govsocial
from govsocial.app import create_app
from govsocial.endpoint.store.extension import EXTENSION_KEY
from govsocial.endpoint.store.local import LocalStore
from govsocial.graph.namespaces import PREFIXES
from govsocial.site.linkeddata import routes

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "https://w3id.org/govsocial/"


@pytest.fixture(scope="session")
def graph_files(project_root: Path) -> list[Path]:
    """Return the files of the test graph: the project's ontology plus the fixtures."""
    ontology = project_root / "ontology" / "govsocial.ttl"
    if not ontology.is_file():
        pytest.fail(f"{ontology} is missing")
    return [ontology, FIXTURES / "vocab.ttl", FIXTURES / "sample.ttl"]


@pytest.fixture(scope="session")
def store(graph_files: list[Path]) -> pyoxigraph.Store:
    loaded = pyoxigraph.Store()
    for path in graph_files:
        loaded.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    return loaded


@pytest.fixture(scope="session")
def local_store(graph_files: list[Path]) -> LocalStore:
    """The test graph in a `QueryStore` of this process (no query workers)."""
    return LocalStore(graph_files, prefixes=PREFIXES)


def _bare_app(store: LocalStore, **config: object) -> Flask:
    flask_app = Flask(
        "govsocial",
        root_path=str(Path(govsocial.__file__).parent),
        template_folder="site/templates",
        static_folder="site/static",
    )
    flask_app.config.update(TESTING=True, **config)
    flask_app.extensions[EXTENSION_KEY] = store
    routes.init_app(flask_app)
    return flask_app


@pytest.fixture(scope="session")
def bare_app() -> Callable[..., Flask]:
    """Make an app with only the linked-data blueprint reading a store, with this config:
    `bare_app(store, **config)`."""
    return _bare_app


@pytest.fixture(scope="session")
def app(graph_files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """Return the real app (store, query workers, all blueprints) over the fixture graph."""
    flask_app = create_app(
        {
            "TESTING": True,
            "DATA_PATHS": [str(p) for p in graph_files],
            "QUERY_TIMEOUT": 20,
            "LINKEDDATA_CACHE_DIR": str(tmp_path_factory.mktemp("ldcache")),
        }
    )
    yield flask_app
    flask_app.extensions["govsocial.endpoint.store"].close()


@pytest.fixture(scope="session")
def inprocess_app(local_store: LocalStore, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """Return a bare app with only the linked-data blueprint over an in-process store."""
    return _bare_app(
        local_store, LINKEDDATA_CACHE_DIR=str(tmp_path_factory.mktemp("ldcache-inproc"))
    )


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()
