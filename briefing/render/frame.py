"""The body frame that gives up its own bottom to the footnotes of its page.

`add` raises the frame's bottom by the height of the notes that are new on
this page before placing a flowable, and puts it back if the flowable does not
fit.  `split` asks for the largest first part that fits with its own notes.
Text and note heights only grow together, so the largest first part that fits
is well defined and one pass suffices (docs/footnotes.md).

All contact with ReportLab's private Frame fields (`_y`, `_y1p`, `_atTop`,
`_prevASpace`, `_x1`, ...) is in the "adapter" section of `FootnoteFrame`;
the rest of the engine reads and moves the frame through its properties.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, Table
from reportlab.platypus.paragraph import ParagraphStyle

from briefing.render.notes import NoteArea, NoteEntry, NotePlan, line_note_numbers, markers_in, note_numbers, unique
from briefing.render.rowsplit import (
    cut_in_header,
    cut_under_header_rest,
    cutting_without_notes,
    header_rest_alone,
    in_order,
    may_orphan,
    order_row_splits,
    orphan_split,
)
from briefing.render.unplaceable import keeps, splits_before_next, why_not_placed

_FUZZ = 1e-6
_KEPT = ("_briefing_pos", "keep_with_next", "keep_lines")


def _area(canv: Canvas) -> NoteArea:
    # Reach the doc through the canvas: KeepTogether deep-copies frames, so a
    # frame must not hold the doc template itself.
    return canv._doctemplate.note_area  # type: ignore[attr-defined, no-any-return]


def _page(canv: Canvas) -> int:
    return int(canv.getPageNumber())


@dataclass(frozen=True)
class FrameState:
    """What of the frame the engine moves: the body cursor and the bottom the notes leave it."""

    cursor: float
    bottom: float
    at_top: bool
    prev_space_after: float


class FootnoteFrame(Frame):
    """A Frame whose usable bottom rises with the notes placed on its page."""

    failure: str = ""  # why the last flowable refused at the top of a page could not be placed
    lead_in: bool = True  # everything placed on this page so far is kept with what follows (headings)
    kept_only: bool = True  # ... or kept with it and split (captions): the next page would start the same way

    # ------------------------------------------------------------ adapter: ReportLab's private fields

    def _reset(self) -> None:
        self._geom()  # put the bottom back: _restoreGeom is broken in reportlab 5.1
        super()._reset()

    @property
    def base_bottom(self) -> float:
        return float(self._y1 + self._bottomPadding)

    @property
    def body_height(self) -> float:
        """The text block's height: what body and notes share on a page."""
        return float(self._y2 - self._y1 - self._topPadding - self._bottomPadding)

    @property
    def cursor(self) -> float:
        """Where the next flowable's top goes."""
        return float(self._y)

    @property
    def bottom(self) -> float:
        """The lowest the body may reach on this page: the top of the note area."""
        return float(self._y1p)  # type: ignore[has-type]

    def set_bottom(self, value: float) -> None:
        """Move the body's bottom (a method: Frame.__setattr__ bypasses property setters)."""
        self._y1p = value

    @property
    def at_top(self) -> bool:
        return bool(self._atTop)

    @property
    def available_width(self) -> float:
        return float(self._getAvailableWidth())

    @property
    def left(self) -> float:
        return float(self._x1 + self._leftPadding)

    def snapshot(self) -> FrameState:
        return FrameState(float(self._y), self.bottom, self.at_top, float(self._prevASpace))

    def restore(self, state: FrameState) -> None:
        self._y, self._y1p, self._atTop, self._prevASpace = state.cursor, state.bottom, int(state.at_top), state.prev_space_after

    def _space_before(self, flowable: Flowable) -> float:
        if self._atTop:
            return 0.0
        s = float(flowable.getSpaceBefore())
        if self._oASpace:
            s = max(s - self._prevASpace, 0)
        return s

    def begin_page(self, area: NoteArea, x1: float) -> None:
        """A new page: move the text block (duplex mirrors it), then give continued notes their room."""
        self._x1 = x1
        self._geom()
        self._reset()
        self.lead_in = self.kept_only = True
        self.set_bottom(self.base_bottom + area.start_page(self.body_height))

    def fill_notes(self, area: NoteArea) -> None:
        """Let continued notes take the room the body left at this page's foot."""
        self.set_bottom(self.base_bottom + area.fill(self.cursor - self.bottom))

    def end_page(self, area: NoteArea, canv: Canvas) -> None:
        self.fill_notes(area)
        area.draw(canv, self.left, self.base_bottom)
        area.end_page(_page(canv))

    # ------------------------------------------------------------ placing

    def _new_notes(self, area: NoteArea, flowable: Flowable, before: list[int] | None = None) -> list[NoteEntry]:
        numbers = [n for n in unique((before or []) + note_numbers(flowable)) if n not in area.on_page]
        return area.plan(numbers) if numbers else []

    def add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        placed = self._add(flowable, canv, trySplit)
        if placed:
            self.lead_in = self.lead_in and keeps(flowable) and not splits_before_next(flowable)
            self.kept_only = self.kept_only and keeps(flowable)
        return placed

    def _add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        area = _area(canv)
        check_keep = keeps(flowable) and (not self.at_top or splits_before_next(flowable))
        if check_keep and not getattr(flowable, "_briefing_forced", False) and not self._room_after(flowable, canv, area):
            return 0
        if isinstance(flowable, Paragraph) and flowable.wrap(self._getAvailableWidth(), 1e6)[1] > self.cursor - self.bottom:
            return 0  # too tall whatever its notes: do not plan them (a long paragraph has many)
        planned = self._new_notes(area, flowable)
        if not planned:
            return int(Frame.add(self, flowable, canv, trySplit))
        saved = self.snapshot()
        self.set_bottom(saved.bottom + area.extra(planned))
        if Frame.add(self, flowable, canv, trySplit):
            area.commit(NotePlan(planned, []), _page(canv))
            return 1
        self.restore(saved)
        # The flowable fits but not all its notes: start them here and carry what does not fit.
        _, h = flowable.wrap(self._getAvailableWidth(), 1e6)
        room = saved.cursor - self._space_before(flowable) - h - saved.bottom
        plan = area.fit(planned, room)  # room < 0: notes already here must be cut back for this one
        if plan is None:
            return 0
        self.set_bottom(saved.bottom + min(area.extra_for(plan), room))  # fit may pass room by 0.01 pt, Frame.add no
        if Frame.add(self, flowable, canv, trySplit):
            area.commit(plan, _page(canv))
            return 1
        self.restore(saved)
        return 0

    def split(self, flowable: Flowable, canv: Canvas) -> list[Flowable]:
        area = _area(canv)
        parts = self._split_here(flowable, canv, area)
        if not parts and (self.lead_in or self.kept_only and isinstance(flowable, Table)) and area.can_give_way():
            # Only continued notes (and the heading or caption kept with this) stand in the way: the notes give
            # way and go on to the next page, or the heading would be left alone at this page's foot, or a
            # table's header row under its caption, its first row a page on.
            self.set_bottom(self.base_bottom + area.give_way())
            if self._fits_whole(flowable, canv, area):
                flowable._briefing_forced = True  # type: ignore[attr-defined]
                return [flowable]
            parts = self._split_here(flowable, canv, area)
        if not parts and (self.at_top or self.kept_only) and isinstance(flowable, Table):
            parts = self._split_table_harder(flowable, canv, area)
        if not parts and self.at_top:
            if splits_before_next(flowable) and self._fits_whole(flowable, canv, area):
                flowable._briefing_forced = True  # type: ignore[attr-defined]
                return [flowable]  # no room for its follower even on an empty page: they part here
            self.failure = why_not_placed(
                flowable, self._getAvailableWidth(), self.body_height, self._new_notes(area, flowable), area
            )
        if len(parts) > 1:
            for a in _KEPT[:1]:
                if hasattr(flowable, a):
                    setattr(parts[0], a, getattr(flowable, a))
            for a in _KEPT:
                if hasattr(flowable, a):
                    setattr(parts[-1], a, getattr(flowable, a))
        return parts

    def _split_table_harder(self, table: Table, canv: Canvas, area: NoteArea) -> list[Flowable]:
        """A table that cannot be split between rows here: its first row, with the header above it and the
        least of its notes below, needs more than a page (the row is split inside its cells, each part keeping
        at least two lines' height, the header staying with its first part); failing that (a row that cannot be
        cut, a drawing), the header is not repeated, and cut inside its cells rather than printed alone (a header
        row so deep that even the row's first lines cannot share a page with it)."""
        room = self.cursor - self.bottom - self._space_before(table)
        if getattr(table, "splitInRow", 0) or not self._first_row_must_split(table, area, room):
            return []
        table.splitInRow = max(int(2 * area.leading), 1)
        order_row_splits(table)
        parts = self._progressing(self._split_here(table, canv, area))
        if parts:
            return parts
        repeat = table.repeatRows
        if repeat:
            with cutting_without_notes(table):  # no note need fit here: the header keeps a start of its row
                parts = self._progressing(self._split_here(table, canv, area))
            if len(parts) > 1 and self._starts_an_empty_page(parts[1], area):
                return parts
            table.repeatRows = 0
            parts = self._progressing(self._split_here(table, canv, area))
            if len(parts) > 1 and len(parts[0]._cellvalues) <= repeat:
                parts = cut_in_header(self, table, canv, room, repeat) or parts
        if not parts:  # not cut here: the next page decides afresh
            table.repeatRows, table.splitInRow = repeat, 0
        return parts

    def _progressing(self, parts: list[Flowable]) -> list[Flowable]:
        """`parts`, unless its first part is empty (every cell moved on whole to keep the notes in order): placing
        an empty part and splitting the same rest again on the same page would never end (the soak's 12174-large)."""
        if len(parts) < 2:
            return parts
        height = getattr(parts[0], "_height", None)  # as the split measured it (`_fitting_split` wraps each first part)
        return [] if (parts[0].wrap(self._getAvailableWidth(), 1e6)[1] if height is None else height) <= _FUZZ else parts

    def _starts_an_empty_page(self, rest: Flowable, area: NoteArea) -> bool:
        """Whether the rest of a table cut by `cut_without_notes` starts an empty page with its header and its first
        row whole, and the least of the notes that row brings.  Else the next page would hold the repeated header
        alone (a header row nearly a page tall, the soak's 250151), or a sliver of the row under it, page after page
        (230577: a 561 pt header repeated over three parts of one row)."""
        if not isinstance(rest, Table):
            return False
        head, heights = self._header_and_heights(rest)
        entries = area.plan(unique(markers_in(rest._cellvalues[: head + 1])))
        return sum(heights[: head + 1]) + _least_notes(area, entries) <= self.body_height + _FUZZ

    def _header_and_heights(self, table: Table) -> tuple[int, list[float]]:
        """How many header rows `table` repeats, and its row heights at this frame's width."""
        table.wrap(self._getAvailableWidth(), 1e6)
        repeat = getattr(table, "repeatRows", 0)
        return (repeat if isinstance(repeat, int) else max(repeat) + 1), list(getattr(table, "_rowHeights", None) or [])

    def _first_row_must_split(self, table: Table, area: NoteArea, room: float, before: list[int] | None = None) -> bool:
        """Whether the table's first row after its header cannot start a page whole: with the header, the kept
        lines above it and the least of the notes they all bring (each note cut to `min_split_lines` where it
        may be), it needs more than `room` and the page's notes, which go on with them.  Only such a row is split
        inside its cells (a row cut there prints its cells' later lines on the next page)."""
        head, heights = self._header_and_heights(table)
        if len(heights) <= head:
            return False
        numbers = list(before or []) + markers_in(table._cellvalues[: head + 1])
        entries = area.entries + area.plan([n for n in unique(numbers) if n not in area.on_page])
        need = sum(heights[: head + 1]) + _least_notes(area, entries)
        return need > room + area.used() + _FUZZ

    def _split_here(self, flowable: Flowable, canv: Canvas, area: NoteArea) -> list[Flowable]:
        if keeps(flowable) and not splits_before_next(flowable):
            return []  # a heading is kept with what follows: it moves to the next page whole
        if splits_before_next(flowable) and not self.lead_in and self._fits_a_page(flowable, area):
            return []  # a quotation that fits a page with its attribution moves on whole, unless only its heading is above
        avail = self.cursor - self.bottom - self._space_before(flowable)
        if avail <= 0:
            return []
        aw = self._getAvailableWidth()
        parts = self._fitting_split(flowable, canv, aw, avail)
        if not parts and may_orphan(self, flowable, area):
            return self._split_allowing_orphans(flowable, canv, aw, avail)
        if header_rest_alone(parts):  # it goes on with its row (rowsplit.cut_in_header)
            return cut_under_header_rest(self, flowable, canv, area, avail) or parts if self.at_top else []
        return parts

    def _fits_a_page(self, flowable: Flowable, area: NoteArea) -> bool:
        """Whether `flowable` and what it is kept with fit an empty page with their notes, all whole."""
        aw = self._getAvailableWidth()
        total, numbers, f = 0.0, [], flowable
        while f is not None:
            total += f.wrap(aw, 1e6)[1] + (f.getSpaceBefore() if f is not flowable else 0.0) + f.getSpaceAfter()
            numbers += note_numbers(f)
            f = getattr(f, "keep_with_next", None)
            if f is not None and not splits_before_next(f) and keeps(f):
                break
        return total + area.height(area.plan(unique(numbers))) <= self.body_height

    def _fits_whole(self, flowable: Flowable, canv: Canvas, area: NoteArea) -> bool:
        _, h = flowable.wrap(self._getAvailableWidth(), 1e6)
        room = self.cursor - self._space_before(flowable) - h - self.bottom
        if room < -_FUZZ:
            return False
        planned = self._new_notes(area, flowable)
        return not planned or area.fit(planned, room) is not None

    def _notes_fit(self, area: NoteArea, planned: list[NoteEntry], room: float) -> bool:
        if area.extra(planned) <= room + _FUZZ:
            return True
        return area.fit(planned, room) is not None

    def _fitting_split(
        self, flowable: Flowable, canv: Canvas, aw: float, avail: float, before: list[int] | None = None
    ) -> list[Flowable]:
        """The split whose first part, with the notes it brings to this page, fits in `avail`."""
        area = _area(canv)
        keeps = splits_before_next(flowable)
        h = self._line_guess(flowable, area, aw, avail, before or []) if isinstance(flowable, Paragraph) else avail
        in_row = float(getattr(flowable, "splitInRow", 0) or 0) if isinstance(flowable, Table) else 0.0
        # A row split inside its cells: each height tried is a line lower (ReportLab cuts a row at any height), and
        # a split whose notes would read out of order is taken only if no lower one fits.
        step = max(0.5, area.leading * 0.75) if in_row else 0.5
        ordered = not in_row
        disordered: list[Flowable] = []
        for _ in range(400):
            if h <= 0:
                return disordered
            parts = self._split_at(flowable, canv, aw, h)
            if not parts and in_row and h > 2 * in_row:
                # ReportLab refuses a split inside a row that leaves less than `splitInRow` below it (a row a
                # little taller than the room) and never tries higher up: cut that much higher, once.
                h, in_row = h - in_row, 0.0
                continue
            if not parts:
                return disordered
            _, first_h = parts[0].wrap(aw, h)
            if keeps and len(parts) == 1:
                h = first_h - 0.5  # the last part must go on with what it is kept with
                continue
            planned = self._new_notes(area, parts[0], before)
            if first_h <= avail + _FUZZ and self._notes_fit(area, planned, avail - first_h):
                if ordered or in_order(parts):
                    return parts
                disordered = disordered or parts
            h = first_h - step  # one line or row less: a bigger jump can leave room unused
        return disordered

    def _line_guess(self, para: Paragraph, area: NoteArea, aw: float, avail: float, before: list[int]) -> float:
        """The height of the most lines of `para` that fit here with their notes, found by one scan over
        the wrapped lines that stops at the first that does not fit (notes only grow with lines), so a
        long paragraph is neither split once per line it gives up nor has all its notes planned."""
        para.wrap(aw, avail)
        lines = line_note_numbers(para)
        leading = float(para.style.leading)
        if not lines or leading <= 0 or getattr(para.style, "autoLeading", "") not in ("", "off", None):
            return avail
        seen = set(area.on_page)
        planned = area.plan([n for n in unique(before) if n not in seen])
        seen.update(before)
        fitted = 0
        for s in range(1, min(len(lines), int(avail / leading + _FUZZ)) + 1):
            new = [n for n in unique(lines[s - 1]) if n not in seen]
            if new:
                seen.update(new)
                planned = area.plan_more(planned, new)
            if not self._notes_fit(area, planned, avail - s * leading):
                break  # more lines only bring more notes
            fitted = s
        if fitted == len(lines):
            return avail
        return fitted * leading + 1e-4 if fitted else 0.0

    def _split_at(self, flowable: Flowable, canv: Canvas, aw: float, h: float) -> list[Flowable]:
        flowable._frame = self
        flowable.canv = canv
        try:
            parts = list(flowable.split(aw, h))
        finally:
            for a in ("canv", "_frame"):
                if hasattr(flowable, a):
                    delattr(flowable, a)
        rest = parts[1] if len(parts) == 2 else None
        if isinstance(rest, Table) and rest.splitInRow:
            rest.splitInRow = 0  # the rest is split between rows again, unless its first row must split too
        return parts

    def _split_allowing_orphans(self, flowable: Paragraph, canv: Canvas, aw: float, avail: float) -> list[Flowable]:
        """At the top of an empty page a paragraph must start even if it leaves a single line."""
        style: Any = flowable.style
        if style.allowOrphans and style.allowWidows:
            return []
        flowable.style = ParagraphStyle(style.name + "-relaxed", parent=style, allowOrphans=1, allowWidows=1)
        try:
            return self._fitting_split(flowable, canv, aw, avail)
        finally:
            flowable.style = style

    # ------------------------------------------------------------ keeping with what follows

    def _room_after(self, flowable: Flowable, canv: Canvas, area: NoteArea) -> bool:
        """Keep a heading (or quotation, caption) with the start of what follows it: both fit here, or both move on."""
        aw = self._getAvailableWidth()
        _, h = flowable.wrap(aw, 1e6)
        room = self.cursor - self.bottom - self._space_before(flowable) - h - flowable.getSpaceAfter()
        numbers = note_numbers(flowable)
        follower = flowable.keep_with_next
        return self._can_start(
            follower, canv, area, aw, room, getattr(flowable, "keep_lines", 0.0), numbers, float(flowable.getSpaceAfter())
        )

    def _can_start(
        self,
        flowable: Flowable,
        canv: Canvas,
        area: NoteArea,
        aw: float,
        room: float,
        lines: float,
        before: list[int],
        after: float = 0.0,
    ) -> bool:
        """Whether `flowable` (and what it keeps with) can start in `room`, with the notes of what precedes it."""
        if room <= 0:
            return False
        _, h = flowable.wrap(aw, room)
        numbers = unique(before + note_numbers(flowable))
        if keeps(flowable):
            rest = room - h - flowable.getSpaceBefore() - flowable.getSpaceAfter()
            if self._can_start(flowable.keep_with_next, canv, area, aw, rest, lines, numbers):
                return True
            # as `_split_here` decides: a quotation that fits a page with its attribution is never split
            return (
                splits_before_next(flowable)
                and room >= lines
                and not self._fits_a_page(flowable, area)
                and bool(
                    self._fitting_split(flowable, canv, aw, room, before)
                    or orphan_split(self, flowable, canv, area, room, before)
                )
            )
        room -= self._gap_before(flowable, after)  # the space between them that the room does not yet count
        planned = self._new_notes(area, flowable, before)
        if h <= room + _FUZZ and self._notes_fit(area, planned, room - h):
            return True
        if room < lines:
            return False
        if self._fitting_split(flowable, canv, aw, room, before) or orphan_split(self, flowable, canv, area, room, before):
            return True
        return self.kept_only and isinstance(flowable, Table) and self._splits_harder(flowable, canv, aw, room, before)

    def _gap_before(self, flowable: Flowable, after: float) -> float:
        """The space above `flowable` beyond the `after` points the one before it leaves (the frame overlaps them)."""
        s = float(flowable.getSpaceBefore())
        return max(s - after, 0.0) if self._oASpace else s

    def _splits_harder(self, table: Table, canv: Canvas, aw: float, room: float, before: list[int]) -> bool:
        """Whether `table` starts in `room` split as on an empty page (`_split_table_harder`), leaving it as it was."""
        repeat, in_row = getattr(table, "repeatRows", 0), getattr(table, "splitInRow", 0)
        try:
            area = _area(canv)
            if in_row or not self._first_row_must_split(table, area, room, before):
                return False
            table.splitInRow = max(int(2 * area.leading), 1)
            order_row_splits(table)
            if self._fitting_split(table, canv, aw, room, before):
                return True
            if not repeat:
                return False
            table.repeatRows = 0
            return bool(self._fitting_split(table, canv, aw, room, before))
        finally:
            table.repeatRows, table.splitInRow = repeat, in_row


def _least_notes(area: NoteArea, entries: list[NoteEntry]) -> float:
    """The least room `entries` need at a page's foot: each note cut to `min_split_lines` where it may split (one
    of twice as many lines or more), whole where it may not, and the rule above them."""
    lines = area.min_split_lines * area.leading
    least = [lines if e.height >= 2 * lines else e.height for e in entries]
    return area.separator() + sum(least) + area.note_gap * (len(least) - 1) if least else 0.0
