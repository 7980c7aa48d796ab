"""Variants: which parts of a pack a given output carries.

`full` is everything.  `summary` is the handout: the content marks what
belongs in it with `summary: true` on sections, subsections or blocks (`summary: only` for a block
written for the handout alone).  A
marked section brings all its blocks unless some of them are marked, in
which case it brings only those; an unmarked section contributes only its
marked blocks and subsections.
"""

from __future__ import annotations

from dataclasses import replace

from briefing.model import Pack, Section


def _has_marks(section: Section) -> bool:
    return any(b.summary for b in section.blocks) or any(s.summary or _has_marks(s) for s in section.sections)


def _select(section: Section, inherited: bool) -> Section | None:
    marked_blocks = any(b.summary for b in section.blocks)
    take_all = (section.summary or inherited) and not marked_blocks
    blocks = tuple(b for b in section.blocks if take_all or b.summary)
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
        return replace(section, blocks=subs[0].blocks, sections=(), handout_only=frozenset())
    return replace(section, blocks=blocks, sections=tuple(subs))


def _without_handout_only(section: Section) -> Section:
    blocks = tuple(b for i, b in enumerate(section.blocks) if i not in section.handout_only)
    return replace(section, blocks=blocks, sections=tuple(_without_handout_only(s) for s in section.sections),
                   handout_only=frozenset())


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
