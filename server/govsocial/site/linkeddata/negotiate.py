"""Choose a representation (HTML or an RDF syntax) from a suffix or the Accept header.

Choosing uses werkzeug's ``accept_mimetypes.best_match``; no hand-written Accept parser.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Representation:
    """One way to answer for a resource: media type, file suffix, rdflib serializer name."""

    key: str
    media_type: str
    suffix: str
    rdflib_format: str | None  # None for HTML
    label: str

    @property
    def is_rdf(self) -> bool:
        return self.rdflib_format is not None

    @property
    def content_type(self) -> str:
        if self.media_type.startswith("text/") or self.media_type == "application/n-triples":
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


# Order matters: for "Accept: */*" (curl, most scripts) best_match picks the first entry, and
# a person typing an IRI into a browser should see the page.
REPRESENTATIONS: tuple[Representation, ...] = (
    # https://html.spec.whatwg.org/
    Representation("html", "text/html", ".html", None, "HTML"),
    # https://www.w3.org/TR/turtle/#sec-mediaReg
    Representation("turtle", "text/turtle", ".ttl", "turtle", "Turtle"),
    # https://www.w3.org/TR/json-ld11/#iana-considerations
    Representation("jsonld", "application/ld+json", ".jsonld", "json-ld", "JSON-LD"),
    # https://www.w3.org/TR/n-triples/#n-triples-mediatype
    Representation("ntriples", "application/n-triples", ".nt", "nt", "N-Triples"),
    # https://www.w3.org/TR/rdf-syntax-grammar/#section-MIME-Type
    Representation("rdfxml", "application/rdf+xml", ".rdf", "xml", "RDF/XML"),
)

BY_SUFFIX = {r.suffix: r for r in REPRESENTATIONS}
BY_MEDIA_TYPE = {r.media_type: r for r in REPRESENTATIONS}
# older or informal names clients still send; mapped to the registered type
ALIASES = {
    "application/x-turtle": "text/turtle",
    "application/xhtml+xml": "text/html",
    "application/json": "application/ld+json",
    "text/n3": "text/turtle",  # Turtle is a subset of N3, so a N3 parser reads it
    # N-Triples' historical media type, as /sparql takes it: rdflib's parse(url, format="nt")
    # asks for "text/plain, */*;q=0.1" and must not get the HTML page
    "text/plain": "application/n-triples",
}
# `format=` values (as /sparql takes them for graphs), and each representation's key and suffix
FORMAT_NAMES = {
    "html": "text/html",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "json": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "xml": "application/rdf+xml",
}
HTML = BY_SUFFIX[".html"]
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
    media_type = FORMAT_NAMES.get(name) or ALIASES.get(name, name)
    return BY_MEDIA_TYPE.get(media_type)


def choose(
    accept: MIMEAccept, offered: tuple[Representation, ...] = REPRESENTATIONS
) -> Representation | None:
    """Return the representation the client prefers among ``offered``, None if none fits.

    A missing Accept header counts as ``*/*``.
    """
    if not accept:
        return offered[0]
    candidates = [r.media_type for r in offered]
    candidates += [alias for alias, target in ALIASES.items() if target in candidates]
    best = accept.best_match(candidates)
    if best is None:
        return None
    return BY_MEDIA_TYPE[ALIASES.get(best, best)]
