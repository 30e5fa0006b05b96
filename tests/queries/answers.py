"""The exact answers of the competency queries over the live data (22 on), as committed tables.

`tests/queries/answers/NN.tsv` is query NN's answer on data/, one row per solution, IRIs of the
project shortened to their local names, list cells (GROUP_CONCAT) sorted so that the file does
not depend on an engine's order. When data/ grows on purpose, review the new answer and rewrite
the files:

    .venv/bin/python tests/queries/answers.py --write

(the diff is then the answer's change, to read like any other).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pyoxigraph

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
ANSWERS = Path(__file__).resolve().parent / "answers"
PROJECT = "https://w3id.org/govsocial/"
LIVE = [f"{n:02d}" for n in range(22, 30)]
# the list cells of each query, with their separators
LISTS: dict[str, dict[str, str]] = {
    "22": {"actions": ", ", "sources": " "},
    "23": {"reasons": ", ", "sources": " "},
    "24": {"bodyNames": "; "},
    "25": {"bodyNames": "; "},
    "26": {"purposes": ", ", "sources": " "},
    "28": {"declarationSources": " "},
}


def query_text(number: str) -> str:
    [path] = sorted(QUERIES.glob(f"{number}-*.rq"))
    return path.read_text(encoding="utf-8")


def load_store() -> pyoxigraph.Store:
    sys.path.insert(0, str(ROOT / "server"))
    from govsocial.endpoint.rdf_input import rdf_files, rdf_format

    store = pyoxigraph.Store()
    for path in rdf_files(ROOT / "ontology", ROOT / "data"):
        store.load(path=str(path), format=rdf_format(path))
    return store


def _cell(term: object) -> str:
    if term is None:
        return ""
    value = str(getattr(term, "value", term))
    return value.rsplit("/", 1)[-1] if value.startswith(PROJECT + "id/") else value


def answer(store: pyoxigraph.Store, number: str) -> list[list[str]]:
    """Query NN's rows over the store, as the committed table writes them (header first)."""
    result = store.query(query_text(number))
    names = [variable.value for variable in result.variables]
    lists = LISTS.get(number, {})
    rows = [names]
    for solution in result:
        row = []
        for name in names:
            text = _cell(solution[name])
            if name in lists and text:
                text = lists[name].join(sorted(text.split(lists[name])))
            row.append(text)
        rows.append(row)
    return rows


def to_tsv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\n").writerows(rows)
    return out.getvalue()


def committed(number: str) -> list[list[str]]:
    text = (ANSWERS / f"{number}.tsv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text), delimiter="\t"))


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: tests/queries/answers.py --write")
    live = load_store()
    for number in LIVE:
        (ANSWERS / f"{number}.tsv").write_text(to_tsv(answer(live, number)), encoding="utf-8")
        print(f"wrote {ANSWERS / f'{number}.tsv'}")
