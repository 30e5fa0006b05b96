"""Over a real server process (gunicorn, query workers): dereferencing, VoID and dumps agree."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, VOID

from support.processes import start_gunicorn

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(graph_files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run the production app under gunicorn over the test graph; ready once VoID answers."""
    running = start_gunicorn(
        tmp_path_factory.mktemp("srvlog") / "server.log", threads=2,
        env={"GOVSOCIAL_DATA_PATHS": json.dumps([str(p) for p in graph_files])},
        ready="/.well-known/void",
    )
    try:
        yield running.base
    finally:
        running.stop(wait=20)


def test_dereferencing_over_http(server: str) -> None:
    iri = URIRef("https://w3id.org/govsocial/id/authority/dresden")
    response = requests.get(server + "/id/authority/dresden",
                            headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert "Accept" in response.headers["Vary"]
    graph = Graph().parse(data=response.text, format="turtle")
    assert (iri, RDF.type, URIRef("https://w3id.org/govsocial/ontology#Authority")) in graph
    assert (URIRef("https://w3id.org/govsocial/id/decision/dresden-x-stop-posting"),
            URIRef("https://w3id.org/govsocial/ontology#authority"), iri) in graph
    page = requests.get(server + "/id/decision/dresden-x-stop-posting",
                        headers={"Accept": "text/html"}, timeout=30)
    assert '<section class="evidence"' in page.text
    assert requests.get(server + "/id/authority/atlantis.ttl", timeout=30).status_code == 404


def test_void_and_dumps_agree_over_http(server: str) -> None:
    void = Graph().parse(data=requests.get(server + "/.well-known/void.ttl", timeout=60).text,
                         format="turtle")
    dataset = next(void.subjects(RDF.type, VOID.Dataset))
    triples = int(void.value(dataset, VOID.triples))
    sums = requests.get(server + "/dumps/SHA256SUMS", timeout=60).text.splitlines()
    assert len(sums) == 4
    for line in sums:
        digest, name = line.split("  ")
        body = requests.get(f"{server}/dumps/{name}", timeout=60).content
        assert hashlib.sha256(body).hexdigest() == digest
        if name.endswith(".nt.gz"):
            dump = Graph().parse(data=gzip.decompress(body), format="nt")
            assert len(dump) == triples
            assert any(dump.triples((None, RDFS.label, None)))
    # the dump links in VoID point at this server
    assert {str(o) for o in void.objects(dataset, VOID.dataDump)} == {
        f"{server}/dumps/{line.split('  ')[1]}" for line in sums}
