"""The units of a block's printed text, walked once for the rules that read them.

A unit is what is printed together as one statement: a paragraph, a list item, a key fact, a table row, a
person, a timeline entry, a figure in a panel, a callout; a chart's words and its caption.  Two rules read
units, each its own view of the same walk:

* `fidelity` (numbers and citations checked against the sources) reads `statement`: the words that state
  something, with dates spelled as the sources print them;
* `quoted` (quoted words without a citation of their own) reads `words`: everything printed in the unit,
  titles and notes included, compared with the sources the unit cites.

A view left empty means the rule has nothing to read there (a table's header states nothing; a chart's
caption is quoted-checked with the chart's other words).
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.dates import MONTHS
from briefing.diagnostics import Pos
from briefing.model import (
    Block,
    Callout,
    Chart,
    Cite,
    FiguresPanel,
    KeyFacts,
    ListBlock,
    Paragraph,
    PartialDate,
    People,
    RichText,
    Str,
    Table,
    Timeline,
    TimelineChart,
    cites_in,
)


@dataclass(frozen=True)
class TextUnit:
    pos: Pos
    statement: tuple[RichText, ...] = ()  # what it states (fidelity's view)
    words: tuple[RichText, ...] = ()  # everything printed in it (quoted's view)
    whole: bool = False  # one statement (a row, a fact) rather than running sentences
    carried: tuple[Cite, ...] = ()  # citations it is covered by without holding them: its table's or figure's caption's
    joiner: str = ". "  # between the parts of `statement`

    def sources(self) -> list[str]:
        """The sources the unit cites, its own first, then those it carries; each once."""
        cites = [c for t in self.words for c in cites_in(t)] + list(self.carried)
        return list(dict.fromkeys(r.source for c in cites for r in c.refs))


def _plain(*words: str) -> RichText:
    return tuple(Str(w) for w in words if w)


def when_words(date: PartialDate, inferred: str = "") -> str:
    """A date as words, so that checks see "May 2008" as the sources print it; an inferred date's year
    is the compilers' and is left out (the reason is kept, and marks the statement)."""
    if inferred:
        month = f"{MONTHS[date.month - 1]} " if date.month else ""
        return f"{month}(year {inferred})" if inferred.startswith("inferred") else f"{month}(year inferred: {inferred})"
    return f"{MONTHS[date.month - 1]} {date.year}" if date.month else str(date.year)


def text_units(block: Block) -> list[TextUnit]:
    """The block's units in reading order (a `quote:` block is none: it is checked word for word instead)."""
    if isinstance(block, Paragraph):
        return [TextUnit(block.pos, (block.text,), (block.text,))]
    if isinstance(block, ListBlock):
        return [TextUnit(block.pos, (item,), (item,)) for item in block.items]
    if isinstance(block, Callout):
        return [TextUnit(block.pos, (block.text,), (_plain(block.title), block.text))]
    if isinstance(block, KeyFacts):
        return [TextUnit(f.pos, (f.label, f.value), (f.label, f.value), whole=True) for f in block.facts]
    if isinstance(block, People):
        return [TextUnit(p.pos, (_plain(p.name), p.role), (_plain(p.name), p.role), whole=True) for p in block.people]
    if isinstance(block, Timeline):
        return [_timeline_entry(e.date, e.date_note, e.event, e.pos) for e in block.entries]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, FiguresPanel):
        return [TextUnit(f.pos, (_plain(f.value), f.label), (_plain(f.value), f.label), whole=True) for f in block.figures]
    if isinstance(block, Chart):
        caption = tuple(cites_in(block.caption))
        values = _plain(", ".join(f"{when_words(p.date) if p.date else p.x}: {p.shown}" for s in block.series for p in s.points))
        return [
            TextUnit(block.pos, (_plain(block.title), values, block.note), tuple(block.texts()), whole=True, carried=caption),
            TextUnit(block.pos, (block.caption,), carried=caption),
        ]
    if isinstance(block, TimelineChart):
        caption = tuple(cites_in(block.caption))
        notes = _plain(*(e.inferred for e in block.events))
        return [
            TextUnit(block.pos, (block.caption,), (*block.texts(), notes), carried=caption),
            *(
                TextUnit(e.pos, (_plain(when_words(e.date, e.inferred)), e.label), whole=True, carried=caption)
                for e in block.events
            ),
        ]
    return []


def _timeline_entry(date: PartialDate, note: str, event: RichText, pos: Pos) -> TextUnit:
    inferred = note if note.startswith("inferred") else ""
    when = when_words(date, inferred) + ("" if inferred or not note else f" ({note})")
    return TextUnit(pos, (_plain(when), event), (event, _plain(note)), whole=True)


def _table(block: Table) -> list[TextUnit]:
    """The caption (a statement), the header (words beside the caption's citations) and each row, which the
    caption's citations cover too."""
    caption = tuple(cites_in(block.caption))
    rows = [
        TextUnit(
            block.row_pos[i] if i < len(block.row_pos) else block.pos,
            tuple(row),
            tuple(row),
            whole=True,
            carried=caption,
            joiner=" | ",
        )
        for i, row in enumerate(block.rows)
    ]
    return [TextUnit(block.pos, (block.caption,)), TextUnit(block.pos, words=tuple(block.header), carried=caption), *rows]
