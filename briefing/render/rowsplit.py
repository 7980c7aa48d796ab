"""How the footnote engine (render/frame.py) may split a block: a table row cut inside its cells keeps its note
markers in reading order (the notes on each page must read 1..N down the pages); a paragraph may start with a
single line at a page's top, or under only its heading when two lines could start on no page; a header row too deep
to share a page with the start of its first row is cut inside its cells, its rest going on with that row."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, Protocol

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table

from briefing.render.notes import NoteArea, line_note_numbers, markers_in, note_numbers, unique


class FootnoteFrame(Protocol):
    """What the orphan rules read of the footnote engine's frame (render/frame.py), without importing it."""

    at_top: bool
    lead_in: bool
    available_width: float
    body_height: float

    def _fitting_split(
        self, flowable: Flowable, canv: Canvas, aw: float, avail: float, before: list[int] | None = None
    ) -> list[Flowable]: ...

    def _progressing(self, parts: list[Flowable]) -> list[Flowable]: ...


class _OrderedRowSplit(Table):
    """A table whose row, split inside its cells, keeps its markers in reading order: a cell whose first part
    would show a marker numbered after one that an earlier cell leaves to the next page goes to the next page
    whole (cells are numbered left to right, so cutting every cell at one height can print note 44 of the
    second cell above the rule on this page and note 43 of the first on the next)."""

    _left: list[int]
    markers_move_on: bool = False  # every cell whose first part would show a marker goes on whole (`cutting_without_notes`)

    def _splitRows(self, availHeight: float, doInRowSplit: int = 0) -> Any:  # noqa: N802, N803
        self._left = []
        return super()._splitRows(availHeight, doInRowSplit=doInRowSplit)

    def _splitCell(self, value: Any, style: Any, oldHeight: float, newHeight: float, width: float) -> Any:  # noqa: N802, N803
        # ReportLab splits a cell's paragraphs at the column's width, not at the width inside the padding where their
        # lines were broken: broken again wider, then again in the cell, a word cut into pieces for the column lost
        # its hyphens ('accom' 'moda' for 'accom-' 'moda-').  Each paragraph is split where it was broken.
        paras = [f for f in value if isinstance(f, Paragraph)] if isinstance(value, (list, tuple)) else []
        for f in paras:
            f.__dict__["_split_width"] = width - style.leftPadding - style.rightPadding
        try:
            parts = super()._splitCell(value, style, oldHeight, newHeight, width)
        finally:
            for f in paras:
                f.__dict__.pop("_split_width", None)
        if not parts or not isinstance(value, (list, tuple)):
            return parts
        left = self.__dict__.setdefault("_left", [])
        top = markers_in(parts[0])
        if top and (self.markers_move_on or left and max(top) > min(left)):
            left += markers_in(value)
            return (), tuple(value)
        left += markers_in(parts[1])
        return parts


@contextlib.contextmanager
def cutting_without_notes(table: Table) -> Iterator[None]:
    """While the block runs, a row of `table` cut inside its cells leaves on this page only the cells whose first
    part shows no marker (those with markers go on whole): a last resort that keeps a header row with the start of
    its first row where the notes that row brings cannot fit below it.  The parts a split makes are new tables,
    split as usual."""
    order_row_splits(table)
    table.markers_move_on = True  # type: ignore[attr-defined]
    try:
        yield
    finally:
        table.markers_move_on = False  # type: ignore[attr-defined]


class HeaderPart(tuple):  # type: ignore[type-arg]
    """A cell of the rest of a header row cut inside its cells: the tagger reads it as more of that header cell
    (tagger.cell: the same TH, in THead), not as a row of the table's body."""

    continues_header = True


def mark_header_rest(rest: Flowable) -> None:
    """Mark the first row of `rest`, the second part of a table cut inside its header row, as that header's rest.  The
    cells are marked, not the table or the row: a later split makes new tables and may copy rows, never cells."""
    if isinstance(rest, Table) and rest._cellvalues:
        row = rest._cellvalues[0]
        row[:] = [_header_part(v) for v in row]


def cut_in_header(frame: FootnoteFrame, table: Table, canv: Canvas, room: float, head: int) -> list[Flowable]:
    """`table` (its header no longer repeated) cut inside its header row, so that the header's last lines go on with
    its first row: split between rows, the header row would be printed alone.  Reached only for a header row so deep
    that with the start of its first row and that start's notes it needs more than a page (frame.py
    `_split_table_harder`; the soak's 250151: a 594 pt header, a long web address in a narrow column; 220317, 290018:
    380-470 pt in large print).  The rest is marked so that it is not left alone at a page's foot either."""
    table.wrap(frame.available_width, 1e6)
    below = min(room, sum(table._rowHeights[:head]) - float(table.splitInRow))
    parts = frame._progressing(frame._fitting_split(table, canv, frame.available_width, below))
    if len(parts) < 2 or not all(isinstance(p, Table) for p in parts):
        return []
    mark_header_rest(parts[1])
    return parts


def cut_under_header_rest(frame: FootnoteFrame, table: Table, canv: Canvas, area: NoteArea, avail: float) -> list[Flowable]:
    """At a page's top, the rest of a header row (`cut_in_header`) over a first row that cannot follow it whole with
    the least of its notes: that row is cut inside its cells under it.  ReportLab splits between rows when it can,
    which would leave the header's rest alone on the page; with splitByRow off it cuts inside the row that does not
    fit first.  Failing that (nothing of the row fits), `[]`: the rest goes alone."""
    in_row = table.splitInRow
    table.splitInRow, table.splitByRow = in_row or max(int(2 * area.leading), 1), 0
    order_row_splits(table)
    try:
        parts = frame._progressing(frame._fitting_split(table, canv, frame.available_width, avail))
    finally:
        table.splitInRow, table.splitByRow = in_row, 1
    for part in parts:
        part.splitByRow = 1
    return parts if len(parts) > 1 and len(getattr(parts[0], "_cellvalues", ())) > 1 else []


def header_rest_alone(parts: list[Flowable]) -> bool:
    """Whether the first of `parts` holds only the rest of a header row (`mark_header_rest`): that rest would be
    left alone at a page's foot, parted from the first row it was cut to go on with."""
    return len(parts) > 1 and len(getattr(parts[0], "_cellvalues", ())) == 1 and starts_with_header_rest(parts[0])


def starts_with_header_rest(table: Flowable) -> bool:
    """Whether `table`'s first row is the rest of a header row cut inside its cells (`mark_header_rest`)."""
    rows: list[list[Any]] = getattr(table, "_cellvalues", None) or []
    return bool(rows) and all(isinstance(v, HeaderPart) for v in rows[0])


def _header_part(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return HeaderPart(value)
    if isinstance(value, Flowable):
        return HeaderPart((value,))
    return value or HeaderPart(())  # a cell's text (not in briefing's tables) stays as it is


def order_row_splits(table: Table) -> None:
    """Split `table`'s rows inside their cells in reading order (`_OrderedRowSplit`)."""
    if type(table) is Table:
        table.__class__ = _OrderedRowSplit


def in_order(parts: list[Flowable]) -> bool:
    """Whether every marker the first part shows comes before every marker left to the second: a row cut
    inside its cells must not print a later cell's marker on this page and an earlier cell's on the next."""
    first = note_numbers(parts[0])
    rest = [n for n in note_numbers(parts[1]) if n not in first] if len(parts) > 1 else []
    return not first or not rest or max(first) < min(rest)


def may_orphan(frame: FootnoteFrame, flowable: Flowable, area: NoteArea) -> bool:
    """A paragraph may leave a single line at the top of an empty page, or under only its heading when its first
    two lines and their notes need more than a page (a line citing very many sources): kept to two lines, it
    could start on no page, and its heading would be left alone.  A page whose top holds notes continued from
    earlier pages is not empty: those notes give way first (`FootnoteFrame.split`), and the paragraph is split
    only as on any page (generated pack 120016, large print: a caption's first line was left alone above a
    continued note, its second line a page on)."""
    empty = frame.at_top and not area.can_give_way()
    return isinstance(flowable, Paragraph) and (empty or two_lines_never_fit(frame, flowable, area))


def two_lines_never_fit(frame: FootnoteFrame, flowable: Flowable, area: NoteArea) -> bool:
    """Only headings are above on this page, and `flowable`'s first two lines with their notes need more than a page
    even with every note split (its first `min_split_lines` lines on the page, the rest continued): a note longer
    than a page need not be placed whole (generated pack 100137, large print: a caption whose three notes were
    counted whole was split under its heading, one line left with it, the table two pages on)."""
    if not frame.lead_in or not isinstance(flowable, Paragraph):
        return False
    flowable.wrap(frame.available_width, 1e6)
    lines = line_note_numbers(flowable) or []
    if len(lines) < 2:
        return False
    plan = area.plan(unique(lines[0] + lines[1]))
    least = area.min_split_lines * area.leading  # a note splits only into parts this tall at least, on both sides
    notes = area.height(plan) - sum(e.height - least for e in plan if e.height >= 2 * least)
    return 2 * float(flowable.style.leading) + notes > frame.body_height


def orphan_split(frame: FootnoteFrame, flowable: Flowable, canv: Canvas, area: NoteArea, room: float, before: list[int]) -> bool:
    """Whether `flowable` starts in `room` as the frame would split it under only a heading (`may_orphan`)."""
    if not isinstance(flowable, Paragraph) or not two_lines_never_fit(frame, flowable, area):
        return False
    style: Any = flowable.style
    flowable.style = ParagraphStyle(style.name + "-relaxed", parent=style, allowOrphans=1, allowWidows=1)
    try:
        return bool(frame._fitting_split(flowable, canv, frame.available_width, room, before))
    finally:
        flowable.style = style
