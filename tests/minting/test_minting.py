"""The minting rule of docs/MODEL.md, "Minting IRIs" (govsocial.graph.minting)."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsocial.graph import minting
from govsocial.graph.minting import ID_BASE, slug

SOURCE = ID_BASE + "source/tag24-2024-01-stadt-chemnitz-verlaesst-plattform-x-das"


# -- slug ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stadt Chemnitz", "stadt-chemnitz"),
        ("Sächsisches Staatsministerium für Kultus", "saechsisches-staatsministerium-fuer-kultus"),
        ("ÄÖÜ äöü", "aeoeue-aeoeue"),
        ("Straße", "strasse"),
        ("GROẞE STRAẞE", "grosse-strasse"),
        ("Crème brûlée à la Besançon", "creme-brulee-a-la-besancon"),
        ("Zürich", "zuerich"),  # an umlaut, not an accent
        ("Citroën", "citroen"),  # ë is an accented e: the umlaut rule is for ä, ö, ü
        ("Ålesund Øresund Łódź", "alesund-oresund-lodz"),
        ("  --Polizeidirektion   Leipzig!!  ", "polizeidirektion-leipzig"),
        ("TAG24", "tag24"),
        ("Regierungs-Sprecher/in", "regierungs-sprecher-in"),
        ("„Wir verlassen X“ – sagt die Stadt.", "wir-verlassen-x-sagt-die-stadt"),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_a_decomposed_umlaut_is_an_umlaut() -> None:
    assert slug("Mu\u0308ller") == slug("Müller") == "mueller"


@pytest.mark.parametrize("text", ["", "   ", "—", "東京", "!!!"])
def test_no_slug_without_a_latin_letter_or_digit(text: str) -> None:
    with pytest.raises(ValueError, match="no letter or digit"):
        slug(text)


def test_a_long_slug_is_cut_at_a_hyphen_to_at_most_60() -> None:
    text = "Landesamt für Umwelt Landwirtschaft und Geologie des Freistaates Sachsen Dresden"
    full = "landesamt-fuer-umwelt-landwirtschaft-und-geologie-des-freistaates-sachsen-dresden"
    assert len(full) > 60
    cut = slug(text)
    assert cut == "landesamt-fuer-umwelt-landwirtschaft-und-geologie-des"
    assert len(cut) <= 60 and full.startswith(cut + "-")


def test_a_hyphen_at_position_61_cuts_at_exactly_60() -> None:
    text = "a" * 60 + " b"
    assert slug(text) == "a" * 60


def test_a_first_word_longer_than_60_is_cut_at_60() -> None:
    assert slug("x" * 70 + " y") == "x" * 60


@given(st.text(min_size=1, max_size=200))
def test_slugs_are_deterministic_short_and_lower_case_ascii(text: str) -> None:
    try:
        value = slug(text)
    except ValueError:
        return
    assert value == slug(text)
    assert 0 < len(value) <= 60
    assert minting._OTHER.sub("", value.replace("-", "")) == value.replace("-", "")
    assert not value.startswith("-") and not value.endswith("-") and "--" not in value


# -- types -----------------------------------------------------------------------------------------


def test_authority_with_jurisdiction_and_key() -> None:
    assert minting.authority("Stadt Chemnitz") == ID_BASE + "authority/stadt-chemnitz"
    code = minting.jurisdiction("DE", "BY")
    assert code == "de-by" == minting.jurisdiction("de", "DE-BY")
    assert minting.jurisdiction("DE") == "de" and minting.jurisdiction("EU", "") == "eu"
    assert minting.authority("Stadt Neustadt", code, "09572141") == (
        ID_BASE + "authority/stadt-neustadt-de-by-09572141"
    )
    with pytest.raises(ValueError):
        minting.authority("Stadt Neustadt", None, "09572141")


def test_person_post_organisation_channel_campaign() -> None:
    assert minting.person("Matthias Nowak") == ID_BASE + "person/matthias-nowak"
    assert minting.person("Matthias Nowak", ID_BASE + "authority/stadt-chemnitz") == (
        ID_BASE + "person/matthias-nowak-stadt-chemnitz"
    )
    assert minting.post("stadt-chemnitz", "Sprecher") == ID_BASE + "post/stadt-chemnitz-sprecher"
    assert minting.post("saechsische-staatskanzlei", "Regierungssprecher") == (
        ID_BASE + "post/saechsische-staatskanzlei-regierungssprecher"
    )
    assert minting.organisation("Freie Presse") == ID_BASE + "organisation/freie-presse"
    assert minting.channel("stadt-chemnitz", "x") == ID_BASE + "channel/stadt-chemnitz-x"
    assert (
        minting.channel(
            "stadt-chemnitz", "https://w3id.org/govsocial/vocab/platform/x", "@StadtChemnitz"
        )
        == ID_BASE + "channel/stadt-chemnitz-x-stadtchemnitz"
    )
    assert minting.campaign("gesundheitsamt-dresden", "Dresden zeigt Schleife") == (
        ID_BASE + "campaign/gesundheitsamt-dresden-dresden-zeigt-schleife"
    )


def test_source_takes_publisher_date_and_the_first_six_words() -> None:
    title = "Stadt Chemnitz verlässt Plattform X: Das ist der Grund"
    assert minting.source("tag24", title, "2024-01") == SOURCE
    assert minting.source("tag24", title) == (
        ID_BASE + "source/tag24-stadt-chemnitz-verlaesst-plattform-x-das"
    )
    assert minting.source(
        "mdr", "Dresden zeigt Schleife – Welt-Aids-Tag 2023 in der Stadt", "2023-12-01"
    ) == (ID_BASE + "source/mdr-2023-12-01-dresden-zeigt-schleife-welt-aids-tag-2023-in")
    with pytest.raises(ValueError):
        minting.source("tag24", title, "01.2024")


def test_statement_hashes_the_text_as_entered() -> None:
    text = "Die Gründe hierfür liegen in den schwierigen Entwicklungen"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    assert minting.statement(SOURCE, text) == (
        ID_BASE + f"statement/tag24-2024-01-stadt-chemnitz-verlaesst-plattform-x-das-{digest}"
    )
    assert minting.statement(SOURCE, text) == minting.statement(SOURCE.rsplit("/", 1)[1], text)
    assert minting.statement(SOURCE, text) != minting.statement(SOURCE, text + ".")


def test_decision_sorts_platforms_drops_in_effect_and_hashes_the_source_iri() -> None:
    digest = hashlib.sha256(SOURCE.encode("utf-8")).hexdigest()[:6]
    assert minting.decision(
        "stadt-chemnitz",
        ["threads", "mastodon", "bluesky", "threads"],
        "adopt",
        "in-effect",
        SOURCE,
    ) == (ID_BASE + f"decision/stadt-chemnitz-bluesky-mastodon-threads-adopt-{digest}")
    assert minting.decision(
        "saechsisches-staatsministerium-fuer-kultus",
        ["x"],
        "withdraw",
        "regularly-reviewed",
        SOURCE,
    ) == (
        ID_BASE + "decision/saechsisches-staatsministerium-fuer-kultus-x-withdraw-"
        f"regularly-reviewed-{digest}"
    )
    other = SOURCE.replace("2024-01", "2024-02")
    assert minting.decision("stadt-chemnitz", ["x"], "withdraw", "in-effect", SOURCE) != (
        minting.decision("stadt-chemnitz", ["x"], "withdraw", "in-effect", other)
    )
    with pytest.raises(ValueError):
        minting.decision("stadt-chemnitz", [], "adopt", "in-effect", SOURCE)
    with pytest.raises(ValueError):
        minting.decision("stadt-chemnitz", ["x"], "adopt", "in-effect", "tag24-2024")


def test_observation() -> None:
    digest = hashlib.sha256(SOURCE.encode("utf-8")).hexdigest()[:6]
    assert minting.observation("stadt-chemnitz-x", "followers", SOURCE) == (
        ID_BASE + f"observation/stadt-chemnitz-x-followers-{digest}"
    )
    with pytest.raises(ValueError, match="followers, channel-count, reach-rank"):
        minting.observation("stadt-chemnitz-x", "likes", SOURCE)


def test_the_same_entry_gives_the_same_iri_in_another_process() -> None:
    """No salt, no set order: the IRI is a function of the entry (hash() would be salted)."""
    import subprocess
    import sys

    code = (
        "from govsocial.graph import minting; print(minting.decision('b', ['x', 'threads', "
        f"'bluesky'], 'adopt', 'planned', {SOURCE!r}))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1
