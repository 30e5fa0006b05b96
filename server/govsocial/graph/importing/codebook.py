"""The codebook in its machine-readable form: W3C CSV on the Web (CSVW) metadata for a sheet.

`python -m govsocial.graph.importing.codebook > examples/import/example.csv-metadata.json` writes it
(tests/importing checks the shipped file is current and that a CSVW validator, the `csvw`
package, accepts the example sheet with it). It says what a CSVW tool can check of a row: the
columns, which are required, the allowed concept names and date forms, the `;` lists. What
needs the whole graph (registry references, minting, rows that must agree, SHACL) is the
importer's, in Python: CSVW has no way to say it (docs/IMPORT.md, "Why code, and CSVW").
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from govsocial.graph import paths
from govsocial.graph.importing.columns import COLUMNS, INFERABLE, LIST_SEPARATOR
from govsocial.graph.importing.context import Concept, vocabularies

DATE_FORMAT = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
FORMATS = {
    "source_url": r"^https?://[^\s<>\"{}|\\^`]+$",
    "source_date": DATE_FORMAT,
    "date": DATE_FORMAT,
    "body_country": r"^[A-Za-z]{2}$",
    "body_state": r"^([A-Za-z]{2}-)?[A-Za-z0-9]{1,3}$",
    "source_language": r"^(de|en|fr|it)$",
    "quotation_language": r"^(de|en|fr|it)$",
}


def _one_of(names: list[str], spaced: bool) -> str:
    space = " *" if spaced else ""
    return f"^{space}(" + "|".join(re.escape(name) for name in names) + f"){space}$"


def metadata(vocab: dict[str, dict[str, Concept]], url: str = "example.csv") -> dict[str, object]:
    """Return the CSVW metadata of a coding sheet (comma-separated UTF-8, header row)."""
    columns = []
    for column in COLUMNS:
        described: dict[str, object] = {
            "name": column.name,
            "titles": column.name,
            "required": column.required,
            "dc:description": column.what,
        }
        pattern = FORMATS.get(column.name)
        if column.scheme:
            pattern = _one_of(list(vocab.get(column.scheme, {})), column.multiple)
            described["dc:conformsTo"] = f"https://w3id.org/govsocial/vocab/{column.scheme}"
        elif column.name == "inferred":
            pattern = _one_of(list(INFERABLE), True)
        described["datatype"] = {"base": "string", **({"format": pattern} if pattern else {})}
        if column.multiple:
            described["separator"] = LIST_SEPARATOR
        columns.append(described)
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": url,
        "dc:title": "govsocial-kg coding sheet: one row per claim",
        "dc:description": "The codebook of `govsocial import` (docs/IMPORT.md): a sheet of "
        "claims, each resting on one sentence of one source document.",
        "dialect": {"header": True, "encoding": "utf-8", "delimiter": ",", "trim": True},
        "tableSchema": {"columns": columns},
    }


def main() -> None:
    vocab = vocabularies(Path(paths.ontology_dir()))
    json.dump(metadata(vocab), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
