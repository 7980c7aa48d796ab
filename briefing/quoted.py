"""Words in “quote marks” that carry no citation of their own: compared with the sources of their unit.

`check.inline_quotations_verbatim` compares quoted words with a source when the text they are in carries a
citation itself (a paragraph, a list item, the cell of a row that holds the row's marker).  Quoted words in a
key fact's label, another cell of the row, a person's name, a timeline entry's `inferred:` reason, a chart's
title or a chart event's label, or a callout's title sit beside that citation without one of their own, and were
compared with nothing.  `quoted_words_sourced` compares them with the sources their unit cites (the fact's,
the row's and its caption's, the entry's, the chart's caption's); words quoted in a section's title with any
of the pack's sources; words quoted in a source's `notes:` with that source's own text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from briefing.diagnostics import Diagnostic, Pos, warning
from briefing.locate import locate, words_pattern
from briefing.model import (
    Block,
    Callout,
    Chart,
    FiguresPanel,
    KeyFacts,
    Pack,
    People,
    RichText,
    Str,
    Table,
    Timeline,
    TimelineChart,
    cites_in,
    plain_text,
    walk_sections,
)
from briefing.quotes import find_quote
from briefing.sourcetexts import texts_of

if TYPE_CHECKING:
    from briefing.sourcetexts import CheckContext

_QUOTED = re.compile(r"“([^“”]+)”")

# A unit: the texts printed together as one statement, the sources it cites, where it is written.
Unit = tuple[list[RichText], list[str], Pos]


def _plain(*words: str) -> RichText:
    return tuple(Str(w) for w in words if w)


def _ids(texts: Iterable[RichText]) -> list[str]:
    return list(dict.fromkeys(r.source for t in texts for c in cites_in(t) for r in c.refs))


def _units(block: Block) -> list[Unit]:
    """The block's units whose texts may hold quoted words without a citation of their own."""
    if isinstance(block, KeyFacts):
        return [([f.label, f.value], _ids([f.label, f.value]), f.pos) for f in block.facts]
    if isinstance(block, People):
        return [([_plain(p.name), p.role], _ids([p.role]), p.pos) for p in block.people]
    if isinstance(block, Timeline):
        return [([e.event, _plain(e.date_note)], _ids([e.event]), e.pos) for e in block.entries]
    if isinstance(block, Table):
        caption = _ids([block.caption])
        rows = [(list(row), list(dict.fromkeys([*_ids(row), *caption])),
                 block.row_pos[i] if i < len(block.row_pos) else block.pos) for i, row in enumerate(block.rows)]
        return [(list(block.header), caption, block.pos), *rows]
    if isinstance(block, FiguresPanel):
        return [([_plain(f.value), f.label], _ids([f.label]), f.pos) for f in block.figures]
    if isinstance(block, Chart):
        return [(block.texts(), _ids([block.caption, block.note]), block.pos)]
    if isinstance(block, TimelineChart):
        notes = _plain(*(e.inferred for e in block.events))
        return [([*block.texts(), notes], _ids(block.texts()), block.pos)]
    if isinstance(block, Callout):
        return [([_plain(block.title), block.text], _ids([block.text]), block.pos)]
    return []  # paragraphs and list items carry their citations in their text; quotations are checked whole


def _misquote(quoted: str, texts: list[tuple[str, str, str]]) -> str:
    """'' when `quoted` is verbatim in one of the texts, else what to tell the user."""
    misses = []
    for source_id, name, text in texts:
        match = find_quote(quoted, text)
        if match.found:
            return ""
        misses.append((source_id, name, match.difference))
    source_id, name, difference = misses[0]
    return f"not found verbatim in source '{source_id}' ({name}): {difference}"


def _report(quoted: str, ids: list[str], pos: Pos, pack: Pack, ctx: CheckContext) -> Iterator[Diagnostic]:
    texts = texts_of(ids, pack, ctx)
    problem = _misquote(quoted, texts) if texts else ""
    if problem:
        short = quoted if len(quoted) <= 60 else quoted[:59].rstrip() + "…"
        yield warning(locate(pos, "“" + words_pattern(quoted)), f"quoted words “{short}” {problem}")


def quoted_words_sourced(pack: Pack, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Quoted words without a citation of their own must be verbatim in a source their unit cites."""
    everything = [s.id for s in pack.sources]
    for section in walk_sections(pack.sections):
        for quoted in _QUOTED.findall(section.title):
            yield from _report(quoted, everything, section.pos, pack, ctx)
        for block in section.blocks:
            for texts, ids, pos in _units(block):
                for text in texts:
                    if not ids or cites_in(text):
                        continue  # no sources to compare with, or checked with its own citation (check.py)
                    for quoted in _QUOTED.findall(plain_text(text)):
                        yield from _report(quoted, ids, pos, pack, ctx)
    for source in pack.sources:
        for quoted in _QUOTED.findall(source.notes):
            yield from _report(quoted, [source.id], source.pos, pack, ctx)
