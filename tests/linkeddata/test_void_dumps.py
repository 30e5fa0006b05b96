"""VoID and the dumps describe and carry exactly the loaded data."""

from __future__ import annotations

import gzip
import hashlib
import warnings

import pyoxigraph
import pytest
from flask.testing import FlaskClient
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID

from govsocial.app import create_app
from govsocial.endpoint.store.local import LocalStore
from govsocial.site.linkeddata import dumps
from govsocial.site.linkeddata.routes import dump_label

SD = "http://www.w3.org/ns/sparql-service-description#"


def void_dataset(graph: Graph) -> URIRef:
    datasets = list(graph.subjects(RDF.type, VOID.Dataset))
    assert len(datasets) == 1
    return datasets[0]  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("accept", "suffix", "parser"),
    [
        ("", "", "turtle"),
        ("*/*", "", "turtle"),
        ("text/turtle", "", "turtle"),
        ("application/n-triples", "", "nt"),
        ("application/rdf+xml", "", "xml"),
        ("", ".ttl", "turtle"),
        ("", ".nt", "nt"),
        ("", ".rdf", "xml"),
    ],
)
def test_void_parses_and_counts_the_store(
    client: FlaskClient, store: pyoxigraph.Store, accept: str, suffix: str, parser: str
) -> None:
    response = client.get(
        f"/.well-known/void{suffix}", headers={"Accept": accept} if accept else {}
    )
    assert response.status_code == 200
    assert "Accept" in response.headers["Vary"]
    graph = Graph().parse(data=response.data, format=parser)
    dataset = void_dataset(graph)
    assert graph.value(dataset, VOID.triples) == Literal(len(store))
    cc_by = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert (dataset, DCTERMS.license, cc_by) in graph
    assert (dataset, VOID.sparqlEndpoint, URIRef("http://localhost/sparql")) in graph
    dumps_linked = {str(o) for o in graph.objects(dataset, VOID.dataDump)}
    assert dumps_linked == {
        f"http://localhost/dumps/{dumps.file_name(f, label(client))}" for f in dumps.FORMATS
    }
    assert (
        dataset,
        DCTERMS.source,
        URIRef("https://w3id.org/govsocial/id/source/seed-2024-12-30"),
    ) in graph


def test_void_partitions_count_classes_and_properties(client: FlaskClient) -> None:
    graph = Graph().parse(data=client.get("/.well-known/void.ttl").data, format="turtle")
    dataset = void_dataset(graph)
    classes = {
        graph.value(p, VOID["class"]): graph.value(p, VOID.entities)
        for p in graph.objects(dataset, VOID.classPartition)
    }
    assert classes[URIRef("https://w3id.org/govsocial/ontology#Authority")] == Literal(3)
    assert classes[URIRef("https://w3id.org/govsocial/ontology#PlatformDecision")] == Literal(2)
    properties = {
        graph.value(p, VOID.property): graph.value(p, VOID.triples)
        for p in graph.objects(dataset, VOID.propertyPartition)
    }
    assert properties[URIRef("https://w3id.org/govsocial/ontology#speaker")] == Literal(2)
    total = sum(int(v) for v in properties.values())
    assert Literal(total) == graph.value(dataset, VOID.triples)


def test_void_turtle_declares_the_usual_prefixes(client: FlaskClient) -> None:
    turtle = client.get("/.well-known/void.ttl").data
    for prefix in (b"void", b"dcterms", b"foaf", b"sd", b"xsd", b"gso"):
        assert b"@prefix " + prefix + b": <" in turtle
    assert b"void:triples " in turtle


def test_void_names_the_url_used_even_under_an_odd_proxy_prefix(client: FlaskClient) -> None:
    # a proxy's prefix (X-Forwarded-Prefix) may bring what an IRI may not hold: percent-encoded
    response = client.get("/.well-known/void.nt", environ_overrides={"SCRIPT_NAME": '/a"b c'})
    assert response.status_code == 200
    graph = Graph().parse(data=response.data, format="nt")
    sparql = URIRef("http://localhost/a%22b%20c/sparql")
    assert (void_dataset(graph), VOID.sparqlEndpoint, sparql) in graph


def test_void_html_for_browsers(client: FlaskClient) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    assert "void:triples" in response.get_data(as_text=True)


def fetch(client: FlaskClient, name: str) -> tuple[str, bytes]:
    """Return media type and body of a file under /dumps/ (closing the streamed file)."""
    with client.get(f"/dumps/{name}", follow_redirects=True) as response:
        assert response.status_code == 200
        return response.mimetype, response.data


def fetch_dump(client: FlaskClient, name: str) -> bytes:
    mimetype, data = fetch(client, name)
    assert mimetype == "application/gzip"
    return data


@pytest.mark.parametrize("fmt", dumps.FORMATS, ids=lambda f: f.suffix)
def test_dump_parses_and_agrees_with_the_store_and_void(
    client: FlaskClient, store: pyoxigraph.Store, fmt: dumps.DumpFormat
) -> None:
    data = gzip.decompress(fetch_dump(client, dumps.file_name(fmt, label(client))))
    parser = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".nq": "nquads"}[fmt.suffix]
    with warnings.catch_warnings():
        # rdflib's JSON-LD and N-Quads parsers warn about rdflib's own deprecated internals
        warnings.simplefilter("ignore", DeprecationWarning)
        parsed = (
            Dataset().parse(data=data, format=parser)
            if fmt.quads
            else Graph().parse(data=data, format=parser)
        )
    count = len(list(parsed.quads())) if fmt.quads else len(parsed)
    assert count == len(store)
    void = Graph().parse(data=client.get("/.well-known/void.ttl").data, format="turtle")
    assert int(void.value(void_dataset(void), VOID.triples)) == count


def test_checksums_match_the_files(client: FlaskClient) -> None:
    sums = fetch(client, dumps.CHECKSUMS)[1].decode()
    lines = [line.split("  ") for line in sums.splitlines()]
    assert sorted(name for _sum, name in lines) == sorted(
        dumps.file_name(f, label(client)) for f in dumps.FORMATS
    )
    for digest, name in lines:
        assert hashlib.sha256(fetch_dump(client, name)).hexdigest() == digest


def test_dumps_are_reproducible(local_store: LocalStore, tmp_path) -> None:
    first = dumps.build(local_store, tmp_path / "a", "v")
    second = dumps.build(local_store, tmp_path / "b", "v")
    assert [f.sha256 for f in first] == [f.sha256 for f in second]


def test_dump_index_lists_every_file_with_its_checksum(client: FlaskClient) -> None:
    page = client.get("/dumps/").get_data(as_text=True)
    sums = fetch(client, dumps.CHECKSUMS)[1].decode()
    for line in sums.splitlines():
        digest, name = line.split("  ")
        assert f'href="/dumps/{name}"' in page
        assert digest in page


def test_named_graphs_survive_in_the_quad_dumps(graph_files, tmp_path) -> None:

    trig = tmp_path / "extra.trig"
    trig.write_text(
        "<https://w3id.org/govsocial/id/graph/extra> {\n"
        "  <https://w3id.org/govsocial/id/authority/dresden> "
        '<http://www.w3.org/2004/02/skos/core#note> "in a named graph"@en .\n}\n'
    )
    app = create_app(
        {
            "TESTING": True,
            "DATA_PATHS": [*map(str, graph_files), str(trig)],
            "LINKEDDATA_CACHE_DIR": str(tmp_path / "cache"),
        }
    )
    try:
        client = app.test_client()
        quads = gzip.decompress(fetch_dump(client, "govsocial.nq.gz")).decode()
        triples = gzip.decompress(fetch_dump(client, "govsocial.nt.gz")).decode()
    finally:
        app.extensions["govsocial.endpoint.store"].close()
    named = [line for line in quads.splitlines() if "in a named graph" in line]
    assert named and named[0].endswith("<https://w3id.org/govsocial/id/graph/extra> .")
    # the triple syntaxes merge the graphs: the statement is there, without its graph name
    assert any(
        "in a named graph" in line and "/graph/extra" not in line for line in triples.splitlines()
    )


def test_a_release_is_cited_by_its_version_and_year_and_described_in_void(
    graph_files, tmp_path
) -> None:
    """With a release (data/release.toml for the project's data), the landing page cites its
    version and the release's year, not today's, and VoID gives version, day and creators."""
    from rdflib import Graph, Literal
    from rdflib.namespace import DCTERMS, OWL, XSD

    release = tmp_path / "release.toml"
    release.write_text(
        'version = "2024.12.0"\ndate = "2024-12-30"\ncreators = ["The team"]\n', encoding="utf-8"
    )
    app = create_app(
        {
            "TESTING": True,
            "DATA_PATHS": [str(p) for p in graph_files],
            "RELEASE_FILE": str(release),
            "LINKEDDATA_CACHE_DIR": str(tmp_path / "ldcache"),
        }
    )
    try:
        client = app.test_client()
        page = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
        assert "govsocial-kg contributors (2024)" in page and "data version 2024.12.0" in page
        void = Graph().parse(
            data=client.get("/.well-known/void.ttl").get_data(as_text=True), format="turtle"
        )
        dataset = next(void.subjects(DCTERMS.license, None))
        assert void.value(dataset, OWL.versionInfo) == Literal("2024.12.0")
        assert void.value(dataset, DCTERMS.modified) == Literal("2024-12-30", datatype=XSD.date)
        assert void.value(dataset, DCTERMS.creator) == Literal("The team")
        # the dumps are named by the release; the plain names lead to them
        assert label(client) == "2024.12.0"
        response = client.get("/dumps/govsocial.nt.gz")
        assert response.headers["Location"] == "/dumps/govsocial-2024.12.0.nt.gz"
        with client.get(response.headers["Location"]) as dump:
            assert dump.status_code == 200
            assert dump.headers["Content-Disposition"].endswith("govsocial-2024.12.0.nt.gz")
    finally:
        app.extensions["govsocial.endpoint.store"].close()


def label(client: FlaskClient) -> str:
    """The label this app's dumps are named by (its data has no release: the hash's start)."""
    with client.application.test_request_context():
        return dump_label()


def test_dumps_are_named_by_version_and_the_plain_name_redirects(client: FlaskClient) -> None:
    name = label(client)
    assert len(name) == 12 and int(name, 16) >= 0  # no release here: the content hash's start
    for fmt in dumps.FORMATS:
        response = client.get(f"/dumps/{dumps.latest_name(fmt)}")
        assert response.status_code == 302
        assert response.headers["Location"] == f"/dumps/{dumps.file_name(fmt, name)}"
        assert response.headers["Cache-Control"] == "no-cache"
    index = client.get("/dumps/").get_data(as_text=True)
    assert f"govsocial-{name}.ttl.gz" in index and 'href="/dumps/govsocial.ttl.gz"' in index
    assert client.get("/dumps/govsocial-2020.1.0.ttl.gz").status_code == 404
