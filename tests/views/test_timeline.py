"""The timeline of decisions: order, filters, links to evidence."""

from __future__ import annotations

from flask.testing import FlaskClient
from htmlcells import entries

from govsocial.endpoint.store.interface import term_text

DECISION = "https://w3id.org/govsocial/id/decision/"


def test_every_decision_in_date_order(client: FlaskClient, project_store) -> None:
    page = client.get("/timeline")
    assert page.status_code == 200
    found = entries(page.get_data(as_text=True))
    total = project_store.select(
        "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE "
        "{ ?d a <https://w3id.org/govsocial/ontology#PlatformDecision> }"
    )[0]["n"]
    assert len(found) == int(term_text(total))
    days = [e.times[0] for e in found]
    padded = [d + "-01-01"[len(d) - 4 :] if len(d) < 10 else d for d in days]
    assert padded == sorted(padded)
    assert days[0] == "2023"  # the culture ministry left X in 2023 (MDR, 2025)


def test_filter_by_authority_and_platform(client: FlaskClient) -> None:
    page = client.get("/timeline?authority=stadt-chemnitz&platform=x")
    text = page.get_data(as_text=True)
    found = entries(text)
    assert {e.attrs["data-decision"] for e in found} == {
        DECISION + "chemnitz-x-crisis-only-2024-01",
        DECISION + "chemnitz-x-crisis-only-2024-01-press-reports",
        DECISION + "chemnitz-x-keep-account",
        DECISION + "chemnitz-x-stop-posting-2024-01",
    }
    assert "4 decisions." in text
    # the facets show the current choices, each a link that drops it; each entry links to its
    # evidence page
    assert (
        '<a rel="nofollow" href="/timeline?platform=x" data-code="stadt-chemnitz" '
        'class="chosen" aria-current="true" lang="de">Stadt Chemnitz</a>'
    ) in text
    assert (
        'href="/timeline?authority=stadt-chemnitz" data-code="x" class="chosen" '
        'aria-current="true">X</a>'
    ) in text
    assert all(
        f"/id/decision/{e.attrs['data-decision'].rsplit('/', 1)[-1]}" in e.links for e in found
    )


def test_filter_by_platform_only(client: FlaskClient) -> None:
    found = entries(client.get("/timeline?platform=tiktok").get_data(as_text=True))
    assert found
    assert all("TikTok" in e.content for e in found)
    authorities = {e.links[0] for e in found}
    assert "/id/authority/stadt-zwickau" in authorities
    assert "/id/authority/stadt-chemnitz" in authorities


def test_entries_say_what_and_why(client: FlaskClient) -> None:
    found = entries(
        client.get("/timeline?authority=stadt-chemnitz&platform=x").get_data(as_text=True)
    )
    nowak = next(e for e in found if e.attrs["data-decision"].endswith("crisis-only-2024-01"))
    assert "restrict to crisis use, in effect" in nowak.content
    assert "restricted to crises" in nowak.content  # the position badge, in words
    assert "Reasons:" in nowak.content
    assert "/vocab/reason/bots" in nowak.links
    keep = next(e for e in found if "keep-account" in e.attrs["data-decision"])
    assert "reported January 2024" in keep.content


def test_unknown_filter_values_are_said_and_keep_nothing(client: FlaskClient) -> None:
    """A shared URL about a body or platform with no decision (yet) shows none, and says why,
    rather than every decision under a filter it seems to have."""
    page = client.get("/timeline?authority=atlantis")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "No body “atlantis” is known here, so nothing matches it." in text
    assert entries(text) == []
    assert "0 decisions." in text
