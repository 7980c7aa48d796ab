"""Printing partial dates at exactly the precision the content gives."""

from __future__ import annotations

from briefing.model import PartialDate, SourceDate

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


def format_date(date: PartialDate) -> str:
    """17 May 2008, May 2008 or 2008: never a day or month the content did not give."""
    if date.day:
        return f"{date.day} {MONTHS[date.month - 1]} {date.year}"
    if date.month:
        return f"{MONTHS[date.month - 1]} {date.year}"
    return str(date.year)


def format_source_date(date: SourceDate) -> str:
    if date.date is None:
        return "date not stated"
    if date.inferred:
        return f"{format_date(date.date)} (inferred: {date.inferred})"
    return format_date(date.date)
