"""Facets and pages of the matrix and the timeline: the parts, then the pages over the seed data
and over the project's live data (hundreds of bodies, so several pages)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from urllib.parse import parse_qsl, urlencode

import pytest
from flask.testing import FlaskClient
from htmlcells import cells, entries
from werkzeug.datastructures import MultiDict

from govsocial.app import create_app
from govsocial.endpoint.store.interface import term_text
from govsocial.site.views import decisions as reading
from govsocial.site.views.catalogue import build_catalogue
from govsocial.site.views.facets import FacetIndex, FacetSpec
from govsocial.site.views.filters import Filters
from govsocial.site.views.matrix import counted_by
from govsocial.site.views.paging import Page, PageError, page_of

COLOUR, SHAPE = FacetSpec("colour", "Colour"), FacetSpec("shape", "Shape")
YEAR, MONTH = FacetSpec("year", "Year"), FacetSpec("month", "Month", within="year")
ITEM = FacetSpec("item", "Item", listed=False)


def toy() -> FacetIndex:
    # item 0: red square; 1: red and blue circle; 2: blue square; 3: green, no shape
    carried = [
        (0, "colour", "red"),
        (0, "shape", "square"),
        (1, "colour", "red"),
        (1, "colour", "blue"),
        (1, "shape", "circle"),
        (2, "colour", "blue"),
        (2, "shape", "square"),
        (3, "colour", "green"),
    ]
    carried += [(i, "item", f"i{i}") for i in range(4)]
    return FacetIndex(4, [COLOUR, SHAPE, ITEM], carried, {("colour", "red"): "Red"})


def counts(selection, name: str) -> dict[str, int]:
    return {v.code: v.count for f in selection.facets if f.spec.name == name for v in f.values}


def test_or_within_a_facet_and_across_facets() -> None:
    index = toy()
    assert list(index.select({}).items) == [0, 1, 2, 3]
    assert list(index.select({"colour": ["red"]}).items) == [0, 1]
    assert list(index.select({"colour": ["red", "green"]}).items) == [0, 1, 3]
    assert list(index.select({"colour": ["red"], "shape": ["square"]}).items) == [0]


def test_counts_say_what_a_click_would_show() -> None:
    chosen = toy().select({"colour": ["red"]})
    # shape counts within red; colour counts ignore the colour choice itself (OR would add)
    assert counts(chosen, "shape") == {"circle": 1, "square": 1}
    assert counts(chosen, "colour") == {"blue": 2, "green": 1, "red": 2}
    # a value that would keep nothing is not listed, unless chosen
    square = toy().select({"shape": ["square"]})
    assert counts(square, "colour") == {"blue": 1, "red": 1}
    # values are in label order, a label given or the code
    assert [v.label for v in chosen.facets[0].values] == ["blue", "green", "Red"]


def test_unknown_values_keep_nothing_and_are_reported() -> None:
    selection = toy().select({"colour": ["purple"]})
    assert list(selection.items) == []
    assert selection.unknown == [(COLOUR, "purple")]


def test_unlisted_facets_show_only_their_choice() -> None:
    assert counts(toy().select({}), "item") == {}
    assert counts(toy().select({"item": ["i2"]}), "item") == {"i2": 1}


def test_months_are_listed_under_their_chosen_year() -> None:
    carried = [
        (0, "year", "2024"),
        (0, "month", "2024-02"),
        (1, "year", "2025"),
        (1, "month", "2025-01"),
        (2, "year", "2025"),
        (2, "month", "2025-03"),
    ]
    index = FacetIndex(3, [YEAR, MONTH], carried, {})
    assert counts(index.select({}), "month") == {}
    assert counts(index.select({"year": ["2025"]}), "month") == {"2025-01": 1, "2025-03": 1}


def test_pages() -> None:
    assert Page(1, 0).count == 1 and Page(1, 0).stop == 0
    page = Page(3, 120, per_page=50)
    assert (page.count, page.start, page.stop) == (3, 100, 120)
    assert Page(6, 1000, per_page=50).links() == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert Page(1, 100, per_page=50).links() == [1, 2]
    assert page_of("", 10).number == 1 and page_of(" 2 ", 60).number == 2
    for raw, status in (("0", 400), ("x", 400), ("²", 400), ("-1", 400), ("3", 404)):
        with pytest.raises(PageError) as error:
            page_of(raw, 60)
        assert error.value.status == status


def test_filters_keep_their_values_and_drop_the_page() -> None:
    args = MultiDict(
        [
            ("country", "DE"),
            ("page", "3"),
            ("as_of", "2024-01-01"),
            ("level", ""),
            ("junk", "1"),
            ("country", "AT"),
        ]
    )
    filters = Filters.from_args("/matrix", args, ["country", "level"], ["as_of"])
    assert filters.choices() == {"country": ["DE", "AT"]}
    assert filters.url() == "/matrix?country=DE&country=AT&as_of=2024-01-01"
    assert filters.toggled("country", "DE") == "/matrix?country=AT&as_of=2024-01-01"
    assert filters.toggled("level", "state").endswith("&as_of=2024-01-01&level=state")
    assert filters.page(2).endswith("&page=2") and "page" not in filters.page(1)
    assert filters.cleared() == "/matrix?as_of=2024-01-01"
    assert filters.without("as_of") == "/matrix?country=DE&country=AT"


def test_the_day_in_python_keeps_what_the_shown_query_keeps(project_store) -> None:
    """The matrix filters the catalogue by day in Python; the query it links to does it in
    SPARQL. Both keep the same decisions."""
    catalogue = build_catalogue(project_store)
    labels = reading.load_labels(project_store)
    for day in (
        date(2020, 1, 1),
        date(2023, 6, 1),
        date(2024, 1, 31),
        date(2024, 2, 1),
        date(2024, 12, 29),
        date(2024, 12, 30),
        date(2030, 1, 1),
    ):
        in_sparql = {d.iri for d in reading.load_decisions(project_store, labels, day)}
        assert {d.iri for d in counted_by(catalogue.decisions, day)} == in_sparql, day


def facet_links(html: str, view: str) -> Iterator[tuple[str, str, str, int]]:
    """Yield (facet, code, href, count) of every facet value listed on a page."""
    for facet, block in re.findall(
        r'<section class="facet" data-facet="([^"]+)">(.*?)</section>', html, re.S
    ):
        for href, code, count in re.findall(
            r'<a rel="nofollow" href="([^"]+)" data-code="([^"]+)".*?<span class="count">'
            r"(\d+)</span>",
            block,
            re.S,
        ):
            assert href.startswith(f"/{view}")
            yield facet, code, unescape(href), int(count)


def total(html: str, what: str) -> int:
    return int(re.search(rf'<p class="count" role="status">(\d+) {what}', html).group(1))


@pytest.mark.parametrize(("view", "what"), [("matrix", "bod"), ("timeline", "decision")])
@pytest.mark.parametrize("start", ["", "?platform=x", "?year=2024&level=local"])
def test_each_count_is_what_its_link_shows(
    client: FlaskClient, view: str, what: str, start: str
) -> None:
    html = client.get(f"/{view}{start}").get_data(as_text=True)
    links = list(facet_links(html, view))
    assert {facet for facet, *_ in links} >= {
        "country",
        "state",
        "level",
        "kind",
        "platform",
        "action",
        "year",
    }
    chosen = parse_qsl(start.lstrip("?"))
    for facet, code, href, count in links:
        assert client.get(href).status_code == 200  # the link itself (choose or drop)
        # the count is what the list shows with this value alone chosen in its facet
        alone = [(name, value) for name, value in chosen if name != facet] + [(facet, code)]
        html = client.get(f"/{view}?{urlencode(alone)}").get_data(as_text=True)
        assert total(html, what) == count, (alone, count)


def test_a_platform_chooses_bodies_and_columns(client: FlaskClient, project_store) -> None:
    shown = cells(client.get("/matrix?platform=tiktok").get_data(as_text=True))
    assert {p for _, p in shown} == {"tiktok"}
    decided = {
        term_text(r["a"]).rsplit("/", 1)[-1]
        for r in project_store.select(
            "SELECT DISTINCT ?a { ?d a <https://w3id.org/govsocial/ontology#PlatformDecision> ; "
            "<https://w3id.org/govsocial/ontology#authority> ?a ; "
            "<https://w3id.org/govsocial/ontology#platform> "
            "<https://w3id.org/govsocial/vocab/platform/tiktok> }"
        )
    }
    assert {a for a, _ in shown} == decided


def test_filters_and_day_travel_together(client: FlaskClient) -> None:
    html = client.get("/matrix?platform=x&as_of=2023-06-01").get_data(as_text=True)
    # the day's form keeps the filters, and the filters keep the day
    assert '<input type="hidden" name="platform" value="x">' in html
    assert all("as_of=2023-06-01" in href for *_, href, _ in facet_links(html, "matrix"))
    assert 'href="/matrix?platform=x">latest</a>' in html


@pytest.fixture(scope="module")
def live() -> Iterator[FlaskClient]:
    """The app over the project's own data: 274 bodies and 506 decisions at the release."""
    app = create_app({"TESTING": True})
    try:
        yield app.test_client()
    finally:
        app.extensions["govsocial.endpoint.store"].close()


@pytest.mark.parametrize("view", ["matrix", "timeline"])
def test_pages_cover_the_list_once(live: FlaskClient, view: str) -> None:
    first = live.get(f"/{view}").get_data(as_text=True)
    pages = int(re.search(r"page 1 of (\d+)", first).group(1))
    assert pages > 2
    seen: list[str] = []
    for number in range(1, pages + 1):
        html = live.get(f"/{view}?page={number}").get_data(as_text=True)
        keys = (
            list(dict.fromkeys(a for a, _ in cells(html)))
            if view == "matrix"
            else [e.attrs["data-decision"] for e in entries(html)]
        )
        assert 0 < len(keys) <= 50
        seen += keys
    assert len(seen) == len(set(seen)) == total(first, "bod" if view == "matrix" else "decision")
    past = live.get(f"/{view}?page={pages + 1}")
    assert past.status_code == 404
    assert f"There is no page {pages + 1}" in past.get_data(as_text=True)
    assert live.get(f"/{view}?page=two").status_code == 400


def test_a_country_keeps_its_bodies(live: FlaskClient) -> None:
    from govsocial.endpoint.store.extension import get_store

    with live.application.app_context():
        swiss = {
            term_text(r["a"]).rsplit("/", 1)[-1]
            for r in get_store().select(
                'SELECT ?a { ?a <https://w3id.org/govsocial/ontology#countryCode> "CH" }'
            )
        }
    html = live.get("/matrix?country=CH").get_data(as_text=True)
    assert {a for a, _ in cells(html)} == swiss
    assert 'data-code="CH" class="chosen" aria-current="true">Switzerland</a>' in html


def test_the_wave_of_january_2025(live: FlaskClient) -> None:
    html = live.get("/timeline?platform=x&year=2025&month=2025-01").get_data(as_text=True)
    found = entries(html)
    assert len(found) > 30  # dozens of bodies left X that month
    assert all(e.times and e.times[0].startswith("2025-01") for e in found[:50])
    assert 'data-code="2025-01" class="chosen"' in html
