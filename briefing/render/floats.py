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
- The figure is set at the top of the next page, before the rest of a block that was split to fill the gap;
  the first block that may not fill the gap is set after the figure.
- Notes are numbered in document order by resolve, before layout.  When a block that cites fills the gap
  before a figure that cites, its markers print before the figure's: the layout is then done again with the
  notes numbered in the order printed (resolve's `printed`; the first citation of a source printed gets the
  full reference).  The first layout stops at the first marker printed out of order (the rest of it would be
  thrown away); a later layout that meets a figure floated further on renumbers once more.  Should a layout
  print the renumbered notes out of order again (the new numbers are wider or narrower, so lines can break
  elsewhere; or the figure no longer floats, because the new numbers moved a source's full reference out of
  its notes and it now fits: `Resolved.printed` makes such a layout check its order too), a last layout lets
  only blocks without citations pass a figure that cites, which keeps resolve's numbers.  A renderer given no
  way to renumber (`Renderer(renumber=None)`) uses that rule from the start.  The selfcheck proves the result:
  markers come page by page in number order.
- The structure tree follows the printed order: the figure's elements are made when it is drawn, and what is
  drawn after it (the rest of a split block included) starts new elements, so `pdfinfo -struct-text`, the
  page and the note numbers all read in the same order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from briefing.model import Chart, Image, TimelineChart
from briefing.render.flowables import ParagraphPool, current_pool, pooled
from briefing.render.frame import FootnoteFrame
from briefing.render.notes import note_numbers
from briefing.render.tagging import ATTR

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


class NotesReordered(Exception):
    """A figure floated past text citing later notes: the notes must be numbered in printed order."""

    def __init__(self, printed: tuple[int, ...]) -> None:
        super().__init__("notes printed out of order")
        self.printed = printed  # the citations' keys, in the order the layout printed their markers


def lay_out(renderer: Any, make: Callable[..., Any]) -> Any:
    """Lay the pack out with `renderer` (a document.Renderer; `make` makes another).  When a figure floated past
    text citing later notes, number the notes again in printed order and lay out again; should that layout
    print them out of order too, lay out a last time letting only text without citations pass a citing figure.

    The first layout ends at the first marker placed out of order (`FirstOutOfOrder`): the order
    printed so far decides the new numbers, the notes after it keep theirs, and the rest of that layout would
    be thrown away.  The next layout runs to the end; if it meets another figure floated past citing text
    further on (it printed the renumbered notes in order, and later ones not), the notes are numbered as it
    printed them and laid out once more, as a first layout run to the end would have found both.

    The layouts share their paragraphs (a `ParagraphPool`, as `briefing watch` does between builds): a paragraph
    whose markup the new numbers leave unchanged comes back already parsed and line-broken, so a second layout
    costs a fraction of the first.  And the second layout does not lay out again what came before the figure:
    the first keeps a copy of itself where it held the figure, and the second carries on from that copy when
    its story is the same up to there (checkpoint.py)."""
    if renderer.renumber is None:
        return renderer.render_once()
    pool = current_pool() or ParagraphPool()
    with pooled(pool):
        pool.next_build()
        try:
            return renderer.render_once(first=True)
        except NotesReordered as moved:
            printed = moved.printed
        resume = renderer.checkpoints.taken  # the first layout's copy of itself at a figure held (checkpoint.py)
        for _ in range(2):
            pool.next_build()
            try:
                again = make(renderer.renumber(printed), renderer.sheet, renderer.options, renderer.renumber)
                return again.render_once(resume=resume)
            except NotesReordered as moved:
                resume = None
                if moved.printed[: len(printed)] != printed:
                    break  # the notes numbered as printed came out of order again
                printed = moved.printed  # only later notes: a figure further on floated past citing text
        pool.next_build()
        return make(renderer.resolved, renderer.sheet, renderer.options).render_once()


def printed_order(placed: list[tuple[int, int]], keys: dict[int, int]) -> tuple[int, ...] | None:
    """The citations' keys in printed order (the order their markers were placed: a figure held back is placed
    after what filled its gap, on the same page or the next), or None when that is the order numbered."""
    order = [number for number, _page in placed]
    return None if order == sorted(order) else tuple(keys[n] for n in order)


@dataclass
class FirstOutOfOrder:
    """Ends a first layout that will be done again: a marker has been placed after a higher-numbered one (a figure
    floated past text citing later notes), so the notes are to be numbered as printed.  What is printed up to
    here decides the numbers (`resolve` keeps the rest in document order), and the rest of this layout would
    only be thrown away: the next layout makes it with the new numbers (`lay_out`)."""

    active: bool  # a first layout, with a way to renumber
    keys: dict[int, int]  # note number -> the citation's key
    printed: Callable[[list[tuple[int, int]], dict[int, int]], tuple[int, ...] | None]  # printed_order, as passed
    top: int = 0  # the highest note number placed so far
    seen: int = 0  # how many markers were placed before

    def check(self, order: list[tuple[int, int]], floated: int) -> None:
        """After a flowable is placed; `order`: the markers placed so far, each first time (selfcheck.LayoutLog)."""
        late = False
        for number, _page in order[self.seen :]:
            late = late or number < self.top
            self.top = max(self.top, number)
        self.seen = len(order)
        if late and self.active and floated:
            self.active = False  # asked once: the answer holds for the rest of this layout
            printed = self.printed(order, self.keys)
            if printed is not None:
                raise NotesReordered(printed)


@dataclass
class Floats:
    """The figure held back from one page, while the blocks after it fill the page."""

    free: bool = False  # any block may fill the gap; notes are then renumbered in printed order (NotesReordered)
    held: list[Flowable] = field(default_factory=list)
    page: int = 0
    cites: bool = False  # the held figure cites, notes are not renumbered: only blocks citing nothing fill
    floated: int = 0  # how many figures floated (for the tests and the layout log)
    started: set[int] = field(default_factory=set)  # figures whose first part has been offered to a page
    on_hold: Callable[[list[Flowable]], None] | None = None  # told before a figure that cites is held (checkpoint.py)

    def arrange(self, flowables: list[Flowable], page: int, frame: FootnoteFrame, canv: Canvas) -> None:
        """Reorder the head of the story before ReportLab takes its first flowable."""
        if self.held:
            if page != self.page or not flowables or not self._may_fill(flowables[0]):
                self._release(flowables, canv)
            return
        token = _figure(flowables[0]) if flowables else None
        if token is None or token in self.started:
            return  # only a figure none of whose parts is placed floats: never its data table after its drawing
        self.started.add(token)
        if frame.at_top or frame.kept_only:
            return
        if frame._fits_whole(flowables[0], canv, frame_area(canv)):  # noqa: SLF001 (the engine's own fit test)
            return
        n = sum(1 for _ in itertools.takewhile(lambda f: _figure(f) == token, flowables))
        notes = tuple(x for f in flowables[:n] for x in note_numbers(f))
        cites = not self.free and bool(notes)
        if n >= len(flowables) or not _fills(flowables[n], cites):
            return  # nothing may fill the gap: the figure moves on whole, as it always did
        if notes and self.on_hold is not None:
            self.on_hold(flowables)
        self.held, self.page, self.cites = flowables[:n], page, cites
        del flowables[:n]
        self.floated += 1
        if notes:
            canv._doctemplate.layout_log.floated.append(notes)  # type: ignore[attr-defined]  # for the selfcheck

    def _may_fill(self, flowable: Flowable) -> bool:
        return _fills(flowable, self.cites)

    def _release(self, flowables: list[Flowable], canv: Canvas) -> None:
        """Put the held figure back at the head of the story: at the top of a new page, or before a barrier.

        What is drawn after it, the rest of a block split to fill the gap included, starts new structure
        elements (`Tagger.epoch`), so the tree reads in printed order, which is the order the notes are in."""
        tagger = getattr(canv, ATTR, None)
        if tagger is not None:
            tagger.epoch += 1
        if flowables and hasattr(flowables[0], "_postponed"):
            # ReportLab marked the block that did not fit on the last page as tried once; the figure now goes
            # before it, so it gets its full try on the new page after the figure.
            del flowables[0]._postponed
        flowables[0:0] = self.held
        self.held = []


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
