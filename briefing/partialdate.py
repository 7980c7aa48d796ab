"""Dates as sources give them: known to a day, a month or a year, never padded with invented parts."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class PartialDate:
    """A date known to a day, a month or a year; never padded with invented parts."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> Precision:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@dataclass(frozen=True)
class SourceDate:
    """A source's date: stated, inferred (with the reason), or unknown."""

    date: PartialDate | None = None
    inferred: str = ""  # the reason, when the date is worked out rather than stated

    @property
    def unknown(self) -> bool:
        return self.date is None


def date_span(date: PartialDate) -> tuple[float, float]:
    """The stretch of time a partial date covers, in months since year 0: a month-only date
    covers its month, a year-only date its whole year."""
    start = date.year * 12 + max(date.month - 1, 0)
    if not date.month:
        return float(start), float(start + 12)
    if not date.day:
        return float(start), float(start + 1)
    days = calendar.monthrange(date.year, date.month)[1]
    return start + (date.day - 1) / days, start + date.day / days
