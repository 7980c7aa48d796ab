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


_MONTHS = (
    {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
    | {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)


def written_date(value: str) -> str | None:
    """The ISO form of a date written in words in day-month-year or month-day-year order ('Sept 2008',
    '3 February 2010', 'February 3rd, 2010'), for a hint; None when it is not read so (figures only, such as
    03/02/2010, are left alone: the order of day and month cannot be told)."""
    words = value.replace(",", " ").replace(".", " ").split()
    month = [i for i, w in enumerate(words) if w.lower() in _MONTHS]
    numbers = [w.lower().removesuffix("st").removesuffix("nd").removesuffix("rd").removesuffix("th") for w in words]
    if len(month) != 1 or len(words) not in (2, 3) or not numbers[-1].isdigit() or len(numbers[-1]) != 4:
        return None
    rest = [n for i, n in enumerate(numbers[:-1]) if i != month[0]]
    year, month_number = int(numbers[-1]), _MONTHS[words[month[0]].lower()]
    if rest and not (rest[0].isdigit() and 1 <= int(rest[0]) <= calendar.monthrange(max(year, 1), month_number)[1]):
        return None
    iso = f"{year:04d}-{month_number:02d}"
    return f"{iso}-{int(rest[0]):02d}" if rest else iso
