"""Keep what the site computes from the whole graph once per data version: one cache per app.

VoID's statistics, the ontology page, the landing page, the views' catalogue, charts and the
claims table depend only on the loaded data (and, for rendered pages, on the URL they name), so
each is computed once per data version and kept in one LRU owned by the app
(`app.extensions`), bounded by what its values weigh in bytes: a new data version makes the old
entries unreachable, and they leave as new ones come. Keys that come from requests (a page's
Host, a body's chart) stay bounded by the budget. What a request's day or filters show is
never kept (views/matrix.py, views/timeline.py).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app, has_app_context

from govsocial.endpoint.store.extension import get_store
from govsocial.site.bounded import BoundedCache

EXTENSION_KEY = "govsocial.site.version_cache"
MAX_BYTES = 256 * 2**20  # per HTTP worker process
UNWEIGHED = 64 * 1024  # what a value counts when its size is not told (statistics, graphs)


class VersionCache:
    """Values by (data version, key), least recently used out past `max_bytes`."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self._values = BoundedCache(max_bytes)

    @property
    def weight(self) -> int:
        """The bytes the values kept now weigh (as told by their `weigh`)."""
        return self._values.weight

    def kept_keys(self) -> list[Hashable]:
        """The keys (without their data version) of the values kept now."""
        return [entry[1] for entry in self._values.kept_keys() if isinstance(entry, tuple)]

    def get(
        self,
        version: str,
        key: Hashable,
        compute: Callable[[], Any],
        weigh: Callable[[Any], int] | None = None,
    ) -> Any:
        """Return the value kept for (version, key), computing it on a miss."""
        return self._values.get((version, key), compute, weigh or (lambda _value: UNWEIGHED))


def cached_for(
    version: str,
    key: Hashable,
    compute: Callable[[], Any],
    weigh: Callable[[Any], int] | None = None,
) -> Any:
    """Return `compute()` for a data version and `key`, kept in the current app's cache
    (computed every time outside an app, e.g. by a command)."""
    if not has_app_context():
        return compute()
    cache = current_app.extensions.setdefault(EXTENSION_KEY, VersionCache())
    return cache.get(version, key, compute, weigh)


def cached(
    key: Hashable, compute: Callable[[], Any], weigh: Callable[[Any], int] | None = None
) -> Any:
    """Return `compute()` for the current app's data version and `key`, kept."""
    return cached_for(get_store().info.version, key, compute, weigh)
