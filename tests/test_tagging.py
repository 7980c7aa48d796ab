"""The PDF is tagged (PDF/UA-1, machine-checkable part): read back with Poppler, pdfua and pikepdf.

Each test reads the built PDF the way an independent tool would: `pdfinfo -struct-text` for the
reading order a screen reader gets, `pdfua` for the PDF/UA-1 rules it implements, and a walk of
every content stream for anything painted outside tagged content and artifacts.
"""

from __future__ import annotations

import functools
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from briefing.model import Paragraph as ParagraphBlock
from briefing.model import Str, walk_sections
from briefing.pipeline import BuildOptions, build, default_content_dir, load_and_check
from briefing.resolve import resolve
from briefing.variants import full_sections
from tests.conftest import StressBuild

PAINT = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "BI"}
VARIANTS: dict[str, dict[str, Any]] = {  # BuildOptions
    "full": {},
    "summary": {"variant": "summary"},
    "duplex": {"duplex": True},
    "greyscale": {"greyscale": True},
    "large-print": {"large_print": True},
    "letter": {"paper": "letter"},
}


# ---------------------------------------------------------------- readers


@dataclass
class Node:
    role: str
    ident: str = ""
    text: str = ""
    attrs: list[str] = field(default_factory=list)
    kids: list[Node] = field(default_factory=list)

    def walk(self) -> list[Node]:
        out = [self]
        for kid in self.kids:
            out += kid.walk()
        return out

    def all_text(self) -> str:
        return self.text + "".join(k.all_text() for k in self.kids)


_ROLE = re.compile(r"^(\s*)([A-Za-z][A-Za-z0-9]*)(?: <([^>]*)>)?(?: \((?:block|inline)\))?:?$")


@functools.lru_cache(maxsize=2)
def struct_text(pdf: Path) -> Node:
    """The structure tree as Poppler reads it (`pdfinfo -struct-text`); read once a PDF (tests only read it)."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True).stdout
    root = Node("(root)")
    stack: list[tuple[int, Node]] = [(-1, root)]
    for line in out.splitlines():
        m = _ROLE.match(line)
        stripped = line.strip()
        if m and not stripped.startswith(("/", '"')) and not stripped.startswith("Object"):
            depth = len(m.group(1))
            while stack[-1][0] >= depth:
                stack.pop()
            node = Node(m.group(2), m.group(3) or "")
            stack[-1][1].kids.append(node)
            stack.append((depth, node))
        elif stripped.startswith('"'):
            stack[-1][1].text += stripped[1:-1]
        elif stripped.startswith("/"):
            stack[-1][1].attrs.append(stripped)
    return root


def squeeze(text: str) -> str:
    """Text without spaces or hyphens: line breaks drop the space between words and add hyphens."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def untagged_paint(pdf: Path) -> list[tuple[int, str]]:
    """Every text or path painting operator outside both an MCID sequence and an artifact."""
    bad: list[tuple[int, str]] = []
    with pikepdf.open(pdf) as doc:
        for number, page in enumerate(doc.pages, 1):
            stack: list[bool] = []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in ("BDC", "BMC"):
                    props = operands[1] if name == "BDC" else None
                    has_mcid = isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                    stack.append(str(operands[0]) == "/Artifact" or has_mcid)
                elif name == "EMC":
                    stack.pop()
                elif name in PAINT and not any(stack):
                    bad.append((number, name))
            assert not stack, f"page {number}: marked content left open"
    return bad


@dataclass
class Elem:
    role: str
    obj: Any
    pages: set[int]
    kids: list[Elem]
    parent: Elem | None = None


def struct_tree(doc: pikepdf.Pdf) -> Elem:
    """The structure tree read with pikepdf: each element with the pages its content is on."""
    index = {p.objgen: i + 1 for i, p in enumerate(p.obj for p in doc.pages)}

    def read(obj: Any, parent: Elem | None) -> Elem:
        el = Elem(str(obj.get("/S", "/StructTreeRoot"))[1:], obj, set(), [], parent)
        kids = obj.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
        for kid in items:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                el.pages.add(index[kid.Pg.objgen])
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                continue
            elif isinstance(kid, pikepdf.Dictionary):
                el.kids.append(read(kid, el))
            else:
                el.pages.add(index[obj.Pg.objgen])
        return el

    return read(doc.Root.StructTreeRoot, None)


def elements(root: Elem) -> list[Elem]:
    out = [root]
    for kid in root.kids:
        out += elements(kid)
    return out


def pdfua_findings(pdf: Path) -> list[str]:
    from pdfua import validate

    report = validate(str(pdf))
    return [f"{f.rule_id}: {f.message}" for f in report.findings]


# ---------------------------------------------------------------- the default pack


def test_default_pack_is_tagged(default_pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", str(default_pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    with pikepdf.open(default_pdf) as doc:
        root = doc.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en-GB"
        assert root.ViewerPreferences.DisplayDocTitle is True
        xmp = root.Metadata.read_bytes().decode()
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "The death of Khyra Ishaq" in xmp
        for page in doc.pages:
            assert "/StructParents" in page.obj
            if "/Annots" in page.obj:
                assert page.obj.Tabs == "/S"
                for annot in page.obj.Annots:
                    assert "/StructParent" in annot and str(annot.Contents).strip()


def test_every_font_is_embedded_with_a_unicode_map(default_pdf: Path) -> None:
    """Copying text gives the right characters: quotes, dashes and note numbers included."""
    with pikepdf.open(default_pdf) as doc:
        fonts = {f.objgen: f for page in doc.pages for f in page.Resources.get("/Font", {}).values()}
        assert fonts
        for font in fonts.values():
            assert "/ToUnicode" in font, font.BaseFont
            assert "/FontFile2" in font.FontDescriptor, font.BaseFont


def test_default_pack_passes_pdfua(default_pdf: Path) -> None:
    assert pdfua_findings(default_pdf) == []


def test_nothing_painted_outside_tagged_content_or_artifacts(default_pdf: Path) -> None:
    assert untagged_paint(default_pdf) == []


def _model(content: Path) -> tuple[list[str], list[str]]:
    """Headings ("number title") and paragraph openings in the model's order."""
    pack = load_and_check(content).pack
    resolved = resolve(pack, full_sections(pack))
    headings, paragraphs = [], []
    for section in walk_sections(resolved.pack.sections):
        ref = resolved.section_ref(section)
        headings.append(f"{ref.number} {ref.title}")
        for block in section.blocks:
            if isinstance(block, ParagraphBlock):
                words = "".join(n.text for n in block.text if isinstance(n, Str))
                paragraphs.append(squeeze(words)[:30])
    return headings, paragraphs


def test_tree_reads_headings_and_paragraphs_in_the_models_order(default_pdf: Path) -> None:
    tree = struct_text(default_pdf)
    headings, paragraphs = _model(default_content_dir())
    read = [squeeze(n.all_text()) for n in tree.walk() if re.fullmatch(r"H[1-6]", n.role)]
    expected = [squeeze(h) for h in headings]
    in_order = [h for h in read if h in expected]
    assert in_order == expected
    assert read[:3] == [squeeze("The death of Khyra Ishaq"), squeeze("About this pack"), "Contents"]
    assert read[-1].endswith("Sources")
    body = squeeze(" ".join(n.text for n in tree.walk()))
    at = 0
    for opening in paragraphs:
        found = body.find(opening, at)
        assert found >= 0, f"paragraph not read in order: {opening!r}"
        at = found


def test_each_note_is_read_right_after_the_text_that_cites_it(default_pdf: Path) -> None:
    with pikepdf.open(default_pdf) as doc:
        tree = struct_tree(doc)
        numbers = [int(str(e.obj.ID)[2:]) for e in elements(tree) if e.role == "Note"]
        for el in elements(tree):
            siblings = el.kids
            for i, kid in enumerate(siblings):
                if kid.role != "Note":
                    continue
                number = int(str(kid.obj.ID)[2:])
                before = next(s for s in reversed(siblings[:i]) if s.role != "Note")
                links = [
                    str(e.obj.K.Obj.Contents)
                    for e in elements(before)
                    if e.role == "Link" and isinstance(e.obj.K, pikepdf.Dictionary)
                ]
                assert f"Note {number}" in links, f"note {number} does not follow its citing element"
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 200


def test_tables_figures_lists_and_no_furniture_in_the_tree(default_pdf: Path) -> None:
    tree = struct_text(default_pdf)
    nodes = tree.walk()
    tables = [n for n in nodes if n.role == "Table"]
    assert len(tables) >= 8
    for table in tables:
        headers = [n for n in table.walk() if n.role == "TH"]
        assert headers and all(any(a.startswith("/Scope /") for a in th.attrs) for th in headers)
    assert any(n.role == "THead" for n in nodes) and any(n.role == "TBody" for n in nodes)
    items = [n for n in nodes if n.role == "LI"]
    assert items and all([k.role for k in li.kids][:2] == ["Lbl", "LBody"] for li in items)
    assert any(n.role == "BlockQuote" for n in nodes) and any(n.role == "TOCI" for n in nodes)
    everything = " ".join(n.text for n in nodes)
    assert "Page 3 of" not in everything and "Version 1.0 · as at" not in everything
    # the running header (the short title) is on 28 pages; the name itself is in the who's who once
    assert sum(n.text.strip() == "Khyra Ishaq" for n in nodes) == 1
    with pikepdf.open(default_pdf) as doc:
        figures = [e for e in elements(struct_tree(doc)) if e.role == "Figure"]
        assert len(figures) >= 3
        for fig in figures:
            assert len(str(fig.obj.Alt)) > 20
            x0, y0, x1, y1 = (float(v) for v in fig.obj.A.BBox)
            assert 0 < x0 < x1 <= 595.3 and 0 < y0 < y1 <= 842


def test_tagging_leaves_the_pages_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, default_pdf: Path) -> None:
    """Same page images with and without tags (marked content draws nothing)."""
    from briefing.render import document

    tagged = default_pdf  # built with tags
    monkeypatch.setattr(document, "attach", lambda canv: None)
    plain = tmp_path / "plain.pdf"
    build(default_content_dir(), plain)
    info = subprocess.run(["pdfinfo", str(plain)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+no$", info, re.M)
    for name, pdf in (("a", tagged), ("b", plain)):
        subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(tmp_path / name)], check=True)
    first = sorted(tmp_path.glob("a-*.pgm"))
    with pikepdf.open(tagged) as doc:
        assert len(first) == len(doc.pages) > 20
    for image in first:
        assert image.read_bytes() == (tmp_path / image.name.replace("a-", "b-", 1)).read_bytes(), image.name


# ---------------------------------------------------------------- the stress pack, every variant


# the stress pack and its builds: conftest's `stress_pack` and `stress_build`, shared with test_core


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_stress_pack_is_tagged_in_every_variant(stress_build: StressBuild, variant: str) -> None:
    built = stress_build(**VARIANTS[variant])
    out = built.pdf
    assert pdfua_findings(out) == []
    assert untagged_paint(out) == []
    with pikepdf.open(out) as doc:
        tree = elements(struct_tree(doc))
    notes = [e for e in tree if e.role == "Note"]
    assert notes
    if variant == "summary":
        return
    # split across pages, each is still one element with content on both pages
    assert any(len(e.pages) > 1 for e in tree if e.role == "P"), "no paragraph split over pages is one P"
    tables = [e for e in tree if e.role == "Table"]
    assert len(tables) == 2 and any(len(set().union(*(c.pages for c in elements(t)))) > 1 for t in tables)
    assert len(notes) == built.notes and any(len(n.pages) > 1 for n in notes), "the long note is not one Note"
    repeated = [e for e in elements(tables[0]) if e.role == "THead"]
    assert len(repeated) == 1 and len([e for e in elements(repeated[0]) if e.role == "TR"]) == 1


def test_builds_stay_byte_identical(stress_pack: Path, stress_build: StressBuild, tmp_path: Path) -> None:
    a, b = stress_build().pdf, tmp_path / "b.pdf"  # the first build is the full variant's, shared
    build(stress_pack, b)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("repro", ["fail-5", "fail-7"])
def test_notes_continued_over_pages_are_tagged(repro: str, tmp_path: Path) -> None:
    """A note the engine continues on later pages (labelled parts) is one Note, and nothing is left untagged."""
    out = tmp_path / f"{repro}.pdf"
    build(Path(__file__).resolve().parent / "repros" / repro, out)
    assert pdfua_findings(out) == []
    assert untagged_paint(out) == []
    with pikepdf.open(out) as doc:
        notes = [e for e in elements(struct_tree(doc)) if e.role == "Note"]
        ids = [str(e.obj.get("/ID")) for e in notes]
        spans = [len(e.pages) for e in notes]
    assert ids and len(ids) == len(set(ids)), "a note split over pages became more than one Note"
    assert max(spans) >= 2, "no Note has content on two pages"


def test_rows_after_a_header_that_is_not_repeated_are_body_rows(tmp_path: Path) -> None:
    """A table whose header row is too tall to repeat (tests/shrunk/rowtall-1024, large print: a header cut across
    pages, its rows cut inside their cells): on each later page the first row is a row of the table's body, not its
    header.  Tagged as a header (THead, TH with Scope Column), a screen reader announced a body row's cells as
    column headers; each table has one header row, TRs in THead beyond the first were such rows."""
    from tests.verify_tree import elements, is_kind, kids_of

    out = tmp_path / "out.pdf"
    build(Path(__file__).resolve().parent / "shrunk" / "rowtall-1024", out, BuildOptions(large_print=True))
    with pikepdf.open(out) as doc:
        tables = elements(doc.Root.StructTreeRoot, "/Table")
        heads = [[r for k in kids_of(t) if is_kind(k, "/THead") for r in kids_of(k) if is_kind(r, "/TR")] for t in tables]
        bodies = [[r for k in kids_of(t) if is_kind(k, "/TBody") for r in kids_of(k) if is_kind(r, "/TR")] for t in tables]
    assert [len(h) for h in heads if h] == [1] * len([h for h in heads if h]), [len(h) for h in heads]
    assert any(len(b) > 1 for b in bodies)
