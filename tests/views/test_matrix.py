"""The platform matrix over the project's data: specific cells, the as-of day, the evidence."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote

import pytest
from flask.testing import FlaskClient
from htmlcells import cells

from govsocial.endpoint.store.interface import term_text
from govsocial.site.views.dates import PartialDate
from govsocial.site.views.decisions import Decision, Term
from govsocial.site.views.matrix import build_matrix, decide_cell
from govsocial.site.views.positions import Position

DRESDEN, CHEMNITZ, ZWICKAU = "landeshauptstadt-dresden", "stadt-chemnitz", "stadt-zwickau"
KULTUS = "saechsisches-staatsministerium-fuer-kultus"
STAATSKANZLEI = "saechsische-staatskanzlei"


@pytest.fixture(scope="module")
def today(app) -> dict:
    return cells(app.test_client().get("/matrix").get_data(as_text=True))


def test_dresden_stopped_x_in_february_2024(today: dict) -> None:
    cell = today[(DRESDEN, "x")]
    assert cell.attrs["data-position"] == "stopped"
    assert "status-stopped" in cell.attrs["class"]
    assert cell.content.startswith("stopped February 2024")
    assert cell.times[0] == "2024-02"
    # linked to its evidence: the decision's own page, and the corroborating TAG24 report
    assert cell.links[0] == "/id/decision/dresden-x-stop-posting-2024-02"
    assert "/id/decision/dresden-x-stop-posting-2024-02-tag24" in cell.links


def test_chemnitz_restricted_x_to_crises(today: dict) -> None:
    """Stopping and restricting are reported for the same month: the restriction is shown."""
    cell = today[(CHEMNITZ, "x")]
    assert cell.attrs["data-position"] == "restricted"
    assert cell.content.startswith("restricted to crises January 2024 (inferred)")
    assert cell.links[0].startswith("/id/decision/chemnitz-x-crisis-only-2024-01")
    # the stop-posting and keep-account reports are one click away, in the timeline
    assert "/timeline?authority=stadt-chemnitz&platform=x" in cell.links


@pytest.mark.parametrize(
    ("authority", "platform", "position"),
    [
        (ZWICKAU, "tiktok", "not-planned"),
        (ZWICKAU, "x", "active"),  # no plans to leave
        (STAATSKANZLEI, "x", "active"),  # no plans to leave
        (KULTUS, "x", "active"),  # reviews leaving, keeps X for crises
        # issue 13: the 2023 influencer cooperation is reported as past (modality past, not in
        # effect today); what holds today is the planned expansion
        (KULTUS, "tiktok", "considered"),
        (DRESDEN, "tiktok", "campaign"),  # no own channel planned, campaigns only
        (CHEMNITZ, "tiktok", "considered"),
        (CHEMNITZ, "mastodon", "active"),
        ("saechsisches-wissenschaftsministerium", "x", "stopped"),  # paused
        (ZWICKAU, "youtube", "unknown"),
    ],
)
def test_positions(today: dict, authority: str, platform: str, position: str) -> None:
    assert today[(authority, platform)].attrs["data-position"] == position


def test_undated_decisions_count_from_their_source(today: dict) -> None:
    cell = today[(ZWICKAU, "tiktok")]
    assert "reported 30 December 2024" in cell.content
    assert cell.times == ["2024-12-30"]


def test_as_of_before_dresden_stopped(client: FlaskClient) -> None:
    page = client.get("/matrix?as_of=2023-06-01")
    assert page.status_code == 200
    earlier = cells(page.get_data(as_text=True))
    assert earlier[(DRESDEN, "x")].attrs["data-position"] == "unknown"
    assert "stopped" not in earlier[(DRESDEN, "x")].content
    # what was known by then still shows: the culture ministry left X in 2023
    culture = earlier[("saechsisches-ministerium-fuer-kultur-und-tourismus", "x")]
    assert (culture.attrs["data-position"], culture.times) == ("stopped", ["2023"])
    assert 'value="2023-06-01"' in page.get_data(as_text=True)


def test_month_precision_counts_from_the_first_day(client: FlaskClient) -> None:
    before = cells(client.get("/matrix?as_of=2024-01-31").get_data(as_text=True))
    on = cells(client.get("/matrix?as_of=2024-02-01").get_data(as_text=True))
    assert before[(DRESDEN, "x")].attrs["data-position"] == "unknown"
    assert on[(DRESDEN, "x")].attrs["data-position"] == "stopped"
    # undated, reported 2024-12-30: not yet known the day before
    assert (
        cells(client.get("/matrix?as_of=2024-12-29").get_data(as_text=True))[
            (ZWICKAU, "tiktok")
        ].attrs["data-position"]
        == "unknown"
    )


def test_rows_and_columns_keep_their_shape(client: FlaskClient, today: dict) -> None:
    earlier = cells(client.get("/matrix?as_of=2020-01-01").get_data(as_text=True))
    assert list(earlier) == list(today)  # same rows and columns, in the same order
    assert {p for _, p in today} >= {"x", "tiktok", "whatsapp", "linkedin", "threads"}
    assert all(c.attrs["data-position"] == "unknown" for c in earlier.values())


def test_bad_as_of_is_a_400_with_the_matrix(client: FlaskClient) -> None:
    page = client.get("/matrix?as_of=1.6.2023")
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "is not a day in the form YYYY-MM-DD" in text
    assert cells(text)[(DRESDEN, "x")].attrs["data-position"] == "stopped"


def test_legend_names_every_position_in_text(client: FlaskClient) -> None:
    text = client.get("/matrix").get_data(as_text=True)
    for position in Position:
        assert f'status-swatch status-{position.key}"' in text
        assert position.label in text


def test_computed_once_per_data_version(app, project_store) -> None:
    client = app.test_client()
    client.get("/matrix?as_of=2022-02-02")
    before = project_store.queries
    client.get("/matrix?as_of=2022-02-02")
    assert project_store.queries == before


def term(slug: str) -> Term:
    return Term(f"https://w3id.org/govsocial/id/x/{slug}", slug, slug)


def decision(slug: str, action: str, modality: str, when: str | None) -> Decision:
    return Decision(
        iri=slug,
        label=slug,
        authority=term("a"),
        platforms=[term("p")],
        action=term(action),
        modality=term(modality),
        date=PartialDate.parse(when or "") or None,
        date_inferred=False,
        inference_note=None,
        reported=None,
    )


def test_use_beats_intention_and_later_beats_earlier() -> None:
    campaign = decision("c", "campaign-use", "in-effect", "2023")
    plan = decision("p", "expand", "planned", "2024-12-30")
    assert decide_cell(term("a"), term("p"), [campaign, plan]).position is Position.CAMPAIGN
    stop = decision("s", "stop-posting", "in-effect", "2025-01")
    cell = decide_cell(term("a"), term("p"), [campaign, plan, stop])
    assert (cell.position, cell.decision) == (Position.STOPPED, stop)
    assert cell.others == [campaign, plan]
    monitor = decision("m", "monitor", "in-effect", "2025-02")
    assert decide_cell(term("a"), term("p"), [monitor]).position is Position.UNKNOWN


def test_build_matrix_directly(project_store) -> None:
    matrix = build_matrix(project_store, date(2024, 1, 15))
    by_slug = {
        (k[0].rsplit("/", 1)[-1], k[1].rsplit("/", 1)[-1]): c for k, c in matrix.cells.items()
    }
    assert by_slug[(CHEMNITZ, "x")].position is Position.RESTRICTED
    assert by_slug[(DRESDEN, "x")].position is Position.UNKNOWN
    assert matrix.platforms[0].slug == "x"  # the most discussed platform comes first
    names = [a.label_de for a in matrix.authorities]
    assert names.index("Sächsische Staatskanzlei") < names.index("Stadt Chemnitz")


def test_decisions_without_any_date_still_decide_todays_cell() -> None:
    undated = decision("u", "adopt", "in-effect", None)
    assert undated.counted_from is None
    cell = decide_cell(term("a"), term("p"), [undated])
    assert (cell.position, cell.decision) == (Position.ACTIVE, undated)
    dated = decision("d", "stop-posting", "in-effect", "2020")
    assert decide_cell(term("a"), term("p"), [undated, dated]).position is Position.STOPPED


def test_units_name_their_parent(client: FlaskClient) -> None:
    text = client.get("/matrix").get_data(as_text=True)
    assert (
        'Feuerwehr Dresden</a><span class="unit">unit of <a href="/id/authority/'
        'landeshauptstadt-dresden"'
    ) in text


def test_the_query_behind_the_page_runs_and_gives_the_same_decisions(
    client: FlaskClient, project_store
) -> None:
    text = client.get("/matrix?as_of=2024-01-31").get_data(as_text=True)
    href = re.search(r'class="query-link" href="/ui\?query=([^"]+)"', text).group(1)
    query = unquote(href.replace("&amp;", "&"))
    assert 'VALUES ?asOf { "2024-01-31"^^xsd:date }' in query
    decisions = {term_text(r["decision"]).rsplit("/", 1)[-1] for r in project_store.select(query)}
    assert "chemnitz-x-crisis-only-2024-01" in decisions
    assert not any(d.startswith("dresden-x-stop-posting") for d in decisions)


def test_every_body_has_a_row_also_without_a_decision(project_store) -> None:
    """The landing page counts the Gesundheitsamt Dresden (a unit with a campaign, no platform
    decision): the matrix shows it too, every cell unknown."""
    matrix = build_matrix(project_store)
    [[bodies]] = [
        [
            int(term_text(r["n"]))
            for r in project_store.select(
                "SELECT (COUNT(?a) AS ?n) { ?a a <https://w3id.org/govsocial/ontology#Authority> }"
            )
        ]
    ]
    assert len(matrix.authorities) == bodies
    [office] = [a for a in matrix.authorities if a.slug == "gesundheitsamt-dresden"]
    assert {matrix.cell(office, p).position for p in matrix.platforms} == {Position.UNKNOWN}
