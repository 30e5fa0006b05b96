"""The remote backend: `govsocial load` pushes the graph, `govsocial serve --remote` proxies."""

from __future__ import annotations

import contextlib
import gzip
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from flask import Flask
from rdflib import Graph

from govsocial.app import create_app
from govsocial.endpoint.store.errors import QueryTimeout, UpstreamError
from govsocial.endpoint.store.interface import XSD_STRING, QueryJob
from govsocial.endpoint.store.oxigraph import OxigraphStore
from govsocial.endpoint.store.remote import RemoteStore
from govsocial.graph.paths import default_graph_files
from govsocial.graph.term_bridge import to_rdflib
from govsocial.load_command import load_command
from support import w3c_runner as _runner
from support.loopback import Listener
from support.processes import Server
from support.w3c import MANIFEST
from support.waiting import DEADLINE_GRACE

from .conftest import FIXTURE, Oxigraph, load_into, serve, start_oxigraph

QUERIES = Path(__file__).resolve().parents[2] / "queries"
DRESDEN = "https://w3id.org/govsocial/id/authority/landeshauptstadt-dresden"


@pytest.fixture(scope="module")
def embedded() -> Iterator[OxigraphStore]:
    store = OxigraphStore(default_graph_files())
    yield store
    store.close()


@pytest.fixture(scope="module")
def remote(project_remote: Oxigraph) -> Iterator[RemoteStore]:
    store = RemoteStore(project_remote.base, timeout=10.0)
    yield store
    store.close()


@pytest.fixture(scope="module")
def proxy_app(project_remote: Oxigraph) -> Iterator[Flask]:
    app = create_app({"REMOTE_URL": project_remote.query, "TESTING": True})
    yield app
    app.extensions["govsocial.endpoint.store"].close()


def _value(term: object) -> str:
    # GROUP_CONCAT's order is the engine's hash order, which differs between stores and runs:
    # plain strings compare as sorted multisets of their words
    if isinstance(term, ox.Literal) and term.language is None and term.datatype.value == XSD_STRING:
        return " ".join(sorted(re.findall(r"[^\s,;()]+", term.value)))
    return str(term)  # N-Triples


def canonical(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((k, _value(v)) for k, v in row.items())) for row in rows)


def test_load_pushes_every_triple(project_remote: Oxigraph, embedded: OxigraphStore) -> None:
    assert project_remote.count() == embedded.info.triples


def test_load_replaces_rather_than_duplicates(
    project_remote: Oxigraph, embedded: OxigraphStore
) -> None:
    runner = CliRunner()
    result = runner.invoke(load_command, ["--to", project_remote.store])
    assert result.exit_code == 0, result.output
    assert f"loaded {embedded.info.triples} triples" in result.output
    assert project_remote.count() == embedded.info.triples


@pytest.mark.parametrize("query", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_competency_answers_equal_the_embedded_store(
    query: Path, embedded: OxigraphStore, remote: RemoteStore
) -> None:
    text = query.read_text(encoding="utf-8")
    expected = canonical(embedded.select(text))
    assert expected, "a competency query with no answer proves nothing"
    assert canonical(remote.select(text)) == expected


def test_bindings_pages_and_construct_work_through_the_proxy(
    embedded: OxigraphStore, remote: RemoteStore
) -> None:
    from rdflib.compare import isomorphic

    def graph(triples: list[ox.Triple]) -> Graph:
        found = Graph()
        for t in triples:
            assert not isinstance(t.subject, ox.Triple) and not isinstance(t.object, ox.Triple)
            found.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return found

    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    bound: dict[str, ox.NamedNode | ox.Literal] = {"s": ox.NamedNode(DRESDEN)}
    assert canonical(remote.select(query, bindings=bound)) == canonical(
        embedded.select(query, bindings=bound)
    )
    assert isomorphic(
        graph(remote.construct("DESCRIBE ?s", bindings=bound)),
        graph(embedded.construct("DESCRIBE ?s", bindings=bound)),
    )
    assert remote.info.triples == embedded.info.triples


def _quads(body: bytes) -> list[ox.Quad]:
    return list(ox.parse(body, ox.RdfFormat.N_QUADS))


def _named(quads: list[ox.Quad]) -> set[ox.Quad]:
    """The quads without blank nodes (each store names its blank nodes its own way)."""
    return {q for q in quads if not any(isinstance(term, ox.BlankNode) for term in q)}


def test_the_remote_is_dumped_graph_by_graph(embedded: OxigraphStore, remote: RemoteStore) -> None:
    dumped, expected = _quads(remote.dump()), _quads(embedded.dump())
    assert len(dumped) == len(expected) == embedded.info.triples
    assert _named(dumped) == _named(expected)


def test_pages_are_served_from_the_remote(proxy_app: Flask) -> None:
    client = proxy_app.test_client()
    page = client.get("/id/authority/landeshauptstadt-dresden", headers={"Accept": "text/turtle"})
    assert page.status_code == 200
    assert b"Landeshauptstadt Dresden" in page.data


def test_proxy_cuts_at_max_rows_and_refuses_service(project_remote: Oxigraph) -> None:
    app = create_app({"REMOTE_URL": project_remote.query, "TESTING": True, "MAX_ROWS": 5})
    client = app.test_client()
    answer = client.get(
        "/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
    )
    assert answer.status_code == 200
    assert answer.headers["GovSocial-Results-Truncated"] == "max-rows=5"
    assert len(answer.data.decode().strip().splitlines()) == 6
    # the remote's answer is written again by the Python writer: cut, its body says so too
    cut = client.get(
        "/sparql",
        query_string={"query": "SELECT * { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert cut.status_code == 200
    assert len(cut.json["results"]["bindings"]) == 5
    assert cut.json["head"]["link"] == ["http://localhost/sparql#max-rows"]
    listener = Listener()
    try:
        refused = client.post(
            "/sparql",
            data={"query": f"SELECT * {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"},
        )
        assert refused.status_code == 400
        assert listener.requests == []
    finally:
        listener.close()
        app.extensions["govsocial.endpoint.store"].close()


def test_remote_syntax_error_is_a_400(proxy_app: Flask) -> None:
    client = proxy_app.test_client()
    answer = client.post("/sparql", data={"query": "SELECT ?s { ?s ?p }"})
    assert answer.status_code == 400


def read_request(conn: socket.socket) -> bytes:
    """Read one HTTP request with its body (Content-Length)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    match = re.search(rb"(?i)content-length:\s*(\d+)", head)
    while match and len(body) < int(match.group(1)):
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


class SlowRemote:
    """A loopback endpoint that answers COUNT queries at once and hangs (or trickles) others."""

    def __init__(self, trickle: bool = False) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)  # so the accept loop sees `stopped`
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.trickle = trickle
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            threading.Thread(target=self._answer_quietly, args=(conn,), daemon=True).start()

    def _answer_quietly(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError):  # the proxy hangs up at its deadline: expected
            self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            request = read_request(conn)
            if b"COUNT" in request:  # the proxy's start-up questions
                body = (
                    b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal",'
                    b'"value":"0","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}'
                )
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                    b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                )
                return
            if self.trickle:  # headers at once, then one byte every 0.3 s: never silent
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n"
                )
                for byte in b'{"head":{"vars":["x"]},"results":{"bindings":[' * 100:
                    if self.stopped.wait(0.3):
                        return
                    conn.sendall(bytes([byte]))
            self.stopped.wait(30)

    def close(self) -> None:
        self.stopped.set()
        self.sock.close()


@pytest.mark.parametrize("trickle", [False, True], ids=["silent", "trickling"])
def test_remote_timeout_is_a_503_on_time(trickle: bool) -> None:
    import time

    slow = SlowRemote(trickle)
    try:
        app = create_app({"REMOTE_URL": slow.url, "QUERY_TIMEOUT": 1.0, "TESTING": True})
        started = time.monotonic()
        answer = app.test_client().post("/sparql", data={"query": "SELECT * { ?s ?p ?o }"})
        elapsed = time.monotonic() - started
        assert answer.status_code == 503
        assert "Retry-After" in answer.headers
        # within the timeout (1 s), also when the remote trickles bytes: a safety bound on the
        # stop, generous for a busy machine (the remote would hold it 30 s and more)
        assert elapsed < 1.0 + DEADLINE_GRACE
        with pytest.raises(QueryTimeout):
            app.extensions["govsocial.endpoint.store"].run(QueryJob(query="SELECT * { ?s ?p ?o }"))
        app.extensions["govsocial.endpoint.store"].close()
    finally:
        slow.close()


def test_remote_down_is_a_502_with_a_clear_message(tmp_path: Path) -> None:
    server = start_oxigraph(tmp_path)
    app = create_app({"REMOTE_URL": server.base, "TESTING": True})
    server.stop()
    answer = app.test_client().post("/sparql", data={"query": "ASK {}"})
    assert answer.status_code == 502
    text = answer.data.decode()
    assert text.startswith("502 Bad Gateway:"), text
    assert server.query in text
    assert "cannot be reached" in text
    with pytest.raises(UpstreamError):
        app.extensions["govsocial.endpoint.store"].ask("ASK {}")
    app.extensions["govsocial.endpoint.store"].close()
    with pytest.raises(UpstreamError, match="cannot be reached"):  # nor can a proxy start
        create_app({"REMOTE_URL": server.base, "TESTING": True})


def test_a_redirecting_remote_is_not_followed() -> None:
    listener = Listener()

    class Redirect(SlowRemote):
        def _answer(self, conn: socket.socket) -> None:
            with conn:
                request = read_request(conn)
                if b"COUNT" in request:
                    self._answer_count(conn)
                    return
                conn.sendall(
                    b"HTTP/1.1 302 Found\r\nLocation: "
                    + listener.url.encode()
                    + b"/sparql\r\nContent-Length: 0\r\n\r\n"
                )

        def _answer_count(self, conn: socket.socket) -> None:
            body = (
                b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal",'
                b'"value":"0"}}]}}'
            )
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )

    remote = Redirect()
    try:
        app = create_app({"REMOTE_URL": remote.url, "TESTING": True})
        answer = app.test_client().post("/sparql", data={"query": "SELECT * { ?s ?p ?o }"})
        assert answer.status_code == 502
        assert "redirect" in answer.data.decode()
        assert listener.requests == []
        app.extensions["govsocial.endpoint.store"].close()
    finally:
        remote.close()
        listener.close()


def test_load_reports_a_parse_error_with_file_and_line(
    project_remote: Oxigraph, tmp_path: Path
) -> None:
    before = project_remote.count()
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
        "<http://example.org/a> <http://example.org/b> .\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        load_command, ["--to", project_remote.base, "--append", str(broken)]
    )
    assert result.exit_code == 2
    assert f"{broken}: line 2" in result.output
    assert project_remote.count() == before  # nothing of the broken file was sent


# -- the W3C protocol suite against a real proxy process -------------------------------------

W3C_TESTS = _runner.load_manifest(MANIFEST)  # the copy in tests/w3c


@pytest.fixture(scope="module")
def w3c_proxy(w3c_nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("w3c-remote")
    remote = start_oxigraph(folder)
    load_into(remote.base, FIXTURE, w3c_nquads)
    served = serve(
        folder,
        "--remote",
        remote.base,
        "--timeout",
        "2",
        "--max-rows",
        "100",
        "--workers",
        "2",
        "--threads",
        "4",
    )
    yield served
    served.stop()
    remote.stop()


def test_w3c_manifest_has_every_entry() -> None:
    assert len(W3C_TESTS) == 34


@pytest.mark.slow
@pytest.mark.parametrize("test", W3C_TESTS, ids=lambda t: t.id)
def test_w3c_protocol_through_the_proxy(w3c_proxy: Server, test: object) -> None:
    problems = _runner.run_test(w3c_proxy.endpoint, test)
    assert not problems, f"{test.name}: " + "; ".join(problems)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_proxy_health_and_service_description(w3c_proxy: Server) -> None:
    health = requests.get(w3c_proxy.base + "/health", timeout=5)
    assert health.status_code == 200
    assert health.json()["triples"] > 0


@pytest.mark.slow
def test_the_proxys_dumps_keep_the_remotes_graphs(w3c_proxy: Server, w3c_nquads: Path) -> None:
    expected = ox.Store()
    expected.load(path=str(FIXTURE))
    expected.load(path=str(w3c_nquads))
    response = requests.get(w3c_proxy.base + "/dumps/govsocial.nq.gz", timeout=60)
    assert response.status_code == 200
    dumped = _quads(gzip.decompress(response.content))
    assert len(dumped) == len(expected)
    assert {q.graph_name for q in dumped} == {q.graph_name for q in expected}
    assert _named(dumped) == _named(list(expected))


@pytest.mark.parametrize(
    ("given", "query", "graph_store"),
    [
        ("http://h:7878", "http://h:7878/query", "http://h:7878/store"),  # Oxigraph, no path
        ("http://h:7001/", "http://h:7001/", "http://h:7001/"),  # an explicit root stays (QLever)
        ("http://h:3030/ds/sparql", "http://h:3030/ds/sparql", "http://h:3030/ds/sparql"),
    ],
)
def test_endpoint_urls(given: str, query: str, graph_store: str) -> None:
    from govsocial.endpoint.store.push import graph_store_url, target_url
    from govsocial.endpoint.store.remote import query_url

    assert query_url(given) == query
    assert graph_store_url(given) == graph_store
    assert target_url("http://h:7001/?access-token=t", "http://e/g#x") == (
        "http://h:7001/?access-token=t&graph=http%3A%2F%2Fe%2Fg%23x"
    )
    assert target_url("http://h:7878/store", None) == "http://h:7878/store?default"
