"""Serve the ontology: its triples (from the loaded graph) and HTML documentation by pyLODE.

Both are computed once per data version. pyLODE's page is made self-contained: it must work
offline, so any element that would load from the internet (scripts, fonts, images) is removed.

The triples are pyoxigraph's, as the store answers; pyLODE documents an rdflib graph, so this
module alone in the site builds one (`ontology_graph`), for pyLODE only.
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal

from govsocial.endpoint.store.interface import QueryStore
from govsocial.graph.prefixes import PREFIXES
from govsocial.site.linkeddata import per_version

ONTOLOGY_IRI = "https://w3id.org/govsocial/ontology"

# The ontology header (?ontology), its terms (IRIs starting with ?namespace) and their blank
# nodes; both are bound (`ontology_bindings`). The closing VALUES of UNDEF puts the two variables
# in the query's scope (a store substitutes only a variable in scope; the FILTER alone does not
# put them there) and, joined with anything, changes no solution. The FILTER stays at the top,
# where a remote store's VALUES reaches it; the blank nodes are a UNION branch, not an OPTIONAL:
# Oxigraph plans before it substitutes, so it cannot filter first, and an OPTIONAL looked up
# every triple's object (2*10^5 triples: 410 ms; this way 180 ms, with the IRI spliced in 85 ms)
ONTOLOGY_QUERY = """\
CONSTRUCT { ?s ?p ?o . ?o ?bp ?bo . ?bo ?bp2 ?bo2 . }
WHERE {
  { ?s ?p ?o }
  UNION
  {
    ?s ?p ?o . ?o ?bp ?bo . FILTER(isBlank(?o))
    OPTIONAL { FILTER(isBlank(?bo)) ?bo ?bp2 ?bo2 . }
  }
  FILTER(?s = ?ontology || STRSTARTS(STR(?s), ?namespace))
}
VALUES (?ontology ?namespace) { (UNDEF UNDEF) }
"""


def ontology_bindings(ontology_iri: str = ONTOLOGY_IRI) -> dict[str, ox.NamedNode | ox.Literal]:
    """Return the bindings of `ONTOLOGY_QUERY` for the ontology ``ontology_iri``."""
    return {"ontology": ox.NamedNode(ontology_iri), "namespace": ox.Literal(ontology_iri + "#")}


def ontology_triples(store: QueryStore, ontology_iri: str = ONTOLOGY_IRI) -> list[ox.Triple]:
    """Return the ontology's triples as loaded (none: no such ontology in the data), cached per
    data version: each once, the ontology's header first, then by subject (as written)."""

    def compute() -> list[ox.Triple]:
        found = store.construct(ONTOLOGY_QUERY, bindings=ontology_bindings(ontology_iri))
        header = ox.NamedNode(ontology_iri)
        return sorted(set(found), key=lambda t: (t.subject != header, str(t)))

    return per_version.memoize(store.info.version, f"ontology:{ontology_iri}", compute)


def ontology_graph(store: QueryStore, ontology_iri: str = ONTOLOGY_IRI) -> Graph:
    """Return the ontology's triples as an rdflib graph with the project's prefixes, for pyLODE
    alone (it documents an rdflib graph; nothing else in the site holds rdflib terms)."""
    # the one crossing from pyoxigraph's terms to rdflib's: pyoxigraph writes N-Triples, rdflib
    # parses them (our own triples: a line-based syntax, nothing to fetch or expand)
    written = ox.serialize(ontology_triples(store, ontology_iri), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=written or b"", format="nt")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


# elements that would fetch from the network; pyLODE's page works without them
_REMOTE = re.compile(
    r"<(script|link|img)\b[^>]*\b(?:src|href)\s*=\s*[\"']https?://[^>]*?>(?:\s*</script>)?",
    re.IGNORECASE,
)


def make_offline(html: str) -> str:
    """Remove elements of ``html`` that load scripts, styles or images from the internet."""
    return _REMOTE.sub("", html)


_TERM_BLOCK = re.compile(
    r'<div class="(?:property|class|entity)[^"]*" id="([^"]+)">.*?<code>([^<]+)</code>', re.DOTALL
)


def anchor_by_local_name(html: str, namespace: str) -> str:
    """Rename pyLODE's label-derived anchors to the terms' local names.

    Pages link a term ``gso:Authority`` to ``/ontology#Authority``; pyLODE derives anchors from
    labels, so without this those links would land at the top of the page.
    """
    renames = {
        anchor: iri[len(namespace) :]
        for anchor, iri in _TERM_BLOCK.findall(html)
        if iri.startswith(namespace) and iri[len(namespace) :]
    }
    if not renames:
        return html
    pattern = re.compile(r'(id="|href="#)(' + "|".join(map(re.escape, renames)) + r')"')
    return pattern.sub(lambda m: f'{m.group(1)}{renames[m.group(2)]}"', html)


def english_only(graph: Graph) -> Graph:
    """Return ``graph`` without non-English language-tagged literals.

    pyLODE runs all labels of a term together ("Behördeauthority") and takes anchors from
    them; the English documentation reads cleanly with English text only.
    """
    result = Graph()
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace)
    for triple in graph:
        obj = triple[2]
        if isinstance(obj, Literal) and obj.language and not obj.language.startswith("en"):
            continue
        result.add(triple)
    return result


def _import_ontpub() -> type:
    """Import pyLODE's OntPub without letting it reconfigure the server's logging.

    pyLODE calls ``logging.basicConfig(level=DEBUG)`` on import, which would flood the server's
    log; ``basicConfig`` does nothing while the root logger has a handler, so give it one.
    """
    root = logging.getLogger()
    level = root.level
    guard = logging.NullHandler()
    root.addHandler(guard)
    try:
        from pylode import OntPub  # late: slow to import, and only this page needs it
    finally:
        root.removeHandler(guard)
        root.setLevel(level)
    return OntPub


def render_html(graph: Graph, ontology_iri: str = ONTOLOGY_IRI) -> str:
    """Render ontology documentation with pyLODE (OntPub profile), offline-safe."""
    with warnings.catch_warnings():
        # pyLODE reads its CSS with a bare open(...).read(): a ResourceWarning not ours to fix
        warnings.simplefilter("ignore", ResourceWarning)
        html = _import_ontpub()(ontology=english_only(graph)).make_html(include_css=True)
    return anchor_by_local_name(make_offline(html), ontology_iri + "#")


def ontology_html(
    store: QueryStore, ontology_iri: str = ONTOLOGY_IRI, cache_base: Path | None = None
) -> str:  # "" = no ontology in the data
    """Return the ontology's HTML documentation, generated once per data version.

    Return "" when the served data has no such ontology (`serve --data` with other files):
    pyLODE cannot document an empty graph, and the page is then a 404, not a crash.
    """

    def compute() -> str:
        folder = per_version.cache_dir(store.info.version, cache_base)
        path = folder / "ontology.html"
        if path.is_file():  # another worker process made it already
            return path.read_text(encoding="utf-8")
        graph = ontology_graph(store, ontology_iri)
        if not graph:
            return ""
        html = render_html(graph, ontology_iri)
        per_version.write_atomically(path, html.encode("utf-8"))
        return html

    return per_version.memoize(store.info.version, f"ontology-html:{ontology_iri}", compute)


def with_site_links(html: str, root: str, base: str, header: str) -> str:
    """Wrap pyLODE's page in the site: its stylesheet and icon in the head (before pyLODE's own
    styles, which win where they differ), the site's `header` at the top with a line linking
    the ontology's RDF; and point the page's links to the project's IRIs (under `base`,
    w3id.org) at this server's pages: a link the server shows leads to a page it serves."""
    html = html.replace(f'href="{base}', f'href="{root}/')
    styles = (
        f'<link rel="stylesheet" href="{root}/static/site.css">'
        f'<link rel="icon" type="image/svg+xml" href="{root}/static/favicon.svg">'
    )
    formats = (
        f'<p class="govsocial-formats wrap small">This ontology as '
        f'<a href="{root}/ontology.ttl">Turtle</a>, '
        f'<a href="{root}/ontology.jsonld">JSON-LD</a>, '
        f'<a href="{root}/ontology.rdf">RDF/XML</a>; its terms’ values in the '
        f'<a href="{root}/vocab/">vocabularies</a>.</p>'
    )
    head, marker, rest = html.partition("<head>")
    html = head + marker + styles + rest if marker else styles + html
    head, marker, rest = html.partition("<body>")
    return head + marker + header + formats + rest if marker else header + formats + html
