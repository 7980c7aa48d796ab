"""The verifier itself: it passes the PDFs that are right and names what a deliberately broken renderer
gets wrong, so a clean result from it means something."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from briefing.pipeline import default_content_dir
from briefing.render import markup
from briefing.render.document import Renderer
from briefing.render.notes import NoteArea
from tests.generate import Knobs, generate
from tests.packs import write_pack
from tests.verify import Failure, Layout, build_and_verify, overlapping_pairs, required_of, verify


def small_pack(root: Path) -> Path:
    ids = ["alpha", "beta", "gamma"]  # tests.packs.SOURCES
    paragraphs = [
        {
            "paragraph": f"Paragraph {i} says what the source says [@{ids[i % 3]}, p. {i} closing{i}] "
            f"and then a little more [@{ids[(i + 1) % 3]}, para {i} ending{i}]."
        }
        for i in range(12)
    ]
    return write_pack(
        root,
        [
            {"title": "One", "blocks": paragraphs[:6]},
            {
                "title": "Two",
                "blocks": paragraphs[6:],
                "sections": [{"title": "Two a", "blocks": [{"bullets": ["A point [@alpha, p. 99 lastpoint]."]}]}],
            },
        ],
    )


def props(found: list[Any]) -> set[str]:
    return {f.prop for f in found}


@pytest.fixture(scope="module")
def default_failures(default_pdf: Path) -> list[Failure]:
    """The default PDF verified once a module, with what its YAML says it holds (every property is read)."""
    return verify(default_pdf, Layout(), required_of(default_content_dir()))


def test_default_pack_verifies_clean(default_failures: list[Failure]) -> None:
    assert [str(f) for f in default_failures] == []


def test_small_pack_verifies_clean_in_every_variant(tmp_path: Path) -> None:
    root = small_pack(tmp_path / "pack")
    for variant in ("full", "duplex", "large", "letter"):
        assert [str(f) for f in build_and_verify(root, tmp_path / f"{variant}.pdf", variant, required_of(root))] == []


def test_generated_expectations_match_the_yaml(tmp_path: Path) -> None:
    """What the generator meant to write equals what its YAML says (two independent counts)."""
    for seed in range(24):
        pack = generate(seed, tmp_path / str(seed), Knobs.large() if seed % 8 == 0 else None)
        for variant in ("full", "summary") if pack.summary else ("full",):
            meant, read_back = pack.expect(variant), required_of(pack.root, variant)
            assert meant.notes == read_back.notes
            assert sorted(meant.tails) == sorted(read_back.tails)
            assert sorted(meant.sources) == sorted(read_back.sources)


def test_overlapping_glyphs_are_every_pair_that_meets() -> None:
    """The verifier's sweep finds exactly the pairs of boxes whose insides meet, as comparing every pair does:
    random boxes, some of no width or height, some on the bands' edges, some sharing an edge."""
    rng = random.Random(11)
    for _ in range(400):
        boxes = []
        for _ in range(rng.randint(0, 40)):
            x0, y0 = rng.choice([rng.uniform(-10, 120), float(rng.randint(0, 48))]), rng.choice([rng.uniform(-10, 120), 24.0])
            w, h = rng.choice([0.0, rng.uniform(0, 30), float(rng.randint(0, 4))]), rng.choice([0.0, rng.uniform(0, 30), 2.0])
            boxes.append((x0, y0, x0 + w, y0 + h))
        every = {
            (i, j)
            for i, a in enumerate(boxes)
            for j, b in enumerate(boxes)
            if i < j and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        }
        assert overlapping_pairs(boxes) == every, boxes


def test_notes_drawn_off_the_page_are_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = small_pack(tmp_path / "pack")
    draw = NoteArea.draw
    monkeypatch.setattr(NoteArea, "draw", lambda self, canv, x, bottom: draw(self, canv, x + 300, bottom))
    assert "inside-text-block" in props(build_and_verify(root, tmp_path / "x.pdf", "full", required_of(root)))


def test_notes_drawn_over_each_other_are_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = small_pack(tmp_path / "pack")

    def squashed(self: NoteArea, canv: Any, x: float, bottom: float) -> None:
        for entry in self.entries:
            entry.para.drawOn(canv, x, bottom + 20)

    monkeypatch.setattr(NoteArea, "draw", squashed)
    found = props(build_and_verify(root, tmp_path / "x.pdf", "full", required_of(root)))
    assert "no-overlapping-text" in found


def test_a_wrong_marker_number_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = small_pack(tmp_path / "pack")
    real = markup.marker

    def off_by_one(number: int, colour: str) -> str:
        return (
            real(number, colour).replace(f"<super>{number}</super>", f"<super>{number + 1}</super>")
            if number == 3
            else real(number, colour)
        )

    monkeypatch.setattr(markup, "marker", off_by_one)
    found = props(build_and_verify(root, tmp_path / "x.pdf", "full", required_of(root)))
    assert "marker-whole" in found


def test_a_lost_citation_and_a_cut_note_are_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = small_pack(tmp_path / "pack")
    note_markup = Renderer.note_markup
    monkeypatch.setattr(Renderer, "note_markup", lambda self, note, ibid: note_markup(self, note, ibid).replace("closing4", ""))
    found = props(build_and_verify(root, tmp_path / "x.pdf", "full", required_of(root)))
    assert "note-tails-present" in found
    required = required_of(root)
    required.notes += 1
    assert "all-citations-printed" in props(verify(tmp_path / "x.pdf", Layout(), required))


def _heading_page(pdf: Path, lines: list[str]) -> Path:
    """A two-page PDF whose first page ends with heading '1 The heading' (an outline entry) and then `lines`, all in
    the heading's face and size, as a large-print caption is; the second page holds body text."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(pdf), pagesize=(595, 842))
    y = 300.0
    canvas.bookmarkPage("h1", fit="XYZ", top=y + 14)
    canvas.addOutlineEntry("1 The heading", "h1", level=0)
    canvas.setFont("Helvetica-Bold", 14)
    for text in ["1 The heading", *lines]:
        canvas.drawString(72, y, text)
        y -= 18
    canvas.showPage()
    canvas.setFont("Helvetica", 11)
    canvas.drawString(72, 700, "Body text on the next page.")
    canvas.showPage()
    canvas.save()
    return pdf


@pytest.mark.parametrize(
    ("lines", "stranded"),
    [
        ([], True),  # the heading alone at the foot of its page
        (["Table 1. A caption in the heading's face"], False),  # large print: caption and heading share a face
    ],
)
def test_a_heading_is_told_from_a_caption_in_its_face(tmp_path: Path, lines: list[str], stranded: bool) -> None:
    found = props(verify(_heading_page(tmp_path / "h.pdf", lines)))
    assert ("heading-not-stranded" in found) is stranded, found


def _moved_captions(pdf: Path, out: Path, holders: tuple[str, ...]) -> Path:
    """A copy of `pdf` in which the first of each of `holders` (/Table, or a /Div holding a /Figure) has its
    /Caption's content marked as on the next page, as a layout that parted them would tag it."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        pages = list(doc.pages)

        def walk(elem: Any, holder: str) -> Any:
            kids = elem.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
            for k in kids:
                if not isinstance(k, pikepdf.Dictionary) or "/S" not in k:
                    continue
                inner = [
                    c
                    for c in (k.get("/K") if isinstance(k.get("/K"), pikepdf.Array) else [])
                    if isinstance(c, pikepdf.Dictionary)
                ]
                captioned = any(c.get("/S") == "/Caption" for c in inner)
                if captioned and str(k.S) == holder and (holder == "/Table" or any(c.get("/S") == "/Figure" for c in inner)):
                    return next(c for c in inner if c.get("/S") == "/Caption")
                found = walk(k, holder)
                if found is not None:
                    return found
            return None

        for holder in holders:
            caption = walk(doc.Root.StructTreeRoot, holder)
            at = next(i for i, p in enumerate(pages) if p.objgen == caption.Pg.objgen)
            caption.Pg = pages[at + 1].obj
        _move_last_header_back(doc)
        doc.save(out)
    return out


def _move_last_header_back(doc: Any) -> None:
    """The last table's header row marked as a page before its first row, as a layout that left the header alone
    at a page's foot would tag it."""
    from tests.verify_tree import elements, is_kind, kids_of

    table = [t for t in elements(doc.Root.StructTreeRoot, "/Table") if any(is_kind(k, "/THead") for k in kids_of(t))][-1]
    header = next(r for k in kids_of(table) if is_kind(k, "/THead") for r in kids_of(k) if is_kind(r, "/TR"))
    pages = [p.obj.objgen for p in doc.pages]

    def back(elem: Any) -> None:
        if "/Pg" in elem:
            elem.Pg = doc.pages[pages.index(elem.Pg.objgen) - 1].obj
        for k in kids_of(elem):
            if isinstance(k, type(elem)):
                back(k)

    back(header)


@pytest.fixture(scope="module")
def moved_failures(default_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Failure]:
    """The default PDF with a table's caption and a figure's caption each moved a page on, and the last table's
    header row a page back, verified once: the moves are apart (moved alone, a table's caption is reported as
    caption-with-table only, a figure's as caption-with-figure only), so one reading serves the tests below."""
    return verify(_moved_captions(default_pdf, tmp_path_factory.mktemp("moved") / "moved.pdf", ("/Table", "/Div")))


@pytest.mark.parametrize("prop", ["caption-with-table", "caption-with-figure", "header-with-row"])
def test_a_caption_parted_from_its_table_or_figure_or_a_header_from_its_row_is_caught(
    default_failures: list[Failure], moved_failures: list[Failure], prop: str
) -> None:
    assert prop not in props(default_failures)
    assert prop in props(moved_failures)


def test_a_single_line_left_by_a_split_paragraph_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraphs of one to seven sentences over about ten pages: clean as built; with widows and orphans allowed
    (a mutation of the body style), the verifier names the lines left alone."""
    from briefing.render import styles
    from tests.packs import sentence

    paragraphs = [{"paragraph": " ".join(sentence(k * 10 + s) for s in range(1 + (k * 5) % 7))} for k in range(60)]
    pack = write_pack(tmp_path / "pack", [{"id": "one", "title": "Paragraphs", "blocks": paragraphs}])
    assert "no-lone-line" not in props(verify(_build(pack, tmp_path / "ok.pdf")))
    made = styles.ParagraphStyle

    def widowed(*args: Any, **kwargs: Any) -> Any:
        return made(*args, **{**kwargs, "allowWidows": 1, "allowOrphans": 1})

    monkeypatch.setattr(styles, "ParagraphStyle", widowed)
    assert "no-lone-line" in props(verify(_build(pack, tmp_path / "bad.pdf")))


def _build(pack: Path, out: Path) -> Path:
    from briefing.pipeline import BuildOptions, build

    build(pack, out, BuildOptions())
    return out


def test_a_marker_under_a_glyph_of_the_line_above_is_read_as_its_number(tmp_path: Path) -> None:
    """tests/shrunk/marker-281264 (the soak's 281264, large print, a house style): marker 5's link box reaches
    0.06 pt into the line above, past the centre of an 'η', and the marker was read as 'η5': two failures for a
    right PDF (all-citations-printed, markers-in-order)."""
    pack = Path(__file__).resolve().parent / "shrunk" / "marker-281264"
    assert [str(f) for f in build_and_verify(pack, tmp_path / "out.pdf", "large", required_of(pack, "large"))] == []


def test_a_page_with_nothing_tagged_on_it_is_caught(default_pdf: Path, tmp_path: Path) -> None:
    """A copy of the default PDF whose tree marks everything on page 5 as on page 4 (as a page holding only a
    table's repeated header, an artifact, would read): page 5 is named, and no other page."""
    import pikepdf

    from tests.verify_tree import kids_of, tree_failures

    with pikepdf.open(default_pdf) as doc:
        fifth, fourth = doc.pages[4].obj, doc.pages[3].obj

        def back(elem: Any) -> None:
            if "/Pg" in elem and elem.Pg.objgen == fifth.objgen:
                elem.Pg = fourth
            for k in kids_of(elem):
                if isinstance(k, pikepdf.Dictionary):
                    back(k)

        back(doc.Root.StructTreeRoot)
        doc.save(tmp_path / "emptied.pdf")
    assert [f for f in tree_failures(default_pdf) if f[0] == "page-has-content"] == []
    assert [f[1] for f in tree_failures(tmp_path / "emptied.pdf") if f[0] == "page-has-content"] == [5]


def test_a_sources_entry_citing_the_wrong_pages_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated pack verifies clean; with the note area recording each source one page on from the notes that
    cite it (a mutation of NoteArea.commit), its Sources entries say so, and the verifier names them."""
    from briefing.render import notes

    pack = generate(5, tmp_path / "pack")
    clean = build_and_verify(pack.root, tmp_path / "clean.pdf", "full", pack.full)
    assert "sources-cited-pages" not in props(clean), clean
    real = notes.NoteArea.commit

    def commit(self: Any, plan: Any, page: int) -> None:
        real(self, plan, page)
        for cited in self.source_pages.values():
            if page in cited:
                cited.discard(page)
                cited.add(page + 1)

    monkeypatch.setattr(notes.NoteArea, "commit", commit)
    moved = build_and_verify(pack.root, tmp_path / "moved.pdf", "full", pack.full)
    assert [f for f in moved if f.prop == "sources-cited-pages"], moved


def test_a_wrong_page_count_in_the_footer_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The footers' 'Page i of N' are forms filled in after the last page; with N counted one short (a mutation of
    the document's page count as the forms read it), every footer is named, and none of the clean build's."""
    from briefing.render.furniture import PageFurniture

    pack = generate(7, tmp_path / "pack")
    clean = build_and_verify(pack.root, tmp_path / "clean.pdf", "full", pack.full)
    assert "page-numbers" not in props(clean), clean
    real = PageFurniture.define_forms

    def short_count(self: Any, doc: Any) -> None:
        doc.page -= 1
        try:
            real(self, doc)
        finally:
            doc.page += 1

    monkeypatch.setattr(PageFurniture, "define_forms", short_count)
    wrong = [f for f in build_and_verify(pack.root, tmp_path / "wrong.pdf", "full", pack.full) if f.prop == "page-numbers"]
    assert wrong and {f.page for f in wrong} == set(range(2, len(wrong) + 2)), wrong


def test_a_note_naming_the_wrong_source_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated pack's notes each name their citation's sources; with every single-source note taken for the
    same source when Ibid. is decided (a mutation of the renderer's note making), a note after another one citing
    another source prints Ibid., naming that other source, and the verifier names it."""
    real = Renderer.make_note

    def one_source(self: Any, number: int, ibid: bool) -> Any:
        para, source = real(self, number, ibid)
        return para, "one" if source else source

    pack = generate(5, tmp_path / "pack")
    clean = build_and_verify(pack.root, tmp_path / "clean.pdf", "full", pack.full)
    assert "note-names-its-sources" not in props(clean), clean
    monkeypatch.setattr(Renderer, "make_note", one_source)
    built = build_and_verify(pack.root, tmp_path / "wrong.pdf", "full", pack.full)
    wrong = [f for f in built if f.prop == "note-names-its-sources"]
    assert wrong, "the mutation printed no wrong Ibid."


def _chars(text: str, top: float, x: float = 60.0, size: float = 10.0) -> list[dict[str, Any]]:
    """Glyphs for `text` on one line, as tests/pdfread gives them (top-down `top`, baseline in the matrix)."""
    out = []
    for ch in text:
        out.append({"text": ch, "top": top, "x0": x, "x1": x + 5, "size": size, "matrix": (1, 0, 0, 1, x, 800 - top)})
        x += 5 if ch != " " else 8
    return out


def test_a_sources_entry_whose_pages_go_on_over_a_page_is_read_whole() -> None:
    """An entry's 'Cited on pages' list running on to the next page is read past that page's running header."""
    from tests.verify import Page, text_lines
    from tests.verify_sources import _entries, _sources_lines

    first = Page(1, 600, 800, _chars("3 Sources", 100) + _chars("[1] Alpha. Cited on pages 2, 3,", 700), 50, 550)
    second = Page(2, 600, 800, _chars("Pack 9 OFFICIAL", 30) + _chars("4, 5.", 60) + _chars("[2] Beta.", 80), 50, 550)
    for page in (first, second):
        page.header_rule, page.footer_rule = 45.0, 760.0
    text = " ".join(_sources_lines([first, second], (1, 100.0), text_lines))
    assert _entries(text)[1][1] == [2, 3, 4, 5]
    assert _entries(text)[2][1] == []
