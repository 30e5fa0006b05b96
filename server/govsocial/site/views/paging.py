"""Pages of a long list: which slice a page shows, and which page numbers to link."""

from __future__ import annotations

import re
from dataclasses import dataclass

PER_PAGE = 50


class PageError(ValueError):
    """A page number that is not a number (status 400), or past the last page (404)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    total_items: int
    per_page: int = PER_PAGE

    @property
    def count(self) -> int:
        """How many pages the list has (one, also when it is empty)."""
        return max(1, -(-self.total_items // self.per_page))

    @property
    def start(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def stop(self) -> int:
        return min(self.start + self.per_page, self.total_items)

    def links(self, around: int = 2) -> list[int | None]:
        """Return the page numbers to link: first, last and those near this one; None marks a
        gap."""
        wanted = {1, self.count, *range(self.number - around, self.number + around + 1)}
        numbers = sorted(n for n in wanted if 1 <= n <= self.count)
        shown: list[int | None] = []
        for number in numbers:
            if shown and number - shown[-1] > 1:
                shown.append(None)
            shown.append(number)
        return shown


def page_of(raw: str | None, total_items: int, per_page: int = PER_PAGE) -> Page:
    """Return the page asked for by `?page=` (empty: the first); PageError says what is wrong."""
    text = (raw or "").strip()
    if not text:
        return Page(1, total_items, per_page)
    if not re.fullmatch(r"[0-9]{1,9}", text) or int(text) < 1:
        raise PageError(f"“{text}” is not a page number (1, 2, ...); showing the first page.", 400)
    page = Page(int(text), total_items, per_page)
    if page.number > page.count:
        raise PageError(
            f"There is no page {page.number}: these filters give {page.count} "
            f"page{'' if page.count == 1 else 's'}; showing the first.",
            404,
        )
    return page
