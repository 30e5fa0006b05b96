"""A new body's level of government comes from the sheet or from its kind; a source may be
French, English or Italian, and its wording is then kept in that language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govsocial.graph.importing import ImportRefused
from govsocial.graph.importing.run import Outcome

from .conftest import csv_text, read_example

LAUSANNE = "https://example.org/journal/2025/03/20/lausanne-quitte-x"


def _sheet(tmp_path: Path, **changes: str) -> Path:
    header, example = read_example()
    row = {**example[4], **changes}  # the fire brigade's row: reported, one claim
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(csv_text(header, [row]), encoding="utf-8")
    return sheet


def _authority(outcome: Outcome) -> str:
    return next(text for path, text in outcome.written.items() if path.name == "authorities.ttl")


@pytest.mark.timeout(120)
def test_a_new_body_gets_the_level_the_sheet_gives(
    run_import: Callable[..., Outcome], tmp_path: Path
) -> None:
    outcome = run_import(_sheet(tmp_path, body_level="local"))
    block = _authority(outcome).split("authority:feuerwehr-musterstadt\n", 1)[1].split("\n.\n")[0]
    assert "gso:governmentLevel governmentlevel:local ;" in block
    assert 'gso:stateCode "DE-SN" ;' in block


@pytest.mark.timeout(120)
def test_a_kind_that_implies_a_level_fills_it_and_refuses_another(
    run_import: Callable[..., Outcome], tmp_path: Path
) -> None:
    implied = run_import(
        _sheet(
            tmp_path,
            body="Gemeinde Musterdorf",
            body_kind="municipality",
            body_level="",
            body_name_en="Musterdorf",
        )
    )
    assert "gso:governmentLevel governmentlevel:local ;" in _authority(implied)
    with pytest.raises(ImportRefused) as refused:
        run_import(
            _sheet(
                tmp_path,
                body="Gemeinde Musterweiler",
                body_kind="municipality",
                body_level="federal",
            )
        )
    assert str(refused.value.problems[0]) == (
        "row 2, column body_level: 'federal', but a municipality is always local: enter local "
        "or choose another body_kind"
    )


@pytest.mark.timeout(120)
def test_a_kind_found_at_several_levels_needs_the_level(
    run_import: Callable[..., Outcome], tmp_path: Path
) -> None:
    with pytest.raises(ImportRefused) as refused:
        run_import(_sheet(tmp_path, body_level=""))
    assert str(refused.value.problems[0]).startswith(
        "row 2, column body_level: empty; 'Feuerwehr Musterstadt' is a new body and its kind "
        "(fire-service) occurs at several levels: enter one of eu, federal, local, state"
    )


@pytest.mark.timeout(120)
def test_a_french_source_keeps_its_french_wording(
    run_import: Callable[..., Outcome], tmp_path: Path
) -> None:
    quote = "Le corps des sapeurs-pompiers ne garde son compte X que pour les alertes."
    outcome = run_import(
        _sheet(
            tmp_path,
            source_url=LAUSANNE,
            source_language="fr",
            source_title="Les pompiers de Musterstadt quittent X",
            quotation=quote,
            quotation_language="",
        )
    )
    source = next(text for path, text in outcome.written.items() if "sources" in path.parts)
    assert 'dcterms:language "fr"^^xsd:language ;' in source
    assert '"Les pompiers de Musterstadt quittent X"@fr' in source
    assert f'gso:text "{quote}"@fr ;' in source
    with pytest.raises(ImportRefused) as refused:
        run_import(
            _sheet(
                tmp_path,
                source_url=LAUSANNE + "-2",
                source_language="fr",
                speech_mode="indirect-speech",
                speaker="Erika Mustermann",
                speaker_post="Sprecherin",
                quotation_language="de",
            )
        )
    assert "indirect-speech is the source's wording, in fr (source_language)" in str(
        refused.value.problems[0]
    )
    with pytest.raises(ImportRefused) as refused:
        run_import(_sheet(tmp_path, source_url=LAUSANNE + "-3", source_language="fr"))
    assert str(refused.value.problems[0]) == (
        "row 2, column quotation_language: 'de' is neither the source's language (fr, "
        "source_language) nor the project's English: enter one of them"
    )


@pytest.mark.timeout(120)
def test_a_purpose_is_given_by_the_statement_and_gathered_on_the_claim(
    run_import: Callable[..., Outcome], tmp_path: Path
) -> None:
    outcome = run_import(
        _sheet(
            tmp_path,
            platforms="tiktok",
            action="campaign-use",
            modality="in-effect",
            channels="",
            purposes="recruiting",
            quotation="Die Feuerwehr wirbt auf TikTok um Nachwuchs.",
        )
    )
    source = next(text for path, text in outcome.written.items() if "sources" in path.parts)
    assert "gso:givesPurpose purpose:recruiting ;" in source  # on the statement
    assert "gso:purpose purpose:recruiting ;" in source  # gathered on the claim
    inferred = run_import(
        _sheet(
            tmp_path,
            source_url=LAUSANNE + "-4",
            platforms="tiktok",
            source_title="Feuerwehr Musterstadt jetzt auf TikTok",
            action="campaign-use",
            channels="",
            purposes="recruiting",
            inferred="purposes",
            inference_note="From the page's title.",
            quotation="Die Feuerwehr ist jetzt auch auf TikTok.",
        )
    )
    text = next(text for path, text in inferred.written.items() if "sources" in path.parts)
    assert "gso:givesPurpose" not in text  # the project's reading, not the sentence's
    assert "gso:inferredProperty" in text and "gso:purpose purpose:recruiting ;" in text
