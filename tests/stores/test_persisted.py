"""The persisted embedded store: reopen without parsing, rebuild on change, swap, self-repair."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from govsocial.endpoint.rdf_input import RDFInputError
from govsocial.endpoint.store import QueryTimeout
from govsocial.endpoint.store import persisted as persisted_module
from govsocial.endpoint.store.interface import term_text
from govsocial.endpoint.store.oxigraph import OxigraphStore
from govsocial.endpoint.store.persisted import CURRENT, MANIFEST, StoreBuildError, open_or_build

EX = "http://example.org/"


def write(path: Path, labels: dict[str, str]) -> Path:
    lines = ["@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    lines += [f'<{EX}{key}> rdfs:label "{value}"@en .' for key, value in labels.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def labels(store: OxigraphStore) -> dict[str, str]:
    rows = store.select("SELECT ?s ?l { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    return {term_text(row["s"]).removeprefix(EX): term_text(row["l"]) for row in rows}


def current(root: Path) -> str:
    return os.readlink(root / CURRENT)


def generations(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if p.name.startswith(("gen-", "build-"))}


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write(tmp_path / "data.ttl", {"a": "Alpha", "b": "Beta"})


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "store"


def test_store_answers_from_disk_and_reopens_without_parsing(
    source: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = OxigraphStore([source], store_dir=root)
    try:
        assert labels(store) == {"a": "Alpha", "b": "Beta"}
        assert store.info.triples == 2
        first = current(root)
    finally:
        store.close()

    # a rebuild would call the loader (in the forked build process, which inherits the patch)
    def no_parsing(*args: object) -> None:
        raise AssertionError("the unchanged sources were parsed again")

    monkeypatch.setattr(persisted_module, "_load_into", no_parsing)
    os.utime(source, (time.time() + 100, time.time() + 100))  # a newer mtime is no change
    store = OxigraphStore([source], store_dir=root)
    try:
        assert labels(store) == {"a": "Alpha", "b": "Beta"}
        assert current(root) == first
        assert store.info.triples == 2
    finally:
        store.close()


def test_same_data_and_version_as_the_in_memory_store(source: Path, root: Path) -> None:
    # ETags must not change when an operator switches between memory and --store; TriG keeps
    # its named graphs
    from .conftest import FIXTURE

    on_disk = OxigraphStore([source, FIXTURE], store_dir=root)
    in_memory = OxigraphStore([source, FIXTURE])
    try:
        assert on_disk.info.version == in_memory.info.version
        assert on_disk.info.graph_triples == in_memory.info.graph_triples
        assert on_disk.info.graphs
        assert on_disk.info.triples == in_memory.info.triples
        every = "SELECT ?g ?s ?p ?o { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"

        def rows(store: OxigraphStore) -> list[str]:
            # blank node labels are the engine's own: compare everything else
            return sorted(
                repr({k: "_:b" if isinstance(v, ox.BlankNode) else v for k, v in row.items()})
                for row in store.select(every)
            )

        assert rows(on_disk) == rows(in_memory)
    finally:
        on_disk.close()
        in_memory.close()


def test_changed_content_of_the_same_size_rebuilds_and_swaps(source: Path, root: Path) -> None:
    open_or_build(root, [source])
    first = current(root)
    stat = source.stat()
    write(source, {"a": "Alpha", "b": "Bet4"})  # same size
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same mtime
    generation = open_or_build(root, [source])
    assert current(root) == generation.path.name != first
    # the previous generation stays for replicas still reading it; nothing half-built remains
    assert generations(root) == {first, generation.path.name}
    store = OxigraphStore([source], store_dir=root)
    try:
        assert labels(store) == {"a": "Alpha", "b": "Bet4"}
    finally:
        store.close()
    write(source, {"c": "Gamma"})
    third = open_or_build(root, [source]).path.name
    assert generations(root) == {generation.path.name, third}  # two swaps old: removed


def test_parse_error_names_file_and_line_and_keeps_the_store(source: Path, root: Path) -> None:
    open_or_build(root, [source])
    first = current(root)
    source.write_text(source.read_text() + "<http://example.org/c> rdfs:label .\n")
    with pytest.raises(RDFInputError) as raised:
        open_or_build(root, [source])
    assert raised.value.path == source
    assert raised.value.line == 4
    assert current(root) == first
    assert generations(root) == {first}  # the failed build is gone


def test_a_source_edited_during_the_build_is_refused(
    source: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_or_build(root, [source])
    first = current(root)
    write(source, {"a": "Second"})
    fingerprint = persisted_module.fingerprint

    def edited_after_fingerprinting(paths):
        taken = fingerprint(paths)  # of "Second"
        write(source, {"a": "Third"})  # an editor saves again before the build reads the file
        return taken

    monkeypatch.setattr(persisted_module, "fingerprint", edited_after_fingerprinting)
    with pytest.raises(StoreBuildError, match="changed while the store was being built"):
        open_or_build(root, [source])
    assert current(root) == first
    assert generations(root) == {first}


def test_failed_validation_keeps_the_store_in_service(source: Path, root: Path) -> None:
    open_or_build(root, [source])
    first = current(root)
    write(source, {"a": "Changed"})
    seen = source.parent / "validated.txt"

    def refuse(files: list[Path]) -> None:
        # runs in the build's child process: leave a trace the test can see
        seen.write_text("\n".join(map(str, files)))
        raise StoreBuildError("2 violations")

    with pytest.raises(StoreBuildError, match="2 violations"):
        open_or_build(root, [source], refuse)
    assert seen.read_text() == str(source)
    assert current(root) == first
    assert generations(root) == {first}


def test_validate_sources_reports_violations_of_the_project_shapes(tmp_path: Path) -> None:
    from govsocial.graph.store_validation import validate_sources

    bad = tmp_path / "authorities.ttl"
    bad.write_text(
        "@prefix gso: <https://w3id.org/govsocial/ontology#> .\n"
        "<https://w3id.org/govsocial/id/authority/nameless> a gso:Authority .\n",
        encoding="utf-8",
    )
    with pytest.raises(StoreBuildError) as raised:
        validate_sources([bad])
    message = str(raised.value)
    assert "do not conform" in message
    assert "https://w3id.org/govsocial/id/authority/nameless" in message


@pytest.mark.parametrize(
    "damage", ["truncate-sst", "flip-sst-bytes", "no-manifest", "no-current-folder", "no-db-file"]
)
def test_damaged_store_is_rebuilt_from_the_sources(source: Path, root: Path, damage: str) -> None:
    generation = open_or_build(root, [source]).path
    ssts = sorted((generation / "db").glob("*.sst"), key=lambda p: p.stat().st_size)
    assert ssts, "expected table files in the database"
    biggest = ssts[-1]
    if damage == "truncate-sst":
        with biggest.open("r+b") as handle:
            handle.truncate(biggest.stat().st_size // 2)
    elif damage == "flip-sst-bytes":
        data = bytearray(biggest.read_bytes())
        for i in range(0, len(data) // 2, 7):
            data[i] ^= 0xFF
        biggest.write_bytes(bytes(data))  # same size: only checksums can tell
    elif damage == "no-manifest":
        (generation / MANIFEST).unlink()
    elif damage == "no-current-folder":
        import shutil

        shutil.rmtree(generation)
    else:
        (generation / "db" / "CURRENT").unlink()
    store = OxigraphStore([source], store_dir=root)
    try:
        assert labels(store) == {"a": "Alpha", "b": "Beta"}
        assert current(root) != generation.name
    finally:
        store.close()


def test_manifest_records_what_was_loaded(source: Path, root: Path) -> None:
    generation = open_or_build(root, [source]).path
    manifest = json.loads((generation / MANIFEST).read_text())
    assert manifest["fingerprint"]["files"] == [str(source.resolve())]
    assert manifest["info"]["triples"] == 2
    assert manifest["db_files"]  # file sizes, checked on every open


def test_query_workers_share_the_store_and_stay_disposable(source: Path, root: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    store = OxigraphStore([source], store_dir=root, timeout=1.0)
    try:
        with ThreadPoolExecutor(8) as pool:  # 8 workers, each with its own read-only handle
            results = list(pool.map(lambda _: labels(store), range(32)))
        assert all(r == {"a": "Alpha", "b": "Beta"} for r in results)
        runaway = (
            "SELECT (COUNT(*) AS ?n) { "
            + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(40))
            + " }"
        )
        with pytest.raises(QueryTimeout):
            store.select(runaway)
        assert labels(store) == {"a": "Alpha", "b": "Beta"}  # a fresh worker took over
    finally:
        store.close()


def test_concurrent_starts_build_once(source: Path, root: Path) -> None:
    # replicas started together on one folder: the lock lets one build, the others open it
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; "
        "from govsocial.endpoint.store.persisted import open_or_build; "
        "print(open_or_build(Path(sys.argv[1]), [Path(sys.argv[2])]).path.name)"
    )
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(root), str(source)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    names = {process.communicate(timeout=60)[0].strip() for process in starts}
    assert all(process.returncode == 0 for process in starts)
    assert names == {current(root)}
    assert generations(root) == names
