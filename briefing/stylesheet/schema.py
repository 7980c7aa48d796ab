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
    "body",
    "bullet",
    "quote",
    "attribution",
    "h1",
    "h2",
    "h3",
    "table",
    "table_head",
    "caption",
    "callout_title",
    "callout",
    "footnote",
    "footnote_run_in",
    "toc1",
    "toc2",
    "toc3",
    "header",
    "marking",
    "cover_title",
    "cover_subtitle",
    "cover_label",
    "cover_value",
    "handout_title",
    "handout_meta",
    "reference_compact",
    "reference",
    "note_text",
)
FIGURE_TEXT_NAMES = (
    "figure_title",
    "figure_caption",
    "figure_note",
    "figure_table",
    "figure_table_head",
    "panel_title",
    "panel_value",
    "panel_label",
)
COLOUR_NAMES = (
    "text",
    "heading",
    "accent",
    "muted",
    "rule",
    "link",
    "marking",
    "callout_fill",
    "callout_border",
    "table_header_fill",
    "table_stripe_fill",
    "table_grid",
    "quote_bar",
)


def key(kind: str, default: Any = dataclasses.MISSING, **extra: Any) -> Any:
    """A sheet key read as `kind` (see validate.READERS); without a default the key is required."""
    meta = {"kind": kind, **extra}
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=meta)
    if isinstance(default, (list, dict, tuple)):
        return dataclasses.field(default_factory=lambda: default, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def section(cls: type, optional: bool = False) -> Any:
    """A nested section; `optional`: a sheet may leave it out (every key in it has a default)."""
    meta = {"kind": "section", "cls": cls}
    if optional:
        return dataclasses.field(default_factory=cls, metadata=meta)
    return dataclasses.field(metadata=meta)


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
    url_waste: float = key("fraction", 0.3)  # a web address is split rather than leave more of a line than this empty


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
class Tables:
    """Tables, key facts, timelines and who's who (padding is `spacing.table_padding`)."""

    grid_width: float = key("length", 0.4)  # the rule under each row
    header_rule_width: float = key("length", 0.8)  # the rule under the header row
    top_padding: float = key("fraction", 0.75)  # of spacing.table_padding: a cell's text has its leading above it
    space_after: float = key("length", 1.5)  # times spacing.block
    caption_keep_rows: int = key("count", 3)  # a caption needs room for this many rows under it
    key_facts_columns: tuple[float, ...] = key("widths", (3.0, 2.0), columns=2)  # label, value (relative widths)
    timeline_columns: tuple[float, ...] = key("widths", (1.15, 4.0), columns=2)  # date, event
    people_columns: tuple[float, ...] = key("widths", (1.4, 3.0), columns=2)  # name, role


@dataclass(frozen=True, kw_only=True)
class CalloutBox:
    """The callout: a shaded box with a bar down its left edge (padding is `spacing.callout_padding`)."""

    bar_width: float = key("length", 2.5)
    left_padding: float = key("length", 1.5)  # times spacing.callout_padding: room beside the bar
    space: float = key("length", 1.5)  # times spacing.block, before and after


@dataclass(frozen=True, kw_only=True)
class Furniture:
    """The running header and footer (placed by `page.header_gap_mm` and `page.footer_gap_mm`)."""

    rule_width: float = key("length", 0.4)  # the rules under the header and over the footer
    header_rule_gap: float = key("length", 4)  # the header's baseline to the rule under it
    footer_rule_gap: float = key("length", 2)  # the footer's text (its font size above its baseline) to the rule


@dataclass(frozen=True, kw_only=True)
class Cover:
    top_space_mm: float = key("length", 40)  # above the title (times output.scale)
    label_width: float = key("fraction", 0.28)  # of the text width: the details' label column; the value takes the rest
    top_rule_width: float = key("length", 1.2)  # over the details
    rule_width: float = key("length", 0.4)  # under each detail
    top_padding: float = key("length", 5)
    bottom_padding: float = key("length", 6)


@dataclass(frozen=True, kw_only=True)
class Contents:
    """The contents page: each entry's number, title, dot leaders and page number."""

    page_column: float = key("size", 2.2)  # the page-number column, in the largest contents font size
    number_column: float = key("size", 1.6)  # the section-number column, in the entry's font size...
    number_column_per_level: float = key("length", 0.55)  # ...and this more for each level (1.2, 1.2.3)
    number_gap: float = key("length", 6)  # after the section-number column
    page_gap: float = key("length", 12)  # least room between the title's lines and the page-number column
    leader_gap: float = key("length", 4)  # between the title's end and the leaders, and the leaders and the page number
    leader_step: float = key("size", 4.5)  # distance between leader dots


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
    grid_width: float = key("length", 0.4)  # the value grid's lines
    table_label_column: float = key("size", 1.2)  # the data table's x column, relative to 1 for each series


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
    leader_width: float = key("length", 0.6)  # an event's line from the axis to its label
    year_line_width: float = key("length", 0.5)  # the light year lines down through the phases
    month_tick_width: float = key("length", 0.4)
    month_tick_length: float = key("length", 2)
    min_month_width: float = key("size", 2.5)  # a month's mark is never narrower
    inferred_dash: tuple[float, ...] = key("dash", (2.0, 1.5))  # a date inferred, not stated: its mark and leader dashed
    table_columns: tuple[float, ...] = key("widths", (1.3, 4.0), columns=2)  # the data table: date, event


@dataclass(frozen=True, kw_only=True)
class Panel:
    columns: int = key("count", minimum=1)
    fill: str = key("colour_ref")
    rule: str = key("colour_ref")
    rule_width: float = key("length")
    padding: float = key("length")
    gap: float = key("length")
    title_space: float = key("length", 0.5)  # times figures.space_before, above the first row


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
    uncertain_dash: tuple[float, ...] = key("dash", (2.5, 1.8))  # the outline of a hollow (uncertain) fill
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
    tables: Tables = section(Tables, optional=True)
    callout: CalloutBox = section(CalloutBox, optional=True)
    furniture: Furniture = section(Furniture, optional=True)
    cover: Cover = section(Cover, optional=True)
    contents: Contents = section(Contents, optional=True)
    fallback_fonts: tuple[str, ...] = key("fallback_fonts", ())  # fonts for characters the faces lack (see glyphs.py)
    logo: Logo | None = dataclasses.field(default=None, metadata={"kind": "section", "cls": Logo})  # none by default
    font_names: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict, metadata={"kind": "derived"})

    def font_name(self, family: str, face: str = "regular") -> str:
        return self.font_names[family][face]
