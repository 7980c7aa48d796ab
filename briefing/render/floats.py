"""Figures that float: a numbered figure that does not fit in the room left on its page goes to the top of the
next page, and the body text after it fills the gap, as LaTeX floats do (docs/content-format.md, "Figures").

The rules, all checked where the story is handed to the page (`Floats.arrange`, called by the document
template before each flowable of the story):

- What floats: a numbered figure, that is a chart, a timeline chart or an `image:` with a caption, with
  everything its block makes (title, drawing in one or more parts, caption, note, the data table).
- When: its first part does not fit in the room left on the page (with the notes it brings), the page already
  holds body content (not only a heading kept with the figure: the heading would be left alone), and the block
  after it may fill the gap.  Otherwise the figure moves on whole as before, leaving the gap.
- What fills the gap: the blocks after the figure in the same section, up to (not past) the next heading, the
  next numbered figure, or anything else that is no content block (the end of the story, a page break).  So
  figures keep their order (and their numbers read 1, 2, 3 down the pages), the contents are untouched, and a
  figure never leaves its (sub)section.
- Notes: notes are numbered in document order by resolve, before layout.  If the figure cites sources, a block
  that cites any would put later numbers on this page and the figure's earlier ones on the next, so only blocks
  without citations fill the gap then; a figure that cites nothing lets any block fill it.  Note numbers
  therefore still read 1..N down the pages, and every note stays on its marker's page (the engine places the
  figure's notes with it, on the next page).
- The figure is set at the top of the next page, before the rest of a block that was split to fill the gap;
  the first block that may not fill the gap is set after the figure.
- The structure tree keeps the document's order: the figure's element is made when it is held back, so
  assistive technology reads it where the author put it (PDF/UA's logical order), not where it is printed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table

from briefing.model import Chart, Image, TimelineChart
from briefing.render.frame import FootnoteFrame
from briefing.render.notes import note_numbers
from briefing.render.tagging import ATTR, NONE, Tag

FIGURE = "_briefing_figure"  # on every flowable of a numbered figure: the figure's own token
_TOKENS = itertools.count(1)


def is_float(block: Any) -> bool:
    """Whether `block` is a numbered figure (a chart, a timeline chart or a captioned picture)."""
    if isinstance(block, (Chart, TimelineChart)):
        return True
    return isinstance(block, Image) and bool(block.caption)


def mark(block: Any, flowables: list[Flowable]) -> list[Flowable]:
    """Mark the flowables of a numbered figure as one float (and a barrier other floats do not pass)."""
    if is_float(block):
        token = next(_TOKENS)
        for f in flowables:
            setattr(f, FIGURE, token)
    return flowables


def _figure(flowable: Flowable | None) -> int | None:
    return getattr(flowable, FIGURE, None) if flowable is not None else None


@dataclass
class Floats:
    """The figure held back from one page, while the blocks after it fill the page."""

    held: list[Flowable] = field(default_factory=list)
    page: int = 0
    cites: bool = False  # the held figure cites sources: only blocks without citations may fill the gap
    floated: int = 0  # how many figures floated (for the tests and the layout log)

    def arrange(self, flowables: list[Flowable], page: int, frame: FootnoteFrame, canv: Canvas) -> None:
        """Reorder the head of the story before ReportLab takes its first flowable."""
        if self.held:
            if page != self.page or not flowables or not self._may_fill(flowables[0]):
                self._release(flowables)
            return
        token = _figure(flowables[0]) if flowables else None
        if token is None or frame.at_top or frame.kept_only or getattr(flowables[0], "_briefing_floated", False):
            return
        if frame._fits_whole(flowables[0], canv, frame_area(canv)):  # noqa: SLF001 (the engine's own fit test)
            return
        n = sum(1 for _ in itertools.takewhile(lambda f: _figure(f) == token, flowables))
        cites = any(note_numbers(f) for f in flowables[:n])
        if n >= len(flowables) or not _fills(flowables[n], cites):
            return  # nothing may fill the gap: the figure moves on whole, as it always did
        flowables[0]._briefing_floated = True
        self.held, self.page, self.cites = flowables[:n], page, cites
        del flowables[:n]
        self.floated += 1
        _keep_reading_order(self.held, canv)

    def _may_fill(self, flowable: Flowable) -> bool:
        return _fills(flowable, self.cites)

    def _release(self, flowables: list[Flowable]) -> None:
        """Put the held figure back at the head of the story: at the top of a new page, or before a barrier."""
        if flowables and hasattr(flowables[0], "_postponed"):
            # ReportLab marked the block that did not fit on the last page as tried once; the figure now goes
            # before it, so it gets its full try on the new page after the figure.
            del flowables[0]._postponed
        flowables[0:0] = self.held
        self.held = []

    def finish(self) -> None:
        if self.held:  # pragma: no cover - the story ends with a NoteFlush, a barrier
            raise AssertionError("a figure was held back past the end of the story")


def _fills(flowable: Flowable, cites: bool) -> bool:
    """Whether `flowable` may be set before a figure held back: body content of the same section, no figure,
    and no citation if the figure cites (note numbers must read in order down the pages)."""
    seen: set[int] = set()
    f: Flowable | None = flowable
    while f is not None and id(f) not in seen:  # a caption or quotation fills only if what it is kept with may
        seen.add(id(f))
        if getattr(f, "_briefing_pos", None) is None or _figure(f) is not None or (cites and note_numbers(f)):
            return False
        f = getattr(f, "keep_with_next", None)
    return True


def frame_area(canv: Canvas) -> Any:
    return canv._doctemplate.note_area  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the structure tree


def _tags(flowable: Any) -> Iterator[Tag]:
    """The tags of `flowable` and of what its layout tables hold, in order."""
    if isinstance(flowable, (list, tuple)):
        for item in flowable:
            yield from _tags(item)
        return
    tag = getattr(flowable, "__dict__", {}).get("_tag")
    if tag is not None and tag is not NONE:
        yield tag
    elif isinstance(flowable, Table):
        for row in getattr(flowable, "_cellvalues", []):
            yield from _tags(row)


def _keep_reading_order(held: list[Flowable], canv: Canvas) -> None:
    """Make the figure's outermost structure element now, in its place in the document's order."""
    tagger = getattr(canv, ATTR, None)
    tag = next(_tags(held), None)
    if tagger is None or tag is None:
        return
    while tag.parent is not None:
        tag = tag.parent
    tagger.element(tag)
