"""Keep results computed from the whole graph once per data version.

VoID, dumps, ontology docs and landing-page counts depend only on the loaded data, so each is
computed at most once per data version and process (memory), and files go to
``var/cache/linkeddata/<version>/`` where every worker process finds them.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from govsocial.paths import project_root

T = TypeVar("T")

_lock = threading.Lock()
_memory: dict[tuple[str, str], object] = {}


def memoize(version: str, key: str, compute: Callable[[], T]) -> T:
    """Return the value cached for (``version``, ``key``), computing it on first use."""
    with _lock:
        if (version, key) in _memory:
            return _memory[(version, key)]  # type: ignore[return-value]
    value = compute()  # outside the lock: a slow computation must not block other keys
    with _lock:
        return _memory.setdefault((version, key), value)  # type: ignore[return-value]


def cache_dir(version: str, base: Path | None = None) -> Path:
    """Return (creating it) the cache folder of a data version."""
    folder = (base or project_root() / "var" / "cache" / "linkeddata") / version
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers never see a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
