"""Read and print the partial dates of decisions: a day, a month or a year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# ISO 8601 lexical forms of xsd:date, xsd:gYearMonth and xsd:gYear (a time zone, if any, is
# ignored: positions are compared by calendar day)
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a day, a month or a year; ordered by the first day of its period."""

    start: date
    precision: str  # "day", "month" or "year" (the vocab/date-precision concepts)

    @classmethod
    def parse(cls, text: str) -> PartialDate | None:
        """Read `2024-02-02`, `2024-02` or `2024` (leading part of a literal); None otherwise."""
        match = _PARTIAL.match(text.strip())
        if not match:
            return None
        year, month, day = match.groups()
        try:
            start = date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            return None
        precision = "day" if day else "month" if month else "year"
        return cls(start, precision)

    @property
    def iso(self) -> str:
        """Return the value at its own precision, for `<time datetime>`: 2024, 2024-02, ..."""
        full = self.start.isoformat()
        return {"day": full, "month": full[:7], "year": full[:4]}[self.precision]

    @property
    def label(self) -> str:
        """Return the value for people, never more precise than known: "February 2024"."""
        if self.precision == "year":
            return str(self.start.year)
        month = f"{MONTHS[self.start.month - 1]} {self.start.year}"
        return month if self.precision == "month" else f"{self.start.day} {month}"


def parse_day(text: str | None) -> date | None:
    """Read a `YYYY-MM-DD` form value (the matrix's as-of day); None if empty; ValueError if bad."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    if not _DAY.match(text):
        raise ValueError(f"not a day in the form YYYY-MM-DD: {text!r}")
    return date.fromisoformat(text)
