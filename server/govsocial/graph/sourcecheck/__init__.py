"""Check data/ against a folder of source texts kept outside the repository.

The full texts the statements quote may not be committed (the project keeps quotations short),
so these checks cannot be tests: `govsocial check-sources --sources DIR` runs them against a
folder holding the reading notes (README.md, further-sources.md) and the full texts, and CI runs
it with ../shared/sources. What is checked is in `checks`; which texts, in `audit`.
"""

from __future__ import annotations

from govsocial.graph.sourcecheck.audit import PROJECT_TEXTS, FullText
from govsocial.graph.sourcecheck.checks import (
    Mismatch,
    Report,
    check,
    normalise,
    quotations,
    sentences,
)
from govsocial.graph.sourcecheck.folder import NOTES, SourceFolder, SourceFolderError

__all__ = [
    "NOTES",
    "PROJECT_TEXTS",
    "FullText",
    "Mismatch",
    "Report",
    "SourceFolder",
    "SourceFolderError",
    "check",
    "normalise",
    "quotations",
    "sentences",
]
