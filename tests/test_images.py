"""Pictures from files: an `image:` block (PNG, JPEG, SVG) and a style sheet's `logo:`, read back from the PDF.

Every test builds a small pack with pictures made here (Pillow for PNG and JPEG, an SVG written as text)
and reads what a reader would: the images on the page (pdfplumber), their place inside the margins, the
structure tree (a Figure with /Alt and /BBox), the pixels of the greyscale build, and the one-line errors
for a picture that may not or cannot be used.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from PIL import Image

from briefing.pipeline import BuildOptions, build
from tests.conftest import cli_in_process
from tests.packs import write_pack
from tests.test_tagging import elements, pdfua_findings, struct_tree, untagged_paint

MM = 72 / 25.4
A4_W, A4_H = 595.2756, 841.8898
LEFT = RIGHT = 33 * MM  # styles/default.yaml
TOP = BOTTOM = 25 * MM

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
<rect x="5" y="5" width="190" height="90" fill="#ffcc00" stroke="#0033aa" stroke-width="3"/>
<circle cx="50" cy="50" r="30" fill="#dd0000"/>
<text x="100" y="55" font-family="Helvetica" font-size="14" fill="#0000ff">Chart</text></svg>
"""


def pictures(root: Path) -> None:
    """A colour PNG, a JPEG, a PNG far taller than a page, and an SVG, in the pack's folder."""
    root.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (400, 250), (30, 90, 200))
    image.paste((220, 40, 40), (50, 50, 200, 200))
    image.save(root / "map.png")
    image.save(root / "photo.jpg", quality=85)
    Image.new("RGB", (300, 3000), (200, 120, 0)).save(root / "tall.png")
    (root / "org.svg").write_text(SVG, encoding="utf-8")


BLOCKS: list[dict[str, Any]] = [
    {"paragraph": "A map and a chart follow [@alpha]."},
    {"image": {"file": "map.png", "alt": "A map of the ward: a red square on blue.", "caption": "The ward [@beta]."}},
    {
        "image": {
            "file": "org.svg",
            "alt": "The organisation chart: a red circle in a yellow box.",
            "caption": "How the council is organised.",
            "width": 0.5,
        }
    },
    {"image": {"file": "photo.jpg", "alt": "A photograph of the site."}},
    {"image": {"file": "tall.png", "alt": "A tall orange strip."}, "cite": "gamma"},
]


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("images") / "pack"
    pictures(root)
    blocks = [dict(b) for b in BLOCKS]
    blocks[-1] = {"image": {**BLOCKS[-1]["image"], "caption": "A strip far taller than a page."}, "cite": "gamma"}
    return write_pack(root, [{"id": "pictures", "title": "Pictures", "blocks": blocks}])


@pytest.fixture(scope="module")
def pdf(pack: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "pictures.pdf"
    build(pack, out)
    return out


def page_images(pdf: Path) -> list[tuple[int, dict[str, Any]]]:
    with pdfplumber.open(pdf) as doc:
        return [(n, image) for n, page in enumerate(doc.pages, 1) for image in page.images]


def test_raster_pictures_are_in_the_pdf_inside_the_margins(pdf: Path) -> None:
    found = page_images(pdf)
    sizes = sorted((int(i["srcsize"][0]), int(i["srcsize"][1])) for _, i in found)
    assert sizes == [(300, 3000), (400, 250), (400, 250)]  # the PNG, the JPEG, the tall PNG (the SVG is vectors)
    for _, image in found:
        assert image["x0"] >= LEFT - 0.5 and image["x1"] <= A4_W - RIGHT + 0.5, image["x0"]
        assert image["top"] >= TOP - 0.5 and image["bottom"] <= A4_H - BOTTOM + 0.5, image["top"]
    widths = {(int(i["srcsize"][0]), int(i["srcsize"][1])): i["x1"] - i["x0"] for _, i in found}
    assert abs(widths[(400, 250)] - (A4_W - LEFT - RIGHT)) < 1  # a wide picture takes the text width
    tall = next(i for _, i in found if i["srcsize"][1] == 3000)
    assert tall["bottom"] - tall["top"] < A4_H - TOP - BOTTOM  # a tall one is made smaller to fit the page


def image_xobjects(pdf: Path, key: str) -> list[str]:
    """`key` (/Filter, /ColorSpace) of every image XObject on the pages, as text."""
    with pikepdf.open(pdf) as doc:
        return [
            str(x.get(key))
            for page in doc.pages
            for x in page.obj.Resources.get("/XObject", {}).values()
            if x.get("/Subtype") == "/Image"
        ]


def test_a_jpeg_is_embedded_as_it_is(pdf: Path) -> None:
    assert sum("/DCTDecode" in f for f in image_xobjects(pdf, "/Filter")) == 1


def test_captions_are_numbered_figures_and_the_citation_is_a_footnote(pdf: Path) -> None:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Figure 1. The ward" in text and "Figure 2. How the council is organised." in text
    assert "Figure 3. A strip far taller than a page." in text
    assert "Beta council statement" in text  # the caption's note, printed


def test_each_picture_is_a_figure_with_its_alt_text_and_box(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        figures = [e for e in elements(struct_tree(doc)) if e.role == "Figure"]
        alts = [str(f.obj.Alt) for f in figures]
        assert alts == [b["image"]["alt"] for b in BLOCKS[1:]]
        boxes = [tuple(float(v) for v in fig.obj.A.BBox) for fig in figures]
        for x0, y0, x1, y1 in boxes:
            assert LEFT - 0.5 <= x0 < x1 <= A4_W - RIGHT + 0.5 and BOTTOM - 0.5 <= y0 < y1 <= A4_H - TOP + 0.5
        svg = boxes[1]  # `width: 0.5`: half the text width, in the SVG's proportions (2:1)
        assert abs((svg[2] - svg[0]) - 0.5 * (A4_W - LEFT - RIGHT)) < 1
        assert abs((svg[2] - svg[0]) / (svg[3] - svg[1]) - 2) < 0.02
        captions = [e for e in elements(struct_tree(doc)) if e.role == "Caption"]
        assert len(captions) >= 3
    assert pdfua_findings(pdf) == []
    assert untagged_paint(pdf) == []


def test_svg_words_use_the_packs_embedded_font(pdf: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Chart" in text  # the SVG's word is text, drawn as vectors


def test_same_pictures_same_bytes(pack: Path, pdf: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    build(pack, again)
    assert again.read_bytes() == pdf.read_bytes()


def _colour_pixels(pdf: Path, folder: Path) -> int:
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(folder / "p")], check=True)
    count = 0
    for png in sorted(folder.glob("p-*.png")):
        with Image.open(png) as page:
            data = page.convert("RGB").tobytes()
            for i in range(0, len(data), 3):
                count += max(data[i : i + 3]) - min(data[i : i + 3]) > 6
    return count


def test_greyscale_has_no_colour_picture(pack: Path, pdf: Path, tmp_path: Path) -> None:
    grey = tmp_path / "grey.pdf"
    build(pack, grey, BuildOptions(greyscale=True))
    (tmp_path / "colour").mkdir()
    (tmp_path / "grey").mkdir()
    assert _colour_pixels(pdf, tmp_path / "colour") > 100
    assert _colour_pixels(grey, tmp_path / "grey") == 0
    assert set(image_xobjects(grey, "/ColorSpace")) == {"/DeviceGray"}
    assert "/DeviceRGB" in image_xobjects(pdf, "/ColorSpace")
    assert pdfua_findings(grey) == []


# ---------------------------------------------------------------- errors


def _check(pack: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`briefing ARGS PACK` from the pack's folder, in this process (what it prints and writes is the point)."""
    return cli_in_process(*args, str(pack), cwd=pack)


SECTION = """\
title: Pictures
blocks:
  - paragraph: Text [@alpha].
  - image:
      alt: A picture.
      file: {name}
"""


def _bad_pack(tmp_path: Path, name: str) -> Path:
    root = write_pack(tmp_path / "pack", [{"title": "T", "blocks": [{"paragraph": "x [@alpha] [@beta] [@gamma]."}]}])
    pictures(root)
    (root / "01.yaml").write_text(SECTION.format(name=name), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("/etc/hosts.png", "is an absolute path"),
        ("../outside.png", "goes up out of the pack's folder"),
        ("sub/../map.png", "goes up out of the pack's folder"),
        ("missing.png", "does not exist"),
        ("notes.txt", "is not a PNG, JPEG or SVG file"),
        ("broken.png", "cannot be read as a PNG image"),
        ("fake.jpg", "is named as a JPEG file but is a PNG image"),
        ("empty.png", "is not a PNG image"),
        ("bad.svg", "is not an SVG image"),
        ("link.png", "is a symbolic link leading outside the pack's folder"),
        ("peek.svg", "refers to a file it may not use: Refusing out-of-root reference '../outside.png'"),
    ],
)
def test_a_picture_that_cannot_be_used_is_an_error_at_its_file_line(tmp_path: Path, name: str, message: str) -> None:
    root = _bad_pack(tmp_path, name)
    data = (root / "map.png").read_bytes()
    (root / "broken.png").write_bytes(data[: len(data) // 2])  # truncated
    (root / "fake.jpg").write_bytes(data)
    (root / "empty.png").write_bytes(b"")
    (root / "notes.txt").write_text("words", encoding="utf-8")
    (root / "bad.svg").write_text("<html><body>not a picture</body></html>", encoding="utf-8")
    (tmp_path / "outside.png").write_bytes(data)
    (root / "link.png").symlink_to(tmp_path / "outside.png")
    (root / "peek.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10"><image xlink:href="../outside.png" width="5" height="5"/>'
        "</svg>",
        encoding="utf-8",
    )
    for command in ("check", "build"):
        result = _check(root, command, *(["-o", str(tmp_path / "x.pdf")] if command == "build" else []))
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        lines = [ln for ln in (result.stdout + result.stderr).splitlines() if ": error: " in ln]
        assert lines[0].startswith("01.yaml:6:13: error: image "), lines  # the `file:` value
        assert message in lines[0], lines[0]
    assert not (tmp_path / "x.pdf").exists()


def test_alt_text_is_required(tmp_path: Path) -> None:
    root = _bad_pack(tmp_path, "map.png")
    (root / "01.yaml").write_text(SECTION.format(name="map.png").replace("      alt: A picture.\n", ""), encoding="utf-8")
    result = _check(root, "check")
    assert result.returncode == 1
    assert "01.yaml:5:7: error: an image is missing required field 'alt'" in result.stdout + result.stderr


def test_a_citation_without_a_caption_is_an_error(tmp_path: Path) -> None:
    root = _bad_pack(tmp_path, "map.png")
    (root / "01.yaml").write_text(SECTION.format(name="map.png") + "    cite: alpha\n", encoding="utf-8")
    result = _check(root, "check")
    assert result.returncode == 1
    assert "01.yaml:7:11: error: an image's citation needs a caption" in result.stdout + result.stderr


# ---------------------------------------------------------------- the logo


HOUSE = """\
extends: default
logo:
  file: {name}
  alt: Example Council
  header: {header}
"""


def _logo_pack(tmp_path: Path, name: str = "logo.svg", header: str = "true") -> Path:
    root = write_pack(
        tmp_path / "pack",
        [{"title": "T", "blocks": [{"paragraph": f"Text [@{s}]."} for s in ("alpha", "beta", "gamma")]}],
        style="house",
    )
    (root / "styles").mkdir()
    (root / "styles" / "logo.svg").write_text(SVG, encoding="utf-8")
    Image.new("RGB", (300, 100), (120, 20, 60)).save(root / "styles" / "logo.png")
    (root / "styles" / "house.yaml").write_text(HOUSE.format(name=name, header=header), encoding="utf-8")
    return root


def test_logo_on_the_cover_as_a_figure_and_in_the_running_header(tmp_path: Path) -> None:
    root = _logo_pack(tmp_path, "logo.png")
    out = tmp_path / "logo.pdf"
    build(root, out)
    found = page_images(out)
    pages = {n for n, _ in found}
    with pikepdf.open(out) as doc:
        assert pages == set(range(1, len(doc.pages) + 1))  # the cover, and every page's header
        figures = [e for e in elements(struct_tree(doc)) if e.role == "Figure"]
    assert [str(f.obj.Alt) for f in figures] == ["Example Council"]  # once: the header copies are artifacts
    cover = [i for n, i in found if n == 1][0]
    assert cover["x0"] >= LEFT - 0.5 and cover["x1"] - cover["x0"] <= 40 * MM + 0.5
    header = [i for n, i in found if n == 2][0]
    assert header["bottom"] <= TOP and header["x1"] <= A4_W - RIGHT + 0.5  # above the text block, at its right end
    assert pdfua_findings(out) == []
    assert untagged_paint(out) == []


def test_logo_without_header_is_on_the_cover_only_and_grey_when_asked(tmp_path: Path) -> None:
    root = _logo_pack(tmp_path, "logo.png", header="false")
    out, grey = tmp_path / "logo.pdf", tmp_path / "grey.pdf"
    build(root, out)
    assert {n for n, _ in page_images(out)} == {1}
    assert image_xobjects(out, "/ColorSpace") == ["/DeviceRGB"]
    build(root, grey, BuildOptions(greyscale=True))
    assert image_xobjects(grey, "/ColorSpace") == ["/DeviceGray"]


def test_an_svg_logo_is_drawn_as_vectors_with_its_alt_text(tmp_path: Path) -> None:
    root = _logo_pack(tmp_path, "logo.svg", header="false")
    out = tmp_path / "logo.pdf"
    build(root, out)
    assert page_images(out) == []  # no raster image: the logo is paths and words
    with pikepdf.open(out) as doc:
        figures = [e for e in elements(struct_tree(doc)) if e.role == "Figure"]
        assert [str(f.obj.Alt) for f in figures] == ["Example Council"]
        x0, y0, x1, y1 = (float(v) for v in figures[0].obj.A.BBox)
    assert x0 >= LEFT - 0.5 and x1 - x0 <= 40 * MM + 0.5 and y1 <= A4_H - TOP + 0.5
    assert pdfua_findings(out) == []


def test_a_logo_without_alt_text_is_an_artifact(tmp_path: Path) -> None:
    root = _logo_pack(tmp_path, "logo.png")
    house = root / "styles" / "house.yaml"
    house.write_text(house.read_text(encoding="utf-8").replace("  alt: Example Council\n", ""), encoding="utf-8")
    out = tmp_path / "logo.pdf"
    build(root, out)
    assert 1 in {n for n, _ in page_images(out)}
    with pikepdf.open(out) as doc:
        assert [e for e in elements(struct_tree(doc)) if e.role == "Figure"] == []
    assert untagged_paint(out) == []  # drawn, as decoration
    assert pdfua_findings(out) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../pack.yaml", "goes up out of the style sheet's folder"),
        ("link.png", "is a symbolic link leading outside the style sheet's folder"),
        ("/etc/logo.png", "is an absolute path"),
        ("nothing.png", "does not exist"),
    ],
)
def test_a_bad_logo_is_an_error_in_the_style_sheet(tmp_path: Path, name: str, message: str) -> None:
    root = _logo_pack(tmp_path, name)
    (root / "styles" / "link.png").symlink_to(root / "pack.yaml")  # in the pack, but out of the sheet's folder
    result = _check(root, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = next(ln for ln in (result.stdout + result.stderr).splitlines() if ": error: " in ln)
    assert line.startswith("styles/house.yaml:3:9: error: 'logo.file'") and message in line, line
