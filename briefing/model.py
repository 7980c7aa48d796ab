"""Stage 2's output: the typed, immutable document tree.

The tree knows nothing about pages, fonts or ReportLab (Pandoc's AST, not a
layout).  Every node keeps the `Pos` it came from so later stages can report
problems against the user's YAML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Literal, Union

from briefing.diagnostics import Pos
from briefing.partialdate import PartialDate as PartialDate
from briefing.partialdate import Precision as Precision
from briefing.partialdate import SourceDate as SourceDate
from briefing.partialdate import date_span as date_span
from briefing.richtext import Cite as Cite
from briefing.richtext import CiteRef as CiteRef
from briefing.richtext import Emph as Emph
from briefing.richtext import Inline as Inline
from briefing.richtext import RichText as RichText
from briefing.richtext import Str as Str
from briefing.richtext import Strong as Strong
from briefing.richtext import XRef as XRef
from briefing.richtext import cites_in as cites_in
from briefing.richtext import map_inline as map_inline
from briefing.richtext import plain_text as plain_text

# The inline text and dates live in richtext.py and partialdate.py; they are named here too, so the model is
# one import for its readers.

# ---------------------------------------------------------------- pack, sources


@dataclass(frozen=True)
class PackMeta:
    id: str
    title: str
    short_title: str
    subtitle: str
    version: str
    as_at: PartialDate
    prepared_by: str
    contact: str
    audience: str
    marking: str
    language: str
    style: str
    keywords: tuple[str, ...]
    editorial_note: RichText
    do_not_print: tuple[str, ...]
    pos: Pos
    hyphenation: tuple[str, ...] = ()  # the pack's own word breaks, TeX style: "ac-com-mo-da-tion"; no hyphen: never


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    title: str
    short: str
    author: str
    publisher: str
    date: SourceDate
    url: str
    accessed: PartialDate | None
    text: str
    notes: str
    pos: Pos
    text_pos: Pos | None = None


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Paragraph:
    text: RichText
    pos: Pos
    summary: bool = False


@dataclass(frozen=True)
class ListBlock:
    items: tuple[RichText, ...]
    ordered: bool
    pos: Pos
    summary: bool = False


@dataclass(frozen=True)
class Quote:
    text: RichText
    speaker: str
    role: str
    cite: Cite
    pos: Pos
    summary: bool = False
    text_pos: Pos | None = None


@dataclass(frozen=True)
class KeyFact:
    label: RichText
    value: RichText
    pos: Pos


@dataclass(frozen=True)
class KeyFacts:
    facts: tuple[KeyFact, ...]
    pos: Pos
    summary: bool = False


@dataclass(frozen=True)
class Table:
    caption: RichText
    header: tuple[RichText, ...]
    rows: tuple[tuple[RichText, ...], ...]
    widths: tuple[float, ...]
    pos: Pos
    summary: bool = False
    row_pos: tuple[Pos, ...] = ()
    number: int = 0  # "Table 1": set by resolve for a table with a caption, in reading order


@dataclass(frozen=True)
class TimelineEntry:
    date: PartialDate
    date_note: str  # e.g. "year inferred: ..." printed after the date
    event: RichText
    pos: Pos


@dataclass(frozen=True)
class Timeline:
    entries: tuple[TimelineEntry, ...]
    pos: Pos
    summary: bool = False


@dataclass(frozen=True)
class Person:
    name: str
    role: RichText
    pos: Pos


@dataclass(frozen=True)
class People:
    people: tuple[Person, ...]
    pos: Pos
    summary: bool = False


@dataclass(frozen=True)
class Callout:
    title: str
    text: RichText
    pos: Pos
    summary: bool = False


Block = Union[
    Paragraph, ListBlock, Quote, KeyFacts, Table, Timeline, People, Callout, "FiguresPanel", "Chart", "TimelineChart", "Image"
]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]
    pos: Pos
    summary: bool = False
    # Indexes into `blocks` of blocks marked `summary: only`: printed in the handout, not the full pack.
    handout_only: frozenset[int] = frozenset()
    # Indexes into `blocks` of blocks marked `summary: false`: never in the handout, even from a marked section.
    handout_never: frozenset[int] = frozenset()
    number: str = ""  # "3.2": set by resolve for the sections an output prints
    title_pos: Pos | None = None  # where the title is written: an error in the heading or its contents entry is shown there

    @property
    def level(self) -> int:
        return self.number.count(".") + 1


@dataclass(frozen=True)
class Pack:
    meta: PackMeta
    sources: tuple[Source, ...]
    sections: tuple[Section, ...]
    root: str  # the content directory, as given
    files: tuple[str, ...] = ()  # the YAML files the pack was read from (pack.yaml, sources, sections), resolved


def block_texts(block: Block) -> list[RichText]:
    """Every piece of rich text in a block, in reading order."""
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, ListBlock):
        return list(block.items)
    if isinstance(block, Quote):
        return [block.text, (block.cite,)]
    if isinstance(block, KeyFacts):
        return [t for f in block.facts for t in (f.label, f.value)]
    if isinstance(block, Table):
        return [block.caption, *block.header, *(cell for row in block.rows for cell in row)]
    if isinstance(block, Timeline):
        return [e.event for e in block.entries]
    if isinstance(block, People):
        return [p.role for p in block.people]
    if isinstance(block, (FiguresPanel, Chart, TimelineChart, Image)):
        return block.texts()
    return [block.text]


def last_worded(cells: tuple[RichText, ...]) -> int:
    """The index of the last cell with words in it (a marker never sits alone in an empty cell)."""
    return max((i for i, c in enumerate(cells) if plain_text(c).strip()), default=len(cells) - 1)


def with_block_cite(block: Block, cite: Cite) -> Block:
    """`block` with a block-level citation's marker at its end, where the docs promise it: after a
    paragraph, the last list item, the last key fact's value, a table's caption (or, without one, the
    last words of its last row), the last timeline entry, the last person's role, a callout's text."""
    if isinstance(block, (Paragraph, Callout)):
        return replace(block, text=block.text + (cite,))
    if isinstance(block, ListBlock):
        return replace(block, items=(*block.items[:-1], block.items[-1] + (cite,)))
    if isinstance(block, KeyFacts):
        last = block.facts[-1]
        return replace(block, facts=(*block.facts[:-1], replace(last, value=last.value + (cite,))))
    if isinstance(block, Table):
        if block.caption or not block.rows:
            return replace(block, caption=block.caption + (cite,))
        row = block.rows[-1]
        at = last_worded(row)
        row = (*row[:at], row[at] + (cite,), *row[at + 1 :])
        return replace(block, rows=(*block.rows[:-1], row))
    if isinstance(block, Timeline):
        last_entry = block.entries[-1]
        return replace(block, entries=(*block.entries[:-1], replace(last_entry, event=last_entry.event + (cite,))))
    if isinstance(block, People):
        person = block.people[-1]
        return replace(block, people=(*block.people[:-1], replace(person, role=person.role + (cite,))))
    raise TypeError(f"no block-level citation on {type(block).__name__}")  # pragma: no cover - quotes and figures place their own


def walk_sections(sections: tuple[Section, ...]) -> list[Section]:
    out: list[Section] = []
    for s in sections:
        out.append(s)
        out.extend(walk_sections(s.sections))
    return out


def all_blocks(pack: Pack) -> Iterator[Block]:
    """Every block of the pack, its sections' and subsections' in reading order."""
    for section in walk_sections(pack.sections):
        yield from section.blocks


# ---------------------------------------------------------------- figures
# Pictures drawn from content: a key-figures panel, charts of data series and
# a timeline drawn to scale.  Like every block they hold only what the YAML
# says; sizes, shades and fonts come from the style sheet's `figures:`.


def _plain(*words: str) -> RichText:
    """Printed words that carry no markup, as rich text (so checks such as do_not_print see them)."""
    return tuple(Str(w) for w in words if w)


@dataclass(frozen=True)
class PanelFigure:
    """One large number in a key-figures panel, with its one-line label."""

    value: str
    label: RichText
    pos: Pos


@dataclass(frozen=True)
class FiguresPanel:
    title: str
    figures: tuple[PanelFigure, ...]
    pos: Pos
    summary: bool = False

    def texts(self) -> list[RichText]:
        return [_plain(self.title), *(t for f in self.figures for t in (_plain(f.value), f.label))]


@dataclass(frozen=True)
class Axis:
    label: str
    unit: str = ""  # printed after the label in brackets: "Vacancy rate (%)"
    suffix: str = ""  # printed after each value: "23%"
    min: float | None = None
    max: float | None = None

    @property
    def title(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class DataPoint:
    x: str  # as written: a category, or a date when `date` is set
    date: PartialDate | None
    y: float
    shown: str  # the value as written ("16.9" stays "16.9")
    pos: Pos


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[DataPoint, ...]
    pos: Pos


ChartKind = Literal["bar", "line"]
CHART_KINDS: tuple[ChartKind, ...] = ("bar", "line")


@dataclass(frozen=True)
class Chart:
    kind: ChartKind
    title: str
    x_axis: Axis
    y_axis: Axis
    series: tuple[Series, ...]
    caption: RichText  # printed under the chart; carries the source citation
    alt: str  # a description for readers who cannot see the chart
    note: RichText
    pos: Pos
    summary: bool = False
    number: int = 0  # "Figure 2": set by resolve, in reading order

    def texts(self) -> list[RichText]:
        axes = _plain(self.x_axis.title, self.y_axis.title, *(s.name for s in self.series))
        return [_plain(self.title), self.caption, self.note, axes, _plain(self.alt)]


@dataclass(frozen=True)
class ChartEvent:
    date: PartialDate
    label: RichText
    inferred: str  # what was worked out, e.g. "year inferred", or "planned" (a date to come); drawn hollow
    pos: Pos


@dataclass(frozen=True)
class Phase:
    label: str
    start: PartialDate  # both ends at the precision given: a year-only end may fall anywhere in that year
    end: PartialDate
    inferred: str
    pos: Pos


@dataclass(frozen=True)
class TimelineChart:
    title: str
    events: tuple[ChartEvent, ...]
    phases: tuple[Phase, ...]
    caption: RichText
    alt: str
    note: RichText
    data_table: bool  # False when a timeline table beside it already gives the events as text
    pos: Pos
    summary: bool = False
    number: int = 0  # "Figure 2": set by resolve, in reading order

    def texts(self) -> list[RichText]:
        """In the order they are printed: the title, the picture (its labels carry no markers), the caption,
        the note, then the data table's events; without a data table, resolve moves the events' citations
        to the caption's end."""
        phases = _plain(*(p.label for p in self.phases))
        return [_plain(self.title), self.caption, self.note, *(e.label for e in self.events), phases, _plain(self.alt)]


@dataclass(frozen=True)
class Image:
    """A picture from a file in the pack (PNG, JPEG or SVG), with its alt text and an optional caption.

    `path` is the file as found (inside the pack, checked by parse); `file` the name as written.  With a
    caption the picture is a numbered figure, like a chart."""

    file: str
    path: str
    alt: str  # a description for readers who cannot see the picture
    caption: RichText  # printed under the picture after "Figure N."; may carry citations
    width: float  # the share of the text width it may take (1: all of it); a tall picture is smaller
    pos: Pos
    file_pos: Pos  # where `file:` is written, for a picture that cannot be read
    summary: bool = False
    number: int = 0  # "Figure 2": set by resolve for a picture with a caption, in reading order

    def texts(self) -> list[RichText]:
        return [self.caption, _plain(self.alt)]


def map_texts(block: Block, f: Callable[[RichText], RichText]) -> Block:
    """`block` with `f` applied to each piece of its rich text (resolve's typographic pass)."""
    if isinstance(block, (Paragraph, Quote, Callout)):
        return replace(block, text=f(block.text))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(f(i) for i in block.items))
    if isinstance(block, KeyFacts):
        return replace(block, facts=tuple(replace(x, label=f(x.label), value=f(x.value)) for x in block.facts))
    if isinstance(block, Table):
        return replace(
            block,
            caption=f(block.caption),
            header=tuple(f(c) for c in block.header),
            rows=tuple(tuple(f(c) for c in row) for row in block.rows),
        )
    if isinstance(block, Timeline):
        return replace(block, entries=tuple(replace(e, event=f(e.event)) for e in block.entries))
    if isinstance(block, People):
        return replace(block, people=tuple(replace(p, role=f(p.role)) for p in block.people))
    if isinstance(block, FiguresPanel):
        return replace(block, figures=tuple(replace(x, label=f(x.label)) for x in block.figures))
    if isinstance(block, Chart):
        return replace(block, caption=f(block.caption), note=f(block.note))
    if isinstance(block, Image):
        return replace(block, caption=f(block.caption))
    return replace(
        block, caption=f(block.caption), note=f(block.note), events=tuple(replace(e, label=f(e.label)) for e in block.events)
    )
