"""Figures: a key-figures panel, charts of data series and a timeline drawn to scale.

The content says what to draw (model.FiguresPanel, Chart, TimelineChart); every
size, shade, pattern and font comes from the style sheet's `figures:` section.
Graphics are vector (reportlab.graphics) and set their words in the pack's
registered fonts, so every font in the PDF stays embedded.

Nothing relies on hue.  Series and phases differ in shade (neighbours at least
3:1) and in pattern, every fill is outlined, and every mark is labelled in
words.  Each figure's data is also printed as text, in a table beside or
under it (or, for a timeline, in the timeline table the content puts next to
it), and its alt text travels with the drawing as the /Alt of a
marked-content sequence: the nearest an untagged PDF comes to alt text.

A figure's title, drawing, caption and note sit in one single-cell table, so
they never part, and the caption's citation marker puts its footnote on the
figure's page.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from briefing.dates import MONTHS, format_date
from briefing.diagnostics import BriefingError, Pos, error
from briefing.model import (
    Chart,
    ChartEvent,
    DataPoint,
    FiguresPanel,
    PartialDate,
    Phase,
    RichText,
    TimelineChart,
    cites_in,
    date_span,
    plain_text,
)
from briefing.render.markup import text
from briefing.render.styles import Styles
from briefing.style import StyleSheet

if TYPE_CHECKING:
    from briefing.render.blocks import BlockRenderer

FIGURE_BLOCKS = (FiguresPanel, Chart, TimelineChart)
FigureBlock = FiguresPanel | Chart | TimelineChart
_SEARCH_BUDGET = 20_000  # label placements tried before a timeline is drawn in parts instead


def render_figure(r: BlockRenderer, block: FigureBlock) -> list[Flowable]:
    """The flowables for one figure block."""
    look = Look.of(r.styles, block.pos)
    if isinstance(block, FiguresPanel):
        return panel(r, look, block)
    if isinstance(block, Chart):
        return chart(r, look, block)
    return timeline_chart(r, look, block)


# ---------------------------------------------------------------- style


@dataclass(frozen=True)
class Fill:
    """How one series or phase is painted: a shade, a pattern, a line dash and a point marker."""

    fill: Color
    pattern: str  # none, hatch, back_hatch, cross, horizontal, vertical
    pattern_colour: Color
    marker: str  # circle, square, triangle, diamond
    dash: tuple[float, ...]


class Look:
    """The style sheet's `figures:` section, colours resolved (greyed when printing in greyscale)."""

    def __init__(self, styles: Styles, pos: Pos) -> None:
        data = styles.sheet.section("figures")
        if not data:
            raise BriefingError([error(pos, f"style sheet '{styles.sheet.name}' has no 'figures' section; figures need one")])
        self.data = data
        self.styles = styles
        self.scale = styles.scale
        family = str(data["font"])
        self.font = styles.font(family, "regular")
        self.bold = styles.font(family, "bold")
        self.size = self.length("text_size")
        self.tick = self.length("tick_size")
        self.title = self.length("title_size")
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
        merged = {**styles.sheet.data, "text": {**styles.sheet.section("text"), **data.get("text", {})}}
        self.paras = Styles(StyleSheet(styles.sheet.name, merged), greyscale=styles.greyscale, scale=styles.scale)

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

    def colour(self, value: object) -> Color:
        return self.styles.colour(str(value))

    def fill(self, i: int) -> Fill:
        return self.fills[i % len(self.fills)]

    def leading(self, size: float) -> float:
        return size * self.line_gap

    def width(self, words: str, size: float, bold: bool = False) -> float:
        return float(stringWidth(words, self.bold if bold else self.font, size))

    def wrap(self, words: str, size: float, width: float, bold: bool = False) -> list[str]:
        lines = simpleSplit(words, self.bold if bold else self.font, size, max(width, size * 2))
        return [str(line) for line in lines] or [""]

    def para(self, key: str) -> Any:
        return self.paras.para(key)


# ---------------------------------------------------------------- drawing helpers


class FigureDrawing(Drawing):  # type: ignore[misc]
    """A Drawing in the pack's fonts, wrapped in a marked-content sequence that carries its alt text
    (/Alt, which PDF allows on marked content even in an untagged file).  The words stay out of the
    page's text, so copying or extracting the page's text reads the drawing's own labels in order."""

    def __init__(self, width: float, height: float, look: Look, alt: str) -> None:
        super().__init__(width, height, initialFontName=look.font, initialFontSize=look.size)
        self._alt = alt

    def draw(self) -> None:
        if self._alt:
            self.canv.addLiteral(f"/Figure <</Alt {pdf_text_string(self._alt)}>> BDC")
        super().draw()
        if self._alt:
            self.canv.addLiteral("EMC")


def pdf_text_string(words: str) -> str:
    """A PDF text string in UTF-16 (a hex string, so no character needs escaping)."""
    return "<" + ("\ufeff" + " ".join(words.split())).encode("utf-16-be").hex().upper() + ">"


def _string(look: Look, x: float, y: float, words: str, size: float, anchor: str = "start", bold: bool = False,
            colour: Color | None = None) -> String:
    return String(x, y, words, fontName=look.bold if bold else look.font, fontSize=size,
                  fillColor=colour or look.ink, textAnchor=anchor)


def _lines(look: Look, x: float, top: float, lines: list[str], size: float, anchor: str = "start",
           bold_first: int = 0) -> list[String]:
    """Lines of text whose first line's top is at `top`; the first `bold_first` lines bold."""
    lead = look.leading(size)
    out = []
    for i, line in enumerate(lines):
        baseline = top - size * 0.8 - i * lead
        out.append(_string(look, x, baseline, line, size, anchor, bold=i < bold_first))
    return out


def _hatch(x: float, y: float, w: float, h: float, spacing: float, falling: bool) -> Iterator[tuple[float, float, float, float]]:
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


def _filled_rect(look: Look, x: float, y: float, w: float, h: float, fill: Fill, dashed: bool = False,
                 hollow: bool = False) -> Group:
    """A rectangle in a series or phase fill, patterned and outlined in ink; hollow and dashed when uncertain."""
    group = Group()
    w, h = max(w, 0.5), max(h, 0.5)
    if not hollow:
        group.add(Rect(x, y, w, h, fillColor=fill.fill, strokeColor=None))
        spacing = look.length("pattern_spacing")
        pw = look.length("pattern_width")
        kinds = {"hatch": (False,), "back_hatch": (True,), "cross": (False, True)}.get(fill.pattern, ())
        for falling in kinds:
            for x0, y0, x1, y1 in _hatch(x, y, w, h, spacing * (1.5 if fill.pattern == "cross" else 1), falling):
                group.add(Line(x0, y0, x1, y1, strokeColor=fill.pattern_colour, strokeWidth=pw))
        if fill.pattern == "horizontal":
            for k in range(1, int(h / spacing) + 1):
                group.add(Line(x, y + k * spacing, x + w, y + k * spacing, strokeColor=fill.pattern_colour, strokeWidth=pw))
        if fill.pattern == "vertical":
            for k in range(1, int(w / spacing) + 1):
                group.add(Line(x + k * spacing, y, x + k * spacing, y + h, strokeColor=fill.pattern_colour, strokeWidth=pw))
    outline = Rect(x, y, w, h, fillColor=look.colour("#ffffff") if hollow else None, strokeColor=look.ink,
                   strokeWidth=look.outline)
    if dashed:
        outline.strokeDashArray = [2.5, 1.8]
    group.add(outline)
    return group


def _marker(look: Look, x: float, y: float, size: float, fill: Fill) -> Group:
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


def _nice_step(span: float, ticks: int) -> float:
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for mult in (1, 2, 2.5, 5, 10):
        if mult * power >= raw:
            return float(mult * power)
    return float(10 * power)  # pragma: no cover


def _number(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def short_date(date: PartialDate) -> str:
    """A compact date for tick labels: "Dec 2009"; a day when there is one; a year alone."""
    if date.month and date.day:
        return f"{date.day} {MONTHS[date.month - 1][:3]} {date.year}"
    if date.month:
        return f"{MONTHS[date.month - 1][:3]} {date.year}"
    return str(date.year)


# ---------------------------------------------------------------- the frame every figure shares


def figure_number(r: BlockRenderer, block: Chart | TimelineChart) -> int:
    """Numbered by resolve, in reading order over the sections being rendered (a variant's own)."""
    return block.number


def _cell_table(r: BlockRenderer, parts: list[Flowable], width: float) -> Table:
    table = Table([[parts]], colWidths=[width], hAlign="LEFT")
    table.setStyle(TableStyle([
        *r.base_commands(),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _framed(r: BlockRenderer, look: Look, number: int, title: str, bodies: list[Flowable], caption: RichText,
            note: RichText) -> list[Flowable]:
    """Title above, caption and note below; each body (a part of the picture) may start a new page,
    but the title stays with the first and the caption with the last."""
    title_p = Paragraph(f"Figure {number}. {text(title)}", look.para("figure_title"))
    tail: list[Flowable] = [Paragraph(r.markup(caption), look.para("figure_caption"))]
    if note:
        tail.append(Paragraph(f"Note: {r.markup(note)}", look.para("figure_note")))
    groups: list[list[Flowable]] = [[b] for b in bodies]
    groups[0].insert(0, title_p)
    groups[-1].extend(tail)
    out: list[Flowable] = [_cell_table(r, g, r.width) for g in groups]
    for part in out:
        part.spaceBefore = look.length("space_before")
    out[-1].spaceAfter = look.length("space_after")
    return out


def _data_table(r: BlockRenderer, look: Look, header: list[str], rows: list[list[RichText | str]], widths: list[float],
                width: float) -> Table:
    """The figure's data as text, in the pack's table look (smaller type)."""
    head = [Paragraph(text(h), look.para("figure_table_head")) for h in header]
    body = [[Paragraph(r.markup(c) if isinstance(c, tuple) else text(c), look.para("figure_table")) for c in row]
            for row in rows]
    total = sum(widths)
    table = Table([head, *body], colWidths=[width * w / total for w in widths], repeatRows=1, hAlign="LEFT",
                  splitByRow=1)
    table.setStyle(r._grid_style(header=True))
    table.spaceAfter = look.length("space_after")
    return table


# ---------------------------------------------------------------- key-figures panel


def panel(r: BlockRenderer, look: Look, block: FiguresPanel) -> list[Flowable]:
    columns = max(1, min(int(look.number("panel", "columns")), len(block.figures)))
    gap = look.length("panel", "gap")
    pad = look.length("panel", "padding")
    fill = look.colour(look.value("panel", "fill"))
    rule = look.colour(look.value("panel", "rule"))
    white = look.colour("#ffffff")
    out: list[Flowable] = []
    if block.title:
        out.append(Paragraph(text(block.title), look.para("panel_title")))
    rows = [block.figures[i:i + columns] for i in range(0, len(block.figures), columns)]
    for n, row in enumerate(rows):
        cells: list[list[Flowable]] = [
            [Paragraph(text(f.value), look.para("panel_value")), Paragraph(r.markup(f.label), look.para("panel_label"))]
            for f in row
        ]
        cells += [[] for _ in range(columns - len(row))]
        table = Table([cells], colWidths=[r.width / columns] * columns, hAlign="LEFT")
        commands: list[tuple[object, ...]] = [
            *r.base_commands(),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad + gap / 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad + gap / 2),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ("BACKGROUND", (0, 0), (len(row) - 1, 0), fill),
            ("LINEABOVE", (0, 0), (len(row) - 1, 0), look.length("panel", "rule_width"), rule),
            # white gaps between figures, drawn last so they cut the fill and the rule
            ("LINEBEFORE", (0, 0), (0, 0), gap / 2, white),
            ("LINEAFTER", (0, 0), (-1, 0), gap, white),
        ]
        table.setStyle(TableStyle(commands))
        table.spaceAfter = gap if n < len(rows) - 1 else look.length("space_after")
        if n == 0:
            table.spaceBefore = look.length("space_before") * 0.5
        out.append(table)
    if block.title:
        out[0].keep_with_next = out[1]  # type: ignore[attr-defined]
        out[0].keep_lines = 0  # type: ignore[attr-defined]
    return out


# ---------------------------------------------------------------- charts


@dataclass
class _Plot:
    """Where things go in a chart drawing."""

    left: float
    bottom: float
    width: float
    height: float
    lo: float
    hi: float

    def y(self, value: float) -> float:
        return self.bottom + (value - self.lo) / (self.hi - self.lo) * self.height


def _value_range(block: Chart, ticks: int) -> tuple[float, float, float]:
    values = [p.y for s in block.series for p in s.points]
    lo = min([0.0, *values] + ([block.y_axis.min] if block.y_axis.min is not None else []))
    hi = max([*values] + ([block.y_axis.max] if block.y_axis.max is not None else []))
    if hi <= lo:
        hi = lo + 1
    step = _nice_step(hi - lo, ticks)
    # never hide data: a given min or max is widened to the values, then to whole steps
    lo = block.y_axis.min if block.y_axis.min is not None and block.y_axis.min <= min(values) else math.floor(lo / step) * step
    top = math.ceil(hi / step) * step
    hi = block.y_axis.max if block.y_axis.max is not None and block.y_axis.max >= max(values) else top
    if hi - lo < step:  # pragma: no cover - min and max closer than a step
        hi = lo + step
    return lo, hi, step


def _x_label(point: DataPoint) -> str:
    return format_date(point.date) if point.date else point.x


def _dated(block: Chart) -> bool:
    """A line chart whose x values are all dates has a time axis; otherwise x values are categories."""
    return block.kind == "line" and all(p.date is not None for s in block.series for p in s.points)


def _x_values(block: Chart) -> list[DataPoint]:
    """One point for each x value over all series, in order: by date on a time axis, else as first given."""
    seen: dict[str, DataPoint] = {}
    for s in block.series:
        for p in s.points:
            seen.setdefault(p.x, p)
    if _dated(block):
        return sorted(seen.values(), key=lambda p: date_span(p.date) if p.date else (0.0, 0.0))
    return list(seen.values())


def chart_drawing(look: Look, block: Chart, width: float) -> FigureDrawing:
    """A bar or line chart: value axis with its title and unit, category or time axis, data labels, legend."""
    height = look.length("chart", "height")
    d = FigureDrawing(width, height, look, block.alt)
    size, tick, lead = look.size, look.tick, look.leading(look.tick)
    suffix = block.y_axis.suffix
    lo, hi, step = _value_range(block, int(look.number("chart", "ticks")))
    ticks = [lo + i * step for i in range(int(round((hi - lo) / step)) + 1)]
    tick_w = max(look.width(_number(t) + suffix, tick) for t in ticks)
    # the value axis's title reads across, above the plot (never sideways)
    y_title = look.wrap(block.y_axis.title, look.title, width, bold=True)
    top_used = len(y_title) * look.leading(look.title) + 4
    multi = len(block.series) > 1
    legend: list[String | Group] = []
    if multi:
        legend, legend_h = _legend(look, block, width, height - top_used)
        top_used += legend_h
    label_room = size * 1.3 + look.length("chart", "label_gap")
    x_title = look.wrap(block.x_axis.title, look.title, width, bold=True)
    points = _x_values(block)
    dated = _dated(block)
    left = tick_w + 6
    right_pad = 6.0
    plot_w = width - left - right_pad
    slot = plot_w / len(points)
    span_of: Any = None
    # x positions and their labels
    if dated:
        spans = {p.x: date_span(p.date) for s in block.series for p in s.points if p.date is not None}
        t0 = min(a for a, _ in spans.values())
        t1 = max(b for _, b in spans.values())
        pad = max(0.6, (t1 - t0) * 0.08)
        t0, t1 = t0 - pad, t1 + pad

        def at(t: float) -> float:
            return left + (t - t0) / (t1 - t0) * plot_w

        def x_of(p: DataPoint) -> float:
            a, b = spans[p.x]
            return at((a + b) / 2)

        def span_of(p: DataPoint) -> tuple[float, float]:
            a, b = spans[p.x]
            return at(a), at(b)

        xs_sorted = sorted({x_of(p) for s in block.series for p in s.points})
        gaps = [b - a for a, b in zip(xs_sorted, xs_sorted[1:], strict=False)] or [plot_w]
        label_w = max(min(gaps) - 4, tick * 3.5)
        labelled = {p.x: (x_of(p), look.wrap(short_date(p.date), tick, label_w)) for s in block.series for p in s.points
                    if p.date is not None}
    else:
        order = {q.x: i for i, q in enumerate(points)}

        def x_of(p: DataPoint) -> float:
            return left + slot * (order[p.x] + 0.5)

        labelled = {p.x: (x_of(p), look.wrap(_x_label(p), tick, slot - 6)) for p in points}
    x_lines = max(len(lines) for _, lines in labelled.values())
    bottom = len(x_title) * look.leading(look.title) + 4 + x_lines * lead + 4
    plot = _Plot(left, bottom, plot_w, height - top_used - bottom - label_room, lo, hi)
    # grid and value ticks
    for t in ticks:
        y = plot.y(t)
        d.add(Line(plot.left, y, plot.left + plot.width, y, strokeColor=look.grid if t != 0 else look.axis,
                   strokeWidth=0.4 if t != 0 else look.outline))
        d.add(_string(look, plot.left - 4, y - tick * 0.32, _number(t) + suffix, tick, "end"))
    d.add(Line(plot.left, plot.bottom, plot.left, plot.bottom + plot.height, strokeColor=look.axis, strokeWidth=look.outline))
    if lo < 0 < hi:
        d.add(Line(plot.left, plot.y(0), plot.left + plot.width, plot.y(0), strokeColor=look.axis, strokeWidth=look.outline))
    else:
        d.add(Line(plot.left, plot.bottom, plot.left + plot.width, plot.bottom, strokeColor=look.axis, strokeWidth=look.outline))
    # axis titles
    for shape in _lines(look, 0, height, y_title, look.title, bold_first=len(y_title)):
        d.add(shape)
    x_title_top = len(x_title) * look.leading(look.title)
    for shape in _lines(look, plot.left + plot.width / 2, x_title_top, x_title, look.title, "middle", len(x_title)):
        d.add(shape)
    # x tick labels
    for x, lines in labelled.values():
        d.add(Line(x, plot.bottom, x, plot.bottom - 3, strokeColor=look.axis, strokeWidth=look.outline))
        for shape in _lines(look, x, plot.bottom - 4, lines, tick, "middle"):
            d.add(shape)
    for item in legend:
        d.add(item)
    if block.kind == "bar":
        _bars(d, look, block, plot, slot)
    else:
        _line_series(d, look, block, plot, x_of, span_of)
    return d


def _legend(look: Look, block: Chart, width: float, top: float) -> tuple[list[String | Group], float]:
    """Swatches with series names, in rows across the top."""
    size = look.size
    sw = size * 1.6
    x, y_top = 0.0, top
    out: list[String | Group] = []
    row_h = look.leading(size) + 2
    rows = 1
    for i, s in enumerate(block.series):
        w = sw + 4 + look.width(s.name, size) + 12
        if x + w > width and x > 0:
            x, y_top, rows = 0.0, y_top - row_h, rows + 1
        fill = look.fill(i)
        y = y_top - row_h + 2
        if block.kind == "bar":
            out.append(_filled_rect(look, x, y + 1, sw, size * 0.9, fill))
        else:
            out.append(Group(Line(x, y + size * 0.45, x + sw, y + size * 0.45, strokeColor=look.ink,
                                  strokeWidth=look.length("chart", "line_width"), strokeDashArray=list(fill.dash) or None)))
            out.append(_marker(look, x + sw / 2, y + size * 0.45, look.length("chart", "marker_size"), fill))
        out.append(_string(look, x + sw + 4, y + size * 0.1, s.name, size))
        x += w
    return out, rows * row_h + 2


def _value_label(point: DataPoint, suffix: str) -> str:
    return point.shown + suffix


def _bars(d: Drawing, look: Look, block: Chart, plot: _Plot, slot: float) -> None:
    n = len(block.series)
    group_w = slot * look.number("chart", "bar_width")
    bar_w = group_w / n
    gap = look.length("chart", "label_gap")
    base = plot.y(max(plot.lo, 0.0))
    for i, series in enumerate(block.series):
        for j, p in enumerate(series.points):
            x = plot.left + slot * j + (slot - group_w) / 2 + bar_w * i
            y = plot.y(p.y)
            d.add(_filled_rect(look, x, min(base, y), bar_w, abs(y - base), look.fill(i)))
            label = _value_label(p, block.y_axis.suffix)
            ly = y + gap if p.y >= 0 else y - gap - look.size * 0.8
            d.add(_string(look, x + bar_w / 2, ly, label, look.size, "middle", bold=True))


def _line_series(d: Drawing, look: Look, block: Chart, plot: _Plot, x_of: Any, span_of: Any) -> None:
    """Lines with a marker per point (shape and dash differ by series) and a data label above each point.
    A point dated only to a year is drawn with a bar across that year: it may fall anywhere in it."""
    gap = look.length("chart", "label_gap")
    marker = look.length("chart", "marker_size")
    for i, series in enumerate(block.series):
        fill = look.fill(i)
        pts = sorted(((x_of(p), plot.y(p.y), p) for p in series.points), key=lambda t: t[0])
        if len(pts) > 1:
            d.add(PolyLine([c for x, y, _ in pts for c in (x, y)], strokeColor=look.ink,
                           strokeWidth=look.length("chart", "line_width"), strokeDashArray=list(fill.dash) or None))
        for x, y, p in pts:
            if span_of is not None and p.date is not None and p.date.precision == "year":
                xa, xb = span_of(p)
                for x0, y0, x1, y1 in ((xa, y, xb, y), (xa, y - 3, xa, y + 3), (xb, y - 3, xb, y + 3)):
                    d.add(Line(x0, y0, x1, y1, strokeColor=look.ink, strokeWidth=look.outline))
            d.add(_marker(look, x, y, marker, fill))
            d.add(_string(look, x, y + marker / 2 + gap, _value_label(p, block.y_axis.suffix), look.size, "middle",
                          bold=True))


def chart(r: BlockRenderer, look: Look, block: Chart) -> list[Flowable]:
    number = figure_number(r, block)
    xs = _x_values(block)
    header = [block.x_axis.label] + [f"{s.name} ({block.y_axis.unit})" if block.y_axis.unit else s.name
                                     for s in block.series]
    rows: list[list[RichText | str]] = []
    for x in xs:
        row: list[RichText | str] = [_x_label(x)]
        for s in block.series:
            match = next((p for p in s.points if p.x == x.x), None)
            row.append(_value_label(match, block.y_axis.suffix) if match else "no value")
        rows.append(row)
    widths = [1.2] + [1.0] * len(block.series)
    beside = len(rows) <= int(look.number("chart", "beside_max_rows"))
    if beside:
        chart_w = r.width * look.number("chart", "width")
        gap = look.length("chart", "table_gap")
        table = _data_table(r, look, header, rows, widths, r.width - chart_w - gap)
        body = Table([[chart_drawing(look, block, chart_w), table]], colWidths=[chart_w + gap, r.width - chart_w - gap],
                     hAlign="LEFT")
        body.setStyle(TableStyle([
            *r.base_commands(),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return _framed(r, look, number, block.title, [body], block.caption, block.note)
    out = _framed(r, look, number, block.title, [chart_drawing(look, block, r.width)], block.caption, block.note)
    return out + [_data_table(r, look, header, rows, widths, r.width)]


# ---------------------------------------------------------------- timeline
#
# Top to bottom: labels above the axis, the events' marks, the axis (a band
# of years), labels below the axis, then the phases.  Each label is a flag: a
# leader from the event's mark, with the text beside it.  Labels sit in rows
# on either side of the axis, chosen by a small search so that no label
# overlaps another label or crosses another's leader; when no arrangement in
# `max_lanes` rows a side exists, the events are split in two by time and
# each half gets its own axis.

_ABOVE, _BELOW = 0, 1


@dataclass
class _Label:
    """An event's label: where its leader stands, its lines, and (once placed) its side, row and direction."""

    event: ChartEvent
    x: float
    span: tuple[float, float]  # the mark's left and right edge
    lines: list[str]
    bold_lines: int
    width: float
    side: int = _ABOVE
    lane: int = -1
    rightward: bool = True  # the text runs right of the leader (else left of it)


@dataclass
class _Timescale:
    t0: float  # months since year 0 at the left edge
    t1: float
    width: float

    def x(self, t: float) -> float:
        return (t - self.t0) / (self.t1 - self.t0) * self.width


@dataclass
class _Lanes:
    """Rows of labels on each side of the axis.  A label fills its box in its own row and a thin
    column (its leader) in every row between it and the axis; no box may meet another box or a column."""

    width: float
    pad: float
    gap: float
    rows: dict[tuple[int, int], list[tuple[float, float, bool]]] = field(default_factory=dict)  # (x0, x1, is_box)

    def box(self, label: _Label, rightward: bool) -> tuple[float, float]:
        """The label's extent, leader included."""
        if rightward:
            return label.x, label.x + self.gap + label.width
        return label.x - self.gap - label.width, label.x

    def words(self, label: _Label, rightward: bool) -> tuple[float, float]:
        """The label's words alone (labels for one date stack, their leaders running along one line)."""
        x0, x1 = self.box(label, rightward)
        return (x0 + self.gap, x1) if rightward else (x0, x1 - self.gap)

    def _row(self, side: int, lane: int) -> list[tuple[float, float, bool]]:
        return self.rows.setdefault((side, lane), [])

    def fits(self, label: _Label, side: int, lane: int, rightward: bool) -> bool:
        x0, x1 = self.box(label, rightward)
        if x0 < -0.01 or x1 > self.width + 0.01:
            return False
        w0, w1 = self.words(label, rightward)
        for a, b, is_box in self._row(side, lane):
            margin = self.pad if is_box else 1.0
            if w0 < b + margin and a < w1 + margin:
                return False
        c0, c1 = label.x - 1.0, label.x + 1.0
        return not any(is_box and c0 < b + 1 and a < c1 + 1
                       for below in range(lane) for a, b, is_box in self._row(side, below))

    def _cells(self, label: _Label) -> list[tuple[tuple[int, int], tuple[float, float, bool]]]:
        w0, w1 = self.words(label, label.rightward)
        column = (label.x - 1.0, label.x + 1.0, False)
        return [((label.side, label.lane), (w0, w1, True))] + [((label.side, n), column) for n in range(label.lane)]

    def place(self, label: _Label, side: int, lane: int, rightward: bool) -> None:
        label.side, label.lane, label.rightward = side, lane, rightward
        for key, cell in self._cells(label):
            self._row(*key).append(cell)

    def remove(self, label: _Label) -> None:
        for key, cell in self._cells(label):
            self._row(*key).remove(cell)
        label.lane = -1


def _arrange(labels: list[_Label], width: float, pad: float, gap: float, max_lanes: int) -> bool:
    """Give every label a side, a row and a direction so that nothing overlaps, in as few rows as
    possible (at most max_lanes a side).  False when it cannot be done: the timeline is drawn in parts."""
    budget = [_SEARCH_BUDGET]

    def place(grid: _Lanes, lanes: int, i: int) -> bool:
        if i == len(labels):
            return True
        label = labels[i]
        directions = (True, False) if label.x + gap + label.width <= width else (False, True)
        for lane in range(lanes):
            for side in (_ABOVE, _BELOW):
                for rightward in directions:
                    budget[0] -= 1
                    if budget[0] < 0:
                        return False
                    if grid.fits(label, side, lane, rightward):
                        grid.place(label, side, lane, rightward)
                        if place(grid, lanes, i + 1):
                            return True
                        grid.remove(label)
        return False

    for lanes in range(1, max_lanes + 1):
        if place(_Lanes(width, pad, gap), lanes, 0):
            return True
        if budget[0] < 0:
            return False
    return False


def _event_words(event: ChartEvent) -> tuple[str, str]:
    when = format_date(event.date) + (f" ({event.inferred})" if event.inferred else "")
    return when, plain_text(event.label)


def _make_labels(look: Look, events: list[ChartEvent], scale: _Timescale) -> list[_Label]:
    width = look.length("timeline", "label_width")
    out = []
    for e in events:
        a, b = date_span(e.date)
        when, what = _event_words(e)
        date_lines = look.wrap(when, look.size, width, bold=True)
        if len(date_lines) > 1 and e.inferred:
            date_lines = look.wrap(format_date(e.date), look.size, width, bold=True) + look.wrap(
                f"({e.inferred})", look.size, width, bold=True)
        lines = date_lines + look.wrap(what, look.size, width)
        w = max(look.width(line, look.size, bold=i < len(date_lines)) for i, line in enumerate(lines))
        out.append(_Label(e, scale.x((a + b) / 2), (scale.x(a), scale.x(b)), lines, len(date_lines), w))
    return out


def _year_range(events: list[ChartEvent], phases: tuple[Phase, ...], whole: bool) -> tuple[float, float]:
    """Whole years covering the events (and, for an undivided timeline, the phases too)."""
    spans = [date_span(e.date) for e in events]
    if whole:
        spans += [(date_span(p.start)[0], date_span(p.end)[1]) for p in phases]
    t0 = min(a for a, _ in spans)
    t1 = max(b for _, b in spans)
    return math.floor(t0 / 12) * 12.0, max(math.ceil(t1 / 12) * 12.0, math.floor(t0 / 12) * 12.0 + 12)


def _parts(look: Look, events: list[ChartEvent], phases: tuple[Phase, ...], width: float,
           whole: bool = True) -> list[tuple[_Timescale, list[_Label]]]:
    """Lay the events out on one axis, or split them in two (by time) until each part's labels fit."""
    t0, t1 = _year_range(events, phases, whole)
    scale = _Timescale(t0, t1, width)
    labels = sorted(_make_labels(look, events, scale), key=lambda lab: lab.x)
    ok = _arrange(labels, width, look.length("timeline", "label_padding"), look.length("timeline", "label_gap"),
                  int(look.number("timeline", "max_lanes")))
    if ok or len(events) == 1:
        if not ok:  # one label wider than the page: it runs from its leader as far as it must
            labels[0].lane, labels[0].rightward = 0, labels[0].x < width / 2
        return [(scale, labels)]
    half = len(events) // 2
    return _parts(look, events[:half], phases, width, False) + _parts(look, events[half:], phases, width, False)


_PhaseRow = list[tuple[Phase, int, float, float, str]]  # phase, its index, bar left and right, where its name goes


def _phase_rows(look: Look, phases: tuple[Phase, ...], scale: _Timescale) -> list[_PhaseRow]:
    """Phases as bars in rows, each with its name beside it; no two overlap."""
    gap = look.length("timeline", "phase_label_gap")
    pad = look.length("timeline", "label_padding")
    rows: list[_PhaseRow] = []
    occupied: list[list[tuple[float, float]]] = []
    for i, phase in enumerate(phases):
        a = max(date_span(phase.start)[0], scale.t0)
        b = min(date_span(phase.end)[1], scale.t1)
        if b <= a:
            continue
        x0, x1 = scale.x(a), scale.x(b)
        w = look.width(_phase_words(phase), look.size)
        # the name goes after the bar, else before it, else (a bar across the page) over its start
        place = "after" if x1 + gap + w <= scale.width else "before" if x0 - gap - w >= 0 else "over"
        extent = {"after": (x0, x1 + gap + w), "before": (x0 - gap - w, x1), "over": (x0, max(x1, x0 + gap + w))}[place]
        for n in range(len(occupied) + 1):
            if n == len(occupied):
                occupied.append([])
                rows.append([])
            if all(extent[1] + pad <= s or e + pad <= extent[0] for s, e in occupied[n]):
                occupied[n].append(extent)
                rows[n].append((phase, i, x0, x1, place))
                break
    return rows


def _phase_words(phase: Phase) -> str:
    return phase.label + (f" ({phase.inferred})" if phase.inferred else "")


def timeline_drawing(look: Look, block: TimelineChart, scale: _Timescale, labels: list[_Label], alt: str) -> FigureDrawing:
    size, tick = look.size, look.tick
    lead = look.leading(size)
    gap = look.length("timeline", "label_gap")
    marker_h = look.length("timeline", "marker_height")
    lane_gap = look.length("timeline", "lane_gap")
    phase_h = look.length("timeline", "phase_height")
    row_h = max(phase_h, lead) + look.length("timeline", "phase_gap")
    phase_rows = _phase_rows(look, block.phases, scale)
    # each row of labels is as deep as its deepest label
    depth: dict[tuple[int, int], float] = {}
    for lab in labels:
        key = (lab.side, lab.lane)
        depth[key] = max(depth.get(key, 0.0), len(lab.lines) * lead)

    def rows_depth(side: int, lanes: int) -> float:
        return sum(depth.get((side, n), 0.0) + lane_gap for n in range(lanes))

    above = max((lab.lane + 1 for lab in labels if lab.side == _ABOVE), default=0)
    below = max((lab.lane + 1 for lab in labels if lab.side == _BELOW), default=0)
    band_h = look.leading(tick) + 3
    phases_h = len(phase_rows) * row_h + (lane_gap if phase_rows else 0)
    band_bottom = phases_h + rows_depth(_BELOW, below)
    axis_y = band_bottom + band_h  # the band's top edge: the time axis the marks stand on
    base = axis_y + marker_h + lane_gap  # the bottom of the first row of labels above
    height = base + rows_depth(_ABOVE, above) - (lane_gap if above else 0)
    width = scale.width
    d = FigureDrawing(width, height, look, alt)
    paper = look.colour("#ffffff")
    _year_band(d, look, scale, band_bottom, band_h, phases_h)
    # phases, under everything else
    for n, row in enumerate(phase_rows):
        y = phases_h - (n + 1) * row_h + (row_h - phase_h) / 2
        for phase, i, x0, x1, place in row:
            _phase_bar(d, look, phase, i, scale, y, phase_h)
            gap_p = look.length("timeline", "phase_label_gap")
            words = _phase_words(phase)
            w = look.width(words, size)
            left = {"after": x1 + gap_p, "before": x0 - gap_p - w, "over": x0 + gap_p}[place]
            # paper behind the name, so neither year lines nor the bar run through it
            d.add(Rect(left - 1.5, y - 1, w + 3, phase_h + 2, fillColor=paper,
                       strokeColor=look.ink if place == "over" else None, strokeWidth=look.outline))
            d.add(_string(look, left, y + (phase_h - size * 0.7) / 2, words, size))
    # events: a mark as wide as the date's precision on the axis, and a leader to the label
    ink = look.ink
    leader = look.colour(look.value("timeline", "leader"))
    # a year's wide, low mark goes under any month's mark within it
    for lab in sorted(labels, key=lambda lab: lab.event.date.precision != "year"):
        e = lab.event
        x0, x1 = lab.span
        hollow = bool(e.inferred)
        if e.date.precision == "year":
            h = look.length("timeline", "year_bar_height")
            mark = Rect(x0, axis_y, x1 - x0, h, fillColor=paper if hollow else ink, strokeColor=ink, strokeWidth=look.outline)
        elif e.date.precision == "month":
            h = marker_h
            w = max(x1 - x0, 2.5)
            mark = Rect(lab.x - w / 2, axis_y, w, h, fillColor=paper if hollow else ink, strokeColor=ink,
                        strokeWidth=look.outline)
        else:
            h = marker_h
            r = h / 2
            mark = Polygon([lab.x, axis_y, lab.x + r * 0.7, axis_y + r, lab.x, axis_y + h, lab.x - r * 0.7, axis_y + r],
                           fillColor=paper if hollow else ink, strokeColor=ink, strokeWidth=look.outline)
        if hollow:
            mark.strokeDashArray = [2, 1.5]
        d.add(mark)
        box_h = len(lab.lines) * lead
        if lab.side == _ABOVE:
            label_top = base + rows_depth(_ABOVE, lab.lane) + box_h
            leader_from, leader_to = axis_y + h, label_top
        else:
            label_top = band_bottom - rows_depth(_BELOW, lab.lane) - lane_gap
            leader_from, leader_to = band_bottom, label_top - box_h
        d.add(Line(lab.x, leader_from, lab.x, leader_to, strokeColor=leader, strokeWidth=0.6,
                   strokeDashArray=[2, 1.5] if hollow else None))
        tx = lab.x + gap if lab.rightward else lab.x - gap
        for shape in _lines(look, tx, label_top, lab.lines, size, "start" if lab.rightward else "end", lab.bold_lines):
            d.add(shape)
    return d


def _year_band(d: Drawing, look: Look, scale: _Timescale, bottom: float, h: float, phases_h: float) -> None:
    """The axis: a band of years, alternately shaded, each named in its middle, with a tick for each
    month; light year lines run down through the phases.  Over a long span the band steps by 2, 5,
    10 ... years so every name fits, and the ticks mark years instead of months."""
    tick = look.tick
    shade = look.colour(look.value("timeline", "band"))
    year_w = scale.x(12) - scale.x(0)
    name_w = look.width("0000", tick, bold=True) + 4
    step = next((n for n in (1, 2, 5, 10, 20, 50, 100, 200, 500) if n * year_w >= name_w), 1000)
    minor, per = (1.0, 12) if year_w / 12 >= 2.5 else (12.0, step) if year_w >= 2.5 else (0.0, 0)
    first, last = int(scale.t0 // 12) // step * step, int(math.ceil(scale.t1 / 12))
    for year in range(first, last, step):
        t = year * 12.0
        x0, x1 = scale.x(t), scale.x(t + 12 * step)
        if x1 <= 0 or x0 >= scale.width:
            continue
        x0, x1 = max(x0, 0.0), min(x1, scale.width)
        d.add(Rect(x0, bottom, x1 - x0, h, fillColor=shade if (year // step) % 2 else look.colour("#ffffff"),
                   strokeColor=None))
        shown = max(year, math.ceil(scale.t0 / 12))  # a block cut by the left edge is named from where it shows
        name = str(year) if step == 1 else f"{year}s" if step == 10 else f"{shown}–{year + step - 1}"
        if step > 1 and x1 - x0 < look.width(name, tick, bold=True) + 4:
            name = f"{shown}–"
        if x1 - x0 > look.width(name, tick, bold=True) + 4:
            d.add(_string(look, (x0 + x1) / 2, bottom + (h - tick * 0.7) / 2, name, tick, "middle", bold=True))
        if phases_h:
            d.add(Line(x0, 0, x0, phases_h, strokeColor=look.grid, strokeWidth=0.5))
        d.add(Line(x0, bottom, x0, bottom + h, strokeColor=look.axis, strokeWidth=look.outline))
        for k in range(1, per):
            mx = scale.x(t + k * minor)
            if 0 < mx < scale.width:
                d.add(Line(mx, bottom + h - 2, mx, bottom + h, strokeColor=look.axis, strokeWidth=0.4))
    d.add(Rect(0, bottom, scale.width, h, fillColor=None, strokeColor=look.axis, strokeWidth=look.outline))


def _phase_bar(d: Drawing, look: Look, phase: Phase, i: int, scale: _Timescale, y: float, h: float) -> None:
    """A phase's bar.  An end known only to the year is drawn hollow and dashed across that year:
    the phase ends somewhere in it."""
    fill = look.fill(i)
    a0, a1 = date_span(phase.start)
    b0, b1 = date_span(phase.end)
    start_unsure = phase.start.precision == "year"
    end_unsure = phase.end.precision == "year"
    solid_from = a1 if start_unsure else a0
    solid_to = b0 if end_unsure else b1

    def x(t: float) -> float:
        return scale.x(min(max(t, scale.t0), scale.t1))

    if start_unsure:
        d.add(_filled_rect(look, x(a0), y, x(a1) - x(a0), h, fill, dashed=True, hollow=True))
    if solid_to > solid_from and x(solid_to) > x(solid_from):
        d.add(_filled_rect(look, x(solid_from), y, x(solid_to) - x(solid_from), h, fill, dashed=bool(phase.inferred)))
    if end_unsure and (b0, b1) != (a0, a1):
        d.add(_filled_rect(look, x(b0), y, x(b1) - x(b0), h, fill, dashed=True, hollow=True))


def timeline_chart(r: BlockRenderer, look: Look, block: TimelineChart) -> list[Flowable]:
    number = figure_number(r, block)
    events = sorted(block.events, key=lambda e: sum(date_span(e.date)))
    parts = _parts(look, events, block.phases, r.width)
    drawings: list[Flowable] = [timeline_drawing(look, block, scale, labels, block.alt if n == 0 else "")
                                for n, (scale, labels) in enumerate(parts)]
    caption = block.caption
    if not block.data_table:
        # the events' own citations print with the caption, so none is lost
        caption = caption + tuple(c for e in block.events for c in cites_in(e.label))
    out = _framed(r, look, number, block.title, drawings, caption, block.note)
    if block.data_table:
        rows: list[list[RichText | str]] = [[_event_words(e)[0], e.label] for e in block.events]
        out.append(_data_table(r, look, ["Date", "Event"], rows, [1.3, 4], r.width))
    return out
