"""Every IRI of the project's own data (data/, ontology/vocabularies/) dereferences."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from rdflib import Graph, URIRef

from govsocial.app import create_app
from govsocial.endpoint.store.interface import term_text

BASE = "https://w3id.org/govsocial/"
DATA_TYPES = {
    "authority",
    "person",
    "post",
    "organisation",
    "channel",
    "decision",
    "statement",
    "observation",
    "campaign",
    "claim",
    "source",
}


@pytest.fixture(scope="module")
def project_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "QUERY_TIMEOUT": 20,
            "LINKEDDATA_CACHE_DIR": str(tmp_path_factory.mktemp("projcache")),
        }
    )
    yield app
    app.extensions["govsocial.endpoint.store"].close()


@pytest.fixture(scope="module")
def served_iris(project_app: Flask) -> list[str]:
    rows = project_app.extensions["govsocial.endpoint.store"].select(f"""
SELECT DISTINCT ?s WHERE {{
  ?s ?p ?o .
  FILTER(isIRI(?s) && (STRSTARTS(STR(?s), "{BASE}id/") || STRSTARTS(STR(?s), "{BASE}vocab/")))
}} ORDER BY ?s""")
    return [term_text(r["s"]) for r in rows]


def test_the_data_has_every_type_and_all_of_it_dereferences(
    project_app: Flask, served_iris: list[str]
) -> None:
    kinds = {iri[len(BASE) :].split("/")[1] for iri in served_iris if iri.startswith(BASE + "id/")}
    missing = DATA_TYPES - kinds
    if missing == DATA_TYPES:
        pytest.fail("data/ holds no instances")
    assert not missing, f"no instance of {sorted(missing)} in data/"
    client = project_app.test_client()
    failures = []
    for iri in served_iris:
        response = client.get("/" + iri[len(BASE) :], headers={"Accept": "text/html"})
        if response.status_code != 200 or iri not in response.get_data(as_text=True):
            failures.append((iri, response.status_code))
    assert failures == []


def test_one_of_each_type_describes_itself_in_turtle(
    project_app: Flask, served_iris: list[str]
) -> None:
    first: dict[str, str] = {}
    for iri in served_iris:
        first.setdefault("/".join(iri[len(BASE) :].split("/")[:2]), iri)
    client = project_app.test_client()
    for iri in first.values():
        response = client.get("/" + iri[len(BASE) :] + ".ttl")
        assert response.status_code == 200, iri
        graph = Graph().parse(data=response.data, format="turtle")
        assert (URIRef(iri), None, None) in graph, iri
