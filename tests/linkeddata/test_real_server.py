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
        tmp_path_factory.mktemp("srvlog") / "server.log",
        threads=2,
        env={"GOVSOCIAL_DATA_PATHS": json.dumps([str(p) for p in graph_files])},
        ready="/.well-known/void",
    )
    try:
        yield running.base
    finally:
        running.stop(wait=20)


def test_dereferencing_over_http(server: str) -> None:
    iri = URIRef("https://w3id.org/govsocial/id/authority/dresden")
    response = requests.get(
        server + "/id/authority/dresden", headers={"Accept": "text/turtle"}, timeout=30
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert "Accept" in response.headers["Vary"]
    graph = Graph().parse(data=response.text, format="turtle")
    assert (iri, RDF.type, URIRef("https://w3id.org/govsocial/ontology#Authority")) in graph
    assert (
        URIRef("https://w3id.org/govsocial/id/decision/dresden-x-stop-posting"),
        URIRef("https://w3id.org/govsocial/ontology#authority"),
        iri,
    ) in graph
    page = requests.get(
        server + "/id/decision/dresden-x-stop-posting", headers={"Accept": "text/html"}, timeout=30
    )
    assert '<section class="evidence"' in page.text
    assert requests.get(server + "/id/authority/atlantis.ttl", timeout=30).status_code == 404


def test_void_and_dumps_agree_over_http(server: str) -> None:
    void = Graph().parse(
        data=requests.get(server + "/.well-known/void.ttl", timeout=60).text, format="turtle"
    )
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
        f"{server}/dumps/{line.split('  ')[1]}" for line in sums
    }


# rdflib's own JSON-LD parser still builds a ConjunctiveGraph inside (rdflib 7)
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("rdf_format", ["nt", "turtle", "json-ld", "xml"])
def test_rdflib_parses_an_entity_url_in_every_format(server: str, rdf_format: str) -> None:
    """rdflib's own content negotiation: parse(url, format=...) sends its Accept header (for
    N-Triples "text/plain, */*;q=0.1") and must get that syntax, not the HTML page."""
    graph = Graph().parse(server + "/id/authority/dresden", format=rdf_format)
    assert (
        URIRef("https://w3id.org/govsocial/id/authority/dresden"),
        RDF.type,
        URIRef("https://w3id.org/govsocial/ontology#Authority"),
    ) in graph


@pytest.mark.parametrize(
    "path", ["/id/authority/dresden", "/ontology", "/vocab/platform/x", "/.well-known/void"]
)
def test_format_is_honoured_on_every_rdf_resource(server: str, path: str) -> None:
    for name, media_type in [
        ("nt", "application/n-triples"),
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("rdf", "application/rdf+xml"),
    ]:
        response = requests.get(
            f"{server}{path}?format={name}", headers={"Accept": "text/html"}, timeout=30
        )
        assert response.status_code == 200, (path, name)
        assert response.headers["Content-Type"].startswith(media_type), (path, name)
    wrong = requests.get(f"{server}{path}?format=docx", timeout=30)
    assert wrong.status_code == 400 and "format='docx'" in wrong.text
    plain = requests.get(server + path, headers={"Accept": "text/plain"}, timeout=30)
    assert plain.status_code == 200
    assert plain.headers["Content-Type"].startswith("application/n-triples")


def test_pandas_reads_the_claims_table_over_http(server: str) -> None:
    """The README's lines, against a real server."""
    import pandas as pd

    claims = pd.read_csv(
        f"{server}/table/claims.csv",
        keep_default_na=False,
        na_values=[""],
        dtype={"date_inferred": "boolean"},
    )
    assert str(claims["date_inferred"].dtype) == "boolean"
    # the test graph's bodies carry no level: grouped with dropna=False
    assert claims.groupby(["level", "action"], dropna=False).claim.nunique().sum() >= 1
    assert claims["claim"].str.startswith("https://w3id.org/govsocial/id/decision/").all()
