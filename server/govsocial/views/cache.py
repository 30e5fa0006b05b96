"""Keep computed views per data version: recomputed only when the loaded data changes."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import LRUCache
from flask import current_app

from govsocial.store import get_store

EXTENSION_KEY = "govsocial.views.cache"
# The budget counts what the views weigh (matrix cells, timeline decisions), not entries: a
# matrix of the real data has a few hundred cells, one at 10^6 synthetic triples 42,520 cells
# and 20 MiB. Days to view the matrix as of come from the request, so a count of entries alone
# (256 before) let one client fill 5 GiB per HTTP worker at that size; this keeps about 120 MiB.
MAX_WEIGHT = 250_000


class VersionCache:
    """An LRU of results keyed by (data version, key), bounded by their total weight."""

    def __init__(self, max_weight: int = MAX_WEIGHT) -> None:
        self._entries: LRUCache[tuple[str, Hashable], tuple[Any, int]] = LRUCache(
            maxsize=max_weight, getsizeof=lambda entry: entry[1])
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe

    @property
    def weight(self) -> int:
        """The total weight of the values kept now."""
        with self._lock:
            return int(self._entries.currsize)

    def get(self, version: str, key: Hashable, compute: Callable[[], Any],
            weight: Callable[[Any], int] | None = None) -> Any:
        """Return the cached value for (version, key), computing it on a miss.

        `weight` tells what a value counts against the budget (default 1).
        """
        full_key = (version, key)
        with self._lock:
            entry = self._entries.get(full_key)
        if entry is not None:
            return entry[0]
        # computed outside the lock: two threads may both compute once, never block each other
        value = compute()
        size = max(1, weight(value)) if weight else 1
        with self._lock, contextlib.suppress(ValueError):  # over the whole budget: not kept
            self._entries[full_key] = (value, size)
        return value


def cached(key: Hashable, compute: Callable[[], Any],
           weight: Callable[[Any], int] | None = None) -> Any:
    """Return `compute()` for the current app's data version and `key`, cached."""
    cache = current_app.extensions.setdefault(EXTENSION_KEY, VersionCache())
    return cache.get(get_store().info.version, key, compute, weight)
