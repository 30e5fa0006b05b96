"""The views' cache keeps what fits a budget of weight, not a count of entries, and only what
depends on the data version: what a request's day and filters show is never kept (with matrices
kept per day, one client could make a server at 10^6 triples keep 256 of 20 MiB each)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from htmlcells import cells as matrix_cells

from govsocial.site.version_cache import EXTENSION_KEY, UNWEIGHED, VersionCache


class Counter:
    """compute() stand-ins that count their calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, name: str, weight: int) -> Callable[[], tuple[str, int]]:
        def compute() -> tuple[str, int]:
            self.calls.append(name)
            return name, weight

        return compute


def by_weight(value: tuple[str, int]) -> int:
    return value[1]


def test_the_least_recently_used_go_when_the_weight_is_over_budget() -> None:
    cache, computed = VersionCache(max_bytes=10), Counter()
    cache.get("v1", "a", computed("a", 4), by_weight)
    cache.get("v1", "b", computed("b", 4), by_weight)
    cache.get("v1", "a", computed("a", 4), by_weight)  # a is now the most recent
    cache.get("v1", "c", computed("c", 4), by_weight)  # 12 > 10: b goes
    assert cache.weight == 8
    cache.get("v1", "a", computed("a", 4), by_weight)
    cache.get("v1", "b", computed("b", 4), by_weight)
    assert computed.calls == ["a", "b", "c", "b"]


def test_a_value_over_the_whole_budget_is_answered_but_not_kept() -> None:
    cache, computed = VersionCache(max_bytes=10), Counter()
    assert cache.get("v1", "big", computed("big", 11), by_weight) == ("big", 11)
    assert cache.get("v1", "big", computed("big", 11), by_weight) == ("big", 11)
    assert computed.calls == ["big", "big"] and cache.weight == 0


def test_each_data_version_has_its_own_entries() -> None:
    cache, computed = VersionCache(max_bytes=10), Counter()
    cache.get("v1", "a", computed("a1", 1), by_weight)
    assert cache.get("v2", "a", computed("a2", 1), by_weight) == ("a2", 1)
    assert cache.get("v1", "a", computed("a1", 1), by_weight) == ("a1", 1)
    assert computed.calls == ["a1", "a2"]


def test_a_value_of_untold_size_counts_as_its_default() -> None:
    cache, computed = VersionCache(max_bytes=UNWEIGHED + 1), Counter()
    cache.get("v1", "a", computed("a", 0))
    assert cache.weight == UNWEIGHED
    cache.get("v1", "b", computed("b", 0))  # a goes: two of them are over the budget
    cache.get("v1", "a", computed("a", 0))
    assert computed.calls == ["a", "b", "a"]


def test_days_and_filters_asked_for_keep_nothing_more(app: Flask, project_store) -> None:
    """Only the catalogue (bodies and decisions) is kept per data version; the days and filters
    of a request are the client's to choose, so what they show is computed for the page and
    kept nowhere: the cache does not grow, and no query runs again."""
    client = app.test_client()
    saved = app.extensions.get(EXTENSION_KEY)
    try:
        app.extensions[EXTENSION_KEY] = cache = VersionCache()
        client.get("/matrix")
        kept = cache.weight
        bodies = len({a for a, _ in matrix_cells(client.get("/matrix").get_data(as_text=True))})
        assert kept > bodies  # the bodies and the decisions
        queries = project_store.queries
        for day in range(1, 11):
            assert client.get(f"/matrix?as_of=2024-01-{day:02d}&platform=x").status_code == 200
            assert client.get(f"/timeline?year=2024&page=1&month=2024-{day:02d}").status_code in (
                200,
                404,
            )
        assert (cache.weight, project_store.queries) == (kept, queries)
        app.extensions[EXTENSION_KEY] = cache = VersionCache(max_bytes=1)
        assert client.get("/matrix?as_of=2020-01-01").status_code == 200
        assert cache.weight == 0  # a catalogue over the budget is answered, not kept
    finally:
        if saved is None:
            app.extensions.pop(EXTENSION_KEY, None)
        else:
            app.extensions[EXTENSION_KEY] = saved
