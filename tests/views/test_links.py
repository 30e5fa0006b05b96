"""A link checker: crawl the site from / as a visitor would (every page, every link and every
source an HTML page names on this server) and fail on any that does not resolve, and on any link
to the project's own IRIs (https://w3id.org/govsocial/...) instead of this server's page for it.
Runs on the seed data in-process; outside links are collected, not fetched (no network here).
A page reached with a query string (a view's filters, a page number) is checked but its links are
not followed: the facets link every combination of their values, which no crawl can finish, and
the same links without the query are followed from the page itself."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from flask.testing import FlaskClient

BASE = "https://w3id.org/govsocial/"
LOCAL = "localhost"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            return  # a form's action is checked by the page's own tests (it needs input)
        self.links += [value for name, value in attrs if name in ("href", "src") and value]


def crawl(client: FlaskClient) -> tuple[int, dict[str, int], dict[str, str]]:
    """Pages fetched, the local links that failed (with status) and links to our own IRIs."""
    seen, todo = {"/"}, deque(["/"])
    failed: dict[str, int] = {}
    to_our_iris: dict[str, str] = {}
    fetched = 0
    while todo:
        path = todo.popleft()
        with client.get(path, headers={"Accept": "text/html"}) as response:  # files: closed
            fetched += 1
            status, html = response.status_code, response.mimetype == "text/html"
            text = response.get_data(as_text=True) if html and status < 400 else ""
        if status >= 400:
            failed[path] = status
            continue
        if "?" in path:
            continue
        parser = _Links()
        parser.feed(text)
        for link in parser.links:
            if link.startswith(BASE):
                to_our_iris[link] = path
                continue
            url = urlsplit(urljoin(f"http://{LOCAL}{path}", link))
            if url.scheme not in ("http", "https") or url.netloc != LOCAL:
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return fetched, failed, to_our_iris


def test_every_link_from_the_front_page_resolves(client: FlaskClient) -> None:
    fetched, failed, to_our_iris = crawl(client)
    assert fetched > 500  # the pages, the entities, the vocabularies, the dumps
    assert failed == {}
    assert to_our_iris == {}, "links to w3id.org instead of this server's pages"
