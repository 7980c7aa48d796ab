"""What is collected while a tagged PDF's pages are drawn: each flowable's `Tag` (what it is in the
structure tree, set from the model where it is made) and the `Tagger` hung on the canvas, which wraps
each tagged flowable's drawing in marked content and builds the structure elements (docs/tagging.md).
`tagging.py` installs the hooks that call it; `structtree.py` writes what it collected."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table

from briefing.render.flowables import Deferred, Heading, TocEntry
from briefing.render.structtree import Element, Raw, TreeRoot, describe_annotation, page_entry, xmp
from briefing.resolve import marker_of_anchor, note_anchor, note_of_anchor

ATTR = "_briefing_tagger"
_PAGE_LINK = re.compile(r"^page(\d+)$")

# Paragraph styles whose role is not a plain P (everything else in the story is body text).
ROLE_BY_STYLE = {"cover_title": "H1", "handout_title": "H1", "caption": "Caption", "figure_title": "Caption"}


@dataclass(eq=False, slots=True)
class Tag:
    """What a flowable is in the structure tree: set where the flowable is made from the model.

    `role` None: the flowable is no element of its own (a layout table, a spacer); what it draws
    itself is an artifact and the flowables inside it are tagged in their own right.  A leaf
    tag's drawing becomes marked content of its element; a container's element holds the
    elements of the flowables drawn inside it (table cells, for a Table)."""

    role: str | None
    parent: Tag | None = None
    leaf: bool = True
    alt: str = ""
    header_rows: int = 0  # tables: rows of column headers (TH, /Scope /Column)
    header_cols: int = 0  # tables: columns of row headers (TH, /Scope /Row)
    numbering: str = ""  # lists: /ListNumbering
    made: tuple[Tagger, Element, int] | None = None  # the element made for it, by which document's tagger, in which epoch


NONE = Tag(None, leaf=False)


def set_tag(flowable: Flowable, tag: Tag) -> Flowable:
    flowable._tag = tag  # type: ignore[attr-defined]
    return flowable


class Tagger:
    """The structure collected while one document is drawn."""

    def __init__(self) -> None:
        self.root = Element("Document", None)
        self.stack: list[Element] = [self.root]
        self.page_mcids: list[list[Element]] = []
        self.page_links: list[list[Element]] = []
        self.leaf: Element | None = None
        self.artifact_open = False
        self.suppress = 0
        self.tables: list[tuple[Table, Element, dict[int, tuple[int, int]], Tag]] = []
        self.rows_seen: list[Any] = []  # each table row's first cell, whose id keys the row's TR (`cell`)
        self.cited_by: dict[int, Element] = {}
        self.notes: dict[int, Element] = {}
        self.anchors: dict[str, str] = {}
        self.toc = Tag("TOC", leaf=False)
        # Raised when a figure that floated is set (floats.py): content drawn after it starts new elements, so
        # the tree reads in printed order, as the notes are numbered.
        self.epoch = 0

    # ------------------------------------------------------------ elements

    def element(self, tag: Tag) -> Element:
        if tag.made is not None and tag.made[0] is self and tag.made[2] == self.epoch:
            return tag.made[1]
        parent = self.element(tag.parent) if tag.parent is not None else self.stack[-1]
        el = parent.add(tag.role or "Div")
        el.alt = tag.alt
        if tag.numbering:
            el.attr("List", ListNumbering=tag.numbering)
        tag.made = (self, el, self.epoch)  # kept on the tag, so it goes when the flowables that share it are drawn
        return el

    def note(self, number: int, page: int) -> Element:
        """The Note element for a note: read right after the element whose text cites it."""
        el = self.notes.get(number)
        if el is None:
            citing = self.cited_by.get(number)
            el = Element("Note", citing.parent if citing else self.root, ident=note_anchor(number))
            if citing is None:
                self.root.kids.append(el)
            else:
                citing.notes = (citing.notes or []) + [el]
            self.notes[number] = el
        return el

    # ------------------------------------------------------------ marked content

    def _page(self, canv: Canvas, lists: list[list[Element]]) -> list[Element]:
        page = int(canv.getPageNumber())
        while len(lists) < page:
            lists.append([])
        return lists[page - 1]

    def start_page(self, canv: Canvas) -> None:
        canv.addLiteral("/Artifact <</Type /Pagination>> BDC")  # the running header and footer come first
        self.artifact_open = True

    def end_page(self, canv: Canvas) -> None:
        if self.artifact_open:
            canv.addLiteral("EMC")
            self.artifact_open = False

    def open_content(self, canv: Canvas, el: Element) -> None:
        if self.artifact_open:
            canv.addLiteral("EMC")
            self.artifact_open = False
        mcids = self._page(canv, self.page_mcids)
        el.kids.append(("mcid", int(canv.getPageNumber()), len(mcids)))
        canv.addLiteral(f"/{el.role} <</MCID {len(mcids)}>> BDC")
        mcids.append(el)
        self.leaf = el

    def close_content(self, canv: Canvas) -> None:
        canv.addLiteral("EMC")
        self.leaf = None
        canv.addLiteral("/Artifact BMC")
        self.artifact_open = True

    def link(self, canv: Canvas, dest: str) -> None:
        """A link annotation was added to the page: a Link element (in a Reference, for a note marker)."""
        parent = self.leaf or self.stack[-1]
        marker = note_of_anchor(dest)
        if marker is not None:
            self.cited_by.setdefault(marker, parent)
            parent = parent.add("Reference")
        el = parent.add("Link")
        el.dest = dest
        links = self._page(canv, self.page_links)
        el.kids.append(("objr", int(canv.getPageNumber()), len(links)))
        links.append(el)

    # ------------------------------------------------------------ flowables

    def draw(self, flowable: Flowable, canv: Canvas, draw: Callable[[], None], x: float, y: float) -> None:
        tag = tag_of(flowable, self)
        if tag.role is None:
            draw()
            return
        el = self.element(tag)
        if not tag.leaf:
            self.stack.append(el)
            if isinstance(flowable, Table) and tag.role == "Table":
                cells = {id(v): (r, c) for r, row in enumerate(flowable._cellvalues) for c, v in enumerate(row)}
                self.tables.append((flowable, el, cells, tag))
            try:
                draw()
            finally:
                self.stack.pop()
                if self.tables and self.tables[-1][0] is flowable:
                    self.tables.pop()
                    el.parts += 1
            return
        if isinstance(flowable, Heading):
            self.anchors[flowable.anchor] = flowable.title
        if el.role == "Figure" and el.attrs is None:
            el.attr("Layout", BBox=_bbox(canv, x, y, float(flowable.width), float(flowable.height)))
        if el.role == "LBody" and getattr(flowable, "bulletText", None):
            # a list item's first part: what precedes the bullet stays artifact, and `bullet`
            # opens the Lbl and then the LBody's content
            self.leaf, self.artifact_open = el, False
        else:
            self.open_content(canv, el)
        try:
            draw()
        finally:
            self.close_content(canv)

    def cell(self, table: Table, cellval: Any, draw: Callable[[], None]) -> None:
        """One table cell: a TH or TD (in a TR, in THead or TBody), or an artifact for a repeated header."""
        _, el, cells, tag = self.tables[-1]
        r, c = cells.get(id(cellval), (0, 0))
        if el.parts and r < int(table.repeatRows or 0):
            self.suppress += 1
            try:
                draw()
            finally:
                self.suppress -= 1
            return
        head = r < tag.header_rows and not el.parts  # a later part's first row is a header only when repeated (above)
        group = el
        if tag.header_rows:
            name = "THead" if head else "TBody"
            group = el.section(name, lambda: el.add(name))
        first = table._cellvalues[r][0]
        row = el.section(id(first), lambda: self._row(group, first))
        if head or c < tag.header_cols:
            cell = row.add("TH")
            cell.attr("Table", Scope="Column" if head else "Row")
        else:
            cell = row.add("TD")
        self.stack.append(cell)
        try:
            draw()
        finally:
            self.stack.pop()

    def _row(self, group: Element, first: Any) -> Element:
        """A new TR for the row whose first cell is `first`, its key; the cell is kept alive for the build: a freed
        cell's id, taken by a later row's cell, would join that row to this TR."""
        self.rows_seen.append(first)
        return group.add("TR")

    def bullet(self, canv: Canvas, draw: Callable[[], Any]) -> Any:
        """A list item's bullet or number: an Lbl of its own, before the item's LBody content."""
        body = self.leaf
        assert body is not None and body.parent is not None
        canv.addLiteral("EMC")
        lbl = body.parent.add("Lbl", first=True)
        mcids = self._page(canv, self.page_mcids)
        lbl.kids.append(("mcid", int(canv.getPageNumber()), len(mcids)))
        canv.addLiteral(f"/Lbl <</MCID {len(mcids)}>> BDC")
        mcids.append(lbl)
        try:
            return draw()
        finally:
            canv.addLiteral("EMC")
            body.kids.append(("mcid", int(canv.getPageNumber()), len(mcids)))
            canv.addLiteral(f"/LBody <</MCID {len(mcids)}>> BDC")
            mcids.append(body)

    # ------------------------------------------------------------ the tree

    def ordered(self) -> Iterator[Element]:
        """Every element, parents before kids, each element's notes right after it."""
        todo = [self.root]
        while todo:
            el = todo.pop()
            yield el
            kids = [k for k in el.reading_kids() if isinstance(k, Element)]
            todo.extend(reversed(kids))

    def describe(self, dest: str) -> str:
        """/Contents for a link annotation: where it goes, in words."""
        if dest.startswith(("http:", "https:", "mailto:")):
            return dest
        for read, words in ((note_of_anchor, "Note {}"), (marker_of_anchor, "Back to the text citing note {}")):
            number = read(dest)
            if number is not None:
                return words.format(number)
        m = _PAGE_LINK.match(dest)
        if m:
            return f"Page {m.group(1)}"
        title = self.anchors.get(dest)
        return f"Go to {title}" if title else f"Go to {dest.replace('-', ' ')}"

    def finish(self, canv: Canvas, lang: str) -> None:
        """Hand the structure tree to ReportLab before it writes the file, with what PDF/UA-1 asks of
        the catalog, the pages and the link annotations.  ReportLab writes each element in turn as
        it writes the file: no second pass over the PDF, and no copy of it in memory."""
        doc = canv._doc
        pages = doc.Pages.pages
        order = list(self.ordered())
        for i, el in enumerate(order):
            doc.Reference(el, f"SE{i}")
        root = TreeRoot(self.root, self.page_mcids, self.notes)
        doc.Reference(root, "StructTreeRoot")
        for i, mcids in enumerate(self.page_mcids):
            if mcids:
                page_entry(pages[i], "StructParents", i)
        key = len(pages)
        for i, links in enumerate(self.page_links):
            if not links:
                continue
            refs = list(pages[i].Annots or [])
            if len(refs) != len(links):
                raise RuntimeError(f"page {i + 1}: {len(refs)} annotations but {len(links)} links were tagged")
            page_entry(pages[i], "Tabs", PDFName("S"))
            for ref, el in zip(refs, links, strict=True):
                describe_annotation(doc.idToObject[ref.name], self.describe(el.dest), key)
                el.kids[-1] = (*el.kids[-1][:3], ref.name)
                root.links.append((key, el))
                key += 1
        root.next_key = key
        catalog = doc.Catalog
        catalog.StructTreeRoot = root
        catalog.MarkInfo = Raw(b"<< /Marked true >>")
        info = doc.info
        metadata = xmp(str(info.title or ""), str(info.author or ""), lang, str(info.producer or ""), str(info.creator or ""))
        catalog.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), metadata)


def _bbox(canv: Canvas, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    """The flowable's box in page space (for a Figure's /BBox), through the canvas's current transform."""
    a, b, c, d, e, f = canv._currentMatrix
    xs = [a * px + c * py + e for px, py in ((x, y), (x + w, y + h))]
    ys = [b * px + d * py + f for px, py in ((x, y), (x + w, y + h))]
    return min(xs), min(ys), max(xs), max(ys)


def tag_of(flowable: Flowable, tagger: Tagger) -> Tag:
    """The flowable's tag: the one set from the model, or one by kind; kept on it so its split parts share it."""
    tag = flowable.__dict__.get("_tag")
    if tag is None:
        tag = default_tag(flowable, tagger.toc)
        flowable._tag = tag  # type: ignore[attr-defined]
    return tag  # type: ignore[no-any-return]


def default_tag(flowable: Flowable, toc: Tag | None) -> Tag:
    if isinstance(flowable, Heading):
        return Tag(f"H{min(max(flowable.level, 1), 6)}")
    if isinstance(flowable, TocEntry):
        return Tag("TOCI", parent=toc)
    if isinstance(flowable, Paragraph):
        return Tag(ROLE_BY_STYLE.get(flowable.style.name, "P"))
    if isinstance(flowable, Deferred):
        return Tag("P")
    if isinstance(flowable, Drawing):
        return Tag("Figure", alt=str(getattr(flowable, "_alt", "") or ""))
    return NONE  # layout tables, spacers, anchors: what they draw themselves is an artifact
