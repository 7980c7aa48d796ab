"""How a source is written in a note and in the sources list: one reference style for the pack.

Full form (first note citing a source):
    Author, “Title” (kind, publisher, date) <address>, accessed date.
Short form (later notes): the source's `short` name, or its title cut to a few words.
Ibid. only when the previous note on the same page cites the same single source;
that decision needs the page, so the render stage makes it (as biblatex does).
"""

from __future__ import annotations

from briefing.dates import format_date, format_source_date
from briefing.model import Source

UNKNOWN = "unknown"


def _known(value: str) -> bool:
    return bool(value) and value.strip().lower() != UNKNOWN


def full_reference(source: Source) -> str:
    """The full reference without its address (the address is printed as a link beside it)."""
    parts = []
    if _known(source.author):
        parts.append(f"{source.author}, ")
    parts.append(f"“{source.title}”")
    details = [d for d in (source.kind,) if d]
    details.append(source.publisher if _known(source.publisher) else "publisher not stated")
    details.append(format_source_date(source.date))
    parts.append(f" ({', '.join(details)})")
    return "".join(parts)


def compact_details(source: Source) -> str:
    """Publisher and date only, for a handout's one-line source list."""
    if not _known(source.publisher) and source.date.unknown:
        return "publisher and date not stated"
    publisher = source.publisher if _known(source.publisher) else "publisher not stated"
    return f"{publisher}, {format_source_date(source.date)}"


def accessed(source: Source, sentence_start: bool = False) -> str:
    """ "accessed 1 November 2026"; with a capital A when it starts a sentence (the month keeps its own)."""
    if not source.accessed:
        return ""
    return f"{'Accessed' if sentence_start else 'accessed'} {format_date(source.accessed)}"


def short_reference(source: Source) -> str:
    if source.short:
        return source.short
    words = source.title.split()
    if len(words) <= 6:
        return f"“{source.title}”"
    return f"“{' '.join(words[:5])} …”"


def with_locator(text: str, locator: str) -> str:
    return f"{text}, {locator}" if locator else text
