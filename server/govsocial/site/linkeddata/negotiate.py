"""Choose a representation (HTML or an RDF syntax) from a suffix or the Accept header.

Choosing uses werkzeug's ``accept_mimetypes.best_match``; no hand-written Accept parser.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept

from govsocial.endpoint.formats import ALIASES, GRAPHS, GraphFormat


@dataclass(frozen=True)
class Representation:
    """One way to answer for a resource: HTML, or an RDF syntax of the endpoint's registry."""

    key: str
    media_type: str
    suffix: str
    label: str
    graph_format: GraphFormat | None = None  # None for HTML
    # other media types taken for it: the registry's aliases of its format, and the site's own
    aliases: tuple[str, ...] = ()

    @property
    def is_rdf(self) -> bool:
        return self.graph_format is not None

    @property
    def content_type(self) -> str:
        if self.media_type.startswith("text/") or self.media_type == "application/n-triples":
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


def _rdf(key: str, graph_format: str, *aliases: str) -> Representation:
    """The representation in an RDF syntax of the registry: its media type, extension, name."""
    found = GRAPHS[graph_format]
    registered = tuple(alias for alias, target in ALIASES if target == graph_format)
    return Representation(
        key,
        found.media_type,
        f".{found.rdf_format.file_extension}",
        found.rdf_format.name,
        found,
        (*aliases, *registered),
    )


# https://html.spec.whatwg.org/
HTML = Representation("html", "text/html", ".html", "HTML", aliases=("application/xhtml+xml",))
# Order matters: for "Accept: */*" (curl, most scripts) best_match picks the first entry, and
# a person typing an IRI into a browser should see the page.
REPRESENTATIONS: tuple[Representation, ...] = (
    HTML,
    _rdf("turtle", "turtle"),
    # the pages answer no SPARQL results: a generic JSON client gets JSON-LD
    _rdf("jsonld", "jsonld", "application/json"),
    _rdf("ntriples", "nt"),
    _rdf("rdfxml", "rdfxml"),
)

BY_SUFFIX = {r.suffix: r for r in REPRESENTATIONS}
BY_MEDIA_TYPE = {t: r for r in REPRESENTATIONS for t in (r.media_type, *r.aliases)}
# `format=` values: each representation's key, and the registry's names of its syntax (as
# /sparql takes them for graphs)
FORMAT_NAMES = {
    HTML.key: HTML,
    **{name: r for r in REPRESENTATIONS if r.graph_format for name in r.graph_format.names},
}
RDF_REPRESENTATIONS = tuple(r for r in REPRESENTATIONS if r.is_rdf)


def split_suffix(path: str) -> tuple[str, Representation | None]:
    """Split a known format suffix off ``path``: ``id/x.ttl`` -> (``id/x``, Turtle)."""
    for suffix, representation in BY_SUFFIX.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], representation
    return path, None


def from_format_parameter(value: str) -> Representation | None:
    """The representation a `format=` value names (a short name or a media type), or None."""
    name = value.strip().lower()
    return FORMAT_NAMES.get(name) or BY_MEDIA_TYPE.get(name)


def choose(
    accept: MIMEAccept, offered: tuple[Representation, ...] = REPRESENTATIONS
) -> Representation | None:
    """Return the representation the client prefers among ``offered``, None if none fits.

    A missing Accept header counts as ``*/*``.
    """
    if not accept:
        return offered[0]
    # the offered media types first, then their aliases (in the order of REPRESENTATIONS)
    candidates = [r.media_type for r in offered]
    candidates += [alias for r in REPRESENTATIONS if r in offered for alias in r.aliases]
    best = accept.best_match(candidates)
    return None if best is None else BY_MEDIA_TYPE[best]
