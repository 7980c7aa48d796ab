"""Pictures from files: an `image:` block and the style sheet's logo, drawn with ReportLab.

PNG and JPEG are embedded as images (a JPEG as it is, unless it must be turned or made grey); SVG is
drawn as vectors through svglib, its words set in the pack's own sans font so every font in the PDF
stays embedded.  Under `--greyscale` a raster picture is converted to grey before it is embedded and
an SVG's colours are mapped to their greys, with the same weights as the style sheet's colours.

A picture is scaled to fit: at most its share of the text width, and never taller than the page's
text block leaves room for (with its caption and the notes its caption cites), so it never runs
past a margin.  The same file gives the same bytes: images are named by a digest of their pixels.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.graphics.shapes import Image as ShapeImage
from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Spacer

from briefing.diagnostics import BriefingError, error
from briefing.images import KINDS, load_svg
from briefing.model import Image, cites_in
from briefing.render.figures.frame import Host, cell_table, note_room
from briefing.render.figures.look import Look
from briefing.render.flowables import Para as Paragraph
from briefing.render.tagging import Tag, set_tag
from briefing.style import MM
from briefing.stylesheet.schema import Logo

Painter = Callable[[Any, float, float, float, float], None]  # canvas, x, y, width, height


def grey(colour: Color) -> Color:
    """A colour's grey (ITU-R 601 weights, as render/styles.py greys the sheet's colours), alpha kept."""
    level = 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue
    return Color(level, level, level, getattr(colour, "alpha", 1))


class PictureError(Exception):
    """A picture that could not be read when it was drawn (the check stage reads it first)."""


# ---------------------------------------------------------------- reading


def _raster(path: Path, greyscale: bool) -> tuple[ImageReader, float, float]:
    """An ImageReader for a PNG or JPEG: turned upright, grey if asked; a JPEG that needs neither keeps its bytes."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    data = path.read_bytes()
    with PILImage.open(io.BytesIO(data)) as opened:
        opened.load()
        upright = ImageOps.exif_transpose(opened)
        image = upright if upright is not None else opened
        turned = image is not opened
        if opened.format == "JPEG" and not turned and not greyscale:
            return ImageReader(io.BytesIO(data)), float(image.width), float(image.height)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
        if greyscale:
            image = image.convert("LA" if has_alpha else "L")
        elif image.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
            image = image.convert("RGBA" if has_alpha else "RGB")
        if opened.format == "JPEG":  # keep a photograph a JPEG (Pillow's encoder is deterministic)
            out = io.BytesIO()
            image.convert("L" if greyscale else "RGB").save(out, "JPEG", quality=92, optimize=False)
            return ImageReader(io.BytesIO(out.getvalue())), float(image.width), float(image.height)
        image = image.copy()
        return ImageReader(image), float(image.width), float(image.height)


def _vector(path: Path, root: Path, greyscale: bool, font: Callable[[str], str]) -> Drawing:
    drawing, problem = load_svg(path, root)
    if drawing is None:
        raise PictureError(problem)
    _restyle(drawing, greyscale, font)
    drawing.initialFontName = font("Helvetica")  # what ReportLab sets before any word: the pack's, not an unembedded font
    return drawing


def _restyle(node: Any, greyscale: bool, font: Callable[[str], str]) -> None:
    """Words in the pack's fonts (the PDF's standard 14 fonts are never embedded); colours grey if asked."""
    if isinstance(node, String):
        node.fontName = font(str(node.fontName))
    if greyscale:
        for attr in ("fillColor", "strokeColor"):
            value = getattr(node, attr, None)
            if isinstance(value, Color):
                setattr(node, attr, grey(value))
        colours = getattr(node, "_rl_colors", None)  # svglib's gradients
        if isinstance(colours, list):
            node._rl_colors = [grey(c) if isinstance(c, Color) else c for c in colours]
        if isinstance(node, ShapeImage) and not isinstance(node.path, str):
            node.path = node.path.convert("LA" if "A" in node.path.mode else "L")
    for kid in getattr(node, "contents", ()) if isinstance(node, Group) else ():
        _restyle(kid, greyscale, font)


def painter(path: Path, root: Path, greyscale: bool, font: Callable[[str], str]) -> tuple[Painter, float, float]:
    """How to draw the picture at `path` into a box, and its natural size (for its proportions)."""
    try:
        if KINDS[path.suffix.lower()] == "svg":
            drawing = _vector(path, root, greyscale, font)
            return _draw_vector(drawing), float(drawing.width), float(drawing.height)
        reader, w, h = _raster(path, greyscale)
    except PictureError:
        raise
    except Exception as exc:  # noqa: BLE001 - a file changed or damaged since it was checked
        raise PictureError(f"cannot be read: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}") from None
    return _draw_raster(reader), w, h


def _draw_raster(reader: ImageReader) -> Painter:
    def draw(canv: Any, x: float, y: float, w: float, h: float) -> None:
        canv.drawImage(reader, x, y, w, h, mask="auto")

    return draw


def _draw_vector(drawing: Drawing) -> Painter:
    def draw(canv: Any, x: float, y: float, w: float, h: float) -> None:
        canv.saveState()
        canv.translate(x, y)
        canv.scale(w / float(drawing.width), h / float(drawing.height))
        renderPDF.draw(drawing, canv, 0, 0, showBoundary=False)
        canv.restoreState()

    return draw


def font_mapper(host_font: Callable[[str, str], str]) -> Callable[[str], str]:
    """An SVG's font name (Helvetica, Times-Bold, ...) -> the pack's sans face of the same weight and slant."""

    def pick(name: str) -> str:
        lower = name.lower()
        bold = "bold" in lower or "black" in lower or "heavy" in lower
        italic = "italic" in lower or "oblique" in lower
        face = "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
        return host_font("sans", face)

    return pick


# ---------------------------------------------------------------- the flowable


class Picture(Flowable):  # type: ignore[misc]
    """A picture drawn at a fixed size (chosen when it is made, so a page break never shrinks it)."""

    _picture = True  # tagging.py: a Figure, with the block's alt text and its /BBox

    def __init__(self, paint: Painter, width: float, height: float, alt: str = "") -> None:
        super().__init__()
        self.paint = paint
        self.width = width
        self.height = height
        self._alt = alt

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        self.paint(self.canv, 0, 0, self.width, self.height)


def fit(natural_w: float, natural_h: float, max_w: float, max_h: float) -> tuple[float, float]:
    """The largest size with the picture's proportions inside max_w x max_h."""
    scale = min(max_w / natural_w, max_h / natural_h)
    return natural_w * scale, natural_h * scale


def image_block(r: Host, block: Image, page_height: float, root: Path, greyscale: bool, above: float = 0.0) -> list[Flowable]:
    """An `image:` block: the picture and its caption ("Figure N. ...") in one cell, so they never part.  It is
    sized to fit a page with `above` (the headings it is kept with) over it, so a heading is never left alone."""
    look = Look.of(r.styles, block.pos)
    try:
        paint, w, h = painter(Path(block.path), root, greyscale, font_mapper(r.styles.font))
    except PictureError as exc:
        raise BriefingError([error(block.file_pos, f"image '{block.file}' {exc}")]) from None
    caption: Paragraph | None = None
    reserve = look.length("space_before") + look.length("space_after")
    if block.caption:
        caption = Paragraph(f"<b>Figure {block.number}.</b> {r.markup(block.caption)}", look.para("figure_caption"))
        # the notes the caption cites sit on the picture's page, whole (a picture scales to any size)
        reserve += caption.wrap(r.width, page_height)[1] + note_room(r, len(cites_in(block.caption)), whole=True)
    width, height = fit(w, h, r.width * block.width, max(page_height - reserve - above, page_height * 0.25))
    picture = Picture(paint, width, height, block.alt)
    picture.hAlign = "LEFT"
    parts: list[Flowable] = [picture] if caption is None else [picture, caption]
    table = cell_table(r, parts, r.width)
    table.spaceBefore = look.length("space_before")
    table.spaceAfter = look.length("space_after")
    return [table]


# ---------------------------------------------------------------- the logo


@dataclass(frozen=True)
class LogoArt:
    """The style sheet's logo, read once a build: on the cover (a Figure with its alt text, or without
    alt text decoration, an artifact) and, if asked, in the running header (furniture: an artifact)."""

    logo: Logo
    paint: Painter
    width: float  # natural size, for its proportions
    height: float

    @classmethod
    def of(cls, logo: Logo | None, greyscale: bool, font: Callable[[str, str], str]) -> LogoArt | None:
        if logo is None:
            return None
        path = logo.file.path
        try:
            paint, w, h = painter(path, path.parent, greyscale, font_mapper(font))
        except PictureError as exc:
            raise BriefingError([error(logo.file.pos, f"logo '{path.name}' {exc}")]) from None
        return cls(logo, paint, w, h)

    @staticmethod
    def of_renderer(r: Any) -> LogoArt | None:
        """A renderer's logo (render/document.py), read on first use: once a build."""
        if "_logo_art" not in r.__dict__:
            r._logo_art = LogoArt.of(r.sheet.typed.logo, r.options.greyscale, r.styles.font)
        return r.__dict__["_logo_art"]  # type: ignore[no-any-return]

    @staticmethod
    def cover_of(r: Any, space: float) -> list[Flowable]:
        """`space` above the cover's title, with the renderer's logo in it when there is one."""
        art = LogoArt.of_renderer(r)
        return art.cover(space, r.width, r.options.scale) if art is not None else [Spacer(1, space)]

    def cover(self, space: float, max_width: float, scale: float) -> list[Flowable]:
        """`space` above the cover's title, the logo in it."""
        width, height = fit(
            self.width, self.height, min(self.logo.width_mm * MM * scale, max_width), self.logo.height_mm * MM * scale
        )
        picture = Picture(self.paint, width, height, self.logo.alt)
        picture.hAlign = "LEFT"
        if self.logo.alt:
            set_tag(picture, Tag("Figure", alt=self.logo.alt))
        return [Spacer(1, space * 0.4), picture, Spacer(1, space * 0.3)]

    @staticmethod
    def header_of(r: Any, canv: Any, left: float, right: float, top: float, on_left: bool) -> None:
        """At one end of the running header, sitting on its rule (when there is a logo and the sheet asks for it)."""
        art = LogoArt.of_renderer(r)
        if art is None or not art.logo.header:
            return
        width, height = fit(art.width, art.height, 40 * MM, art.logo.header_height_mm * MM)
        art.paint(canv, left if on_left else right - width, top - 2, width, height)
