"""Tagged PDF (PDF/UA-1): marked content written while the pages are drawn, the structure tree after.

ReportLab writes no tags of its own.  This module adds them in two steps (docs/tagging.md):

1. While the document is laid out, a `Tagger` hangs on the canvas.  Every page starts inside an
   `/Artifact` sequence, so anything drawn outside a tagged flowable (running header and footer,
   page numbers, rules, table backgrounds, the note separator) is furniture.  When a tagged
   flowable is drawn, the artifact is closed, the flowable's drawing is wrapped in
   `/Role <</MCID n>> BDC ... EMC`, and the artifact is opened again.  The flowable's `Tag` (set
   where the block is turned into flowables, from the document model) says which structure element
   the content belongs to; split parts of a flowable share its tag, so a paragraph, table or note
   that runs over a page break stays one element.
2. After layout, `Tagger.finish` hands the structure tree to ReportLab: StructTreeRoot, ParentTree,
   IDTree, MarkInfo, XMP with pdfuaid:part, /StructParents and /Tabs /S on pages, and a Link
   element with an OBJR for every link annotation (which gets /StructParent and /Contents).

The hooks into ReportLab are installed once, here, and do nothing for a canvas without a tagger.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFDictionary, PDFName, PDFObject, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.doctemplate import BaseDocTemplate

from briefing.render.flowables import Deferred, Heading, TocEntry
from briefing.render.notes import NoteArea

ATTR = "_briefing_tagger"
_NOTE_LINK = re.compile(r"^fn(\d+)$")
_BACK_LINK = re.compile(r"^fnref(\d+)$")
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


class Element(PDFObject):  # type: ignore[misc]
    """A structure element being collected: its kids are elements, ("mcid", page, n) or ("objr", page, n).

    It is also the PDF object ReportLab writes for it (`format`).  A long pack has hundreds of
    thousands of these, so they are slotted and their rarely used containers made only when needed."""

    __slots__ = ("role", "parent", "kids", "notes", "alt", "ident", "attrs", "dest", "parts", "sections",
                 "__InternalName__")

    def __init__(self, role: str, parent: Element | None, ident: str = "") -> None:
        self.role = role
        self.parent = parent
        self.kids: list[Any] = []
        self.notes: list[Element] | None = None  # Note elements read right after this one
        self.alt = ""
        self.ident = ident
        self.attrs: dict[str, dict[str, Any]] | None = None  # attribute owner -> attributes
        self.dest = ""  # links: the destination name or address, described when the tree is written
        self.parts = 0  # tables: parts drawn so far (a repeated header row on later parts is an artifact)
        self.sections: dict[Any, Element] | None = None  # tables: THead, TBody and rows by key

    def add(self, role: str, first: bool = False) -> Element:
        kid = Element(role, self)
        if first:
            self.kids.insert(0, kid)
        else:
            self.kids.append(kid)
        return kid

    def attr(self, owner: str, **values: Any) -> None:
        if self.attrs is None:
            self.attrs = {}
        self.attrs.setdefault(owner, {}).update(values)

    def format(self, document: Any) -> bytes:
        """The StructElem dictionary, once ReportLab has numbered every object."""
        numbers = document.idToObjectNumberAndVersion
        parent = self.parent.__InternalName__ if self.parent is not None else "StructTreeRoot"
        out = [b"<< /Type /StructElem /S /%s /P %d 0 R" % (self.role.encode(), numbers[parent][0])]
        pg = next((k[1] for k in self.kids if isinstance(k, tuple)), 0)
        if pg:
            out.append(b" /Pg %d 0 R" % numbers[f"Page{pg}"][0])
        kids: list[bytes] = []
        for kid in Tagger.kids_of(self):
            if isinstance(kid, Element):
                kids.append(b"%d 0 R" % numbers[kid.__InternalName__][0])
            elif kid[0] == "mcid":
                kids.append(b"%d" % kid[2] if kid[1] == pg else
                            b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (numbers[f"Page{kid[1]}"][0], kid[2]))
            else:
                page = numbers[f"Page{kid[1]}"][0]
                kids.append(b"<< /Type /OBJR /Obj %d 0 R /Pg %d 0 R >>" % (numbers[kid[3]][0], page))
        out.append(b" /K " + (kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"))
        if self.alt:
            out.append(b" /Alt " + PDFString(" ".join(self.alt.split())).format(document))
        if self.ident:
            out.append(b" /ID " + PDFString(self.ident).format(document))
        if self.attrs:
            attrs = [_attr_dict(owner, values) for owner, values in sorted(self.attrs.items())]
            out.append(b" /A " + (attrs[0] if len(attrs) == 1 else b"[" + b" ".join(attrs) + b"]"))
        out.append(b" >>")
        return b"".join(out)

    def section(self, key: Any, make: Callable[[], Element]) -> Element:
        if self.sections is None:
            self.sections = {}
        found = self.sections.get(key)
        if found is None:
            found = self.sections[key] = make()
        return found


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
            el = Element("Note", citing.parent if citing else self.root, ident=f"fn{number}")
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
        marker = _NOTE_LINK.match(dest)
        if marker:
            self.cited_by.setdefault(int(marker.group(1)), parent)
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
        head = r < tag.header_rows
        group = el
        if tag.header_rows:
            name = "THead" if head else "TBody"
            group = el.section(name, lambda: el.add(name))
        key = id(table._cellvalues[r][0])
        row = el.section(key, lambda: group.add("TR"))
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
            kids = [k for k in self.kids_of(el) if isinstance(k, Element)]
            todo.extend(reversed(kids))

    @staticmethod
    def kids_of(el: Element) -> Iterator[Any]:
        for kid in el.kids:
            yield kid
            if isinstance(kid, Element) and kid.notes:
                yield from kid.notes

    def describe(self, dest: str) -> str:
        """/Contents for a link annotation: where it goes, in words."""
        if dest.startswith(("http:", "https:", "mailto:")):
            return dest
        for pattern, words in ((_NOTE_LINK, "Note {}"), (_BACK_LINK, "Back to the text citing note {}"),
                               (_PAGE_LINK, "Page {}")):
            m = pattern.match(dest)
            if m:
                return words.format(m.group(1))
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
        root = _TreeRoot(self)
        doc.Reference(root, "StructTreeRoot")
        for i, mcids in enumerate(self.page_mcids):
            if mcids:
                _page_entry(pages[i], "StructParents", i)
        key = len(pages)
        for i, links in enumerate(self.page_links):
            if not links:
                continue
            refs = list(pages[i].Annots or [])
            if len(refs) != len(links):
                raise RuntimeError(f"page {i + 1}: {len(refs)} annotations but {len(links)} links were tagged")
            _page_entry(pages[i], "Tabs", PDFName("S"))
            for ref, el in zip(refs, links, strict=True):
                _describe_annotation(doc.idToObject[ref.name], self.describe(el.dest), key)
                el.kids[-1] = (*el.kids[-1][:3], ref.name)
                root.links.append((key, el))
                key += 1
        root.next_key = key
        catalog = doc.Catalog
        catalog.StructTreeRoot = root
        catalog.MarkInfo = _Raw(b"<< /Marked true >>")
        info = doc.info
        xmp = _xmp(str(info.title or ""), str(info.author or ""), lang, str(info.producer or ""), str(info.creator or ""))
        catalog.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), xmp)


class _Raw(PDFObject):  # type: ignore[misc]
    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class _TreeRoot(PDFObject):  # type: ignore[misc]
    """The StructTreeRoot, with its ParentTree (page i: its MCIDs' elements; then one key a link) and IDTree."""

    def __init__(self, tagger: Tagger) -> None:
        self.tagger = tagger
        self.links: list[tuple[int, Element]] = []
        self.next_key = 0

    def format(self, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion

        def ref(el: Element) -> bytes:
            return b"%d 0 R" % numbers[el.__InternalName__][0]

        nums: list[bytes] = []
        for i, mcids in enumerate(self.tagger.page_mcids):
            if mcids:
                nums.append(b"%d [%s]" % (i, b" ".join(ref(el) for el in mcids)))
        nums += [b"%d %s" % (key, ref(el)) for key, el in self.links]
        notes = sorted({el.ident: el for el in self.tagger.notes.values()}.items(), key=lambda pair: pair[0].encode())
        names = b" ".join(PDFString(ident).format(document) + b" " + ref(el) for ident, el in notes)
        return (b"<< /Type /StructTreeRoot /K %s\n/ParentTree << /Nums [\n%s\n] >>\n/ParentTreeNextKey %d\n"
                b"/IDTree << /Names [%s] >> >>" % (ref(self.tagger.root), b"\n".join(nums), self.next_key, names))


def _page_entry(page: Any, key: str, value: Any) -> None:
    """An entry ReportLab's page dictionary does not know (/StructParents, /Tabs)."""
    if key not in page.__NoDefault__:
        page.__NoDefault__ = [*page.__NoDefault__, key]
    setattr(page, key, value)


def _describe_annotation(annot: Any, words: str, key: int) -> None:
    if isinstance(annot, LinkAnnotation):
        annot.Contents = words
        annot.otherkw["StructParent"] = key
        if "StructParent" not in annot.permitted:
            annot.permitted = (*annot.permitted, "StructParent")
    else:  # linkURL makes a plain dictionary
        annot["Contents"] = PDFString(words)
        annot["StructParent"] = key


def _attr_dict(owner: str, values: dict[str, Any]) -> bytes:
    parts = [b"/O /" + owner.encode()]
    for k, v in values.items():
        if isinstance(v, str):
            text = b"/" + v.encode()
        elif isinstance(v, tuple):
            text = b"[" + b" ".join(b"%.2f" % x for x in v) + b"]"
        else:
            text = str(v).encode()
        parts.append(b"/" + k.encode() + b" " + text)
    return b"<< " + b" ".join(parts) + b" >>"


def _bbox(canv: Canvas, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    """The flowable's box in page space (for a Figure's /BBox), through the canvas's current transform."""
    a, b, c, d, e, f = canv._currentMatrix
    xs = [a * px + c * py + e for px, py in ((x, y), (x + w, y + h))]
    ys = [b * px + d * py + f for px, py in ((x, y), (x + w, y + h))]
    return min(xs), min(ys), max(xs), max(ys)


def _xmp(title: str, author: str, lang: str, producer: str, creator: str) -> bytes:
    """XMP metadata: the title and language (dc), producer, and the PDF/UA-1 identification."""
    title, author, lang = escape(title), escape(author), escape(lang or "x-default")
    producer, creator = escape(producer), escape(creator)
    creator_xml = f"<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n" if author else ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>\n'
        f"{creator_xml}"
        f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n"
        "<dc:format>application/pdf</dc:format>\n"
        f"<pdf:Producer>{producer}</pdf:Producer>\n<xmp:CreatorTool>{creator}</xmp:CreatorTool>\n"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode()


# ---------------------------------------------------------------- tags from flowables


def tag_of(flowable: Flowable, tagger: Tagger) -> Tag:
    """The flowable's tag: the one set from the model, or one by kind; kept on it so its split parts share it."""
    tag = flowable.__dict__.get("_tag")
    if tag is None:
        tag = _default_tag(flowable, tagger.toc)
        flowable._tag = tag  # type: ignore[attr-defined]
    return tag  # type: ignore[no-any-return]


def _default_tag(flowable: Flowable, toc: Tag | None) -> Tag:
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
    if getattr(Flowable, "_briefing_tagging", False):
        return
    Flowable._briefing_tagging = True  # type: ignore[attr-defined]
    draw_on = Flowable.drawOn

    def drawOn(self: Flowable, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        tagger: Tagger | None = getattr(canvas, ATTR, None)
        if tagger is None or tagger.leaf is not None or tagger.suppress:
            draw_on(self, canvas, x, y, _sW)
            return
        tagger.draw(self, canvas, lambda: draw_on(self, canvas, x, y, _sW), self._hAlignAdjust(x, _sW), y)

    Flowable.drawOn = drawOn

    draw_cell = Table._drawCell

    def _drawCell(self: Table, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:  # noqa: N802
        tagger: Tagger | None = getattr(self.canv, ATTR, None)
        if tagger is None or tagger.leaf is not None or tagger.suppress or not tagger.tables or tagger.tables[-1][0] is not self:
            draw_cell(self, cellval, cellstyle, pos, size)
            return
        tagger.cell(self, cellval, lambda: draw_cell(self, cellval, cellstyle, pos, size))

    Table._drawCell = _drawCell

    for cls in (Paragraph, Table):
        _share_tag_on_split(cls)

    draw_bullet = rl_paragraph._drawBullet

    def _drawBullet(canvas: Canvas, *args: Any, **kw: Any) -> Any:  # noqa: N802
        tagger: Tagger | None = getattr(canvas, ATTR, None)
        if tagger is None or tagger.leaf is None or tagger.leaf.role != "LBody":
            return draw_bullet(canvas, *args, **kw)
        return tagger.bullet(canvas, lambda: draw_bullet(canvas, *args, **kw))

    rl_paragraph._drawBullet = _drawBullet

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
        tag = self.__dict__.get("_tag") or _default_tag(self, None)
        self._tag = tag
        if tag is not None:
            for part in parts:
                if part is not self and "_tag" not in part.__dict__:
                    part._tag = tag
        return parts

    cls.split = split_sharing_tag


_install()

