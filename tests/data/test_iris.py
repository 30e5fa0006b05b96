"""IRIs never collide and never assert what the data does not (docs/MODEL.md, "Minting IRIs"),
and renamed ones are listed so that they keep answering (data/moved-iris.tsv)."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef

from govsocial.graph.moved_iris import FILE_NAME, read_moved
from govsocial.graph.namespaces import GSO, ID

PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
# a date is a whole hyphen-separated part of the name: the hex digits of a minted IRI's hash
# ("-2098c0") are not a year
DATE_TOKEN = re.compile(r"(?:(?<=-)|^)(?:19|20)\d\d(?:-\d\d(?:-\d\d)?)?(?=-|$)")


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1]


def test_a_claims_iri_asserts_no_date_its_data_does_not_state(data_graph: Graph) -> None:
    """`decision/x-2024-01` must have gso:date 2024-01 (or a day in it): an undated claim with a
    date in its name would tell a reader a date no source gave."""
    checked = 0
    for claim in set(data_graph.subjects(PROV_DERIVED)):
        stated = {
            str(value)
            for prop in (GSO.date, GSO.observationDate, GSO.asOf)
            for value in data_graph.objects(claim, prop)
        }
        for token in DATE_TOKEN.findall(_local(claim)):
            checked += 1
            assert any(date.startswith(token) for date in stated), (
                f"{claim} names {token}; the data states {sorted(stated) or 'no date'}"
            )
    assert checked > 10


def test_a_channels_iri_is_its_operators_name_and_the_platform(data_graph: Graph) -> None:
    """`channel/<operator>-<platform>`: unique wherever the operator's IRI is, so the Saxon
    ministry's Facebook account can no longer collide with another state's."""
    channels = set(data_graph.subjects(GSO.onPlatform))
    assert len(channels) > 20
    for channel in channels:
        operator = data_graph.value(channel, GSO.operatedBy)
        platform = data_graph.value(channel, GSO.onPlatform)
        expected = f"{_local(operator)}-{_local(platform)}"
        assert _local(channel) == expected or _local(channel).startswith(expected + "-"), channel


def test_renamed_iris_point_to_described_nodes_and_are_used_no_more(
    project_root: Path, data_graph: Graph
) -> None:
    moved = read_moved(project_root / "data" / FILE_NAME)
    assert moved, "the renames of 2026-12 are listed"
    used = set(data_graph.subjects()) | {o for o in data_graph.objects() if isinstance(o, URIRef)}
    for old, new in moved.items():
        assert (ID[new], None, None) in data_graph, f"{old} moves to {new}, which is not described"
        assert ID[old] not in used, f"{old} was renamed but the data still uses it"


def test_queries_and_tests_use_no_renamed_iri(project_root: Path) -> None:
    moved = read_moved(project_root / "data" / FILE_NAME)
    olds = re.compile("|".join(rf"(?<![a-z0-9-]){re.escape(old)}(?![a-z0-9-])" for old in moved))
    for path in sorted((project_root / "queries").glob("*.rq")):
        assert not olds.search(path.read_text(encoding="utf-8")), path
