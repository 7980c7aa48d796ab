"""A pack brings its own look: the house-style example, fonts kept per sheet, and the looks as sheets.

Every assertion reads the built PDF: where the text starts on the page, the colour a heading is
painted in, the font the body is set in.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from briefing.pipeline import BuildOptions, build
from briefing.style import MM
from tests import pdfread

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "broken" / "_base"
HOUSE = REPO / "docs" / "examples" / "house-style" / "styles"


def make_pack(root: Path, style: str | None = None, sheets: dict[str, str] | None = None, house: bool = False) -> Path:
    shutil.copytree(BASE, root)
    if house:
        shutil.copytree(HOUSE, root / "styles")
    for name, text in (sheets or {}).items():
        (root / "styles").mkdir(exist_ok=True)
        (root / "styles" / f"{name}.yaml").write_text(text, encoding="utf-8")
    if style is not None:
        text = (root / "pack.yaml").read_text(encoding="utf-8")
        text = "\n".join(line for line in text.splitlines() if not line.startswith("  style:"))
        (root / "pack.yaml").write_text(text.replace("  keywords:", f"  style: {style}\n  keywords:"), encoding="utf-8")
    return root


def body_chars(pdf: Path) -> list[dict[str, Any]]:
    """The characters of the first body line ("The council reduced opening hours ..."), wherever it falls."""
    with pdfread.open(pdf) as doc:
        for page in doc.pages:
            hit = next((w for w in page.extract_words() if w["text"] == "reduced"), None)
            if hit is not None:
                return [c for c in page.chars if abs(c["top"] - hit["top"]) < 1 and c["text"].strip()]
    raise AssertionError("no body line")


def heading_chars(pdf: Path, text: str) -> list[dict[str, Any]]:
    with pdfread.open(pdf) as doc:
        for page in doc.pages:
            words = page.extract_words(extra_attrs=["size"])
            hit = next((w for w in words if w["text"] == text and w["size"] > 12), None)
            if hit is not None:
                return [c for c in page.chars if c["top"] == hit["top"] and hit["x0"] <= c["x0"] < hit["x1"]]
    raise AssertionError(f"no heading {text!r}")


def fonts(pdf: Path) -> set[str]:
    return {c["fontname"].split("+")[-1] for c in body_chars(pdf)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test pack in the house style, then in the default style, then in the house style again: one process."""
    tmp = tmp_path_factory.mktemp("packs")
    house_pack, plain_pack = make_pack(tmp / "house", "house", house=True), make_pack(tmp / "plain")
    return {
        "house": build(house_pack, tmp / "house1.pdf").output,
        "plain": build(plain_pack, tmp / "plain.pdf").output,
        "again": build(house_pack, tmp / "house2.pdf").output,
    }


def test_the_house_style_example_changes_margins_colours_and_the_body_font(built: dict[str, Path]) -> None:
    house, plain = built["house"], built["plain"]
    # Margins: 25 mm at the left (the default sheet's 33 mm), the text block 30 mm from the top (default 25 mm).
    assert min(c["x0"] for c in body_chars(house)) == pytest.approx(25 * MM, abs=0.5)
    assert min(c["x0"] for c in body_chars(plain)) == pytest.approx(33 * MM, abs=0.5)
    with pdfread.open(house) as doc:  # the first line below the running head
        top = min(c["top"] for c in doc.pages[2].chars if c["top"] > 20 * MM)
    with pdfread.open(plain) as doc:
        top_plain = min(c["top"] for c in doc.pages[2].chars if c["top"] > 20 * MM)
    assert top - top_plain == pytest.approx(5 * MM, abs=0.5)
    # Colours: headings in the house's #7a1f3d, not the default's #16365c.
    colour = heading_chars(house, "Summary")[0]["non_stroking_color"]
    assert colour == pytest.approx((0x7A / 255, 0x1F / 255, 0x3D / 255), abs=0.01)
    assert heading_chars(plain, "Summary")[0]["non_stroking_color"] == pytest.approx(
        (0x16 / 255, 0x36 / 255, 0x5C / 255), abs=0.01
    )
    # Fonts and sizes: the body in Vera at 11 pt; the default's body is Source Serif at 12 pt.
    assert fonts(house) == {"BitstreamVeraSans-Roman"} and body_chars(house)[0]["size"] == pytest.approx(11)
    assert fonts(plain) == {"SourceSerifPro-Regular"} and body_chars(plain)[0]["size"] == pytest.approx(12)


def test_two_sheets_in_one_process_keep_their_own_fonts(built: dict[str, Path]) -> None:
    """Fonts were registered by family name, so a second sheet's "serif" got the first sheet's font."""
    assert fonts(built["house"]) == fonts(built["again"]) == {"BitstreamVeraSans-Roman"}
    assert fonts(built["plain"]) == {"SourceSerifPro-Regular"}
    assert built["house"].read_bytes() == built["again"].read_bytes()


def test_a_look_is_a_sheet_a_pack_can_choose_or_replace(tmp_path: Path) -> None:
    """`style: large-print` gives the same PDF as `--large-print`; a pack's own large-print.yaml changes the flag."""
    flagged = build(make_pack(tmp_path / "a"), tmp_path / "flag.pdf", BuildOptions(large_print=True)).output
    chosen = build(make_pack(tmp_path / "b", "large-print"), tmp_path / "chosen.pdf").output
    assert flagged.read_bytes() == chosen.read_bytes()
    assert body_chars(flagged)[0]["size"] == pytest.approx(14.4)
    own = make_pack(tmp_path / "c", sheets={"large-print": "extends: default\noutput: {scale: 1.5, min_size: 16}\n"})
    bigger = build(own, tmp_path / "own.pdf", BuildOptions(large_print=True)).output
    assert body_chars(bigger)[0]["size"] == pytest.approx(18)


def test_the_looks_lay_over_a_house_style(tmp_path: Path) -> None:
    """--greyscale and the handout keep the house's fonts and change only what they are for."""
    pack = make_pack(tmp_path / "house", "house", house=True)
    grey = build(pack, tmp_path / "grey.pdf", BuildOptions(greyscale=True)).output
    r, g, b = heading_chars(grey, "Summary")[0]["non_stroking_color"]
    assert r == pytest.approx(g) == pytest.approx(b) and r < 0.5
    assert fonts(grey) == {"BitstreamVeraSans-Roman"}
    summary = pack / "01-summary.yaml"
    summary.write_text(
        summary.read_text(encoding="utf-8").replace("  - paragraph: >-\n", "  - summary: true\n    paragraph: >-\n", 1),
        encoding="utf-8",
    )
    handout = build(pack, tmp_path / "handout.pdf", BuildOptions(variant="summary")).output
    assert min(c["x0"] for c in body_chars(handout)) == pytest.approx(22 * MM, abs=0.5)
    assert "BitstreamVeraSans-Roman" in fonts(handout)


def test_the_sheet_sets_the_paper_and_paper_overrides_it(tmp_path: Path) -> None:
    """`page: size: letter` in a pack's sheet makes US Letter pages; `--paper a4` still wins."""
    pack = make_pack(tmp_path / "us", "us", sheets={"us": "extends: default\npage: {size: letter}\n"})
    letter = build(pack, tmp_path / "letter.pdf").output
    a4 = build(pack, tmp_path / "a4.pdf", BuildOptions(paper="a4")).output
    with pdfread.open(letter) as doc:
        assert (doc.pages[0].width, doc.pages[0].height) == pytest.approx((612, 792))
    with pdfread.open(a4) as doc:
        assert (doc.pages[0].width, doc.pages[0].height) == pytest.approx((595.28, 841.89), abs=0.01)
