"""The table from (action, modality) to the matrix position, and reading partial dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from govsocial.site.views.dates import PartialDate, parse_day
from govsocial.site.views.positions import MODALITIES, TABLE, Position, position_of


@pytest.mark.parametrize(
    ("action", "modality", "expected"),
    [
        ("stop-posting", "in-effect", Position.STOPPED),
        ("pause", "in-effect", Position.STOPPED),
        ("restrict-to-crisis-use", "in-effect", Position.RESTRICTED),
        ("campaign-use", "in-effect", Position.CAMPAIGN),
        ("adopt", "under-consideration", Position.CONSIDERED),
        ("expand", "planned", Position.CONSIDERED),
        ("adopt", "not-planned", Position.NOT_PLANNED),
        ("open-own-channel", "not-planned", Position.NOT_PLANNED),
        # "no plans to leave X" and "regularly reviews leaving X": still on X
        ("withdraw", "not-planned", Position.ACTIVE),
        ("withdraw", "regularly-reviewed", Position.ACTIVE),
        ("monitor", "in-effect", None),
        ("keep-account", "in-effect", None),
        ("a-future-action", "in-effect", None),
        ("adopt", "a-future-modality", None),
    ],
)
def test_position_of(action: str, modality: str, expected: Position | None) -> None:
    assert position_of(action, modality) is expected


def concept_slugs(path: Path) -> set[str]:
    graph = Graph().parse(path)
    return {str(c).rsplit("/", 1)[-1] for c in graph.subjects(SKOS.inScheme, None)}


def test_table_covers_the_vocabularies_exactly(project_root: Path) -> None:
    """Every action and modality of the vocabularies has its place in the table, and no more."""
    vocabularies = project_root / "ontology" / "vocabularies"
    assert set(TABLE) == concept_slugs(vocabularies / "action.ttl")
    assert set(MODALITIES) == concept_slugs(vocabularies / "modality.ttl")
    assert all(len(row) == len(MODALITIES) for row in TABLE.values())


@pytest.mark.parametrize(
    ("text", "start", "precision", "label", "iso"),
    [
        ("2024-02-02", date(2024, 2, 2), "day", "2 February 2024", "2024-02-02"),
        ("2024-02", date(2024, 2, 1), "month", "February 2024", "2024-02"),
        ("2023", date(2023, 1, 1), "year", "2023", "2023"),
        ("2024-02Z", date(2024, 2, 1), "month", "February 2024", "2024-02"),
    ],
)
def test_partial_dates_start_on_the_first_day_of_their_period(
    text: str, start: date, precision: str, label: str, iso: str
) -> None:
    parsed = PartialDate.parse(text)
    assert parsed == PartialDate(start, precision)
    assert (parsed.label, parsed.iso) == (label, iso)


def test_partial_dates_order_by_their_start() -> None:
    year, day, month = (PartialDate.parse(t) for t in ("2024", "2024-01-02", "2024-02"))
    assert year < day < month
    assert PartialDate.parse("2024-13") is None
    assert PartialDate.parse("Januar") is None


def test_parse_day() -> None:
    assert parse_day("2023-06-01") == date(2023, 6, 1)
    assert parse_day("") is None
    assert parse_day(None) is None
    for bad in ("2023-6-1", "2023-02-30", "01.06.2023", "2023-06-01T00:00"):
        with pytest.raises(ValueError):
            parse_day(bad)
