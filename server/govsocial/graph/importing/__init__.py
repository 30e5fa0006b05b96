"""Import coding sheets (one row per claim, CSV or XLSX) as canonical per-source Turtle.

`sheet` reads rows safely (with `csvsheet`, `xlsxsheet`, `limits`); `columns` is the codebook
(`codebook` its CSVW form); `rows` checks one row; `plan` mints IRIs and puts rows together
(`describe` gives each node's triples, `nodes` settles them against each other and the data,
`context` holds the data and vocabularies); `writer` writes canonical Turtle; `shacl` validates
the would-be data; `run` does it all in order and `command` is `govsocial import`.
docs/IMPORT.md is the user's guide and codebook.
"""

from __future__ import annotations

from govsocial.graph.importing.problems import ImportRefused, Problem, SheetError
from govsocial.graph.importing.run import Outcome, import_sheet

__all__ = ["ImportRefused", "Outcome", "Problem", "SheetError", "import_sheet"]
