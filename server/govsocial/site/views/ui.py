"""The query UI: YASGUI from our package, our endpoint preselected, competency queries as tabs."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, current_app, render_template, request

from govsocial.graph.paths import queries_dir
from govsocial.site.linkeddata.routes import base_iri

bp = Blueprint("ui", __name__)

QUESTION_PREFIX = "# Question:"
_lock = threading.Lock()
_loaded: dict[tuple[str, tuple[tuple[str, float], ...]], tuple[Example, ...]] = {}


@dataclass(frozen=True)
class Example:
    """A competency query shown as a named tab: the name is its `# Question:` line."""

    name: str
    query: str
    file: str


def read_example(path: Path) -> Example:
    """Read one `.rq` file; its tab name is the question, else the file name."""
    text = path.read_text(encoding="utf-8")
    name = next(
        (
            line[len(QUESTION_PREFIX) :].strip()
            for line in text.splitlines()
            if line.startswith(QUESTION_PREFIX)
        ),
        path.stem,
    )
    return Example(name=name or path.stem, query=text, file=path.name)


def load_examples(folder: Path) -> tuple[Example, ...]:
    """Return the examples of `folder` in file-name order, re-read only when a file changes."""
    files = sorted(folder.glob("*.rq")) if folder.is_dir() else []
    key = (str(folder), tuple((p.name, p.stat().st_mtime) for p in files))
    with _lock:
        if key not in _loaded:
            _loaded.clear()
            _loaded[key] = tuple(read_example(p) for p in files)
        return _loaded[key]


def examples_folder() -> Path:
    """Return the folder of the example queries (`QUERIES_DIR`, default the project's)."""
    configured = current_app.config.get("QUERIES_DIR")
    return Path(configured) if configured else queries_dir()


@bp.get("/ui")
def ui_page() -> str:
    """Render YASGUI; `?query=...` (YASGUI's own share links) opens a tab with that query."""
    examples = load_examples(examples_folder())
    endpoint = request.url_root.rstrip("/") + "/sparql"
    payload = [{"name": e.name, "query": e.query} for e in examples]
    # a new set of examples gets fresh browser storage, so edited old tabs never shadow it
    version = hashlib.sha256(json.dumps([endpoint, payload], sort_keys=True).encode()).hexdigest()[
        :12
    ]
    config = {
        "endpoint": endpoint,
        "base": base_iri(),
        "root": request.script_root,
        "examples": payload,
        "persistenceId": f"govsocial-ui-{version}",
    }
    return render_template(
        "views/ui.html",
        examples=examples,
        config=config,
        shared_query=request.args.get("query"),
        endpoint=endpoint,
        active_nav="ui",
    )
