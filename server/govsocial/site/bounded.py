"""A thread-safe LRU bounded by what its values weigh, for caches whose keys requests choose."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import LRUCache


class BoundedCache:
    """Values by key, least recently used first out once their total weight passes the budget.

    A value is computed outside the lock (two threads may both compute it once; neither blocks
    other keys), and one heavier than the whole budget is answered but not kept.
    """

    def __init__(self, max_weight: int) -> None:
        # (value, weight) pairs: the weight is the caller's to tell per value
        self._entries: LRUCache[Hashable, tuple[Any, int]] = LRUCache(
            maxsize=max_weight, getsizeof=lambda entry: entry[1]
        )
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe

    @property
    def weight(self) -> int:
        """The total weight of the values kept now."""
        with self._lock:
            return int(self._entries.currsize)

    def kept_keys(self) -> list[Hashable]:
        """The keys of the values kept now."""
        with self._lock:
            return list(self._entries.keys())

    def get(
        self, key: Hashable, compute: Callable[[], Any], weigh: Callable[[Any], int] | None = None
    ) -> Any:
        """Return the value kept for `key`, computing it on a miss (`weigh`: its weight, else 1)."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None:
            return entry[0]
        value = compute()
        weight = max(1, weigh(value)) if weigh else 1
        with self._lock, contextlib.suppress(ValueError):  # heavier than the budget: not kept
            self._entries[key] = (value, weight)
        return value
