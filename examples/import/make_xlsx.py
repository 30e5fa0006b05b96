"""Write example.xlsx from example.csv (run after editing the CSV; tests/importing checks that the
two hold the same rows): every cell is text, so that Excel keeps dates such as 2025-03 as typed."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent


def main() -> None:
    with (HERE / "example.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "claims"
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.number_format = "@"  # text: Excel would turn 2025-03 into a date
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, min(40, len(cell.value) + 4))
    sheet.freeze_panes = "A2"
    workbook.properties.creator = "govsocial-kg"
    workbook.save(HERE / "example.xlsx")


if __name__ == "__main__":
    main()
