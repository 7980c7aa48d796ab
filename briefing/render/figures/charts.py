"""Drawing bar and line charts (their layout is briefing/geometry/chart.py), with the data table beside or under."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine
from reportlab.platypus import Flowable, Table, TableStyle

from briefing.geometry.chart import layout, legend_rows
from briefing.geometry.chart_parts import ChartLayout, ChartText, value_label, x_label, x_values
from briefing.model import Chart, RichText
from briefing.render import linebreak
from briefing.render.figures.frame import (
    Host,
    data_cells,
    data_table,
    figure_number,
    framed,
    numbers_fit,
    room_for_drawing,
)
from briefing.render.figures.look import Look
from briefing.render.figures.shapes import FigureDrawing, filled_rect, marker, string, text_lines

_MIN_PLOT = 0.4  # the plot keeps at least this share of the chart's set height
_LEAST_PLOT_LINES = 3  # a plot lower than this many tick lines: the key moves to the data table's rows


def chart_text(look: Look) -> ChartText:
    return ChartText(
        size=look.size,
        tick=look.tick,
        title=look.title,
        line_gap=look.line_gap,
        label_gap=look.length("chart", "label_gap"),
        bar_width=look.number("chart", "bar_width"),
        marker=look.length("chart", "marker_size"),
        ticks=int(look.number("chart", "ticks")),
    )


def chart_drawing(look: Look, block: Chart, width: float, most: float = float("inf")) -> tuple[FigureDrawing, bool]:
    """A bar or line chart: value axis with its title and unit, category or time axis, data labels, legend;
    never taller than `most` (what a page holds beside the figure's heading, title, caption and note), and
    whether its categories are numbered by the data table's rows (a key too long to leave a plot)."""
    at, height = _sized(look, block, width, most, key_in_table=False)
    in_table = at.numbered and len(at.key) > 1 and at.plot.height < _LEAST_PLOT_LINES * look.leading(look.tick)
    if in_table:
        at, height = _sized(look, block, width, most, key_in_table=True)
    d = FigureDrawing(width, height, look, block.alt)
    _axes(d, look, at)
    if len(block.series) > 1:
        _legend(d, look, block, at)
    if block.kind == "bar":
        _bars(d, look, at)
    else:
        _line_series(d, look, block, at)
    return d, in_table


def _sized(look: Look, block: Chart, width: float, most: float, key_in_table: bool) -> tuple[ChartLayout, float]:
    """The layout at the sheet's height, grown where deep labels or a key leave less than _MIN_PLOT of it to the
    plot, but never taller than `most`."""
    height = min(look.length("chart", "height"), most)
    hyphenate = linebreak.fallback_hyphenator()
    at = layout(block, width, height, chart_text(look), look.measure, hyphenate, key_in_table)
    short = _MIN_PLOT * height - at.plot.height
    if short > 0:
        height = min(height + short, max(most, height))
        at = layout(block, width, height, chart_text(look), look.measure, hyphenate, key_in_table)
    return at, height


def _axes(d: Drawing, look: Look, at: ChartLayout) -> None:
    """Grid and value ticks, the axes, their titles, and the category or time labels."""
    plot, tick = at.plot, look.tick
    for t, words in zip(at.ticks, at.tick_text, strict=True):
        y = plot.y(t)
        d.add(
            Line(
                plot.left,
                y,
                plot.left + plot.width,
                y,
                strokeColor=look.grid if t != 0 else look.axis,
                strokeWidth=look.typed.chart.grid_width if t != 0 else look.outline,
            )
        )
        d.add(string(look, plot.left - 4, y - tick * 0.32, words, tick, "end"))
    d.add(Line(plot.left, plot.bottom, plot.left, plot.bottom + plot.height, strokeColor=look.axis, strokeWidth=look.outline))
    d.add(Line(plot.left, plot.base, plot.left + plot.width, plot.base, strokeColor=look.axis, strokeWidth=look.outline))
    for shape in text_lines(look, 0, at.height, at.y_title, look.title, bold_first=len(at.y_title)):
        d.add(shape)
    x_title_top = at.key_depth + len(at.x_title) * look.leading(look.title)
    for shape in text_lines(look, plot.left + plot.width / 2, x_title_top, at.x_title, look.title, "middle", len(at.x_title)):
        d.add(shape)
    for lab in at.x_labels:
        top = at.x_label_top - lab.row * at.x_row_depth
        # a short tick: a longer one down to a staggered label would run through the label above it
        d.add(Line(lab.x, plot.bottom, lab.x, at.x_label_top + 1, strokeColor=look.axis, strokeWidth=look.outline))
        for shape in text_lines(look, lab.centre, top, lab.lines, tick, "middle"):
            d.add(shape)
    for shape in text_lines(look, 0, at.key_depth - 4, at.key, tick):
        d.add(shape)


def _legend(d: Drawing, look: Look, block: Chart, at: ChartLayout) -> None:
    """Swatches with series names, in rows across the top."""
    size = look.size
    sw = size * 1.6
    row_h = look.leading(size) + 2
    entries = legend_rows([s.name for s in block.series], at.width, chart_text(look), look.measure)
    for i, (x, row, lines) in enumerate(entries):
        fill = look.fill(i)
        y = at.legend_top - row * row_h - row_h + 2
        if block.kind == "bar":
            d.add(filled_rect(look, x, y + 1, sw, size * 0.9, fill))
        else:
            d.add(
                Group(
                    Line(
                        x,
                        y + size * 0.45,
                        x + sw,
                        y + size * 0.45,
                        strokeColor=look.ink,
                        strokeWidth=look.length("chart", "line_width"),
                        strokeDashArray=list(fill.dash) or None,
                    )
                )
            )
            d.add(marker(look, x + sw / 2, y + size * 0.45, look.length("chart", "marker_size"), fill))
        for k, line in enumerate(lines):
            d.add(string(look, x + sw + 4, y + size * 0.1 - k * row_h, line, size))


def _bars(d: Drawing, look: Look, at: ChartLayout) -> None:
    for (i, _, bar), label in zip(at.bars, at.labels, strict=True):
        d.add(filled_rect(look, bar.x0, bar.y0, bar.x1 - bar.x0, bar.y1 - bar.y0, look.fill(i)))
        if label is not None:
            d.add(string(look, label.x, label.baseline, label.text, look.size, "middle", bold=True))


def _line_series(d: Drawing, look: Look, block: Chart, at: ChartLayout) -> None:
    """Lines with a marker per point (shape and dash differ by series) and a data label by each point.
    A point dated only to a year is drawn with a bar across that year: it may fall anywhere in it."""
    labels = iter(at.labels)
    for i, series in enumerate(block.series):
        fill = look.fill(i)
        pts = sorted(((at.x_of[p.x], at.plot.y(p.y), p) for p in series.points), key=lambda t: t[0])
        if len(pts) > 1:
            d.add(
                PolyLine(
                    [c for x, y, _ in pts for c in (x, y)],
                    strokeColor=look.ink,
                    strokeWidth=look.length("chart", "line_width"),
                    strokeDashArray=list(fill.dash) or None,
                )
            )
        for x, y, p in pts:
            if p.x in at.span_of and p.date is not None and p.date.precision == "year":
                xa, xb = at.span_of[p.x]
                for x0, y0, x1, y1 in ((xa, y, xb, y), (xa, y - 3, xa, y + 3), (xb, y - 3, xb, y + 3)):
                    d.add(Line(x0, y0, x1, y1, strokeColor=look.ink, strokeWidth=look.outline))
            d.add(marker(look, x, y, look.length("chart", "marker_size"), fill))
            label = next(labels)
            if label is not None:
                d.add(string(look, label.x, label.baseline, label.text, look.size, "middle", bold=True))


def chart(r: Host, look: Look, block: Chart, above: float = 0.0) -> list[Flowable]:
    number = figure_number(r, block)
    xs = x_values(block)
    header = [block.x_axis.label] + [f"{s.name} ({block.y_axis.unit})" if block.y_axis.unit else s.name for s in block.series]
    widths = [look.typed.chart.table_label_column] + [1.0] * len(block.series)
    chart_w = r.width * look.number("chart", "width")
    gap = look.length("chart", "table_gap")
    # beside the chart only when the table's column holds about a dozen characters (not in large print)
    roomy = r.width - chart_w - gap >= 12 * look.para("figure_table").fontSize
    most = room_for_drawing(r, look, number, block.title, block.caption, block.note, above=above)
    if len(xs) <= int(look.number("chart", "beside_max_rows")) and roomy:
        drawing, in_table = chart_drawing(look, block, chart_w, most)
        cells = data_cells(r, look, header, _rows(block, in_table))
        if numbers_fit(r, cells, widths, r.width - chart_w - gap):  # else under the chart, at the full width
            table = data_table(r, look, cells, widths, r.width - chart_w - gap, block.pos)
            # and only when the narrow table is no taller than the drawing may be: beside the chart it is one
            # row with it, which cannot split (long category names wrap deep in the narrow column)
            if table.wrap(r.width - chart_w - gap, r.height)[1] <= most:
                return _beside(r, look, block, number, drawing, table, chart_w + gap)
    drawing, in_table = chart_drawing(look, block, r.width, most)
    out = framed(r, look, number, block.title, [drawing], block.caption, block.note)
    cells = data_cells(r, look, header, _rows(block, in_table))
    return out + [data_table(r, look, cells, widths, r.width, block.pos)]


def _beside(
    r: Host,
    look: Look,
    block: Chart,
    number: int,
    drawing: Flowable,
    table: Flowable,
    left: float,
) -> list[Flowable]:
    """The chart with its data table beside it, in one framed figure."""
    body = Table([[drawing, table]], colWidths=[left, r.width - left], hAlign="LEFT")
    body.setStyle(
        TableStyle(
            [
                *r.base_commands(),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return framed(r, look, number, block.title, [body], block.caption, block.note)


def _rows(block: Chart, numbered: bool) -> list[list[RichText | str]]:
    """The data table's rows: each x value and each series' value at it; numbered as the chart's axis is when
    the table is the chart's key."""
    rows: list[list[RichText | str]] = []
    for i, x in enumerate(x_values(block)):
        row: list[RichText | str] = [f"{i + 1} {x_label(x)}" if numbered else x_label(x)]
        for s in block.series:
            match = next((p for p in s.points if p.x == x.x), None)
            row.append(value_label(match, block.y_axis.suffix) if match else "no value")
        rows.append(row)
    return rows
