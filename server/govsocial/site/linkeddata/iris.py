"""Map the public IRIs of the dataset to the server's local paths and back.

The public base IRI (``GOVSOCIAL_BASE_IRI``, default ``https://w3id.org/govsocial/``) is
configuration, so the same server answers behind the w3id redirect and on localhost: data IRIs
``<base>id/...`` live at ``/id/...``, ``<base>ontology`` at ``/ontology`` and
``<base>vocab/...`` at ``/vocab/...``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govsocial.graph.prefixes import BASE

DEFAULT_BASE_IRI = BASE

# the top-level path segments we dereference; anything else under the base is not ours to serve
SERVED_ROOTS = ("id/", "vocab/", "ontology")

# slugs are lower-case ASCII by the model's contract; a tighter pattern keeps odd paths
# (dots, percent signs, traversal) out of the SPARQL we build from them
_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


@dataclass(frozen=True)
class IriMapper:
    """Translate between public IRIs under ``base`` and local paths under ``root``."""

    base: str = DEFAULT_BASE_IRI
    root: str = ""  # the application's script root, "" when mounted at /

    def iri_for_path(self, path: str) -> str | None:
        """Return the public IRI served at local ``path`` (no suffix), or None if not ours."""
        path = path.lstrip("/")
        if path != "ontology" and not path.startswith(("ontology/", "id/", "vocab/")):
            return None
        if not all(_SEGMENT.match(s) for s in path.split("/")):
            return None
        return self.base + path

    def local_path(self, iri: str) -> str | None:
        """Return the local path (with fragment) of a public IRI, or None if it is not ours."""
        if not iri.startswith(self.base):
            return None
        rest = iri[len(self.base) :]
        if not rest.startswith(SERVED_ROOTS):
            return None
        return f"{self.root}/{rest}"

    def href(self, iri: str) -> str:
        """Return where a page should link for ``iri``: our local route, or the IRI itself."""
        return self.local_path(iri) or iri

    def is_ours(self, iri: str) -> bool:
        """Tell whether ``iri`` is dereferenced by this server."""
        return self.local_path(iri) is not None
