"""Write the loaded data as gzip-compressed dumps with SHA-256 checksums, once per version.

The dumps are made from the data the server has loaded (the store's own dump,
`QueryStore.dump`, not the files), so they always agree with what /sparql answers. Turtle and
N-Triples hold every triple (named graphs merged), N-Quads and JSON-LD keep graph names. gzip
headers carry no time stamp, so the same data always gives the same bytes and the same
checksums.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from govsocial.endpoint.formats import GRAPHS, GraphFormat
from govsocial.endpoint.store.interface import QueryStore
from govsocial.graph.prefixes import PREFIXES
from govsocial.site.linkeddata import per_version

STEM = "govsocial"
CHECKSUMS = "SHA256SUMS"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class DumpFormat:
    """One dump file's syntax: a format of the endpoint's registry."""

    format: GraphFormat

    @property
    def suffix(self) -> str:
        return f".{self.rdf_format.file_extension}"

    @property
    def media_type(self) -> str:
        return self.format.media_type

    @property
    def label(self) -> str:
        return self.rdf_format.name

    @property
    def rdf_format(self) -> pyoxigraph.RdfFormat:
        return self.format.rdf_format

    @property
    def quads(self) -> bool:
        """False: named graphs are merged into one graph."""
        return self.rdf_format.supports_datasets


FORMATS: tuple[DumpFormat, ...] = tuple(
    DumpFormat(GRAPHS[key]) for key in ("turtle", "nt", "jsonld", "nquads")
)


@dataclass(frozen=True)
class DumpFile:
    """A written dump file, as the index page lists it."""

    name: str
    media_type: str
    label: str
    size: int
    sha256: str
    statements: int  # triples (or quads) it holds


def file_name(fmt: DumpFormat, label: str) -> str:
    """Return the published name of a dump of the data labelled `label` (its release, such as
    2026.12.0, or the start of its content hash): a file that is cited names what it holds."""
    return f"{STEM}-{label}{fmt.suffix}.gz"


def latest_name(fmt: DumpFormat) -> str:
    """Return the name without a version: a stable link that always leads to the current dump."""
    return f"{STEM}{fmt.suffix}.gz"


def label_of(version: str, release: str | None) -> str:
    """Return the label dumps are named by: the release, else the first 12 hex digits of the
    content hash (enough to tell versions apart; the whole hash is in VoID)."""
    return release or version[:12]


def _serialize(
    statements: list[pyoxigraph.Quad] | list[pyoxigraph.Triple], fmt: DumpFormat
) -> bytes:
    prefixes = (
        PREFIXES
        if fmt.rdf_format in (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.JSON_LD)
        else None
    )
    body = pyoxigraph.serialize(statements, format=fmt.rdf_format, prefixes=prefixes)
    assert body is not None  # bytes: no output was given
    return body


def build(store: QueryStore, folder: Path, label: str) -> list[DumpFile]:
    """Write every dump of the store's data (named by `label`), the checksum file and a manifest
    into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    # parse, not load into a store: a store renames blank nodes, and the dumps of one data
    # version must be byte-identical however often they are made (their checksums are published)
    quads = sorted(pyoxigraph.parse(store.dump(), format=pyoxigraph.RdfFormat.N_QUADS), key=str)
    triples = sorted({pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    files: list[DumpFile] = []
    for fmt in FORMATS:
        statements = quads if fmt.quads else triples
        packed = gzip.compress(_serialize(statements, fmt), compresslevel=9, mtime=0)
        name = file_name(fmt, label)
        per_version.write_atomically(folder / name, packed)
        files.append(
            DumpFile(
                name=name,
                media_type=fmt.media_type,
                label=fmt.label,
                size=len(packed),
                sha256=hashlib.sha256(packed).hexdigest(),
                statements=len(statements),
            )
        )
    sums = "".join(f"{f.sha256}  {f.name}\n" for f in files)  # the format `sha256sum -c` reads
    per_version.write_atomically(folder / CHECKSUMS, sums.encode())
    manifest = [f.__dict__ for f in files]
    per_version.write_atomically(folder / MANIFEST, json.dumps(manifest, indent=1).encode())
    return files


_build_lock = threading.Lock()


def ensure(store: QueryStore, label: str, base: Path | None = None) -> tuple[Path, list[DumpFile]]:
    """Return the folder and files of the store's data version's dumps, building them if
    missing."""
    folder = per_version.cache_dir(store.info.version, base) / "dumps" / label
    manifest = folder / MANIFEST
    with _build_lock:
        if not manifest.is_file():
            build(store, folder, label)
    files = [DumpFile(**entry) for entry in json.loads(manifest.read_text())]
    return folder, files
