"""The competency questions of the wider graph (issue 14), over the live data: each query's exact
answer is its committed table (tests/queries/answers/NN.tsv, rewritten on purpose with
`tests/queries/answers.py --write`), and each answer is checked for what makes it right, so that a
rewritten table that went wrong still fails here. (rdflib's agreement with pyoxigraph is
checked on the seed, test_competency.py: over the live data rdflib takes minutes per query.)"""

from __future__ import annotations

from collections import Counter

import pyoxigraph
import pytest

from .answers import LIVE, answer, committed


def _table(store: pyoxigraph.Store, number: str) -> list[dict[str, str]]:
    header, *rows = answer(store, number)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("number", LIVE)
def test_the_answer_is_the_committed_one(number: str, live_store: pyoxigraph.Store) -> None:
    assert answer(live_store, number) == committed(number), (
        f"query {number}'s answer changed: review it, then tests/queries/answers.py --write"
    )


def test_22_left_x_in_january_and_february_2025(live_store: pyoxigraph.Store) -> None:
    rows = _table(live_store, "22")
    assert rows and all(r["firstDate"][:7] in ("2025-01", "2025-02") for r in rows)
    assert all(r["levelLabel"] for r in rows)  # every body has its level
    by_name = {r["authorityLabel"]: r for r in rows}
    assert by_name["Universität Potsdam"]["firstDate"] == "2025-01-10"
    assert by_name["Universität Potsdam"]["state"] == "DE-BB"
    # the #WissXit signatories without a source of their own are counted from the declaration
    assert by_name["FernUniversität in Hagen"]["dateInferred"] == "0"
    levels = Counter(r["levelLabel"] for r in rows)
    assert levels.most_common(1)[0][0] == "state"  # the universities' wave
    assert {r["authority"] for r in rows}.isdisjoint({"stadt-chemnitz", "landeshauptstadt-dresden"})


def test_23_stayed_on_x_and_why(live_store: pyoxigraph.Store) -> None:
    rows = _table(live_store, "23")
    kultus = {
        (r["positionLabel"], r["modalityLabel"]): r["reasons"]
        for r in rows
        if r["authorityLabel"] == "Sächsisches Staatsministerium für Kultus"
    }
    assert kultus[("withdraw", "regularly reviewed")] == "crisis network, real-time communication"
    assert ("withdraw", "not planned") in {
        (r["positionLabel"], r["modalityLabel"])
        for r in rows
        if r["authorityLabel"] == "Stadt Zwickau"
    }
    assert {r["positionLabel"] for r in rows} == {"continue using", "withdraw"}


def test_24_replacement_platforms(live_store: pyoxigraph.Store) -> None:
    rows = _table(live_store, "24")
    assert (rows[0]["replacedLabel"], rows[0]["replacementLabel"]) == ("X", "Bluesky")
    counts = [int(r["bodies"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert all(int(r["bodies"]) == len(r["bodyNames"].split("; ")) for r in rows)
    assert "Stadt Chemnitz" in next(
        r["bodyNames"] for r in rows if r["replacementLabel"] == "Threads"
    )


def test_25_police_whatsapp_by_month(live_store: pyoxigraph.Store) -> None:
    rows = _table(live_store, "25")
    months = [r["month"] for r in rows]
    assert months == sorted(months) and months[-1] == "undated"
    by_month = {r["month"]: r["bodyNames"].split("; ") for r in rows}
    assert "Polizei Baden-Württemberg" in by_month["2024-10"]
    assert "Landeskriminalamt Nordrhein-Westfalen" in by_month["2025-01"]
    names = [n for r in rows for n in r["bodyNames"].split("; ")]
    assert len(names) == len(set(names))  # each force in its first month only


def test_26_recruiting_on_tiktok(live_store: pyoxigraph.Store) -> None:
    rows = _table(live_store, "26")
    assert {r["authorityLabel"] for r in rows} >= {
        "Bundeswehr",
        "Polizei Berlin",
        "Stadt Ulm",
        "Stadt Chemnitz",
    }
    assert all(r["purposes"].startswith("recruiting") for r in rows)
    inferred = {r["decision"] for r in rows if r["purposeInferred"] == "1"}
    assert "saechsisches-staatsministerium-fuer-kultus-tiktok-campaign-use-fec274" in inferred


def test_27_reasons_for_leaving_x_by_level(live_store: pyoxigraph.Store) -> None:
    rows = _table(live_store, "27")
    for level in ("local", "state"):
        first = next(r for r in rows if r["levelLabel"] == level)
        assert first["reasonLabel"] == "platform governance and ownership"
    assert all(int(r["bodies"]) <= int(r["decisions"]) for r in rows)


def test_28_joint_declarations_and_signatories(live_store: pyoxigraph.Store) -> None:
    rows = _table(live_store, "28")
    assert {r["declaration"] for r in rows} == {"wissxit"}
    assert len({r["signatory"] for r in rows}) == 13
    assert all(r["decision"] for r in rows)  # every signatory has its share
    rests = Counter(r["restsOn"] for r in rows)
    assert rests == {"the body's own source": 8, "the declaration": 5}


def test_29_where_sources_disagree(live_store: pyoxigraph.Store) -> None:
    rows = _table(live_store, "29")
    pairs = Counter(r["group"] for r in rows)
    assert set(pairs.values()) == {2}
    chemnitz = {r["url"].split("/")[2] for r in rows if r["authorityLabel"] == "Stadt Chemnitz"}
    assert chemnitz == {"www.freiepresse.de", "www.tag24.de"}
