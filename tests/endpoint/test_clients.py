"""Real clients against a real `govsocial serve`: SPARQLWrapper, rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io
import warnings

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from .conftest import SERVER_MAX_ROWS

pytestmark = pytest.mark.slow

EX = "http://example.org/"
SELECT = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?s ?label WHERE { ?s a <http://example.org/Person> ; rdfs:label ?label "
    "FILTER(lang(?label) = 'en') } ORDER BY ?s"
)
CONSTRUCT = f"CONSTRUCT {{ ?s <{EX}knows> ?o }} WHERE {{ ?s <{EX}knows> ?o FILTER(isIRI(?o)) }}"
EXPECTED_EDGES = {
    (URIRef(EX + "alice"), URIRef(EX + "knows"), URIRef(EX + "bob")),
    (URIRef(EX + "bob"), URIRef(EX + "knows"), URIRef(EX + "alice")),
}


def wrapper(server, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def test_select_json(server) -> None:
    result = wrapper(server, SELECT, JSON).queryAndConvert()
    labels = [(b["s"]["value"], b["label"]["value"]) for b in result["results"]["bindings"]]
    assert labels == [(EX + "alice", "Alice"), (EX + "bob", "Bob")]


def test_select_xml(server) -> None:
    document = wrapper(server, SELECT, XML).queryAndConvert()
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert literals == ["Alice", "Bob"]


def test_select_csv(server) -> None:
    body = wrapper(server, SELECT, CSV).queryAndConvert()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows == [["s", "label"], [EX + "alice", "Alice"], [EX + "bob", "Bob"]]


def test_select_tsv(server) -> None:
    body = wrapper(server, SELECT, TSV).queryAndConvert()
    assert body.decode("utf-8").splitlines() == [
        "?s\t?label",
        f'<{EX}alice>\t"Alice"@en',
        f'<{EX}bob>\t"Bob"@en',
    ]


def test_ask_json(server) -> None:
    assert wrapper(server, f"ASK {{ <{EX}alice> ?p ?o }}", JSON).queryAndConvert()["boolean"]


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, XML, JSONLD])
def test_construct(server, fmt: str) -> None:
    with warnings.catch_warnings():
        # rdflib's JSON-LD parser (used by SPARQLWrapper) warns about its own deprecated API
        warnings.simplefilter("ignore", DeprecationWarning)
        converted = wrapper(server, CONSTRUCT, fmt).queryAndConvert()
    # SPARQLWrapper converts RDF/XML and JSON-LD to a Graph, hands Turtle/N3 over as bytes
    graph = (
        converted
        if isinstance(converted, Graph)
        else Graph().parse(data=converted.decode("utf-8"), format="turtle")
    )
    assert set(graph) == EXPECTED_EDGES


def test_construct_ntriples_by_accept(server) -> None:
    response = requests.get(
        server.endpoint,
        params={"query": CONSTRUCT},
        headers={"Accept": "application/n-triples"},
        timeout=10,
    )
    assert response.headers["Content-Type"] == "application/n-triples"
    assert set(Graph().parse(data=response.text, format="nt")) == EXPECTED_EDGES


def test_rdflib_sparqlstore(server) -> None:
    store = SPARQLStore(server.endpoint, returnFormat="json")
    graph = Graph(store=store)
    labels = {row.label for row in graph.query(SELECT)}
    assert labels == {Literal("Alice", lang="en"), Literal("Bob", lang="en")}
    assert (URIRef(EX + "alice"), URIRef(EX + "knows"), URIRef(EX + "bob")) in graph
    assert graph.query(f"ASK {{ <{EX}bob> ?p ?o }}").askAnswer is True


# -- an answer cut by max-rows says so in its body ---------------------------------------------

MANY = "SELECT ?x { VALUES ?x { " + " ".join(map(str, range(SERVER_MAX_ROWS + 5))) + " } }"
MANY_TRIPLES = (
    f"CONSTRUCT {{ <{EX}s> <{EX}n> ?x }} WHERE {{ VALUES ?x {{ "
    + " ".join(map(str, range(SERVER_MAX_ROWS + 5)))
    + " } }"
)


def test_a_cut_json_result_links_to_why(server) -> None:
    """pandas users read results through SPARQLWrapper's JSON, which hides the headers."""
    result = wrapper(server, MANY, JSON).queryAndConvert()
    assert len(result["results"]["bindings"]) == SERVER_MAX_ROWS
    assert result["head"]["link"] == [server.endpoint + "#max-rows"]
    whole = wrapper(server, "SELECT ?x { VALUES ?x { 1 2 } }", JSON).queryAndConvert()
    assert "link" not in whole["head"]


def test_a_cut_xml_result_links_and_comments(server) -> None:
    sparql = wrapper(server, MANY, XML)
    document = sparql.queryAndConvert()
    assert len(document.getElementsByTagName("result")) == SERVER_MAX_ROWS
    [link] = document.getElementsByTagName("link")
    assert link.getAttribute("href") == server.endpoint + "#max-rows"
    comment = next(n for n in document.documentElement.childNodes if n.nodeType == n.COMMENT_NODE)
    assert f"cut after {SERVER_MAX_ROWS} rows" in comment.data


@pytest.mark.parametrize(("fmt", "rdflib_format"), [(TURTLE, "turtle"), (RDFXML, "xml")])
def test_a_cut_graph_ends_with_a_comment_and_still_parses(
    server, fmt: str, rdflib_format: str
) -> None:
    response = requests.get(
        server.endpoint,
        params={"query": MANY_TRIPLES},
        timeout=30,
        headers={"Accept": {TURTLE: "text/turtle", RDFXML: "application/rdf+xml"}[fmt]},
    )
    assert response.headers["GovSocial-Results-Truncated"] == f"max-rows={SERVER_MAX_ROWS}"
    assert f"cut after {SERVER_MAX_ROWS} rows" in response.text.rstrip().splitlines()[-1]
    assert len(Graph().parse(data=response.content, format=rdflib_format)) == SERVER_MAX_ROWS


def test_the_endpoint_page_explains_the_limit(server) -> None:
    page = requests.get(server.endpoint, headers={"Accept": "text/html"}, timeout=30)
    assert 'id="max-rows"' in page.text
    assert f"at most {SERVER_MAX_ROWS:,} rows" in page.text
