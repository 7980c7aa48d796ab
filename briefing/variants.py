"""Variants: which parts of a pack a given output carries.

`full` is everything.  `summary` is the handout: the content marks what
belongs in it with `summary: true` on sections, subsections or blocks (`summary: only` for a block
written for the handout alone, `summary: false` for one that never goes in).  A
marked section brings all its blocks (but those marked `false`) unless some of them are marked, in
which case it brings only those, and `handout_warnings` says which it left out; an unmarked section
contributes only its marked blocks and subsections.  The handout may take at most HANDOUT_PAGES pages:
the renderer refuses a longer one, naming the block that runs past them.
"""

from __future__ import annotations

from dataclasses import replace

from briefing.diagnostics import BriefingError, Diagnostic, Diagnostics, Pos, error, warning
from briefing.model import Pack, Section, Source
from briefing.references import compact_details, short_reference

HANDOUT_PAGES = 2  # the README's promise: a handout of at most two pages


def _has_marks(section: Section) -> bool:
    return any(b.summary for b in section.blocks) or any(s.summary or _has_marks(s) for s in section.sections)


def _select(section: Section, inherited: bool) -> Section | None:
    marked_blocks = any(b.summary for b in section.blocks)
    take_all = (section.summary or inherited) and not marked_blocks
    blocks = tuple(b for i, b in enumerate(section.blocks) if (take_all and i not in section.handout_never) or b.summary)
    children_marked = any(s.summary or _has_marks(s) for s in section.sections)
    subs = []
    for sub in section.sections:
        chosen = _select(sub, (section.summary or inherited) and not children_marked and not marked_blocks)
        if chosen is not None:
            subs.append(chosen)
    if not blocks and not subs:
        return None
    if not blocks and len(subs) == 1 and not subs[0].sections:
        # A handout section that would hold one subsection and nothing else takes its content directly.
        return replace(section, blocks=subs[0].blocks, sections=(), handout_only=frozenset(), handout_never=frozenset())
    return replace(section, blocks=blocks, sections=tuple(subs), handout_never=frozenset())


def _without_handout_only(section: Section) -> Section:
    blocks = tuple(b for i, b in enumerate(section.blocks) if i not in section.handout_only)
    return replace(
        section, blocks=blocks, sections=tuple(_without_handout_only(s) for s in section.sections), handout_only=frozenset()
    )


def full_sections(pack: Pack) -> tuple[Section, ...]:
    """Everything except blocks marked `summary: only` (written for the handout alone)."""
    return tuple(_without_handout_only(s) for s in pack.sections)


def summary_sections(pack: Pack) -> tuple[Section, ...]:
    out = []
    for section in pack.sections:
        chosen = _select(section, False)
        if chosen is not None:
            out.append(chosen)
    return tuple(out)


def _dropping(section: Section, inherited: bool) -> list[Diagnostic]:
    """A warning for each handout section whose marked blocks push out blocks nobody marked (as _select walks)."""
    out = []
    marked = [b for b in section.blocks if b.summary]
    taken = section.summary or inherited
    if taken and marked:
        dropped = [b for i, b in enumerate(section.blocks) if not b.summary and i not in section.handout_never]
        if dropped:
            lines = ", ".join(str(b.pos.line) for b in dropped)
            plural = "s" if len(dropped) != 1 else ""
            others = f"{len(dropped)} other block{plural} (line{plural} {lines})"
            out.append(
                warning(
                    marked[0].pos,
                    f"section '{section.title}' is in the handout, but because this block is "
                    f"marked 'summary', only its marked blocks are: the handout leaves out "
                    f"{others}; mark each 'summary: true' to keep it, or 'summary: false' "
                    "to leave it out",
                )
            )
    children_marked = any(s.summary or _has_marks(s) for s in section.sections)
    for sub in section.sections:
        out += _dropping(sub, taken and not children_marked and not marked)
    return out


def handout_warnings(pack: Pack, out: Diagnostics) -> None:
    """What the handout leaves out that its author may not expect (one `summary: only` block in a `summary: true`
    section takes the place of every unmarked block of that section)."""
    for section in pack.sections:
        out.extend(_dropping(section, False))


def _handout_entry(source: Source, short: str) -> str:
    """ "Short form, publisher, date", the publisher left out when the short form already names it."""
    details = compact_details(source)
    publisher = source.publisher.strip()
    if publisher and details.startswith(publisher + ", ") and publisher.casefold() in short.casefold():
        details = details[len(publisher) + 2 :]
    return f"{short}, {details}"


def handout_source_entries(sources: list[Source]) -> list[str]:
    """The handout's one-line source list: no entry twice.  Sources that would print alike are told apart by
    their titles; any still alike (the same title, publisher and date) are one entry."""
    entries = [_handout_entry(s, short_reference(s)) for s in sources]
    seen: dict[str, int] = {}
    for e in entries:
        seen[e] = seen.get(e, 0) + 1
    entries = [
        _handout_entry(s, short_reference(replace(s, short=""))) if seen[e] > 1 else e
        for s, e in zip(sources, entries, strict=True)
    ]
    return list(dict.fromkeys(entries))


def refuse_long_handout(limited: bool, pages: int, pos: Pos) -> None:
    """A handout held to HANDOUT_PAGES that ran past them: a BriefingError at the first block past them (`pos`)."""
    if limited and pages > HANDOUT_PAGES:
        raise BriefingError([handout_overflow(pages, pos)])


def handout_overflow(pages: int, pos: Pos) -> Diagnostic:
    """The handout ran past its pages: an error at the first block that does not fit, never a long handout."""
    return error(
        pos,
        f"the summary handout would take {pages} pages, more than its {HANDOUT_PAGES}: from this block "
        f"on it runs past page {HANDOUT_PAGES}; mark fewer blocks or sections 'summary: true' (or "
        "'summary: false' on a block of a marked section), or shorten them",
    )
