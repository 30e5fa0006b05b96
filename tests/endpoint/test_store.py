"""The store: loading, the query-worker pool, its limits and the helpers page handlers use."""

from __future__ import annotations

import dataclasses
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from govsocial.endpoint.rdf_input import RDFInputError
from govsocial.endpoint.store import (
    NotAcceptable,
    QueryJob,
    QueryRefused,
    QueryResourceError,
    QuerySyntaxError,
    QueryTimeout,
)
from govsocial.endpoint.store.executor import execute
from govsocial.endpoint.store.interface import DUMP_JOB
from govsocial.endpoint.store.loading import load_files
from govsocial.endpoint.store.local import LocalStore
from govsocial.endpoint.store.oxigraph import OxigraphStore
from support.crashes import crash_output_to
from support.waiting import DEADLINE_GRACE, wait_until

from .conftest import FIXTURE

EX = "http://example.org/"
THOUSAND = " ".join(map(str, range(1000)))
CROSS = " ".join(f"VALUES ?{v} {{ {THOUSAND} }}" for v in "abc")


@pytest.fixture(scope="module")
def crash_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the store's query workers write when they crash: tests below crash them on
    purpose, and a passing run prints no "Fatal Python error" dump."""
    return tmp_path_factory.mktemp("store") / "crashes.txt"


@pytest.fixture(scope="module")
def store(crash_output: Path, pytestconfig: pytest.Config) -> Iterator[OxigraphStore]:
    with crash_output_to(crash_output, pytestconfig):  # the zygote forks every query worker
        s = OxigraphStore([FIXTURE], timeout=2.0, max_rows=1000, memory_limit=256 * 1024**2)
    yield s
    s.close()


def test_load_keeps_graph_names_and_counts(tmp_path: Path) -> None:
    _, info = load_files([FIXTURE])
    assert info.graphs == (EX + "graph-a", EX + "graph-b")
    assert dict(info.graph_triples) == {EX + "graph-a": 2, EX + "graph-b": 2}
    assert info.default_graph_triples == info.triples - 4
    copy = tmp_path / "copy.trig"
    copy.write_bytes(FIXTURE.read_bytes())
    assert load_files([copy])[1].version == info.version  # content, not path or time
    copy.write_bytes(FIXTURE.read_bytes() + b"\n<urn:a> <urn:b> <urn:c> .\n")
    assert load_files([copy])[1].version != info.version


def test_bad_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c\nex:d ex:e ex:f .\n")
    with pytest.raises(RDFInputError) as caught:
        load_files([bad])
    assert caught.value.path == bad
    assert caught.value.line == 4


def test_ill_typed_literal_is_refused_though_the_store_takes_it(tmp_path: Path) -> None:
    # the check runs beside the store's load (loading.load_checked): its verdict still counts
    bad = tmp_path / "bad.nt"
    bad.write_text(
        '<urn:a> <urn:b> "1" .\n'
        '<urn:a> <urn:c> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    with pytest.raises(RDFInputError) as caught:
        load_files([bad])
    assert caught.value.path == bad
    assert caught.value.line == 2
    assert "integer" in str(caught.value)


def test_helpers_for_page_handlers(store: OxigraphStore) -> None:
    # a bound variable must be projected (pyoxigraph substitutions, SEP-0007)
    rows = store.select(
        "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
        " ORDER BY ?label",
        bindings={"s": ox.NamedNode(EX + "alice")},
    )
    labels = [row["label"] for row in rows]
    assert labels == [ox.Literal("Alice", language="en"), ox.Literal("Alicia", language="es")]
    assert store.ask("ASK { ?s ?p ?o }") is True
    triples = store.construct("DESCRIBE ?s", bindings={"s": ox.NamedNode(EX + "bob")})
    bob, knows, alice = (ox.NamedNode(EX + name) for name in ("bob", "knows", "alice"))
    assert ox.Triple(bob, knows, alice) in triples


def _quads(body: bytes) -> list[ox.Quad]:
    return list(ox.parse(body, ox.RdfFormat.N_QUADS))


def test_the_dump_is_every_quad_of_every_graph_written_by_the_worker(
    store: OxigraphStore,
) -> None:
    loaded, info = load_files([FIXTURE])
    dumped = _quads(store.dump())
    assert len(dumped) == info.triples == len(loaded)
    assert {q.graph_name for q in dumped} == {
        ox.DefaultGraph(),
        *(ox.NamedNode(g) for g in info.graphs),
    }
    # blank nodes are the store's own: compare the rest quad by quad
    named = [q for q in dumped if not any(isinstance(t, ox.BlankNode) for t in q)]
    assert named and set(named) <= set(loaded)
    # the same dump in this process (commands), through the same executor
    assert len(_quads(LocalStore([FIXTURE]).dump())) == info.triples


def test_a_dump_is_never_cut_and_keeps_graph_names() -> None:
    loaded, info = load_files([FIXTURE])
    answer = execute(loaded, dataclasses.replace(DUMP_JOB, max_rows=1))
    assert not answer.truncated and answer.kind == "dump"
    assert answer.media_type == "application/n-quads"
    assert len(_quads(answer.body)) == info.triples
    with pytest.raises(NotAcceptable):
        execute(loaded, dataclasses.replace(DUMP_JOB, graph_format="turtle"))


def test_syntax_error_carries_position(store: OxigraphStore) -> None:
    with pytest.raises(QuerySyntaxError, match=r"1:\d+"):
        store.run(QueryJob("SELECT * WHERE { ?s ?p }"))


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_timeout_kills_the_worker_and_replaces_it(store: OxigraphStore) -> None:
    store.ask("ASK {}")
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="within 2 seconds"):
        store.run(QueryJob(f"SELECT (COUNT(*) AS ?n) {{ {CROSS} }}"))
    # at the deadline: not before it, not much after (a safety bound on the stop)
    assert 2.0 <= time.monotonic() - started < 2.0 + DEADLINE_GRACE
    killed = [w.pid for w in store._pool._idle]  # the replacement is idle and ready
    assert killed and all(_alive(pid) for pid in killed)
    # and answers (how soon after a timeout: bench/limits.py)
    assert store.ask("ASK {}") is True


def test_engine_crash_is_a_clean_error(store: OxigraphStore, crash_output: Path) -> None:
    # bypasses the serving layer's nesting check on purpose: the pool must survive a segfault
    before = crash_output.stat().st_size
    with pytest.raises(QueryResourceError):
        store.run(QueryJob("SELECT * { " + "{" * 5000 + "}" * 5000 + " }"))
    # the worker did crash (the dump is written before it dies): the test means something
    dump = crash_output.read_bytes()[before:].decode(errors="replace")
    assert "Fatal Python error: Segmentation fault" in dump, dump
    assert store.ask("ASK { ?s ?p ?o }") is True


def test_memory_cap_stops_a_greedy_query(store: OxigraphStore) -> None:
    # sorting 10^9 solutions must hold them all: 256 MiB are gone long before the deadline
    greedy = f"SELECT * {{ {CROSS} }} ORDER BY DESC(?c)"
    started = time.monotonic()
    with pytest.raises((QueryResourceError, QueryTimeout)) as caught:
        store.run(QueryJob(greedy))
    assert isinstance(caught.value, QueryResourceError), caught.value
    # no later than the deadline allows (how soon the cap acts: bench/limits.py)
    assert time.monotonic() - started < 2.0 + DEADLINE_GRACE
    assert store.ask("ASK {}") is True


def test_workers_end_with_the_store() -> None:
    s = OxigraphStore([FIXTURE], timeout=2.0)
    s.ask("ASK {}")
    zygote, worker = s._zygote.pid, s._pool._idle[0].pid
    s.close()
    wait_until(
        lambda: not _alive(zygote) and not _alive(worker),
        5,
        "the zygote and its worker to end with the store",
    )
    assert not os.path.exists(s._zygote.socket_path)


def test_unprojected_binding_is_the_callers_mistake(store: OxigraphStore) -> None:
    with pytest.raises(QueryRefused, match="projection"):
        store.select("SELECT ?o WHERE { ?s ?p ?o }", bindings={"s": ox.NamedNode(EX + "alice")})


def test_idle_worker_killed_from_outside_is_replaced_silently(store: OxigraphStore) -> None:
    store.ask("ASK {}")
    victim = store._pool._idle[-1].pid
    os.kill(victim, signal.SIGKILL)
    wait_until(lambda: not _alive(victim), 5, "the killed worker to end")
    assert store.ask("ASK { ?s ?p ?o }") is True
