"""The claims table (govsocial/graph/claims_table.py): the command, the download, its CSVW metadata,
read back by pandas with the types the codebook promises and checked by a CSVW validator."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from govsocial.endpoint.store.interface import QueryStore, term_text
from govsocial.graph.claims_table import NAMES, metadata, rows, safe_cell, table_command, to_csv

PANDAS_TYPES = {"anyURI": "string", "string": "string", "boolean": "boolean"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("table")
    result = CliRunner().invoke(table_command, ["--output", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _read(folder: Path) -> pd.DataFrame:
    """What the codebook tells a pandas user to type (README, "The claims table")."""
    described = json.loads((folder / "claims.csv-metadata.json").read_text(encoding="utf-8"))
    columns = described["tableSchema"]["columns"]
    return pd.read_csv(
        folder / "claims.csv",
        keep_default_na=False,
        na_values=[""],
        dtype={c["name"]: PANDAS_TYPES[c["datatype"]] for c in columns},
    )


def test_pandas_reads_the_table_with_the_codebooks_types(written: Path, project_root: Path) -> None:
    frame = _read(written)
    assert list(frame.columns) == list(NAMES)
    assert str(frame["date_inferred"].dtype) == "boolean"
    assert frame["claim"].notna().all() and frame["source_url"].notna().all()
    from govsocial.endpoint.store.local import LocalStore
    from govsocial.graph.paths import default_graph_files

    store = LocalStore(default_graph_files())
    [[decisions]] = [
        [
            int(term_text(r["n"]))
            for r in store.select(
                "SELECT (COUNT(DISTINCT ?d) AS ?n) "
                "{ ?d a <https://w3id.org/govsocial/ontology#PlatformDecision> }"
            )
        ]
    ]
    assert frame["claim"].nunique() == decisions  # every decision, with each of its evidence
    # a list column splits into codes of its vocabulary
    platforms = set(frame["platforms"].str.split(";").explode())
    assert {"x", "whatsapp", "tiktok", "bluesky"} <= platforms
    chemnitz = frame[frame["claim"].str.endswith("/chemnitz-x-stop-posting-2024-01")]
    assert len(chemnitz) >= 4 and set(chemnitz["date"]) == {"2024-01"}
    assert chemnitz["date_inferred"].all()


def test_a_csvw_validator_accepts_the_table(written: Path) -> None:
    import csvw

    checked = csvw.CSVW(
        str(written / "claims.csv"), md_url=str(written / "claims.csv-metadata.json"), validate=True
    )
    assert checked.is_valid
    [table] = checked.tables
    first = next(table.iterdicts())
    assert isinstance(first["platforms"], list) and isinstance(first["date_inferred"], bool)


def test_the_validator_refuses_a_broken_table(written: Path, tmp_path: Path) -> None:
    import csvw

    text = (written / "claims.csv").read_text(encoding="utf-8")
    (tmp_path / "claims.csv").write_text(text.replace(",true,", ",maybe,", 1), encoding="utf-8")
    (tmp_path / "claims.csv-metadata.json").write_bytes(
        (written / "claims.csv-metadata.json").read_bytes()
    )
    with warnings.catch_warnings():  # csvw counts invalid values by the warnings it records
        warnings.simplefilter("default")
        checked = csvw.CSVW(
            str(tmp_path / "claims.csv"),
            md_url=str(tmp_path / "claims.csv-metadata.json"),
            validate=True,
        )
        assert not checked.is_valid


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_a_cell_never_runs_as_a_formula(text: str) -> None:
    assert safe_cell(text) == "'" + text
    row = dict.fromkeys(NAMES, "")
    row["quotation"] = text
    [_header, written] = list(csv.reader(io.StringIO(to_csv([row]), newline="")))
    assert written[NAMES.index("quotation")] == "'" + text


def test_plain_text_stays_as_it_is() -> None:
    for text in ("Die Stadt verlässt X.", "„Wir gehen“", "X = Twitter", "#WissXit"):
        assert safe_cell(text) == text


def test_the_download_is_the_commands_table(client: FlaskClient, project_store: QueryStore) -> None:
    response = client.get("/table/claims.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'rel="describedby"' in response.headers["Link"]
    assert response.get_data(as_text=True) == to_csv(rows(project_store))
    described = client.get("/table/claims.csv-metadata.json")
    assert described.mimetype == "application/csvm+json"
    assert described.get_json() == metadata(project_store.info.version)
    assert "/table/claims.csv" in client.get("/summary").get_data(as_text=True)
