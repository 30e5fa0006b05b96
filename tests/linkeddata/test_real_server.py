"""Over a real server process (gunicorn, query workers): dereferencing, VoID and dumps agree."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, VOID

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(graph_files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = dict(os.environ)
    env["GOVSOCIAL_DATA_PATHS"] = json.dumps([str(p) for p in graph_files])
    env["GOVSOCIAL_LINKEDDATA_CACHE_DIR"] = json.dumps(str(tmp_path_factory.mktemp("srvcache")))
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = tmp_path_factory.mktemp("srvlog") / "server.log"
    with log.open("wb") as log_file:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(
            [str(gunicorn), "--workers", "1", "--threads", "2", "--bind", f"127.0.0.1:{port}",
             "govsocial.app:create_app()"],
            env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(url + "/.well-known/void", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start: " + log.read_text()[-2000:])
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: gunicorn, workers, zygote
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


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
