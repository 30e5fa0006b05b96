"""The canonical serialization: stable, order-independent, and enforced on data/."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from govsocial.endpoint.rdf_input import RDFInputError
from govsocial.graph.canonical import canonical_text, format_command, serialize_graph
from govsocial.graph.rdfio import load_graph
from govsocial.graph.turtle_comments import read_layout

SAMPLE = """# A header that must survive.
# Second line.

@prefix gso: <https://w3id.org/govsocial/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/govsocial/id/authority/b> rdfs:label "B"@en ; a gso:Authority .
<https://w3id.org/govsocial/id/authority/a> a gso:Authority ; rdfs:label "A"@en , "A"@de .
"""


def test_every_data_file_is_canonical(data_files: list[Path]) -> None:
    assert data_files
    for path in data_files:
        assert path.read_text(encoding="utf-8") == canonical_text(path), (
            f"run `govsocial format {path}`"
        )


@pytest.mark.parametrize(
    "name", ["registry/channels.ttl", "sources/nurinteressant-2024-12-30-saechsische-behoerden.ttl"]
)
def test_output_does_not_depend_on_input_order(project_root: Path, name: str) -> None:
    graph = load_graph([project_root / "data" / name])
    expected = serialize_graph(graph)
    triples = list(graph)
    for seed in (1, 2, 3):
        random.Random(seed).shuffle(triples)
        shuffled = Graph()
        for triple in triples:
            shuffled.add(triple)
        assert serialize_graph(shuffled) == expected


def test_canonical_form_keeps_the_header_and_the_triples(tmp_path: Path) -> None:
    path = tmp_path / "sample.ttl"
    path.write_text(SAMPLE, encoding="utf-8")
    text = canonical_text(path)
    assert text.startswith("# A header that must survive.\n# Second line.\n\nPREFIX ")
    header = [comment.text for comment in read_layout(text).header]
    assert header == ["# A header that must survive.", "# Second line."]
    canonical = tmp_path / "canonical.ttl"
    canonical.write_text(text, encoding="utf-8")
    assert set(load_graph([canonical])) == set(load_graph([path]))
    # Subjects sorted, one block each, with the fixed prefix for authorities.
    assert text.index("authority:a") < text.index("authority:b")


def test_canonical_form_is_a_fixed_point(tmp_path: Path) -> None:
    path = tmp_path / "sample.ttl"
    path.write_text(SAMPLE, encoding="utf-8")
    once = canonical_text(path)
    path.write_text(once, encoding="utf-8")
    assert canonical_text(path) == once


def test_unreadable_input_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("# header\n<a:s> <a:p> .\n", encoding="utf-8")
    with pytest.raises(RDFInputError) as caught:
        canonical_text(path)
    assert caught.value.line == 2


def test_format_check_reports_rewrites_and_passes(tmp_path: Path) -> None:
    path = tmp_path / "sample.ttl"
    path.write_text(SAMPLE, encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(format_command, ["--check", str(tmp_path)])
    assert checked.exit_code == 1
    assert f"not canonical: {path}" in checked.output
    assert path.read_text(encoding="utf-8") == SAMPLE, "--check must not write"
    formatted = runner.invoke(format_command, [str(path)])
    assert formatted.exit_code == 0
    assert path.read_text(encoding="utf-8") == canonical_text(path)
    assert runner.invoke(format_command, ["--check", str(path)]).exit_code == 0


def test_format_exits_2_on_unreadable_input(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('<a:s> <a:p> "unterminated .\n', encoding="utf-8")
    missing = tmp_path / "none.ttl"
    result = CliRunner().invoke(format_command, ["--check", str(broken), str(missing)])
    assert result.exit_code == 2
    assert "broken.ttl: line 1" in result.output
    assert "none.ttl: no such file" in result.output


def test_check_is_stable_across_hash_seeds(project_root: Path, tmp_path: Path) -> None:
    """Another interpreter (another hash seed) finds the same files canonical."""
    for name in ("registry/authorities.ttl", "sources/tag24-stadt-chemnitz-verlaesst-x.ttl"):
        shutil.copy(project_root / "data" / name, tmp_path / Path(name).name)
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    result = subprocess.run(
        [sys.executable, "-m", "govsocial", "format", "--check", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- property: any small graph of the shapes our data uses survives a canonical round trip -------

IRIS = st.sampled_from(
    [
        URIRef("https://w3id.org/govsocial/id/decision/a-1"),
        URIRef("https://w3id.org/govsocial/id/statement/b"),
        URIRef("https://w3id.org/govsocial/vocab/platform/x"),
        URIRef("https://w3id.org/govsocial/ontology#text"),
        URIRef("http://www.wikidata.org/entity/Q1731"),
        URIRef("https://example.org/path?q=1&r=%C3%A4"),
    ]
)
LITERALS = st.one_of(
    st.builds(Literal, st.text(max_size=30), lang=st.sampled_from(["de", "en"])),
    st.builds(Literal, st.text(max_size=30)),
    st.builds(Literal, st.integers(min_value=0, max_value=10**6)),
    st.sampled_from([Literal("2024-02", datatype=XSD.gYearMonth), Literal(True)]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(IRIS, IRIS, st.one_of(IRIS, LITERALS)), max_size=12))
def test_round_trip_is_lossless_and_stable(triples: list[tuple[URIRef, URIRef, object]]) -> None:
    graph = Graph()
    for triple in triples:
        graph.add(triple)  # type: ignore[arg-type]
    text = serialize_graph(graph)
    again = Graph().parse(data=text, format="turtle")
    assert isomorphic(again, graph)
    assert serialize_graph(again) == text
