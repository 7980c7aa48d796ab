"""Drawing primitives for figures: a drawing that carries alt text, words in the pack's fonts,
patterned fills and point markers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib.colors import Color

from briefing.render.figures.look import Fill, Look
from briefing.render.fonts import font_for_text


class FigureDrawing(Drawing):  # type: ignore[misc]
    """A Drawing in the pack's fonts, wrapped in a marked-content sequence that carries its alt text
    (/Alt, which PDF allows on marked content even in an untagged file).  The words stay out of the
    page's text, so copying or extracting the page's text reads the drawing's own labels in order.
    `_too_tall` says, for a drawing taller than a page holds, what makes it so (for the refusal's message)."""

    def __init__(self, width: float, height: float, look: Look, alt: str) -> None:
        super().__init__(width, height, initialFontName=look.font, initialFontSize=look.size)
        self._alt = alt
        self._too_tall = ""

    def draw(self) -> None:
        if self._alt:
            self.canv.addLiteral(f"/Figure <</Alt {pdf_text_string(self._alt)}>> BDC")
        super().draw()
        if self._alt:
            self.canv.addLiteral("EMC")


def pdf_text_string(words: str) -> str:
    """A PDF text string in UTF-16 (a hex string, so no character needs escaping)."""
    return "<" + ("\ufeff" + " ".join(words.split())).encode("utf-16-be").hex().upper() + ">"


def string(
    look: Look,
    x: float,
    y: float,
    words: str,
    size: float,
    anchor: str = "start",
    bold: bool = False,
    colour: Color | None = None,
) -> String:
    font = look.bold if bold else look.font
    if not words.isascii():
        font = font_for_text(words, font, look.styles.fonts)
    return String(x, y, words, fontName=font, fontSize=size, fillColor=colour or look.ink, textAnchor=anchor)


def text_lines(
    look: Look, x: float, top: float, lines: list[str], size: float, anchor: str = "start", bold_first: int = 0
) -> list[String]:
    """Lines of text whose first line's top is at `top`; the first `bold_first` lines bold."""
    lead = look.leading(size)
    out = []
    for i, line in enumerate(lines):
        baseline = top - size * 0.8 - i * lead
        out.append(string(look, x, baseline, line, size, anchor, bold=i < bold_first))
    return out


def hatch(x: float, y: float, w: float, h: float, spacing: float, falling: bool) -> Iterator[tuple[float, float, float, float]]:
    """45-degree lines clipped to a rectangle: rising (/) or falling (\\)."""
    d = -h
    while d < w:
        sx, ex = max(x + d, x), min(x + d + h, x + w)
        if ex > sx:
            if falling:
                yield sx, y + h - (sx - x - d), ex, y + h - (ex - x - d)
            else:
                yield sx, y + (sx - x - d), ex, y + (ex - x - d)
        d += spacing


def filled_rect(
    look: Look, x: float, y: float, w: float, h: float, fill: Fill, dashed: bool = False, hollow: bool = False
) -> Group:
    """A rectangle in a series or phase fill, patterned and outlined in ink; hollow and dashed when uncertain."""
    group = Group()
    w, h = max(w, 0.5), max(h, 0.5)
    if not hollow:
        group.add(Rect(x, y, w, h, fillColor=fill.fill, strokeColor=None))
        spacing = look.length("pattern_spacing")
        pw = look.length("pattern_width")
        kinds = {"hatch": (False,), "back_hatch": (True,), "cross": (False, True)}.get(fill.pattern, ())
        for falling in kinds:
            for x0, y0, x1, y1 in hatch(x, y, w, h, spacing * (1.5 if fill.pattern == "cross" else 1), falling):
                group.add(Line(x0, y0, x1, y1, strokeColor=fill.pattern_colour, strokeWidth=pw))
        if fill.pattern == "horizontal":
            for k in range(1, int(h / spacing) + 1):
                group.add(Line(x, y + k * spacing, x + w, y + k * spacing, strokeColor=fill.pattern_colour, strokeWidth=pw))
        if fill.pattern == "vertical":
            for k in range(1, int(w / spacing) + 1):
                group.add(Line(x + k * spacing, y, x + k * spacing, y + h, strokeColor=fill.pattern_colour, strokeWidth=pw))
    outline = Rect(
        x, y, w, h, fillColor=look.colour("#ffffff") if hollow else None, strokeColor=look.ink, strokeWidth=look.outline
    )
    if dashed:
        outline.strokeDashArray = list(look.typed.uncertain_dash)
    group.add(outline)
    return group


def marker(look: Look, x: float, y: float, size: float, fill: Fill) -> Group:
    r = size / 2
    common: dict[str, Any] = {"fillColor": fill.fill, "strokeColor": look.ink, "strokeWidth": look.outline}
    shape: Any
    if fill.marker == "square":
        shape = Rect(x - r, y - r, size, size, **common)
    elif fill.marker == "triangle":
        shape = Polygon([x - r * 1.1, y - r, x + r * 1.1, y - r, x, y + r * 1.1], **common)
    elif fill.marker == "diamond":
        shape = Polygon([x, y - r * 1.25, x + r * 1.25, y, x, y + r * 1.25, x - r * 1.25, y], **common)
    else:
        shape = Circle(x, y, r, **common)
    return Group(shape)
