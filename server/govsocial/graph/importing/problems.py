"""What goes wrong in an import, said the way a spreadsheet user finds it: row, column, fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing to fix. `row` is the row number the spreadsheet shows (the header is row 1);
    None for the sheet as a whole. `column` is the codebook's column name, or None."""

    row: int | None
    column: str | None
    message: str
    cell: str | None = None  # "K4" in an Excel workbook, where known

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}" + (f" (cell {self.cell})" if self.cell else ""))
        return f"{', '.join(where)}: {self.message}" if where else self.message


class SheetError(Exception):
    """The sheet cannot be read (format, encoding, size, formulas): nothing is imported."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = list(problems)


class ImportRefused(Exception):
    """The sheet was read but is not valid: every problem found, nothing written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
