"""Run the W3C SPARQL 1.1 Protocol tests (HTTP-in-RDF manifest) against a live endpoint.

The manifest (https://www.w3.org/2001/sw/DataAccess/tests/test-manifest#) describes each test
as ht:Requests with mf:expectedStatus / mf:expectedFormat / mf:expectedBoolean. Requests are
sent with http.client so that exactly the manifest's headers go out (no added Content-Type).

Read-only service: the 7 tests whose update must succeed are checked for a 403 on their update
request instead (their follow-up ASK presumes the update took place, so it is not sent).
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

MANIFEST_BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")

RESULT_TYPES = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
RDF_TYPES = {
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/trig",
    "application/n-quads",
}


@dataclass
class Request:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    statuses: set[str]  # "2xx", "4xx", ...
    format: str | None  # "boolean", "tabular", "RDF"
    boolean: bool | None

    @property
    def is_update(self) -> bool:
        content_type = dict((k.lower(), v) for k, v in self.headers).get("content-type", "")
        return content_type.startswith("application/sparql-update") or (
            self.body is not None and self.body.startswith(b"update=")
        )


@dataclass
class ProtocolTest:
    iri: str
    name: str
    requests: list[Request] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.iri.rsplit("#", 1)[-1]

    @property
    def kind(self) -> str:
        """ "update" for an update that must succeed elsewhere, "bad-update", "query"."""
        if self.id.startswith("update_"):
            return "update"
        if self.id.startswith("bad_") and "update" in self.id:
            return "bad-update"
        return "query"


def _status_class(node: URIRef) -> str:
    return str(node).rsplit("StatusCode", 1)[-1].lower()


def load_manifest(path: Path) -> list[ProtocolTest]:
    """Parse the manifest (with its upstream base) into tests, in manifest order."""
    g = Graph().parse(path, format="turtle", publicID=MANIFEST_BASE)
    manifest = g.value(predicate=RDF.type, object=MF.Manifest, any=False)
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        test = ProtocolTest(str(entry), str(g.value(entry, MF.name)))
        action = g.value(entry, MF.action)
        for req in Collection(g, g.value(action, HT.requests)):
            headers = [
                (str(g.value(h, HT.fieldName)), str(g.value(h, HT.fieldValue)))
                for h in (
                    Collection(g, g.value(req, HT.headers)) if g.value(req, HT.headers) else []
                )
            ]
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding)
            resp = g.value(req, HT.resp)
            boolean = g.value(resp, MF.expectedBoolean)
            fmt = g.value(resp, MF.expectedFormat)
            test.requests.append(
                Request(
                    method=str(g.value(req, HT.methodName)),
                    path=str(g.value(req, HT.absolutePath)),
                    headers=headers,
                    body=body,
                    statuses={_status_class(s) for s in g.objects(resp, MF.expectedStatus)},
                    format=str(fmt) if fmt is not None else None,
                    boolean=boolean.toPython() if boolean is not None else None,
                )
            )
        tests.append(test)
    return tests


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes


def send(endpoint: str, request: Request) -> Response:
    """Send one manifest request, its `/sparql/` prefix replaced by the endpoint URL."""
    parts = urlsplit(endpoint)
    assert request.path.startswith("/sparql/")
    path = parts.path + request.path[len("/sparql/") :]
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest(request.method, path, skip_accept_encoding=True)
        for name, value in request.headers:
            connection.putheader(name, value)
        if request.body is not None:
            connection.putheader("Content-Length", str(len(request.body)))
        connection.endheaders(request.body)
        answer = connection.getresponse()
        return Response(answer.status, answer.getheader("Content-Type", ""), answer.read())
    finally:
        connection.close()


def check(request: Request, response: Response) -> list[str]:
    """Return what is wrong with the response (empty: as the manifest expects)."""
    problems = []
    status_class = f"{response.status // 100}xx"
    if status_class not in request.statuses:
        problems.append(f"status {response.status}, expected {sorted(request.statuses)}")
    media_type = response.content_type.split(";")[0].strip()
    if request.format in ("boolean", "tabular") and media_type not in RESULT_TYPES:
        problems.append(f"{request.format} result expected, got {media_type!r}")
    if request.format == "RDF":
        if media_type not in RDF_TYPES:
            problems.append(f"RDF expected, got {media_type!r}")
        elif media_type == "text/turtle":
            Graph().parse(data=response.body.decode("utf-8"), format="turtle")
    if (
        request.format == "tabular"
        and media_type == "application/sparql-results+json"
        and "bindings" not in json.loads(response.body).get("results", {})
    ):
        problems.append("no results.bindings in a tabular answer")
    if request.boolean is not None:
        if media_type != "application/sparql-results+json":
            problems.append(f"boolean expected as SPARQL JSON, got {media_type!r}")
        elif json.loads(response.body).get("boolean") is not request.boolean:
            problems.append(f"boolean {request.boolean} expected, body {response.body[:200]!r}")
    return problems


def run_test(endpoint: str, test: ProtocolTest) -> list[str]:
    """Run one test; for a read-only service an update that should succeed must get 403."""
    if test.kind == "update":
        first = test.requests[0]
        assert first.is_update, test.id
        response = send(endpoint, first)
        if response.status != 403:
            return [f"update answered {response.status}, expected 403 (read-only service)"]
        return []
    problems = []
    for index, request in enumerate(test.requests):
        response = send(endpoint, request)
        problems += [f"request {index + 1}: {p}" for p in check(request, response)]
    return problems
