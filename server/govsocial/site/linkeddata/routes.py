"""The linked-data blueprint: dereferencing, entity pages, ontology, VoID, dumps, landing page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
)
from werkzeug.exceptions import NotFound

from govsocial.endpoint.store.extension import get_store
from govsocial.endpoint.store.interface import QueryStore, term_text
from govsocial.graph import moved_iris as moved
from govsocial.graph import release
from govsocial.graph.paths import data_dir
from govsocial.graph.prefixes import PREFIXES
from govsocial.site.linkeddata import describe as describing
from govsocial.site.linkeddata import dumps as dumping
from govsocial.site.linkeddata import landing, negotiate, ontology_docs, per_version, view
from govsocial.site.linkeddata import void as voiding
from govsocial.site.linkeddata.iris import DEFAULT_BASE_IRI, IriMapper
from govsocial.site.linkeddata.negotiate import HTML, Representation
from govsocial.site.linkeddata.triples import Triples

bp = Blueprint("linkeddata", __name__)

MOVED_KEY = "govsocial.site.linkeddata.moved"


# -- access to configuration and data -------------------------------------------------------------


def base_iri() -> str:
    """Return the configured public base IRI (``BASE_IRI``, env ``GOVSOCIAL_BASE_IRI``)."""
    config = current_app.config
    base = config.get("BASE_IRI") or DEFAULT_BASE_IRI
    return base if base.endswith("/") else base + "/"


def moved_iris() -> dict[str, str]:
    """The renamed IRIs of the served data (``MOVED_IRIS``: a file; by default the project's
    `data/moved-iris.tsv` when it serves its own data), read once per app."""
    found = current_app.extensions.get(MOVED_KEY)
    if found is None:
        configured = current_app.config.get("MOVED_IRIS")
        if configured is None and current_app.config.get("DATA_PATHS") is None:
            configured = data_dir() / moved.FILE_NAME
        found = moved.read_moved(Path(configured)) if configured else {}
        current_app.extensions[MOVED_KEY] = found
    return found


def mapper() -> IriMapper:
    return IriMapper(base=base_iri(), root=request.script_root)


def graph_store() -> QueryStore:
    """Return the endpoint's store: the pages read the graph through it, by SPARQL with
    bindings, under the same limits as /sparql (a single-process app may hand it a
    `LocalStore`)."""
    return get_store()


def data_version() -> str:
    """The version of the data in service: ETags and cached results are per version."""
    return graph_store().info.version


def cache_control() -> str:
    return f"public, max-age={int(current_app.config.get('CACHE_MAX_AGE', 300))}"


def cache_base() -> Path | None:
    folder = current_app.config.get("LINKEDDATA_CACHE_DIR")
    return Path(folder) if folder else None


# -- helpers for negotiated answers ---------------------------------------------------------------


def alternates(path: str) -> list[tuple[Representation, str]]:
    """Return every representation of the resource at ``path`` with its suffix URL."""
    return [(r, f"{request.script_root}/{path}{r.suffix}") for r in negotiate.REPRESENTATIONS]


def finish(
    response: Response,
    path: str,
    forced: Representation | None,
    chosen: Representation,
    version: str,
) -> Response:
    """Add the headers every negotiated answer carries, and answer conditional requests."""
    response.vary.add("Accept")
    links = [f'<{url}>; rel="alternate"; type="{r.media_type}"' for r, url in alternates(path)]
    response.headers["Link"] = ", ".join(links)
    if forced is None:
        response.headers["Content-Location"] = f"{request.script_root}/{path}{chosen.suffix}"
    if response.status_code == 200:
        # weak: the app may gzip the body, which keeps a weak validator valid (RFC 9110 8.8.1)
        response.set_etag(f"{version}-{chosen.key}", weak=True)
        response.headers["Cache-Control"] = cache_control()
        response.make_conditional(request)
    return response


def moved_to(location: str, code: int) -> Response:
    """`flask.redirect`, typed as what it gives in a request: the app's Response class."""
    response = redirect(location, code=code)
    assert isinstance(response, Response)  # werkzeug's, in Flask's types
    return response


def rdf_body(triples: Iterable[ox.Triple], representation: Representation) -> bytes:
    """Write `triples` in `representation`'s RDF syntax with pyoxigraph, declaring the
    project's prefixes where the syntax has them (as the store's answers and the dumps do)."""
    if representation.graph_format is None:
        raise ValueError(f"{representation.label} is not an RDF syntax")
    rdf_format = representation.graph_format.rdf_format
    body = ox.serialize(triples, format=rdf_format, prefixes=PREFIXES)
    assert body is not None  # bytes: no output was given
    return body


def pick(
    path: str,
    forced: Representation | None,
    offered: tuple[Representation, ...] = negotiate.REPRESENTATIONS,
) -> tuple[Representation | None, Representation] | Response:
    """The representation to answer with: the path's suffix, else `format=`, else the Accept
    header; or the 400/406 answer to send instead."""
    requested = request.args.get("format")
    if forced is None and requested is not None:
        forced = negotiate.from_format_parameter(requested)
        if forced is None or forced not in offered:
            names = ", ".join(sorted(n for n, r in negotiate.FORMAT_NAMES.items() if r in offered))
            return Response(
                f"format={requested!r} is not a format of this resource; use one "
                f"of: {names}, or a media type\n",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
    chosen = forced or negotiate.choose(request.accept_mimetypes, offered)
    if chosen is None:
        return not_acceptable(path)
    return forced, chosen


def not_acceptable(path: str) -> Response:
    """Answer 406 listing what the client could ask for instead."""
    lines = [f"{r.media_type}\t{url}" for r, url in alternates(path)]
    body = "None of the requested media types is available. Available:\n" + "\n".join(lines)
    response = Response(body + "\n", status=406, content_type="text/plain; charset=utf-8")
    response.vary.add("Accept")
    return response


def not_found(representation: Representation, iri: str | None, path: str) -> Response:
    """Answer 404: a helpful page for people, a short plain-text note for RDF clients."""
    if representation.is_rdf:
        message = f"No description of <{iri or request.path}> in the govsocial-kg graph.\n"
        response = Response(message, status=404, content_type="text/plain; charset=utf-8")
    else:
        suggestions = _siblings(iri) if iri else []
        html = render_template(
            "ld/not_found.html",
            iri=iri,
            path=request.path,
            suggestions=suggestions,
            active_nav=None,
        )
        response = Response(html, status=404, content_type=HTML.content_type)
    response.vary.add("Accept")
    return response


# the resources whose IRIs start with ?prefix, with an English label (?prefix is bound, so
# projected and grouped by: a store substitutes only a variable the SELECT projects). A UNION,
# not an OPTIONAL label: Oxigraph plans before it substitutes, so it cannot test the bound prefix
# first and would look up a label for every triple of the graph (2*10^5 triples: 380 ms; this
# way 145 ms, with the prefix spliced in 105 ms)
SIBLINGS_QUERY = (
    describing.PREFIXES
    + """
SELECT ?prefix ?s (SAMPLE(?l) AS ?label) WHERE {
  { ?s ?p ?o } UNION { ?s rdfs:label|skos:prefLabel ?l FILTER(LANGMATCHES(LANG(?l), "en")) }
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?prefix))
} GROUP BY ?prefix ?s ORDER BY ?s LIMIT 50"""
)


def _siblings(iri: str) -> list[view.Value]:
    """Return up to 50 existing resources of the same kind (IRI prefix) as a missing one."""
    prefix = iri.rsplit("/", 1)[0] + "/"
    if not prefix.startswith(base_iri()):
        return []
    rows = graph_store().select(SIBLINGS_QUERY, bindings={"prefix": ox.Literal(prefix)})
    m = mapper()
    return [
        view.Value(
            text=term_text(r.get("label", r["s"])),
            href=m.href(term_text(r["s"])),
            iri=term_text(r["s"]),
        )
        for r in rows
    ]


# -- dereferencing --------------------------------------------------------------------------------


@bp.get("/id/<path:path>")
def data_resource(path: str) -> Response:
    """Dereference a data IRI ``<base>id/...``."""
    return resource(f"id/{path}")


@bp.get("/vocab/<path:path>")
def vocab_resource(path: str) -> Response:
    """Dereference a concept scheme or concept ``<base>vocab/...``."""
    return resource(f"vocab/{path}")


@bp.get("/ontology/<path:path>")
def ontology_version(path: str) -> Response:
    """Dereference IRIs under the ontology, such as its version IRI."""
    return resource(f"ontology/{path}")


def resource(path: str) -> Response:
    """Answer for the resource at local ``path`` (maybe with a format suffix)."""
    bare, suffixed = negotiate.split_suffix(path)
    picked = pick(bare, suffixed)
    if isinstance(picked, Response):
        return picked
    forced, chosen = picked
    iri = mapper().iri_for_path(bare)
    if iri is None:
        return not_found(chosen, None, bare)
    store = graph_store()
    if chosen.is_rdf:
        # the store writes the description in the syntax asked for: its bytes are the answer
        answer = describing.describe_as(store, iri, chosen)
        if answer.rows == 0:  # None: a store that does not count what it wrote
            return not_described(path, bare, chosen, iri)
        response = Response(answer.body, content_type=chosen.content_type)
    else:
        description = describing.describe(store, iri)
        if not description:
            return not_described(path, bare, chosen, iri)
        html = render_entity(store, iri, description, bare)
        response = Response(html, content_type=HTML.content_type)
    return finish(response, bare, forced, chosen, store.info.version)


def not_described(path: str, bare: str, chosen: Representation, iri: str) -> Response:
    """Answer for an IRI the graph does not mention: 301 to its new name, else 404."""
    renamed = moved_iris().get(bare.removeprefix("id/")) if bare.startswith("id/") else None
    if renamed is not None:  # keep the client's suffix: it asked for that format
        return moved_to(f"{request.script_root}/id/{renamed}{path[len(bare) :]}", code=301)
    return not_found(chosen, iri, bare)


def render_entity(store: QueryStore, iri: str, description: Triples, path: str) -> str:
    """Render the HTML page of an entity with its evidence and incoming references."""
    evidence = describing.evidence_graph(store, iri)
    labels = describing.term_labels(store, iri)
    page = view.entity_page(iri, description, evidence, labels, mapper())
    subject = ox.NamedNode(iri)
    is_scheme = ox.Triple(subject, view.RDF_TYPE, view.SKOS_CONCEPT_SCHEME) in description
    # only a body's page shows its chart: other pages need not read the views' catalogue
    is_body = ox.Triple(subject, view.RDF_TYPE, view.GSO_AUTHORITY) in description
    return render_template(
        "ld/entity.html",
        page=page,
        formats=alternates(path),
        query_link=view.ui_link(request.script_root, page.query),
        is_scheme=is_scheme,
        is_body=is_body,
        active_nav="vocab" if path.startswith("vocab/") else None,
    )


@bp.get("/vocab/")
def vocab_index() -> str:
    """List the SKOS concept schemes."""
    return render_template(
        "ld/vocab_index.html",
        schemes=landing.schemes(graph_store()),
        mapper=mapper(),
        active_nav="vocab",
    )


# -- ontology -------------------------------------------------------------------------------------


@bp.get("/ontology")
@bp.get("/ontology<any('.html', '.ttl', '.jsonld', '.nt', '.rdf'):suffix>")
def ontology(suffix: str = "") -> Response:
    """Serve the ontology: pyLODE documentation for browsers, its triples for RDF clients."""
    picked = pick("ontology", negotiate.BY_SUFFIX.get(suffix))
    if isinstance(picked, Response):
        return picked
    forced, chosen = picked
    store = graph_store()
    ontology_iri = base_iri() + "ontology"
    if chosen.is_rdf:
        triples = ontology_docs.ontology_triples(store, ontology_iri)
        if not triples:
            return not_found(chosen, ontology_iri, "ontology")
        # the same for every request of a data version and representation
        key = ("ontology", ontology_iri, chosen.key)
        body = per_version.remember_page(store.info.version, key, lambda: rdf_body(triples, chosen))
        response = Response(body, content_type=chosen.content_type)
    else:
        docs = ontology_docs.ontology_html(store, ontology_iri, cache_base())
        if not docs:
            return not_found(chosen, ontology_iri, "ontology")
        header = render_template("_site_header.html", active_nav="ontology")
        html = ontology_docs.with_site_links(docs, request.script_root, base_iri(), header)
        response = Response(html, content_type=HTML.content_type)
    return finish(response, "ontology", forced, chosen, store.info.version)


# -- VoID -----------------------------------------------------------------------------------------


def void_links() -> voiding.Links:
    root = request.host_url.rstrip("/") + request.script_root
    label = dump_label()
    return voiding.Links(
        document=f"{root}/.well-known/void",
        sparql=f"{root}/sparql",
        dumps={
            f.media_type: f"{root}/dumps/{dumping.file_name(f, label)}" for f in dumping.FORMATS
        },
        homepage=f"{root}/",
    )


@bp.get("/.well-known/void")
@bp.get("/.well-known/void<any('.html', '.ttl', '.jsonld', '.nt', '.rdf'):suffix>")
def void(suffix: str = "") -> Response:
    """Describe the dataset in VoID (Turtle by default; HTML shows the same as a page)."""
    # RDF first: this document is for machines, and a bare "Accept: */*" should get Turtle
    offered = (*negotiate.RDF_REPRESENTATIONS, HTML)
    picked = pick(".well-known/void", negotiate.BY_SUFFIX.get(suffix), offered)
    if isinstance(picked, Response):
        return picked
    forced, chosen = picked
    store = graph_store()
    links = void_links()

    def render() -> str | bytes:
        stats = voiding.statistics(store, base_iri())
        triples = voiding.void_graph(stats, links, base_iri(), released)
        if chosen.is_rdf:
            return rdf_body(triples, chosen)
        turtle = rdf_body(triples, negotiate.BY_SUFFIX[".ttl"]).decode("utf-8")
        return render_template(
            "ld/void.html", stats=stats, turtle=turtle, formats=alternates(".well-known/void")
        )

    # the same for every request of a data version, URL root and representation
    released = current_release()
    key = ("void", links.document, base_iri(), chosen.key, released)
    version = store.info.version
    body = per_version.remember_page(version, key, render)
    response = Response(body, content_type=chosen.content_type)
    return finish(response, ".well-known/void", forced, chosen, version)


# -- favicon --------------------------------------------------------------------------------------


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask every site for /favicon.ico (the ontology page and /sparql too): the site's
    icon, an SVG, which every current browser shows."""
    icon = Path(current_app.static_folder or "") / "favicon.svg"
    response = Response(icon.read_bytes(), content_type="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


# -- dumps ----------------------------------------------------------------------------------------


def dump_label() -> str:
    """The label the current dumps are named by: the release's version, else the content hash's
    start."""
    released = current_release()
    return dumping.label_of(data_version(), released.version if released else None)


@bp.get("/dumps/")
def dumps_index() -> str:
    """List the dump files with sizes, triple counts and SHA-256 checksums."""
    label = dump_label()
    _folder, files = dumping.ensure(graph_store(), label, cache_base())
    return render_template(
        "ld/dumps.html",
        files=files,
        version=data_version(),
        label=label,
        checksums=dumping.CHECKSUMS,
        latest={f.label: dumping.latest_name(f) for f in dumping.FORMATS},
        active_nav="data",
    )


@bp.get("/dumps/<name>")
def dump_file(name: str) -> Response:
    """Send one dump file (or the checksum file); a name without a version redirects to the
    current version's file."""
    label = dump_label()
    folder, files = dumping.ensure(graph_store(), label, cache_base())
    known = {f.name: f for f in files}
    latest = {dumping.latest_name(f): dumping.file_name(f, label) for f in dumping.FORMATS}
    if name == dumping.CHECKSUMS:
        response = send_from_directory(folder, name, mimetype="text/plain")
    elif name in known:
        # the file is gzip data of the media type: sent as is, never decompressed by clients
        response = send_from_directory(
            folder, name, mimetype="application/gzip", as_attachment=True, download_name=name
        )
    elif name in latest:
        response = moved_to(f"{request.script_root}/dumps/{latest[name]}", code=302)
        response.headers["Cache-Control"] = "no-cache"  # it moves with each release
        return response
    else:
        return not_found(
            HTML if request.accept_mimetypes.accept_html else negotiate.BY_SUFFIX[".nt"],
            None,
            f"dumps/{name}",
        )
    response.headers["Cache-Control"] = cache_control()
    return response


# -- landing page ---------------------------------------------------------------------------------


def current_release() -> release.Release | None:
    """The release of the data in service: `RELEASE_FILE`, or data/release.toml when the
    project's own data is served; None for other data (it is cited by its content hash). Read
    once per data version, not per request (the landing page, VoID and the dumps name it)."""
    return per_version.memoize(data_version(), "release", _read_release)


def _read_release() -> release.Release | None:
    configured = current_app.config.get("RELEASE_FILE")
    if configured:
        return release.load(Path(configured))
    if any(current_app.config.get(key) for key in ("DATA_PATHS", "STORE", "REMOTE_URL")):
        return None
    return release.load(data_dir() / "release.toml")


@bp.get("/")
def home() -> str:
    """Show what the dataset is, its size and sources, how to cite it, and where to go next."""
    store = graph_store()
    base = base_iri()
    released = current_release()
    # cite the release by its version and year; data without a release by its content hash
    version = released.version if released else store.info.version
    year = released.year if released else str(datetime.now(UTC).year)

    def render() -> str:
        stats = voiding.statistics(store, base)
        return render_template(
            "ld/landing.html",
            stats=stats,
            counts=landing.counts(stats),
            schemes=landing.schemes(store),
            sources=[
                {"title": title, "href": mapper().href(iri), "url": url, "issued": issued}
                for iri, title, url, issued in stats.sources
            ],
            version=version,
            base=base,
            citation=landing.citation(version, base, year),
            bibtex=landing.bibtex(version, base, year),
            mapper=mapper(),
            active_nav="home",
        )

    # the page names the server's own URL (from the request's Host) and this year's citation
    key = ("landing", request.host_url, request.script_root, base, year, version)
    page = per_version.remember_page(store.info.version, key, render)
    assert isinstance(page, str)
    return page


def init_app(
    app: Flask, plain_404: Callable[[NotFound], Response | NotFound] | None = None
) -> None:
    """Register the blueprint and the site-wide 404 page on `app`.

    Browsers get the helpful 404 page; other clients get `plain_404(error)` (the app factory
    passes the endpoint's plain-text error), so the pages change nothing for SPARQL clients.
    """
    app.register_blueprint(bp)

    def handle_404(error: NotFound) -> Response | NotFound:
        if negotiate.choose(request.accept_mimetypes) == HTML:
            return not_found(HTML, None, request.path.lstrip("/"))
        return plain_404(error) if plain_404 else error

    app.register_error_handler(404, handle_404)
