"""Keep results computed from the whole graph once per data version.

VoID, dumps, ontology docs and landing-page counts depend only on the loaded data: values are
kept in the app's one cache (govsocial/site/version_cache.py), files go to
``var/cache/linkeddata/<version>/`` where every worker process finds them. Rendered pages that
also name the server's own URLs (VoID, the landing page) are kept per version and URL, weighed
by their length: they grow with the graph (VoID at 10^6 synthetic triples: 1.5 MB, 0.66 s to
build per request), and the URL comes from the request's Host.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

from govsocial.graph.paths import project_root
from govsocial.site.version_cache import cached_for

T = TypeVar("T")


def memoize(version: str, key: str, compute: Callable[[], T]) -> T:
    """Return the value kept for (`version`, `key`) in the app's cache, computing it on a miss."""
    value: T = cached_for(version, ("linkeddata", key), compute)
    return value


def remember_page(
    version: str, key: tuple[Hashable, ...], render: Callable[[], str | bytes]
) -> str | bytes:
    """Return the page rendered for (`version`, `key`), rendering it on a miss.

    `key` must hold everything the page depends on besides the data (its URL root, its
    representation); a page larger than the whole budget is rendered every time.
    """
    page: str | bytes = cached_for(version, ("page", *key), render, weigh=len)
    return page


def cache_dir(version: str, base: Path | None = None) -> Path:
    """Return (creating it) the cache folder of a data version."""
    folder = (base or project_root() / "var" / "cache" / "linkeddata") / version
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers never see a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
