"""Keep computed views per data version: recomputed only when the loaded data changes."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app

from govsocial.bounded import BoundedCache
from govsocial.store import get_store

EXTENSION_KEY = "govsocial.views.version_cache"
# The budget counts what the views weigh (the catalogue's bodies and decisions, a table's bytes),
# not entries. Only what depends on the data version is kept: the matrix as of a day and a
# filtered page are computed per request from the catalogue (13,190 at 10^6 synthetic triples),
# never kept, since their keys would be the client's to choose.
MAX_WEIGHT = 250_000


class VersionCache:
    """Results keyed by (data version, key), bounded by their total weight."""

    def __init__(self, max_weight: int = MAX_WEIGHT) -> None:
        self._values = BoundedCache(max_weight)

    @property
    def weight(self) -> int:
        """The total weight of the results kept now."""
        return self._values.weight

    def get(self, version: str, key: Hashable, compute: Callable[[], Any],
            weigh: Callable[[Any], int] | None = None) -> Any:
        """Return the cached value for (version, key), computing it on a miss."""
        return self._values.get((version, key), compute, weigh)


def cached(key: Hashable, compute: Callable[[], Any],
           weigh: Callable[[Any], int] | None = None) -> Any:
    """Return `compute()` for the current app's data version and `key`, cached."""
    cache = current_app.extensions.setdefault(EXTENSION_KEY, VersionCache())
    return cache.get(get_store().info.version, key, compute, weigh)
