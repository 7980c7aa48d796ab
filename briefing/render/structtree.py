"""The PDF structure tree of a tagged PDF, as ReportLab writes it: structure elements, the StructTreeRoot
with its ParentTree and IDTree, annotation entries and the XMP metadata (docs/tagging.md).

`tagger.Tagger` collects the `Element`s while the pages are drawn; everything here is what they become
in the file, written by ReportLab once it has numbered every object (each class's `format`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFObject, PDFString

from briefing.render import pdfformat
from briefing.render.markup import escape  # not xml.sax.saxutils's: that import pulls in urllib, http.client, ssl

pdfformat.install()  # every PDF object serialised without ReportLab's per-value indirections (same bytes)


class Element(PDFObject):  # type: ignore[misc]
    """A structure element being collected: its kids are elements, ("mcid", page, n) or ("objr", page, n).

    It is also the PDF object ReportLab writes for it (`format`).  A long pack has hundreds of
    thousands of these, so they are slotted and their rarely used containers made only when needed."""

    __slots__ = ("role", "parent", "kids", "notes", "alt", "ident", "attrs", "dest", "parts", "sections", "__InternalName__")

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
        for kid in self.reading_kids():
            if isinstance(kid, Element):
                kids.append(b"%d 0 R" % numbers[kid.__InternalName__][0])
            elif kid[0] == "mcid":
                kids.append(
                    b"%d" % kid[2]
                    if kid[1] == pg
                    else b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (numbers[f"Page{kid[1]}"][0], kid[2])
                )
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

    def reading_kids(self) -> Iterator[Any]:
        """The kids in reading order: each kid element followed by the notes read right after it."""
        for kid in self.kids:
            yield kid
            if isinstance(kid, Element) and kid.notes:
                yield from kid.notes


class Raw(PDFObject):  # type: ignore[misc]
    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class TreeRoot(PDFObject):  # type: ignore[misc]
    """The StructTreeRoot, with its ParentTree (page i: its MCIDs' elements; then one key a link) and IDTree."""

    def __init__(self, root: Element, page_mcids: list[list[Element]], notes: dict[int, Element]) -> None:
        self.root = root
        self.page_mcids = page_mcids
        self.notes = notes
        self.links: list[tuple[int, Element]] = []
        self.next_key = 0

    def format(self, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion

        def ref(el: Element) -> bytes:
            return b"%d 0 R" % numbers[el.__InternalName__][0]

        nums: list[bytes] = []
        for i, mcids in enumerate(self.page_mcids):
            if mcids:
                nums.append(b"%d [%s]" % (i, b" ".join(ref(el) for el in mcids)))
        nums += [b"%d %s" % (key, ref(el)) for key, el in self.links]
        notes = sorted({el.ident: el for el in self.notes.values()}.items(), key=lambda pair: pair[0].encode())
        names = b" ".join(PDFString(ident).format(document) + b" " + ref(el) for ident, el in notes)
        return (
            b"<< /Type /StructTreeRoot /K %s\n/ParentTree << /Nums [\n%s\n] >>\n/ParentTreeNextKey %d\n"
            b"/IDTree << /Names [%s] >> >>" % (ref(self.root), b"\n".join(nums), self.next_key, names)
        )


def page_entry(page: Any, key: str, value: Any) -> None:
    """An entry ReportLab's page dictionary does not know (/StructParents, /Tabs)."""
    if key not in page.__NoDefault__:
        page.__NoDefault__ = [*page.__NoDefault__, key]
    setattr(page, key, value)


def describe_annotation(annot: Any, words: str, key: int) -> None:
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


def xmp(title: str, author: str, lang: str, producer: str, creator: str) -> bytes:
    """XMP metadata: the title and language (dc), producer, and the PDF/UA-1 identification.

    Written in lxml's form (namespaces before `rdf:about`, a blank line and a line end around the closing packet),
    which is how qpdf's compaction (pikepdf) wrote it back when it packed the PDF; kept, so the metadata's bytes
    did not change when render/compact.py took that work over."""
    title, author, lang = escape(title), escape(author), escape(lang or "x-default")
    producer, creator = escape(producer), escape(creator)
    creator_xml = f"<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n" if author else ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" rdf:about="">\n'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>\n'
        f"{creator_xml}"
        f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n"
        "<dc:format>application/pdf</dc:format>\n"
        f"<pdf:Producer>{producer}</pdf:Producer>\n<xmp:CreatorTool>{creator}</xmp:CreatorTool>\n"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n\n"
        '<?xpacket end="w"?>\n'
    ).encode()
