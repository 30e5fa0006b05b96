"""The bounds a coding sheet must keep, so that any file gives an answer in bounded time and
memory (docs/IMPORT.md, "Limits"). A real sheet is far inside them."""

from __future__ import annotations

MAX_ROWS = 10_000  # data rows, not counting the header; counted while reading
MAX_COLUMNS = 64  # the codebook has fewer than 30 columns
MAX_CELL = 32_767  # characters in a cell: Excel's own limit
MAX_FILE_BYTES = 64 * 1024 * 1024  # a CSV file or an XLSX archive on disk
MAX_LINE_BYTES = 2 * 1024 * 1024  # one physical line of a CSV file
# XLSX is a zip archive: what it would inflate to is checked before anything is inflated
MAX_UNPACKED_BYTES = 128 * 1024 * 1024  # all parts together
MAX_RATIO = 100  # inflated size / stored size of a part larger than RATIO_FROM_BYTES
RATIO_FROM_BYTES = 1024 * 1024
MAX_PARTS = 1_000
MAX_LISTED = 20  # problems of one kind listed before "and N more"
