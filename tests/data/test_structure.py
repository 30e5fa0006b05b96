"""The data files follow docs/MODEL.md: files, IRIs, labels, dates and inference markers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from govsocial.namespaces import GSO, ID, VOCAB
from govsocial.rdfio import load_graph

from .conftest import DATA_FILES

# Where each kind of instance lives (docs/MODEL.md, "Files").
FILE_OF_KIND = {
    "authority": "authorities.ttl", "person": "people.ttl", "post": "people.ttl",
    "organisation": "organisations.ttl", "channel": "channels.ttl", "decision": "decisions.ttl",
    "statement": "statements.ttl", "observation": "observations.ttl",
    "campaign": "campaigns.ttl", "claim": "claims.ttl", "source": "sources.ttl",
}
SLUG = re.compile(rf"^{re.escape(str(ID))}(?P<kind>[a-z]+)/[a-z0-9]+(-[a-z0-9]+)*$")
PRECISION_OF = {XSD.date: "day", XSD.gYearMonth: "month", XSD.gYear: "year"}
DATE_PROPERTIES = [GSO.date, GSO.observationDate, DCTERMS.issued]
HUMAN_TEXT = [RDFS.label, SKOS.altLabel, GSO.text, GSO.inferenceNote, GSO.publisherNote,
              DCTERMS.title, GSO.partnerDescription]


def test_data_files_are_the_ones_the_model_names(data_files: list[Path]) -> None:
    assert [path.name for path in data_files] == DATA_FILES


@pytest.mark.parametrize("name", DATA_FILES)
def test_file_parses_and_opens_with_a_comment(project_root: Path, name: str) -> None:
    path = project_root / "data" / name
    assert len(load_graph([path])) > 0
    assert path.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("name", DATA_FILES)
def test_instances_live_in_their_file(project_root: Path, name: str) -> None:
    graph = load_graph([project_root / "data" / name])
    for subject in set(graph.subjects()):
        match = SLUG.match(str(subject))
        assert match, f"{name}: {subject} is not id/<type>/<slug>"
        assert FILE_OF_KIND.get(match["kind"]) == name, f"{subject} belongs elsewhere"


def test_no_dangling_links(data_graph: Graph) -> None:
    described = set(data_graph.subjects())
    linked = {o for o in data_graph.objects() if isinstance(o, URIRef) and o.startswith(str(ID))}
    assert linked - described == set()


def test_every_node_has_an_english_label(data_graph: Graph) -> None:
    for subject in set(data_graph.subjects()):
        languages = {lbl.language for lbl in data_graph.objects(subject, RDFS.label)}
        assert "en" in languages, subject


@pytest.mark.parametrize("cls", ["Authority", "Post"])
def test_authorities_and_posts_have_german_labels(data_graph: Graph, cls: str) -> None:
    rdf_class = GSO.Authority if cls == "Authority" else URIRef("http://www.w3.org/ns/org#Post")
    nodes = list(data_graph.subjects(RDF.type, rdf_class))
    assert nodes
    for node in nodes:
        assert "de" in {lbl.language for lbl in data_graph.objects(node, RDFS.label)}, node


def test_human_text_has_a_language_tag(data_graph: Graph) -> None:
    for prop in HUMAN_TEXT:
        for subject, value in data_graph.subject_objects(prop):
            assert isinstance(value, Literal) and value.language, f"{subject} {prop}"


def test_dates_carry_their_precision(data_graph: Graph) -> None:
    dated = 0
    for prop in DATE_PROPERTIES:
        for node, value in data_graph.subject_objects(prop):
            assert isinstance(value, Literal) and value.datatype in PRECISION_OF, (node, value)
            precision = data_graph.value(node, GSO.datePrecision)
            assert precision == VOCAB[f"date-precision/{PRECISION_OF[value.datatype]}"], node
            dated += 1
    assert dated > 20


def test_chemnitz_has_no_day(data_graph: Graph) -> None:
    chemnitz = ID["authority/stadt-chemnitz"]
    decisions = list(data_graph.subjects(GSO.authority, chemnitz))
    dates = [data_graph.value(d, GSO.date) for d in decisions]
    assert {str(d) for d in dates if d is not None} == {"2024-01"}
    assert all(d.datatype == XSD.gYearMonth for d in dates if d is not None)


def test_inferences_name_property_and_note_together(data_graph: Graph) -> None:
    marked = set(data_graph.subjects(GSO.inferredProperty))
    noted = set(data_graph.subjects(GSO.inferenceNote))
    inferences = set(data_graph.subjects(RDF.type, GSO.Inference))
    assert marked
    assert noted == marked | inferences


def test_the_chemnitz_year_is_marked_as_inferred(data_graph: Graph) -> None:
    decision = ID["decision/chemnitz-x-crisis-only-2024-01"]
    assert (decision, GSO.inferredProperty, GSO.date) in data_graph


def test_spokespersons_spelled_as_in_the_source(data_graph: Graph) -> None:
    names = {str(n) for n in data_graph.objects(None, FOAF.name)}
    assert names == {"Ralph Schreiber", "Dirk Reelfs", "Matthias Nowak", "Mathias Merz",
                     "Elon Musk"}


def test_no_rdfs_comment_in_data(data_graph: Graph) -> None:
    """Free comments would be unsourced statements: data nodes use labels and notes only."""
    assert list(data_graph.subject_objects(RDFS.comment)) == []
