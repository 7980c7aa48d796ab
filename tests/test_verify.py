"""The verifier itself: it passes the PDFs that are right and names what a deliberately broken renderer
gets wrong, so a clean result from it means something."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefing.pipeline import default_content_dir
from briefing.render import markup
from briefing.render.document import Renderer
from briefing.render.notes import NoteArea
from tests.generate import Knobs, generate
from tests.packs import write_pack
from tests.verify import Layout, build_and_verify, required_of, verify


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


def test_default_pack_verifies_clean(default_pdf: Path) -> None:
    assert [str(f) for f in verify(default_pdf, Layout(), required_of(default_content_dir()))] == []


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


def _moved_caption(pdf: Path, out: Path, holder: str) -> Path:
    """A copy of `pdf` whose first `holder` (/Table or a /Div holding a /Figure) has its /Caption's content
    marked as on the next page, as a layout that parted them would tag it."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        pages = list(doc.pages)

        def walk(elem: Any) -> Any:
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
                found = walk(k)
                if found is not None:
                    return found
            return None

        caption = walk(doc.Root.StructTreeRoot)
        at = next(i for i, p in enumerate(pages) if p.objgen == caption.Pg.objgen)
        caption.Pg = pages[at + 1].obj
        doc.save(out)
    return out


@pytest.mark.parametrize(("holder", "prop"), [("/Table", "caption-with-table"), ("/Div", "caption-with-figure")])
def test_a_caption_parted_from_its_table_or_figure_is_caught(default_pdf: Path, tmp_path: Path, holder: str, prop: str) -> None:
    assert prop not in props(verify(default_pdf))
    assert prop in props(verify(_moved_caption(default_pdf, tmp_path / "moved.pdf", holder)))
