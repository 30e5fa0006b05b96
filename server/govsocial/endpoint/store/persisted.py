"""Keep the store on disk: open it when its sources are unchanged, else rebuild and swap it in.

Layout of a store folder (`govsocial serve --store DIR`):

    DIR/.lock                  flock: one process decides, builds and swaps at a time
    DIR/current -> gen-...     symlink to the generation in service (swapped with rename)
    DIR/gen-<key>-<time>/      a complete generation: db/ (RocksDB) and manifest.json
    DIR/build-*/               a generation being built (removed if a build died)

`manifest.json` is written last, after the database is closed; it holds the fingerprint of the
sources (store.fingerprint), what was loaded (counts per graph) and the size of every
database file. A generation without a manifest, with a file missing or of another size, or whose
quad count does not match, is damaged and rebuilt from the sources.

RocksDB starts threads when a database is opened, and a process with threads must not fork
(a lock held by another thread stays locked in the child). The server's master and zygote fork,
so they never open the database: building and probing run in a forked child that exits
afterwards, and each query worker opens its own read-only handle after it was forked.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import pickle
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from govsocial.endpoint import rdf_input
from govsocial.endpoint.rdf_input import rdf_files
from govsocial.endpoint.store.fingerprint import LAYOUT_VERSION, Fingerprint, fingerprint
from govsocial.endpoint.store.interface import DatasetInfo
from govsocial.endpoint.store.loading import count_graphs, load_checked

log = logging.getLogger(__name__)

CURRENT = "current"
MANIFEST = "manifest.json"
# written by RocksDB on every open, also read-only: not part of what a generation is
_VOLATILE = ("LOG", "LOCK")
T = TypeVar("T")


class StoreBuildError(Exception):
    """A new store could not be built or did not pass validation; the old one stays."""


Validator = Callable[[Sequence[Path]], None]


@dataclass(frozen=True)
class Generation:
    """A complete persisted store: where its database is and what it holds."""

    path: Path
    info: DatasetInfo

    @property
    def db(self) -> Path:
        return self.path / "db"


# -- running RocksDB work in a child process ------------------------------------------------


def in_child(function: Callable[[], T]) -> T:
    """Run `function` in a forked child and return its result (or raise its error) here.

    Keeps every RocksDB thread out of the calling process, which forks later. Errors come
    back as `RDFInputError` (with file and line), `StoreBuildError`, or `StoreBuildError`
    with the child's message for anything else.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read_end)
            try:
                payload: tuple[Any, ...] = ("ok", function())
            except rdf_input.RDFInputError as error:
                payload = ("rdf", str(error.path), error.message, error.line, error.column)
            except StoreBuildError as error:
                payload = ("build", str(error))
            except BaseException as error:
                traceback.print_exc()
                payload = ("build", f"{type(error).__name__}: {error}")
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(payload, out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as source:
        data = source.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        raise StoreBuildError(f"the store process ended without an answer (status {status})")
    payload = pickle.loads(data)  # noqa: S301 - written by our own child
    if payload[0] == "ok":
        result: T = payload[1]  # what function() returned, unpickled
        return result
    if payload[0] == "rdf":
        _, path, message, line, column = payload
        raise rdf_input.RDFInputError(Path(path), message, line=line, column=column)
    raise StoreBuildError(payload[1])


# -- manifest ---------------------------------------------------------------------------------


def _db_files(db: Path) -> dict[str, int]:
    return {
        p.name: p.stat().st_size
        for p in sorted(db.iterdir())
        if p.is_file() and not p.name.startswith(_VOLATILE)
    }


def _info_to_json(info: DatasetInfo) -> dict[str, Any]:
    data = asdict(info)
    for key in ("modified", "loaded_at"):
        data[key] = data[key].isoformat()
    return data


def _info_from_json(data: dict[str, Any], files: Sequence[Path], seconds: float) -> DatasetInfo:
    newest = max((p.stat().st_mtime for p in files), default=time.time())
    return DatasetInfo(
        files=tuple(data["files"]),
        graphs=tuple(data["graphs"]),
        triples=int(data["triples"]),
        default_graph_triples=int(data["default_graph_triples"]),
        graph_triples=tuple((g, int(n)) for g, n in data["graph_triples"]),
        version=data["version"],
        modified=datetime.fromtimestamp(int(newest), UTC),
        loaded_at=datetime.now(UTC).replace(microsecond=0),
        load_seconds=seconds,
    )


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        json.dump(data, out, indent=1)
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- building a generation --------------------------------------------------------------------


def _load_into(db: Path, files: Sequence[Path], expected: Fingerprint) -> dict[str, Any]:
    """Bulk-load the files into a new database; return the counts (runs in a child)."""
    store = ox.Store(str(db))
    for path, digest in zip(files, expected.digests, strict=True):
        data = rdf_input.read_bytes(path)
        ox_format = rdf_input.rdf_format(path)
        if load_checked(store, path, data, ox_format, bulk=True).hex() != digest:
            raise StoreBuildError(f"{path} changed while the store was being built; try again")
    counts = count_graphs(store)
    store.flush()
    store.optimize()
    del store  # closes the database: its files are final from here on
    return counts


def _build(
    root: Path, files: Sequence[Path], expected: Fingerprint, validator: Validator | None
) -> Path:
    """Build, validate and publish a new generation of `files` (as fingerprinted)."""
    started = time.perf_counter()
    build = Path(tempfile.mkdtemp(prefix="build-", dir=root))
    try:
        counts = in_child(lambda: _load_into(build / "db", files, expected))
        if validator is not None:
            log.info("validating %d files against the shapes before the swap", len(files))
            in_child(lambda: validator(files))  # pySHACL's memory goes with the child
        info = DatasetInfo(
            files=tuple(str(p) for p in files),
            version=expected.version,
            modified=datetime.now(UTC),
            loaded_at=datetime.now(UTC),
            load_seconds=time.perf_counter() - started,
            graphs=tuple(counts["graphs"]),
            triples=counts["triples"],
            default_graph_triples=counts["default_graph_triples"],
            graph_triples=tuple((g, n) for g, n in counts["graph_triples"]),
        )
        _write_json(
            build / MANIFEST,
            {
                "layout": LAYOUT_VERSION,
                "fingerprint": expected.to_json(),
                "info": _info_to_json(info),
                "db_files": _db_files(build / "db"),
                "built_seconds": round(time.perf_counter() - started, 3),
            },
        )
        _fsync_dir(build)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        generation = root / f"gen-{expected.key[:12]}-{stamp}"
        build.chmod(0o755)  # mkdtemp makes it private; replicas may run as another user
        build.rename(generation)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    _swap(root, generation)
    log.info(
        "built store %s: %d triples in %.1f s",
        generation.name,
        counts["triples"],
        time.perf_counter() - started,
    )
    return generation


def _swap(root: Path, generation: Path) -> None:
    """Point `current` at the generation atomically; keep the one before for running readers."""
    previous = _current_target(root)
    link = root / f".{CURRENT}.tmp"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(generation.name)
    link.replace(root / CURRENT)  # rename(2): readers see the old or the new, never neither
    _fsync_dir(root)
    keep = {generation.name} | ({previous.name} if previous else set())
    for entry in root.iterdir():
        stale = entry.name.startswith("gen-") and entry.name not in keep
        if (stale or entry.name.startswith("build-")) and entry.is_dir():
            # only gens two swaps old: a replica started before the last swap may still read
            # the previous one; builds are only ever in progress under the lock we hold
            shutil.rmtree(entry, ignore_errors=True)


def _current_target(root: Path) -> Path | None:
    link = root / CURRENT
    if not link.is_symlink():
        return None
    target = root / os.readlink(link)
    return target if target.is_dir() else None


# -- opening ------------------------------------------------------------------------------------


def _probe(db: Path) -> int:
    """Open read-only and count every quad (RocksDB checks block checksums while reading)."""
    store = ox.Store.read_only(str(db))
    return len(store)


def _check(root: Path, expected: Fingerprint) -> tuple[Path | None, dict[str, Any] | None, str]:
    """Return (generation, manifest, "") if `current` is intact and up to date, else a reason."""
    generation = _current_target(root)
    if generation is None:
        return None, None, "no store yet"
    try:
        manifest = json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None, "its manifest is missing or unreadable (damaged)"
    if manifest.get("layout") != LAYOUT_VERSION:
        return None, None, "it was written by another version"
    if manifest.get("fingerprint", {}).get("key") != expected.key:
        return None, None, "the source files changed"
    try:
        actual = _db_files(generation / "db")
    except OSError:
        actual = {}
    if actual != manifest.get("db_files"):
        return None, None, "its database files are missing or of the wrong size (damaged)"
    return generation, manifest, ""


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    with (root / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_or_build(
    root: Path, paths: Sequence[Path], validator: Validator | None = None
) -> Generation:
    """Return the store generation for these sources, building and swapping one in if needed.

    Unchanged sources: the existing generation is opened without parsing anything (checked:
    manifest, file sizes, and a read-only count of every quad). Changed or damaged: a new
    generation is built beside it, validated by `validator` (which raises `StoreBuildError`
    to refuse it), and swapped in; the old one stays in service until then.
    """
    started = time.perf_counter()
    root.mkdir(parents=True, exist_ok=True)
    files = rdf_files(*paths)
    with _locked(root):
        expected = fingerprint(files)
        generation, manifest, reason = _check(root, expected)
        if generation is not None and manifest is not None:
            try:
                count = in_child(lambda: _probe(generation / "db"))
            except StoreBuildError as error:
                count, reason = -1, f"it cannot be read ({error}) (damaged)"
            if count == manifest["info"]["triples"]:
                info = _info_from_json(manifest["info"], files, time.perf_counter() - started)
                log.info(
                    "opened store %s unchanged (%d triples) in %.2f s",
                    generation.name,
                    info.triples,
                    info.load_seconds,
                )
                return Generation(generation, info)
            reason = reason or f"it holds {count} quads, not {manifest['info']['triples']}"
        log.info("building a new store in %s: %s", root, reason)
        built = _build(root, files, expected, validator)
    manifest = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
    info = _info_from_json(manifest["info"], files, time.perf_counter() - started)
    return Generation(built, info)


def open_read_only(db: Path) -> ox.Store:
    """Open a generation's database read-only (in a query worker, after the fork)."""
    return ox.Store.read_only(str(db))
