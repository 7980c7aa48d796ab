"""Tagged PDF (PDF/UA-1): marked content written while the pages are drawn, the structure tree after.

ReportLab writes no tags of its own.  This module adds them in two steps (docs/tagging.md):

1. While the document is laid out, a `Tagger` (`tagger.py`) hangs on the canvas.  Every page starts inside an
   `/Artifact` sequence, so anything drawn outside a tagged flowable (running header and footer,
   page numbers, rules, table backgrounds, the note separator) is furniture.  When a tagged
   flowable is drawn, the artifact is closed, the flowable's drawing is wrapped in
   `/Role <</MCID n>> BDC ... EMC`, and the artifact is opened again.  The flowable's `Tag` (set
   where the block is turned into flowables, from the document model) says which structure element
   the content belongs to; split parts of a flowable share its tag, so a paragraph, table or note
   that runs over a page break stays one element.
2. After layout, `Tagger.finish` hands the structure tree (`structtree.py`) to ReportLab: StructTreeRoot, ParentTree,
   IDTree, MarkInfo, XMP with pdfuaid:part, /StructParents and /Tabs /S on pages, and a Link
   element with an OBJR for every link annotation (which gets /StructParent and /Contents).

This module is the entry: `attach` and `finish` for the document, `tag_block` and `tag_notes` for the
flowables made from the model, and the hooks into ReportLab, installed once, here, which do nothing for a
canvas without a tagger.
"""

from __future__ import annotations

import os
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.doctemplate import BaseDocTemplate

from briefing.render.notes import NoteArea
from briefing.render.tagger import ATTR, NONE, ROLE_BY_STYLE, Tag, Tagger, default_tag, set_tag

__all__ = ["ATTR", "Tag", "attach", "finish", "set_tag", "tag_block", "tag_notes"]


def tag_block(block: Any, flowables: list[Flowable]) -> None:
    """Tags for the flowables of one content block, from the block's kind (the document model)."""
    from briefing.model import Image, KeyFacts, ListBlock, People, Quote, Timeline
    from briefing.model import Table as TableBlock
    from briefing.render.figures import FIGURE_BLOCKS

    if isinstance(block, ListBlock):
        items = Tag("L", leaf=False, numbering="Decimal" if block.ordered else "Disc")
        for f in flowables:
            if isinstance(f, Paragraph):
                set_tag(f, Tag("LBody", parent=Tag("LI", parent=items, leaf=False)))
    elif isinstance(block, Quote):
        quote = Tag("BlockQuote", leaf=False)
        for f in flowables:
            set_tag(f, Tag("P", parent=quote))
    elif isinstance(block, (TableBlock, KeyFacts, Timeline, People)):
        header = isinstance(block, (Timeline, People)) or bool(getattr(block, "header", None))
        table = Tag("Table", leaf=False, header_rows=1 if header else 0, header_cols=1 if isinstance(block, KeyFacts) else 0)
        for f in flowables:
            set_tag(f, table if isinstance(f, Table) else Tag("Caption", parent=table))
    elif isinstance(block, Image):
        _tag_picture(flowables, Tag("Div", leaf=False), block.alt)
    elif isinstance(block, FIGURE_BLOCKS):
        group = Tag("Div", leaf=False)
        figure = Tag("Figure", parent=group, alt=str(getattr(block, "alt", "") or ""))
        for f in flowables:
            _tag_figure_part(f, group, figure)


def _tag_figure_part(flowable: Any, group: Tag, figure: Tag) -> None:
    if isinstance(flowable, (list, tuple)):
        for item in flowable:
            _tag_figure_part(item, group, figure)
    elif isinstance(flowable, Table):
        if flowable.repeatRows:  # the figure's data, as a real table
            set_tag(flowable, Tag("Table", parent=group, leaf=False, header_rows=1))
            return
        set_tag(flowable, NONE)  # a layout table holding the figure's parts
        for row in flowable._cellvalues:
            _tag_figure_part(row, group, figure)
    elif isinstance(flowable, Drawing):
        if not figure.alt:
            figure.alt = str(getattr(flowable, "_alt", "") or "")
        set_tag(flowable, figure)
    elif isinstance(flowable, Paragraph):
        set_tag(flowable, Tag(ROLE_BY_STYLE.get(flowable.style.name, "P"), parent=group))


def _tag_picture(flowables: Any, group: Tag, alt: str) -> None:
    """An `image:` block: a Figure with its alt text, and its caption a Caption beside it, in a Div."""
    for flowable in flowables:
        if isinstance(flowable, (list, tuple)):
            _tag_picture(flowable, group, alt)
        elif isinstance(flowable, Table):
            set_tag(flowable, NONE)  # the layout cell holding picture and caption
            for row in flowable._cellvalues:
                _tag_picture(row, group, alt)
        elif getattr(flowable, "_picture", False):
            set_tag(flowable, Tag("Figure", parent=group, alt=alt))
        elif isinstance(flowable, Paragraph):
            set_tag(flowable, Tag("Caption", parent=group))


def tag_notes(canv: Canvas, area: NoteArea) -> None:
    """Tag the notes about to be drawn at the foot of the page: each its own Note, whatever part of it this is."""
    tagger: Tagger | None = getattr(canv, ATTR, None)
    entries = area.page_entries()  # parts of notes continued from earlier pages first, then this page's own
    if tagger is None or not entries:
        return
    page = int(canv.getPageNumber())
    if area.runs_in(entries):  # a handout: the page's notes set as one paragraph, so one Note
        first = tagger.note(entries[0].number, page)
        for entry in entries:
            tagger.notes.setdefault(entry.number, first)
        tag = Tag("Note")
        set_tag(area._run_in(entries), tag)
        tag.made = (tagger, first, tagger.epoch)
        return
    for entry in entries:
        tag = Tag("Note")
        set_tag(entry.para, tag)
        tag.made = (tagger, tagger.note(entry.number, page), tagger.epoch)


# ---------------------------------------------------------------- hooks into ReportLab


def attach(canv: Canvas) -> Tagger | None:
    """Start tagging what is drawn on this canvas.

    BRIEFING_UNTAGGED=1 turns tagging off: only for measuring what it costs (benchmarks/tagging.py)."""
    if os.environ.get("BRIEFING_UNTAGGED") == "1":
        return None
    tagger = Tagger()
    setattr(canv, ATTR, tagger)
    return tagger


def finish(canv: Canvas, lang: str) -> None:
    """After the last page, before the canvas is saved: add the structure tree (if tagging)."""
    tagger: Tagger | None = getattr(canv, ATTR, None)
    if tagger is not None:
        tagger.finish(canv, lang)


def _install() -> None:
    """Wrap the ReportLab methods tagging listens to, once a process; each wrapper does nothing more than the
    method it wraps on a canvas without a tagger."""
    if getattr(Flowable, "_briefing_tagging", False):
        return
    Flowable._briefing_tagging = True  # type: ignore[attr-defined]
    _hook_flowables()
    _hook_table_cells()
    for cls in (Paragraph, Table):
        _share_tag_on_split(cls)
    _hook_bullets()
    _hook_links()
    _hook_pages()


def _hook_flowables() -> None:
    """A flowable drawn outside any tagged content: its drawing is marked content of its element."""
    draw_on = Flowable.drawOn

    def drawOn(self: Flowable, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        tagger: Tagger | None = getattr(canvas, ATTR, None)
        if tagger is None or tagger.leaf is not None or tagger.suppress:
            draw_on(self, canvas, x, y, _sW)
            return
        tagger.draw(self, canvas, lambda: draw_on(self, canvas, x, y, _sW), self._hAlignAdjust(x, _sW), y)

    Flowable.drawOn = drawOn


def _hook_table_cells() -> None:
    """A cell of a table being tagged: a TH or TD (`Tagger.cell`)."""
    draw_cell = Table._drawCell

    def _drawCell(self: Table, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:  # noqa: N802
        tagger: Tagger | None = getattr(self.canv, ATTR, None)
        if tagger is None or tagger.leaf is not None or tagger.suppress or not tagger.tables or tagger.tables[-1][0] is not self:
            draw_cell(self, cellval, cellstyle, pos, size)
            return
        tagger.cell(self, cellval, lambda: draw_cell(self, cellval, cellstyle, pos, size))

    Table._drawCell = _drawCell


def _hook_bullets() -> None:
    """A list item's bullet or number: an Lbl (`Tagger.bullet`)."""
    draw_bullet = rl_paragraph._drawBullet

    def _drawBullet(canvas: Canvas, *args: Any, **kw: Any) -> Any:  # noqa: N802
        tagger: Tagger | None = getattr(canvas, ATTR, None)
        if tagger is None or tagger.leaf is None or tagger.leaf.role != "LBody":
            return draw_bullet(canvas, *args, **kw)
        return tagger.bullet(canvas, lambda: draw_bullet(canvas, *args, **kw))

    rl_paragraph._drawBullet = _drawBullet


def _hook_links() -> None:
    """Every link annotation added to a page: a Link element (`Tagger.link`)."""
    link_rect, link_url = Canvas.linkRect, Canvas.linkURL

    def linkRect(self: Canvas, contents: str, destinationname: str, *args: Any, **kw: Any) -> Any:  # noqa: N802
        result = link_rect(self, contents, destinationname, *args, **kw)
        tagger: Tagger | None = getattr(self, ATTR, None)
        if tagger is not None and (args[1] if len(args) > 1 else kw.get("addtopage", 1)):
            tagger.link(self, str(destinationname))
        return result

    def linkURL(self: Canvas, url: str, *args: Any, **kw: Any) -> Any:  # noqa: N802
        result = link_url(self, url, *args, **kw)
        tagger: Tagger | None = getattr(self, ATTR, None)
        if tagger is not None:
            tagger.link(self, str(url))
        return result

    Canvas.linkRect, Canvas.linkURL = linkRect, linkURL


def _hook_pages() -> None:
    """A page starts inside an artifact (the running header and footer) and ends with it closed."""
    show_page = Canvas.showPage

    def showPage(self: Canvas) -> None:  # noqa: N802
        tagger: Tagger | None = getattr(self, ATTR, None)
        if tagger is not None:
            tagger.end_page(self)
        show_page(self)

    Canvas.showPage = showPage
    page_begin = BaseDocTemplate.handle_pageBegin

    def handle_pageBegin(self: BaseDocTemplate) -> None:  # noqa: N802
        tagger: Tagger | None = getattr(self.canv, ATTR, None)
        if tagger is not None:
            tagger.start_page(self.canv)
        page_begin(self)

    BaseDocTemplate.handle_pageBegin = handle_pageBegin
    BaseDocTemplate._handle_pageBegin = handle_pageBegin


def _share_tag_on_split(cls: Any) -> None:
    split = cls.split

    def split_sharing_tag(self: Any, availWidth: float, availHeight: float) -> Any:  # noqa: N803
        parts = split(self, availWidth, availHeight)
        tag = self.__dict__.get("_tag") or default_tag(self, None)
        self._tag = tag
        if tag is not None:
            for part in parts:
                if part is not self and "_tag" not in part.__dict__:
                    part._tag = tag
        return parts

    cls.split = split_sharing_tag


_install()
