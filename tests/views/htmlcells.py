"""Read the matrix cells and timeline entries out of a rendered page (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)  # datetime attributes of <time>

    @property
    def content(self) -> str:
        return " ".join(" ".join(self.text).split())


class Collector(HTMLParser):
    """Collect every element with a given attribute (e.g. `data-position`), with its text."""

    def __init__(self, marker: str, tag: str) -> None:
        super().__init__()
        self.marker, self.tag = marker, tag
        self.found: list[Element] = []
        self._open: Element | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if self._open is None:
            if tag == self.tag and self.marker in values:
                self._open, self._depth = Element(values), 1
            return
        if tag == self.tag:
            self._depth += 1
        if tag == "a" and "href" in values:
            self._open.links.append(values["href"])
        if tag == "time" and "datetime" in values:
            self._open.times.append(values["datetime"])

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == self.tag:
            self._depth -= 1
            if self._depth == 0:
                self.found.append(self._open)
                self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.text.append(data)


def cells(html: str) -> dict[tuple[str, str], Element]:
    """Return the matrix cells by (authority slug, platform slug)."""
    collector = Collector("data-position", "td")
    collector.feed(html)
    return {(e.attrs["data-authority"], e.attrs["data-platform"]): e for e in collector.found}


def entries(html: str) -> list[Element]:
    """Return the timeline entries in page order."""
    collector = Collector("data-decision", "li")
    collector.feed(html)
    return collector.found
