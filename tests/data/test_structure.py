"""The data files follow docs/MODEL.md: files, IRIs, labels, dates and inference markers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from govsocial.graph.namespaces import GSO, ID, VOCAB
from govsocial.graph.rdfio import load_graph

from .conftest import REGISTRY_FILES

# Where the registry keeps each kind of described node (docs/MODEL.md, "Files").
REGISTRY_FILE_OF_KIND = {
    "authority": "authorities.ttl",
    "person": "people.ttl",
    "post": "people.ttl",
    "organisation": "organisations.ttl",
    "channel": "channels.ttl",
    "campaign": "campaigns.ttl",
    "declaration": "declarations.ttl",
}
DECLARATIONS = "declarations.ttl"
# What a source's file holds: the source, its statements, the claims resting on them.
SOURCE_FILE_KINDS = {"source", "statement", "decision", "observation", "claim"}
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
SLUG = re.compile(rf"^{re.escape(str(ID))}(?P<kind>[a-z]+)/[a-z0-9]+(-[a-z0-9]+)*$")
PRECISION_OF = {XSD.date: "day", XSD.gYearMonth: "month", XSD.gYear: "year"}
# gso:asOf: the reference date of a count a source reports as current (issue 13).
DATE_PROPERTIES = [GSO.date, GSO.observationDate, GSO.asOf, DCTERMS.issued]
HUMAN_TEXT = [
    RDFS.label,
    SKOS.altLabel,
    GSO.text,
    GSO.inferenceNote,
    GSO.publisherNote,
    DCTERMS.title,
    GSO.partnerDescription,
    GSO.quotedPhrase,
]


def _relative(project_root: Path, path: Path) -> str:
    return path.relative_to(project_root / "data").as_posix()


def test_data_files_are_registry_files_and_one_file_per_source(
    project_root: Path, data_files: list[Path]
) -> None:
    names = [_relative(project_root, path) for path in data_files]
    registry = sorted(name for name in names if name.startswith("registry/"))
    assert registry == [f"registry/{name}" for name in REGISTRY_FILES]
    sources = [name for name in names if not name.startswith("registry/")]
    assert sources and all(
        re.fullmatch(r"sources/[a-z0-9]+(-[a-z0-9]+)*\.ttl", name) for name in sources
    ), sources


def test_every_file_parses_and_opens_with_a_comment(data_files: list[Path]) -> None:
    for path in data_files:
        assert len(load_graph([path])) > 0, path
        assert path.read_text(encoding="utf-8").startswith("# "), path


def test_the_registry_holds_each_kind_in_its_file(project_root: Path) -> None:
    for name in REGISTRY_FILES:
        graph = load_graph([project_root / "data" / "registry" / name])
        for subject in set(graph.subjects()):
            match = SLUG.match(str(subject))
            assert match, f"{name}: {subject} is not id/<type>/<slug>"
            if name == DECLARATIONS and match["kind"] == "decision":
                # a signatory's decision no source of its own states rests on the declaration
                evidence = set(graph.objects(subject, PROV_DERIVED))
                assert evidence and all(
                    SLUG.match(str(e))["kind"] == "declaration"  # type: ignore[index]
                    for e in evidence
                ), subject
                continue
            assert REGISTRY_FILE_OF_KIND.get(match["kind"]) == name, f"{subject} belongs elsewhere"


def test_a_source_file_holds_its_source_its_statements_and_their_claims(
    project_root: Path, data_graph: Graph
) -> None:
    """A reviewer reads one file against one document: every statement in it cites that
    document, and every claim in it rests on its statements, or (a claim another source
    stated first) gains them here."""
    files = sorted((project_root / "data" / "sources").glob("*.ttl"))
    homes: dict[URIRef, str] = {}
    for path in files:
        graph = load_graph([path])
        source = ID[f"source/{path.stem}"]
        assert (source, RDF.type, GSO.SourceDocument) in graph, path.name
        for subject in set(graph.subjects()):
            match = SLUG.match(str(subject))
            assert match and match["kind"] in SOURCE_FILE_KINDS, f"{path.name}: {subject}"
            if match["kind"] == "source":
                assert subject == source, f"{path.name} describes another source: {subject}"
            elif match["kind"] == "statement":
                assert graph.value(subject, DCTERMS.source) == source, subject
            else:
                evidence = set(graph.objects(subject, PROV_DERIVED))
                assert evidence, f"{path.name}: {subject} rests on no statement of this source"
                assert {data_graph.value(st, DCTERMS.source) for st in evidence} == {source}
                if set(graph.predicates(subject)) != {PROV_DERIVED}:
                    assert subject not in homes, f"{subject} in {homes.get(subject)} and here"
                    homes[subject] = path.name
    claims = {s for s in data_graph.subjects(PROV_DERIVED)}
    on_declarations = set(
        load_graph([project_root / "data" / "registry" / DECLARATIONS]).subjects(PROV_DERIVED)
    )
    # every claim is described in exactly one source's file, or rests on a declaration only
    assert not set(homes) & on_declarations
    assert set(homes) | on_declarations == claims


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


def test_spokespersons_spelled_as_in_the_source(seed_graph: Graph) -> None:
    names = {str(n) for n in seed_graph.objects(None, FOAF.name)}
    assert names == {
        "Ralph Schreiber",
        "Dirk Reelfs",
        "Matthias Nowak",
        "Mathias Merz",
        "Elon Musk",
    }


def test_no_rdfs_comment_in_data(data_graph: Graph) -> None:
    """Free comments would be unsourced statements: data nodes use labels and notes only."""
    assert list(data_graph.subject_objects(RDFS.comment)) == []
