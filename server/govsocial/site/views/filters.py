"""A view's state in its URL: the facet values chosen, the page, and other settings (the day of
the matrix), so that a view can be shared and cited, and every link on it says where it leads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict


@dataclass(frozen=True)
class Filters:
    path: str  # the view's own path (with the script root)
    facets: tuple[str, ...]  # parameters that choose facet values (repeatable)
    pairs: tuple[tuple[str, str], ...]  # the URL's parameters but the page, in their order

    @classmethod
    def from_args(
        cls, path: str, args: MultiDict, facets: Iterable[str], settings: Iterable[str] = ()
    ) -> Filters:
        """Keep the facet choices and settings of `args` (empty values and others dropped)."""
        names = (*facets, *settings)
        pairs = tuple(
            dict.fromkeys(
                (name, value.strip())
                for name, value in args.items(multi=True)
                if name in names and value.strip()
            )
        )
        return cls(path, tuple(facets), pairs)

    def choices(self) -> dict[str, list[str]]:
        """Return the chosen codes by facet."""
        chosen: dict[str, list[str]] = {}
        for name, value in self.pairs:
            if name in self.facets:
                chosen.setdefault(name, []).append(value)
        return chosen

    @property
    def filtering(self) -> bool:
        return any(name in self.facets for name, _ in self.pairs)

    def url(self, pairs: Iterable[tuple[str, str]] | None = None, page: int = 1) -> str:
        """Return the view's URL with `pairs` (default: these) on `page`."""
        kept = list(self.pairs if pairs is None else pairs)
        if page > 1:
            kept.append(("page", str(page)))
        return self.path + ("?" + urlencode(kept) if kept else "")

    def toggled(self, name: str, code: str) -> str:
        """Return the URL with `code` of facet `name` chosen if it is not, and dropped if it is
        (back to the first page: the old page number means nothing in the new list)."""
        pair = (name, code)
        if pair in self.pairs:
            return self.url(p for p in self.pairs if p != pair)
        return self.url((*self.pairs, pair))

    def page(self, number: int) -> str:
        return self.url(page=number)

    def without(self, name: str) -> str:
        """Return the URL without parameter `name` (the matrix's day: back to the latest)."""
        return self.url(p for p in self.pairs if p[0] != name)

    def cleared(self) -> str:
        """Return the URL without any facet choice (settings such as the day kept)."""
        return self.url(p for p in self.pairs if p[0] not in self.facets)
