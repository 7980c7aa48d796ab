"""The body frame that gives up its own bottom to the footnotes of its page.

`add` raises the frame's bottom (`_y1p`) by the height of the notes that are
new on this page before placing a flowable, and puts it back if the flowable
does not fit.  `split` asks for smaller first parts until the part and its
own notes fit.  Text and note heights only grow together, so the largest
first part that fits is well defined and one pass suffices.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph
from reportlab.platypus.paragraph import ParagraphStyle

from briefing.render.notes import NoteArea, NoteEntry, note_numbers

_FUZZ = 1e-6


def _area(canv: Canvas) -> NoteArea:
    # Reach the doc through the canvas: KeepTogether deep-copies frames, so a
    # frame must not hold the doc template itself.
    return canv._doctemplate.note_area  # type: ignore[attr-defined, no-any-return]


def _page(canv: Canvas) -> int:
    return int(canv.getPageNumber())


class FootnoteFrame(Frame):
    """A Frame whose usable bottom rises with the notes placed on its page."""

    def _reset(self) -> None:
        self._geom()  # put the bottom back: _restoreGeom is broken in reportlab 5.1
        super()._reset()

    @property
    def base_bottom(self) -> float:
        return float(self._y1 + self._bottomPadding)

    def _space_before(self, flowable: Flowable) -> float:
        if self._atTop:
            return 0.0
        s = float(flowable.getSpaceBefore())
        if self._oASpace:
            s = max(s - self._prevASpace, 0)
        return s

    def _new_notes(self, area: NoteArea, flowable: Flowable) -> list[NoteEntry]:
        numbers = [n for n in note_numbers(flowable) if n not in area.on_page]
        return area.plan(numbers) if numbers else []

    def add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        area = _area(canv)
        keeps = getattr(flowable, "keep_with_next", None) is not None and not self._atTop
        if keeps and not self._room_after_heading(flowable, canv, area):
            return 0
        planned = self._new_notes(area, flowable)
        if not planned:
            return int(Frame.add(self, flowable, canv, trySplit))
        saved = float(self._y1p)  # type: ignore[has-type]
        self._y1p = saved + area.extra(planned)
        if Frame.add(self, flowable, canv, trySplit):
            area.commit(planned, _page(canv))
            return 1
        self._y1p = saved
        # The flowable fits but its last note does not: start the note here and carry the rest.
        _, h = flowable.wrap(self._getAvailableWidth(), 1e6)
        room = self._y - self._space_before(flowable) - h - saved
        if room <= 0:
            return 0
        fitted = area.split_last(planned, room)
        if fitted is None:
            return 0
        head, carry = fitted
        self._y1p = saved + area.extra(head)
        if Frame.add(self, flowable, canv, trySplit):
            area.commit(head, _page(canv), carry)
            return 1
        self._y1p = saved
        return 0

    def split(self, flowable: Flowable, canv: Canvas) -> list[Flowable]:
        if getattr(flowable, "keep_with_next", None) is not None:
            return []  # kept with what follows: it moves to the next page whole
        avail = self._y - self._y1p - self._space_before(flowable)
        if avail <= 0:
            return []
        parts = self._fitting_split(flowable, canv, self._getAvailableWidth(), avail)
        if not parts and self._atTop and isinstance(flowable, Paragraph):
            return self._split_allowing_orphans(flowable, canv, self._getAvailableWidth(), avail)
        return parts

    def _fitting_split(self, flowable: Flowable, canv: Canvas, aw: float, avail: float) -> list[Flowable]:
        """The split whose first part, with the notes it brings to this page, fits in `avail`."""
        area = _area(canv)
        h = avail
        for _ in range(400):
            parts = self._split_at(flowable, canv, aw, h)
            if not parts:
                return []
            planned = self._new_notes(area, parts[0])
            _, first_h = parts[0].wrap(aw, h)
            need = area.extra(planned)
            if first_h + need <= avail + _FUZZ:
                return parts
            if first_h + need - self._last_note_slack(area, planned, avail - first_h) <= avail + _FUZZ:
                return parts  # `add` will split the last note
            h = first_h - 0.5  # one line or row less: a bigger jump can leave room unused
            if h <= 0:
                return []
        return []

    def _last_note_slack(self, area: NoteArea, planned: list[NoteEntry], room: float) -> float:
        """How much less room the notes need if the last one may continue on the next page."""
        if room <= 0 or not planned:
            return 0.0
        fitted = area.split_last(planned, room)
        if fitted is None:
            return 0.0
        return area.extra(planned) - area.extra(fitted[0])

    def _split_at(self, flowable: Flowable, canv: Canvas, aw: float, h: float) -> list[Flowable]:
        flowable._frame = self
        flowable.canv = canv
        try:
            return list(flowable.split(aw, h))
        finally:
            for a in ("canv", "_frame"):
                if hasattr(flowable, a):
                    delattr(flowable, a)

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

    def _room_after_heading(self, heading: Flowable, canv: Canvas, area: NoteArea) -> bool:
        """Keep a heading with the start of what follows it: both fit here, or both move on."""
        aw = self._getAvailableWidth()
        _, hh = heading.wrap(aw, 1e6)
        room = self._y - self._space_before(heading) - hh - heading.getSpaceAfter() - self._y1p
        follower = heading.keep_with_next
        return self._can_start(follower, canv, area, aw, room, getattr(heading, "keep_lines", 0.0))

    def _can_start(self, flowable: Flowable, canv: Canvas, area: NoteArea, aw: float, room: float, lines: float) -> bool:
        if room <= 0:
            return False
        nxt = getattr(flowable, "keep_with_next", None)
        _, h = flowable.wrap(aw, room)
        if nxt is not None:
            return self._can_start(nxt, canv, area, aw, room - h - flowable.getSpaceBefore() - flowable.getSpaceAfter(), lines)
        planned = self._new_notes(area, flowable)
        if h + area.extra(planned) <= room + _FUZZ:
            return True
        if room < lines or getattr(flowable, "keep_with_next", None) is not None:
            return False
        return bool(self._fitting_split(flowable, canv, aw, room))
