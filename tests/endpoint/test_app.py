"""Protocol details through Flask's test client (the real store and query workers)."""

from __future__ import annotations

import gzip
import json
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from govsocial.endpoint.store.extension import get_store
from govsocial.graph.namespaces import SD

from .conftest import SERVER_MAX_ROWS

EX = "http://example.org/"
SELECT_LABELS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(lang(?label) = 'en') } ORDER BY ?s"
)
FORM = "application/x-www-form-urlencoded"


def parse_rdf(data: bytes, media_type: str) -> Graph:
    """Parse an answer with pyoxigraph (rdflib's JSON-LD parser warns), into an rdflib Graph."""
    # our own answers in a test: parsing them (RDF/XML included) is safe here
    quads = ox.parse(data, format=ox.RdfFormat.from_media_type(media_type))
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def get(client: FlaskClient, query: str, **kwargs):
    return client.get("/sparql?query=" + quote(query), **kwargs)


def bindings(response) -> list[dict]:
    assert response.status_code == 200, response.data
    return json.loads(response.data)["results"]["bindings"]


# -- three ways in --------------------------------------------------------------------------


def test_get_post_form_and_post_direct_agree(client: FlaskClient) -> None:
    by_get = bindings(get(client, SELECT_LABELS))
    by_form = bindings(client.post("/sparql", data={"query": SELECT_LABELS}))
    by_body = bindings(
        client.post("/sparql", data=SELECT_LABELS, content_type="application/sparql-query")
    )
    assert by_get == by_form == by_body
    assert [b["label"]["value"] for b in by_get] == ["Alice", "Bob"]
    assert by_get[0]["label"] == {"type": "literal", "value": "Alice", "xml:lang": "en"}


def test_charset_utf8_is_accepted(client: FlaskClient) -> None:
    response = client.post(
        "/sparql",
        data='SELECT ("é" AS ?x) {}'.encode(),
        content_type="application/sparql-query; charset=UTF-8",
    )
    assert bindings(response) == [{"x": {"type": "literal", "value": "é"}}]


def test_base_iri_is_the_endpoint_url(client: FlaskClient) -> None:
    rows = bindings(get(client, "SELECT (<x> AS ?x) {}"))
    assert rows[0]["x"]["value"] == "http://localhost/x"


# -- client mistakes ------------------------------------------------------------------------


def test_syntax_error_is_400_with_position(client: FlaskClient) -> None:
    response = get(client, "SELECT * WHERE { ?s ?p }")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "syntax error" in response.text and "1:" in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("kwargs", "status", "words"),
    [
        ({"data": "ASK {}", "content_type": "text/plain"}, 415, "unsupported Content-Type"),
        ({"data": "ASK {}"}, 415, "needs a Content-Type"),
        (
            {
                "data": "ASK {}".encode("utf-16"),
                "content_type": "application/sparql-query; charset=UTF-16",
            },
            415,
            "UTF-8",
        ),
        (
            {"data": b'ASK { FILTER("\xff") }', "content_type": "application/sparql-query"},
            400,
            "not valid UTF-8",
        ),
        ({"data": "query=ASK%7B%7D&query=ASK%7B%7D", "content_type": FORM}, 400, "2 'query'"),
        ({"data": "format=json", "content_type": FORM}, 400, "no 'query'"),
        ({"data": "   ", "content_type": "application/sparql-query"}, 400, "empty"),
    ],
    ids=["wrong type", "no type", "utf-16", "bad bytes", "two queries", "no query", "empty"],
)
def test_protocol_mistakes(client: FlaskClient, kwargs: dict, status: int, words: str) -> None:
    response = client.post("/sparql", **kwargs)
    assert response.status_code == status
    assert words in response.text


def test_query_in_url_and_body_is_two_queries(client: FlaskClient) -> None:
    response = client.post(
        "/sparql?query=ASK%7B%7D", data="ASK {}", content_type="application/sparql-query"
    )
    assert response.status_code == 400
    assert "two queries" in response.text


def test_wrong_method_is_405_with_allow(client: FlaskClient) -> None:
    response = client.put("/sparql", data="ASK {}")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}
    assert "PUT is not supported" in response.text


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "POST", "data": "CLEAR ALL", "content_type": "application/sparql-update"},
        {"method": "POST", "data": "update=CLEAR+ALL", "content_type": FORM},
        {"method": "GET", "query_string": "update=CLEAR+ALL"},
    ],
    ids=["direct", "form", "get"],
)
def test_updates_are_forbidden(client: FlaskClient, request_kwargs: dict) -> None:
    response = client.open("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.text
    assert bindings(get(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"))[0]["n"]["value"] != "0"


def test_body_too_large_is_413(client: FlaskClient) -> None:
    big = "SELECT * { VALUES ?x { " + "1 " * 150_000 + "} }"
    response = client.post("/sparql", data=big, content_type="application/sparql-query")
    assert response.status_code == 413


def test_long_query_by_post_is_answered(client: FlaskClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) { VALUES ?x { " + " ".join(map(str, range(16_000))) + " } }"
    assert len(query) > 80_000  # ten times what a GET URL may carry
    response = client.post("/sparql", data=query, content_type="application/sparql-query")
    assert bindings(response)[0]["n"]["value"] == "16000"


def test_deep_nesting_is_400_not_a_crash(client: FlaskClient) -> None:
    response = get(client, "SELECT * { " + "{" * 3000 + "}" * 3000 + " }")
    assert response.status_code == 400
    assert "too complex" in response.text
    assert get(client, "ASK {}").status_code == 200


# -- formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/turtle, */*;q=0.1", "application/sparql-results+json"),
    ],
)
def test_select_negotiation(client: FlaskClient, accept: str | None, media_type: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = get(client, SELECT_LABELS, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.vary


@pytest.mark.parametrize(
    "accept",
    [
        None,
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
        "application/trig",
        "application/n-quads",
    ],
)
def test_construct_formats_parse_to_the_same_graph(client: FlaskClient, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    response = get(client, f"DESCRIBE <{EX}bob>", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == (accept or "text/turtle")
    graph = parse_rdf(response.data, response.mimetype)
    assert (URIRef(EX + "bob"), URIRef(EX + "knows"), URIRef(EX + "alice")) in graph
    assert len(graph) == 3


@pytest.mark.parametrize(
    ("name", "select_type", "construct_type"),
    [
        ("json", "application/sparql-results+json", "application/ld+json"),
        ("xml", "application/sparql-results+xml", "application/rdf+xml"),
        ("csv", "text/csv", "text/turtle"),
        ("tsv", "text/tab-separated-values", "text/turtle"),
        ("turtle", "application/sparql-results+json", "text/turtle"),
        ("nt", "application/sparql-results+json", "application/n-triples"),
        ("text/csv", "text/csv", "text/turtle"),
    ],
)
def test_format_parameter_beats_accept(
    client: FlaskClient, name: str, select_type: str, construct_type: str
) -> None:
    headers = {"Accept": "application/n-quads"}
    select = client.get(f"/sparql?format={quote(name)}&query=" + quote("ASK {}"), headers=headers)
    construct = client.get(
        f"/sparql?format={quote(name)}&query=" + quote("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"),
        headers=headers,
    )
    assert (select.mimetype, construct.mimetype) == (select_type, construct_type)


def test_empty_format_parameter_is_ignored(client: FlaskClient) -> None:
    response = client.get("/sparql?format=&query=" + quote("ASK {}"))
    assert response.mimetype == "application/sparql-results+json"


def test_unknown_format_name_is_406(client: FlaskClient) -> None:
    response = client.get("/sparql?format=pdf&query=" + quote("ASK {}"))
    assert response.status_code == 406
    assert "known names" in response.text


def test_nothing_acceptable_is_406(client: FlaskClient) -> None:
    assert get(client, "ASK {}", headers={"Accept": "image/png"}).status_code == 406
    # an RDF-only client asking a SELECT: nothing fits this result kind
    response = get(client, SELECT_LABELS, headers={"Accept": "text/turtle"})
    assert response.status_code == 406
    assert "SPARQL results format" in response.text


def test_max_rows_cuts_and_signals(client: FlaskClient) -> None:
    query = "SELECT ?x { VALUES ?x { " + " ".join(map(str, range(SERVER_MAX_ROWS + 50))) + " } }"
    response = get(client, query)
    assert len(bindings(response)) == SERVER_MAX_ROWS
    assert response.headers["GovSocial-Results-Truncated"] == f"max-rows={SERVER_MAX_ROWS}"
    small = get(client, "SELECT ?x { VALUES ?x { 1 2 } }")
    assert "GovSocial-Results-Truncated" not in small.headers


# -- dataset --------------------------------------------------------------------------------


def test_dataset_parameters_select_loaded_graphs(client: FlaskClient) -> None:
    query = "SELECT ?s { ?s a <http://example.org/Person> } ORDER BY ?s"
    default_only = [b["s"]["value"] for b in bindings(get(client, query))]
    assert default_only == [EX + "alice", EX + "bob"]
    graph_a = client.get(
        "/sparql?query=" + quote(query) + "&default-graph-uri=" + quote(EX + "graph-a")
    )
    assert [b["s"]["value"] for b in bindings(graph_a)] == [EX + "carol"]
    union = client.get(
        "/sparql?query="
        + quote(query)
        + "&default-graph-uri="
        + quote(EX + "graph-a")
        + "&default-graph-uri="
        + quote(EX + "graph-b")
    )
    assert [b["s"]["value"] for b in bindings(union)] == [EX + "carol", EX + "dave"]


def test_from_selects_a_loaded_graph_and_an_unknown_one_is_empty(client: FlaskClient) -> None:
    query = f"SELECT ?s FROM <{EX}graph-b> {{ ?s a <{EX}Person> }}"
    assert [b["s"]["value"] for b in bindings(get(client, query))] == [EX + "dave"]
    unknown = f"SELECT ?s FROM <{EX}nowhere> {{ ?s ?p ?o }}"
    assert bindings(get(client, unknown)) == []


def test_named_graph_uri_limits_graph_patterns(client: FlaskClient) -> None:
    query = "SELECT ?g { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    everything = {b["g"]["value"] for b in bindings(get(client, query))}
    assert {EX + "graph-a", EX + "graph-b"} <= everything
    only_a = client.get(
        "/sparql?query=" + quote(query) + "&named-graph-uri=" + quote(EX + "graph-a")
    )
    assert [b["g"]["value"] for b in bindings(only_a)] == [EX + "graph-a"]


def test_invalid_graph_iri_is_400(client: FlaskClient) -> None:
    response = client.get("/sparql?query=" + quote("ASK {}") + "&default-graph-uri=not%20an%20iri")
    assert response.status_code == 400


# -- service description and browser page ---------------------------------------------------


SD_MEDIA_TYPES = [
    "text/turtle",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-triples",
]


@pytest.mark.parametrize("accept", SD_MEDIA_TYPES)
def test_service_description(client: FlaskClient, accept: str) -> None:
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == accept
    graph = parse_rdf(response.data, accept)
    endpoint = URIRef("http://localhost/sparql")
    service = graph.value(predicate=RDF.type, object=SD.Service, any=False)
    assert graph.value(service, SD.endpoint) == endpoint
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_TSV") in formats
    assert len(formats) == 10
    assert (service, SD.feature, SD.BasicFederatedQuery) not in graph
    names = set(graph.objects(None, SD.name))
    assert URIRef(EX + "graph-a") in names
    assert URIRef("http://kasei.us/2009/09/sparql/data/data1.rdf") in names
    dataset = graph.value(service, SD.defaultDataset)
    default_graph = graph.value(dataset, SD.defaultGraph)
    triples = graph.value(default_graph, URIRef("http://rdfs.org/ns/void#triples"))
    assert triples == Literal(get_store_info_default_triples(client))


def get_store_info_default_triples(client: FlaskClient) -> int:
    with client.application.app_context():
        return get_store().info.default_graph_triples


@pytest.mark.parametrize("accept", SD_MEDIA_TYPES)
@pytest.mark.parametrize(
    ("prefix", "endpoint"),
    [
        ("", "https://query.example.net/sparql"),
        # what a proxy's prefix (X-Forwarded-Prefix) may bring: written in each syntax's
        # escaping (&amp; in RDF/XML), and percent-encoded where an IRI may not hold it
        ("/a&b'c", "https://query.example.net/a&b'c/sparql"),
        ('/a"b<c>{d}', "https://query.example.net/a%22b%3Cc%3E%7Bd%7D/sparql"),
    ],
)
def test_service_description_names_the_url_used(
    client: FlaskClient, accept: str, prefix: str, endpoint: str
) -> None:
    response = client.get(
        "/sparql",
        headers={"Accept": accept},
        base_url="https://query.example.net",
        environ_overrides={"SCRIPT_NAME": prefix},
    )
    assert response.status_code == 200
    graph = parse_rdf(response.data, accept)
    service = graph.value(predicate=RDF.type, object=SD.Service, any=False)
    assert service == URIRef(endpoint)
    assert set(graph.objects(None, SD.endpoint)) == {URIRef(endpoint)}
    # the rest is the description every URL gets
    plain = parse_rdf(client.get("/sparql", headers={"Accept": accept}).data, accept)
    localhost = URIRef("http://localhost/sparql")
    renamed = Graph()
    for s, p, o in graph:
        renamed.add((localhost if s == service else s, p, localhost if o == service else o))
    assert isomorphic(renamed, plain)


def test_browser_gets_a_query_page(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert '<form method="get" action="http://localhost/sparql">' in response.text
    # in the site's look, with the way back to it (issue 15)
    assert '<link rel="stylesheet" href="/static/site.css">' in response.text
    assert '<a class="brand" href="/">' in response.text


# -- HTTP: CORS, HEAD, gzip, caching, health ------------------------------------------------


def test_cors(client: FlaskClient) -> None:
    response = get(client, "ASK {}", headers={"Origin": "https://elsewhere.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Headers"] == "content-type"
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


def test_head_has_headers_and_no_body(client: FlaskClient) -> None:
    response = client.head("/sparql?query=" + quote(SELECT_LABELS))
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert response.data == b""


def test_gzip_when_accepted(client: FlaskClient) -> None:
    query = "SELECT ?x { VALUES ?x { " + " ".join(map(str, range(90))) + " } }"
    plain = get(client, query)
    zipped = get(client, query, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.vary
    assert gzip.decompress(zipped.data) == plain.data
    assert "Content-Encoding" not in plain.headers


def test_etag_and_last_modified_give_304(client: FlaskClient) -> None:
    first = get(client, SELECT_LABELS)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    assert first.headers["Cache-Control"] == "public, max-age=300"
    again = get(client, SELECT_LABELS, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    modified = first.headers["Last-Modified"]
    since = get(client, SELECT_LABELS, headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    other = get(client, "ASK {}", headers={"If-None-Match": etag})
    assert other.status_code == 200
    assert other.headers["ETag"] != etag


def test_post_answers_are_not_cached(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": "ASK {}"})
    assert "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_health(client: FlaskClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["triples"] > 0
    assert response.json["graphs"] == 5


def test_public_url_behind_a_proxy(app) -> None:
    from govsocial.app import create_app

    proxied = create_app(
        {"STORE": app.extensions["govsocial.endpoint.store"], "TRUST_PROXY_HEADERS": 1}
    )
    headers = {
        "Accept": "text/turtle",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "kg.example.org",
        "X-Forwarded-Prefix": "/govsocial",
    }
    response = proxied.test_client().get("/sparql", headers=headers)
    graph = parse_rdf(response.data, "text/turtle")
    assert set(graph.objects(None, SD.endpoint)) == {
        URIRef("https://kg.example.org/govsocial/sparql")
    }
    # without trust, the same headers change nothing
    plain = app.test_client().get("/sparql", headers=headers)
    assert URIRef("http://localhost/sparql") in set(
        parse_rdf(plain.data, "text/turtle").objects(None, SD.endpoint)
    )


def test_allowlisted_service_is_called(app) -> None:
    # the allow-list is not a dead switch: an allowed endpoint is really queried
    from govsocial.app import create_app
    from support.loopback import Listener

    listener = Listener()
    try:
        allowed = listener.url + "/sparql"
        app_with_service = create_app(
            {"STORE": app.extensions["govsocial.endpoint.store"], "SERVICE_ALLOWLIST": [allowed]}
        )
        client = app_with_service.test_client()
        rows = bindings(get(client, f"SELECT ?x {{ SERVICE <{allowed}> {{ ?s ?p ?x }} }}"))
        assert rows == [{"x": {"type": "literal", "value": "from the remote service"}}]
        assert len(listener.requests) == 1
        other = get(client, f"SELECT ?x {{ SERVICE <{listener.url}/other> {{ ?s ?p ?x }} }}")
        assert other.status_code == 400
        assert len(listener.requests) == 1
        description = client.get("/sparql", headers={"Accept": "text/turtle"})
        graph = parse_rdf(description.data, "text/turtle")
        assert (None, SD.feature, SD.BasicFederatedQuery) in graph
    finally:
        listener.close()
