"""Keep computed views per data version: recomputed only when the loaded data changes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app

from govsocial.store import get_store

EXTENSION_KEY = "govsocial.views.cache"
MAX_ENTRIES = 256  # as-of days and filter combinations; each entry is a few kilobytes


class VersionCache:
    """A small LRU of results keyed by (data version, key); safe across request threads."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[tuple[str, Hashable], Any] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def get(self, version: str, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Return the cached value for (version, key), computing it on a miss."""
        full_key = (version, key)
        with self._lock:
            if full_key in self._entries:
                self._entries.move_to_end(full_key)
                return self._entries[full_key]
        # computed outside the lock: two threads may both compute once, never block each other
        value = compute()
        with self._lock:
            self._entries[full_key] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value


def cached(key: Hashable, compute: Callable[[], Any]) -> Any:
    """Return `compute()` for the current app's data version and `key`, cached."""
    cache = current_app.extensions.setdefault(EXTENSION_KEY, VersionCache())
    return cache.get(get_store().info.version, key, compute)
