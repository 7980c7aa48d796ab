"""A plain-text cover note to paste into an e-mail body, wrapped at 72 columns.

The subject line leads with the handling marking when there is one (the
marking belongs in the subject too); the body gives the summary points and
key figures as plain text (no note markers) and names the attachment.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Callable
from pathlib import Path

from briefing.dates import format_date
from briefing.model import FiguresPanel, KeyFacts, ListBlock, Pack, Paragraph, RichText, Section, walk_sections
from briefing.resolve import Resolved, resolve
from briefing.variants import full_sections, summary_sections

WIDTH = 72


def one_line(value: str) -> str:
    """A value as one line of plain text: every line break and run of white space one space, and no control,
    format or direction character (a title cannot add a header line such as 'Bcc:' to the note, and U+202E
    cannot make "0001" show as "1000")."""
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in value if unicodedata.category(c) != "Cf")
    return " ".join(kept.split())


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    return textwrap.wrap(one_line(text), WIDTH, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False) or [
        first.rstrip()
    ]


def _points(sections: tuple[Section, ...], plain_text: Callable[[RichText], str]) -> list[str]:
    """The first list among the summary sections: the points a reader must leave with."""
    for section in walk_sections(sections):
        for block in section.blocks:
            if isinstance(block, ListBlock):
                return [plain_text(item) for item in block.items]
    for section in walk_sections(sections):
        return [plain_text(b.text) for b in section.blocks if isinstance(b, Paragraph)]
    return []


def _figures(sections: tuple[Section, ...], plain_text: Callable[[RichText], str]) -> list[tuple[str, str]]:
    """The first key-figures panel or key-facts table among the summary sections."""
    for section in walk_sections(sections):
        for block in section.blocks:
            if isinstance(block, FiguresPanel):
                return [(one_line(f.value), one_line(plain_text(f.label))) for f in block.figures]
            if isinstance(block, KeyFacts):
                return [(one_line(plain_text(f.label)), one_line(plain_text(f.value))) for f in block.facts]
    return []


def subject_line(pack: Pack) -> str:
    m = pack.meta
    marking = f"{one_line(m.marking).upper()}: " if one_line(m.marking) else ""
    return one_line(f"{marking}{m.title} (briefing, as at {format_date(m.as_at)})")


def _words(pack: Pack, summary: bool) -> Callable[[RichText], str]:
    """Plain words with cross-references as the attached PDF prints them ("section 8 of the full pack"
    from a handout), never empty."""
    sections = summary_sections(pack) if summary else full_sections(pack)
    resolved: Resolved = resolve(pack, sections or pack.sections, sources_section=not summary)
    return resolved.words


def cover_note(pack: Pack, attachment: Path, variant: str = "full") -> str:
    m = pack.meta
    sections = summary_sections(pack) or pack.sections
    plain_text = _words(pack, variant == "summary")
    size_kb = max(1, round(attachment.stat().st_size / 1024)) if attachment.exists() else 0
    lines = [f"Subject: {subject_line(pack)}", ""]
    intro = (
        f"Please find attached the briefing pack “{one_line(m.title)}”, version {one_line(m.version)}, "
        f"correct as at {format_date(m.as_at)}"
    )
    intro += f", prepared for {one_line(m.audience)}." if one_line(m.audience) else "."
    lines += _wrap(intro)
    points = _points(sections, plain_text)
    if points:
        lines += ["", "Summary"]
        for i, point in enumerate(points, 1):
            lines += _wrap(point, f"{i}. ".ljust(4), "    ")
    figures = _figures(sections, plain_text)
    if figures:
        lines += ["", "Key figures"]
        for label, value in figures:
            lines += _wrap(f"{label}: {value}", "- ", "  ")
    lines += ["", "Every statement in the attachment is footnoted to its source; the sources are listed in full at the end."]
    lines = lines[:-1] + _wrap(lines[-1])
    lines += ["", f"Attachment: {one_line(attachment.name)} ({size_kb} KB)"]
    if one_line(m.marking):
        lines += ["", f"Handling: {one_line(m.marking).upper()}"]
    return "\n".join(lines) + "\n"
