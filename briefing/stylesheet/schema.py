"""The style sheet's sections as frozen dataclasses: one class a section, one field a key.

Each field's metadata says how its YAML value is read and checked (`kind`); a field with a
default may be left out of a sheet, every other field is required (a sheet that `extends:`
another inherits what it leaves out).  `validate.py` reads this metadata, so adding a key to
the sheet means adding a field here, nothing more.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.diagnostics import Pos

FACES = ("regular", "bold", "italic", "bold_italic")
PATTERNS = ("none", "hatch", "back_hatch", "cross", "horizontal", "vertical")
MARKERS = ("circle", "square", "triangle", "diamond")

# The paragraph styles the layout asks for by name; a sheet may not add others (they would never be used).
TEXT_NAMES = (
    "body", "bullet", "quote", "attribution", "h1", "h2", "h3", "table", "table_head", "caption",
    "callout_title", "callout", "footnote", "footnote_run_in", "toc1", "toc2", "toc3", "header", "marking",
    "cover_title", "cover_subtitle", "cover_label", "cover_value", "handout_title", "handout_meta",
    "reference_compact", "reference", "note_text",
)
FIGURE_TEXT_NAMES = (
    "figure_title", "figure_caption", "figure_note", "figure_table", "figure_table_head",
    "panel_title", "panel_value", "panel_label",
)
COLOUR_NAMES = (
    "text", "heading", "accent", "muted", "rule", "link", "marking", "callout_fill", "callout_border",
    "table_header_fill", "table_stripe_fill", "table_grid", "quote_bar",
)


def key(kind: str, default: Any = dataclasses.MISSING, **extra: Any) -> Any:
    """A sheet key read as `kind` (see validate.READERS); without a default the key is required."""
    meta = {"kind": kind, **extra}
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=meta)
    if isinstance(default, (list, dict, tuple)):
        return dataclasses.field(default_factory=lambda: default, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def section(cls: type) -> Any:
    return dataclasses.field(metadata={"kind": "section", "cls": cls})


@dataclass(frozen=True, kw_only=True)
class Page:
    size: str = key("choice", choices=("A4", "letter"), fold=True)
    margin_left_mm: float = key("length")
    margin_right_mm: float = key("length")
    margin_inner_mm: float = key("length")
    margin_outer_mm: float = key("length")
    margin_top_mm: float = key("length")
    margin_bottom_mm: float = key("length")
    header_gap_mm: float = key("length")
    footer_gap_mm: float = key("length")
    marking_edge_mm: float = key("length")


@dataclass(frozen=True, kw_only=True)
class FontFace:
    spec: str  # as written: `package:file.ttf`, or a path relative to the sheet
    path: Path  # the font file it names
    pos: Pos = dataclasses.field(default=Pos(""), compare=False)  # where the sheet names it, for a font that fails to load


@dataclass(frozen=True, kw_only=True)
class FontFamily:
    regular: FontFace = key("font")
    bold: FontFace = key("font")
    italic: FontFace = key("font")
    bold_italic: FontFace = key("font")

    def face(self, name: str) -> FontFace:
        return getattr(self, name)  # type: ignore[no-any-return]


@dataclass(frozen=True, kw_only=True)
class TextStyle:
    """One paragraph style.  Lengths in points; `leading` defaults to 1.3 x size."""

    font: str = key("family", "serif")
    style: str = key("choice", "regular", choices=FACES)
    size: float = key("size")
    leading: float = key("size", 0.0)  # 0: 1.3 x size (filled in by the reader)
    space_before: float = key("length", 0.0)
    space_after: float = key("length", 0.0)
    indent: float = key("length", 0.0)
    colour: str = key("colour_ref", "text")
    hyphenate: bool = key("bool", True)


@dataclass(frozen=True, kw_only=True)
class Hyphenation:
    language: str = key("language")
    min_word_length: int = key("count", minimum=1)


@dataclass(frozen=True, kw_only=True)
class Footnotes:
    separator_width: float = key("fraction")
    separator_gap: float = key("length")
    note_gap: float = key("length")
    min_split_lines: int = key("count", minimum=1)
    rule_width: float = key("length", 0.5)  # the separator's line width (pt)
    max_carry_fraction: float = key("fraction", 0.7)  # at most this much of a new page goes to notes continued from before


@dataclass(frozen=True, kw_only=True)
class Output:
    """How the whole sheet is applied: the large-print and greyscale sheets change these."""

    greyscale: bool = key("bool", False)
    scale: float = key("size", 1.0)
    min_size: float = key("length", 0.0)
    small_print: tuple[str, ...] = key("text_names", ())  # styles that scale but are never raised to min_size


@dataclass(frozen=True, kw_only=True)
class Spacing:
    block: float = key("length")
    table_padding: float = key("length")
    callout_padding: float = key("length")
    heading_keep_lines: float = key("length")


@dataclass(frozen=True, kw_only=True)
class Fill:
    fill: str = key("colour_ref")
    pattern: str = key("choice", "none", choices=PATTERNS)
    pattern_colour: str = key("colour_ref", "")  # "": the figures' ink
    marker: str = key("choice", "circle", choices=MARKERS)
    dash: tuple[float, ...] = key("dash", ())


@dataclass(frozen=True, kw_only=True)
class Chart:
    height: float = key("size")
    width: float = key("fraction")
    table_gap: float = key("length")
    beside_max_rows: int = key("count", minimum=0)
    bar_width: float = key("fraction")
    ticks: int = key("count", minimum=2)
    line_width: float = key("length")
    marker_size: float = key("length")
    label_gap: float = key("length")


@dataclass(frozen=True, kw_only=True)
class Timeline:
    label_width: float = key("size")
    label_gap: float = key("length")
    label_padding: float = key("length")
    lane_gap: float = key("length")
    max_lanes: int = key("count", minimum=1)
    marker_height: float = key("length")
    year_bar_height: float = key("length")
    leader: str = key("colour_ref")
    band: str = key("colour_ref")
    phase_height: float = key("length")
    phase_gap: float = key("length")
    phase_label_gap: float = key("length")


@dataclass(frozen=True, kw_only=True)
class Panel:
    columns: int = key("count", minimum=1)
    fill: str = key("colour_ref")
    rule: str = key("colour_ref")
    rule_width: float = key("length")
    padding: float = key("length")
    gap: float = key("length")


@dataclass(frozen=True, kw_only=True)
class Figures:
    font: str = key("family")
    text_size: float = key("size")
    tick_size: float = key("size")
    title_size: float = key("size")
    line_gap: float = key("size")
    ink: str = key("colour_ref")
    axis: str = key("colour_ref")
    grid: str = key("colour_ref")
    outline_width: float = key("length")
    pattern_spacing: float = key("size")
    pattern_width: float = key("length")
    space_before: float = key("length")
    space_after: float = key("length")
    fills: tuple[Fill, ...] = key("fills")
    text: dict[str, TextStyle] = key("text_styles", names=FIGURE_TEXT_NAMES)
    chart: Chart = section(Chart)
    timeline: Timeline = section(Timeline)
    panel: Panel = section(Panel)


@dataclass(frozen=True, kw_only=True)
class PictureFile:
    spec: str  # as written, relative to the sheet's own folder
    path: Path  # the file it names (inside that folder)
    pos: Pos = dataclasses.field(default=Pos(""), compare=False)  # where the sheet names it


@dataclass(frozen=True, kw_only=True)
class Logo:
    """An organisation's logo: on the cover, and (with `header: true`) at the outer end of the running header."""

    file: PictureFile = key("picture")  # PNG, JPEG or SVG, relative to the sheet's folder and inside it
    alt: str = key("text", "")  # the organisation's name, say; without it the logo is decoration (an artifact)
    width_mm: float = key("size", 40.0)  # on the cover, at most this wide...
    height_mm: float = key("size", 20.0)  # ...and this tall, keeping its proportions
    header: bool = key("bool", False)  # also in the running header of every body page
    header_height_mm: float = key("size", 7.0)  # its height there (at most 40 mm wide)


@dataclass(frozen=True, kw_only=True)
class Sheet:
    """A whole style sheet, every value checked.  `font_names` maps family -> face -> the name registered
    with the PDF library (distinct files never share a name, so two sheets in one process keep their fonts)."""

    fonts: dict[str, FontFamily] = key("fonts")
    colours: dict[str, str] = key("colours")
    page: Page = section(Page)
    hyphenation: Hyphenation = section(Hyphenation)
    text: dict[str, TextStyle] = key("text_styles", names=TEXT_NAMES)
    footnotes: Footnotes = section(Footnotes)
    output: Output = section(Output)
    spacing: Spacing = section(Spacing)
    figures: Figures = section(Figures)
    fallback_fonts: tuple[str, ...] = key("strings", ())  # fonts for characters the faces lack (see glyphs.py)
    logo: Logo | None = dataclasses.field(default=None, metadata={"kind": "section", "cls": Logo})  # none by default
    font_names: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict, metadata={"kind": "derived"})

    def font_name(self, family: str, face: str = "regular") -> str:
        return self.font_names[family][face]
