"""The charts (/charts): each drawn from its query's counts, one mark per non-zero count, as SVG
and PNG, with what it counts and the query behind it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from govsocial.endpoint.store.interface import QueryStore
from govsocial.site.views.charts import CHARTS, marks, series_counts


@pytest.mark.parametrize("chart", CHARTS, ids=lambda c: c.name)
def test_the_svg_has_one_mark_per_count(
    chart, client: FlaskClient, project_store: QueryStore
) -> None:
    data = series_counts(project_store, chart)
    svg = client.get(f"/charts/{chart.name}.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    text = svg.get_data(as_text=True)
    assert len(set(re.findall(r'id="(mark-\d+)"', text))) == marks(data)
    assert chart.title in text  # text stays text (svg.fonttype none)
    assert client.get(f"/charts/{chart.name}.svg").data == svg.data  # stable bytes
    png = client.get(f"/charts/{chart.name}.png?download=1")
    assert png.data.startswith(b"\x89PNG") and "attachment" in png.headers["Content-Disposition"]


def test_the_wave_of_leaving_x_is_counted_by_month_and_level(project_store: QueryStore) -> None:
    leaving = series_counts(project_store, CHARTS[0])
    # the seed: Chemnitz (January 2024), Dresden and its fire brigade (February 2024), all
    # local; the culture ministry's "seit Ende 2023" is a year, not a month: not drawn
    assert leaving == {"local": {"2024-01": 1, "2024-02": 2}}


def test_the_page_says_what_each_chart_counts_and_links_its_query(client: FlaskClient) -> None:
    page = client.get("/charts").get_data(as_text=True)
    for chart in CHARTS:
        assert f'src="/charts/{chart.name}.svg"' in page
        assert f"/charts/{chart.name}.png?download=1" in page
    links = re.findall(r'href="(/ui\?query=[^"]+)"', page)
    assert len(links) == len(CHARTS)
    queries = [parse_qs(urlsplit(link.replace("&amp;", "&")).query)["query"][0] for link in links]
    assert queries == [chart.query for chart in CHARTS]


def test_an_unknown_chart_or_format_is_a_404(client: FlaskClient) -> None:
    assert client.get("/charts/nothing.svg").status_code == 404
    assert client.get(f"/charts/{CHARTS[0].name}.gif").status_code == 404
