"""The synthetic data: deterministic, of the size asked, well-formed, complete, self-contained."""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from generate_helpers import SEED, SIZE, parse, text_of, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from govsocial.cli import cli
from govsocial.graph.canonical import CANONICAL_PREFIXES
from govsocial.graph.generate import MIN_TRIPLES, Summary, dataset_iri, generate
from govsocial.graph.generate.vocab import ACTIONS, CONCEPTS, KINDS, MODALITIES
from govsocial.graph.namespaces import BASE

GSO = BASE + "ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
ID = BASE + "id/"
# Classes of docs/MODEL.md that synthetic data does not instantiate, and why.
NOT_IN_DATA = {
    "gso:Platform": "platforms are concepts of ontology/vocabularies/platform.ttl",
    "skos:Concept": "concepts live in ontology/vocabularies/",
    "skos:ConceptScheme": "schemes live in ontology/vocabularies/",
    "schema:FollowAction": "used as the value of schema:interactionType, never instantiated",
    "gso:JointDeclaration": "issue 13 term; the generator (server/) does not make declarations yet",
    "gso:Proposal": "issue 13 term; the generator (server/) does not make proposals yet",
}
ABSTRACT = {"gso:Claim", "gso:Observation"}


def model_classes(project_root: Path) -> set[str]:
    """Read the classes docs/MODEL.md lists: the gso: class table and the reused classes."""
    text = (project_root / "docs" / "MODEL.md").read_text(encoding="utf-8")
    table = text.split("## Classes (gso:)", 1)[1].split("\n\n", 1)[0]
    classes = {f"gso:{m}" for m in re.findall(r"^\| ([A-Z]\w+) \|", table, re.MULTILINE)}
    reused = text.split("Reused classes in data:", 1)[1].split("\n\n", 1)[0]
    classes |= set(re.findall(r"`(\w+:[A-Z]\w+)`", reused))
    return classes


def expand(curie: str) -> str:
    prefix, local = curie.split(":")
    return CANONICAL_PREFIXES[prefix] + local


def test_same_seed_gives_the_same_bytes() -> None:
    for fmt in ("ttl", "nt"):
        assert text_of(3_000, 11, fmt) == text_of(3_000, 11, fmt)


def test_another_seed_gives_other_data() -> None:
    assert text_of(3_000, 11, "nt") != text_of(3_000, 12, "nt")


@pytest.mark.parametrize("size", [MIN_TRIPLES, 2_345, 20_000, 150_000])
def test_triple_count_is_within_one_percent(tmp_path: Path, size: int) -> None:
    path = tmp_path / "syn.nt"
    summary = write(path, size, SEED, "nt")
    parsed = parse(path)
    # equal counts also prove that no triple was written twice (the parser would merge them)
    assert len(parsed) == summary.triples
    assert abs(summary.triples - size) <= size / 100


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    size=st.integers(min_value=MIN_TRIPLES, max_value=40_000),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_any_seed_and_size_give_a_closed_graph_of_the_right_size(
    tmp_path: Path, size: int, seed: int
) -> None:
    path = tmp_path / f"syn-{seed}-{size}.ttl"
    summary = write(path, size, seed, "ttl")
    parsed = parse(path)
    assert len(parsed) == summary.triples
    assert abs(summary.triples - size) <= size / 100
    subjects = {t.subject for t in parsed}
    dangling = {
        t.object
        for t in parsed
        if isinstance(t.object, ox.NamedNode) and t.object.value.startswith(ID)
    } - subjects
    assert not dangling


def test_turtle_and_ntriples_hold_the_same_triples(
    generated: dict[str, tuple[Path, Summary]], triples: set[ox.Triple]
) -> None:
    assert parse(generated["nt"][0]) == triples
    assert generated["nt"][1] == generated["ttl"][1]


def test_every_class_of_the_model_appears(project_root: Path, triples: set[ox.Triple]) -> None:
    classes = model_classes(project_root)
    # data plus the ontology's class hierarchy, for the abstract classes
    store = ox.Store()
    store.load(path=project_root / "ontology" / "govsocial.ttl", format=ox.RdfFormat.TURTLE)
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    assert {"gso:Authority", "gso:FollowerCount", "org:Post", "schema:Quotation"} <= classes
    assert set(NOT_IN_DATA) <= classes, "NOT_IN_DATA names a class MODEL.md no longer lists"
    missing = []
    for curie in sorted(classes - set(NOT_IN_DATA)):
        # an abstract class appears through its subclasses (rdfs:subClassOf is in the ontology)
        pattern = (
            f"?s a/<{RDFS}subClassOf>+ <{expand(curie)}>"
            if curie in ABSTRACT
            else f"?s a <{expand(curie)}>"
        )
        if not store.query(f"ASK {{ {pattern} }}"):
            missing.append(curie)
    assert not missing


def test_every_kind_of_authority_and_every_action_and_modality_appear(store: ox.Store) -> None:
    kinds = {
        str(r["k"].value).rsplit("/", 1)[1]
        for r in store.query(
            "SELECT DISTINCT ?k WHERE { ?a <http://www.w3.org/ns/org#classification> ?k }"
        )
    }
    assert kinds == set(KINDS)
    combos = {
        (str(r["a"].value).rsplit("/", 1)[1], str(r["m"].value).rsplit("/", 1)[1])
        for r in store.query(
            f"SELECT DISTINCT ?a ?m WHERE {{ ?d <{GSO}action> ?a ; <{GSO}modality> ?m }}"
        )
    }
    assert combos == {(a, m) for a in ACTIONS for m in MODALITIES}


def test_structure_and_time_series_look_real(store: ox.Store) -> None:
    def number(query: str) -> int:
        return int(next(iter(store.query(query)))[0].value)

    # offices under municipalities, sections or fire stations under offices: paths of length 2
    assert (
        number(
            "SELECT (COUNT(*) AS ?n) WHERE { ?a <http://www.w3.org/ns/org#subOrganizationOf>"
            "/<http://www.w3.org/ns/org#subOrganizationOf> ?b }"
        )
        > 0
    )
    # channels with a series of several dated follower counts
    assert (
        number(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT ?c WHERE {{ ?o <{GSO}channel> ?c ;"
            f" a <{GSO}FollowerCount> }} GROUP BY ?c HAVING (COUNT(?o) >= 3) }} }}"
        )
        > 0
    )
    # dates at each precision, with the matching datatype
    datatypes = {
        str(r["t"].value)
        for r in store.query(
            f"SELECT DISTINCT ?t WHERE {{ ?d <{GSO}date> ?v BIND(DATATYPE(?v) AS ?t) }}"
        )
    }
    assert datatypes == {
        "http://www.w3.org/2001/XMLSchema#" + t for t in ("date", "gYearMonth", "gYear")
    }


def test_instances_are_synthetic_and_referenced_nodes_exist(triples: set[ox.Triple]) -> None:
    subjects = {t.subject for t in triples}
    for t in triples:
        for term in (t.subject, t.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(ID):
                slug = term.value.rsplit("/", 1)[1]
                assert slug.startswith("syn-"), term
                assert re.fullmatch(r"[a-z0-9-]+", slug), term
                # no dangling link: every instance referred to is described in the file
                assert term in subjects, term
        if t.predicate.value == "https://schema.org/url":
            assert t.object.value.startswith("https://example.org/"), t


def test_dataset_node_marks_the_file_synthetic(
    generated: dict[str, tuple[Path, Summary]], store: ox.Store
) -> None:
    summary = generated["ttl"][1]
    iri = dataset_iri(SEED, SIZE)
    assert summary.dataset == iri
    rows = list(
        store.query(
            f"SELECT ?n ?d WHERE {{ <{iri}> a <http://rdfs.org/ns/void#Dataset> ;"
            " <http://rdfs.org/ns/void#triples> ?n ;"
            " <http://purl.org/dc/terms/description> ?d }"
        )
    )
    assert len(rows) == 1
    assert int(rows[0]["n"].value) == summary.triples
    assert "Synthetic" in rows[0]["d"].value
    assert generated["ttl"][0].read_text(encoding="utf-8").startswith("# SYNTHETIC DATA")


def test_statement_texts_are_german_and_clearly_synthetic(store: ox.Store) -> None:
    for row in store.query(f"SELECT ?t WHERE {{ ?s <{GSO}text> ?t }}"):
        assert row["t"].language == "de"
        assert row["t"].value.startswith("Synthetischer Text ")


def test_every_concept_used_exists_in_the_vocabularies(project_root: Path) -> None:
    graph = Graph()
    for path in sorted((project_root / "ontology" / "vocabularies").glob("*.ttl")):
        graph.parse(path, format="turtle")
    for prefix, locals_ in CONCEPTS.items():
        for local in locals_:
            concept = URIRef(CANONICAL_PREFIXES[prefix] + local)
            assert (concept, SKOS.inScheme, None) in graph, concept


def test_command_writes_the_file_and_picks_the_syntax_from_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "syn.nt"
    result = CliRunner().invoke(
        cli, ["generate", "--triples", "1e3", "--out", str(out), "--seed", "5"]
    )
    assert result.exit_code == 0, result.output
    assert "triples" in result.output
    assert out.read_text(encoding="utf-8") == text_of(1_000, 5, "nt")


def test_command_refuses_a_size_too_small_to_hold_every_kind(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["generate", "-n", "10", "-o", str(tmp_path / "x.ttl")])
    assert result.exit_code == 2
    assert str(MIN_TRIPLES) in result.output


class _Discard:
    """A text stream that keeps only the number of characters written."""

    def __init__(self) -> None:
        self.characters = 0

    def write(self, text: str) -> int:
        self.characters += len(text)
        return len(text)


def test_generation_streams_instead_of_holding_the_graph() -> None:
    stream = _Discard()
    tracemalloc.start()
    try:
        generate(stream, 200_000, seed=3, fmt="nt")  # type: ignore[arg-type]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # ~38 MB of N-Triples went out; what stays is one unit and the channel list (a few MB)
    assert stream.characters > 30_000_000
    assert peak < stream.characters / 4
