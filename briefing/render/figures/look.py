"""The style sheet's `figures:` section as a figure draws it: fonts, sizes, colours, fills."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefing.diagnostics import BriefingError, Pos, error
from briefing.geometry.labels import wrap
from briefing.render import linebreak
from briefing.render.fonts import font_for_text
from briefing.render.styles import Styles
from briefing.style import StyleSheet


@dataclass(frozen=True)
class Fill:
    """How one series or phase is painted: a shade, a pattern, a line dash and a point marker."""

    fill: Color
    pattern: str  # none, hatch, back_hatch, cross, horizontal, vertical
    pattern_colour: Color
    marker: str  # circle, square, triangle, diamond
    dash: tuple[float, ...]


_FIGURES_SHEET: dict[int, tuple[StyleSheet, StyleSheet]] = {}  # id(sheet) -> (sheet, its figures' sheet)


def _figures_sheet(sheet: StyleSheet, figures: dict[str, Any]) -> StyleSheet:
    """The sheet the figures' paragraphs are styled from: `sheet` with the figures section's `text:` over its own.

    Made once for each sheet (a sheet is immutable), not once a layout: the new sheet is checked again when its
    `typed` is first read (about 13 ms), and a pack whose notes are renumbered is laid out twice."""
    known = _FIGURES_SHEET.get(id(sheet))
    if known is not None and known[0] is sheet:
        return known[1]
    merged = {**sheet.data, "text": {**sheet.section("text"), **figures.get("text", {})}}
    made = StyleSheet(sheet.name, merged)
    _FIGURES_SHEET.clear()  # the last sheet only: a watch session's new sheet replaces it
    _FIGURES_SHEET[id(sheet)] = (sheet, made)
    return made


class Look:
    """The style sheet's `figures:` section, colours resolved (greyed when printing in greyscale)."""

    def __init__(self, styles: Styles, pos: Pos) -> None:
        data = styles.sheet.section("figures")
        if not data:
            raise BriefingError([error(pos, f"style sheet '{styles.sheet.name}' has no 'figures' section; figures need one")])
        self.data = data
        self.typed = styles.sheet.typed.figures  # the keys with defaults: a sheet may leave them out of `data`
        self.styles = styles
        self.scale = styles.scale
        family = str(data["font"])
        self.font = styles.font(family, "regular")
        self.bold = styles.font(family, "bold")
        self.min_size = styles.min_size  # large print: no word in a figure smaller than this
        self.size = self.text_size("text_size")
        self.tick = self.text_size("tick_size")
        self.title = self.text_size("title_size")
        self.line_gap = float(data["line_gap"])
        self.ink = self.colour(data["ink"])
        self.axis = self.colour(data["axis"])
        self.grid = self.colour(data["grid"])
        self.outline = self.length("outline_width")
        self.fills = [
            Fill(
                fill=self.colour(f["fill"]),
                pattern=str(f.get("pattern", "none")),
                pattern_colour=self.colour(f.get("pattern_colour", data["ink"])),
                marker=str(f.get("marker", "circle")),
                dash=tuple(float(d) for d in str(f.get("dash", "none")).split()) if str(f.get("dash", "none")) != "none" else (),
            )
            for f in data["fills"]
        ]
        self.paras = Styles(
            _figures_sheet(styles.sheet, data),
            greyscale=styles.greyscale,
            scale=styles.scale,
            min_size=styles.min_size,
            hyphenation=styles.hyphenation,
        )

    @classmethod
    def of(cls, styles: Styles, pos: Pos) -> Look:
        """One Look per Styles (built once per render; the paragraph styles are cached in it)."""
        cached = getattr(styles, "_figures_look", None)
        if isinstance(cached, Look):
            return cached
        look = cls(styles, pos)
        setattr(styles, "_figures_look", look)  # noqa: B010 - a cache on a dataclass that does not declare it
        return look

    def value(self, *keys: str) -> Any:
        node: Any = self.data
        for key in keys:
            node = node[key]
        return node

    def number(self, *keys: str) -> float:
        return float(self.value(*keys))

    def length(self, *keys: str) -> float:
        """A length in points, scaled for large print."""
        return self.number(*keys) * self.scale

    def text_size(self, key: str) -> float:
        """A type size, scaled for large print and never under its floor."""
        return max(self.length(key), self.min_size)

    def colour(self, value: object) -> Color:
        return self.styles.colour(str(value))

    def fill(self, i: int) -> Fill:
        return self.fills[i % len(self.fills)]

    def leading(self, size: float) -> float:
        return size * self.line_gap

    def width(self, words: str, size: float, bold: bool = False) -> float:
        font = self.bold if bold else self.font
        return float(stringWidth(words, font if words.isascii() else font_for_text(words, font, self.styles.fonts), size))

    def measure(self, words: str, size: float, bold: bool = False) -> float:
        """The width of `words` (geometry's Measure)."""
        return self.width(words, size, bold)

    def wrap(self, words: str, size: float, width: float, bold: bool = False) -> list[str]:
        """Lines no wider than `width`; a word wider than it is hyphenated (never running into a neighbour)."""
        return wrap(words, max(width, size * 2), size, self.measure, bold, linebreak.fallback_hyphenator())

    def para(self, key: str) -> Any:
        return self.paras.para(key)
