"""Where a bar or line chart's marks and words go, with no two labels overlapping and none outside the drawing.

Layout, top to bottom: the value axis's title (reads across, never sideways), the legend, the plot
with its value ticks on the left, the category or time labels under it (wrapped to their slot, and
staggered into rows where dates crowd), the category axis's title, and a key when the categories are
numbered: a category name that would wrap into more than MAX_LABEL_LINES lines in its slot (long words
in narrow slots, one syllable a line) makes every category a number under its tick, named in the key
across the drawing's full width.  Never set at an angle: large print is clear print (horizontal text),
and no size below the sheet's tick size (itself the floor for words in a figure).  Data labels go above their
bar or point; one that would meet another label or mark moves (up, down or aside) to the first free
place, and is left out only when none exists (the figure's data table always prints every value).  A label
stays near its bar's end or its point (`near_reach`: a line of labels away at most, and no other bar's end or
point nearer); a line chart's keeps off the series' lines and the bars across a year that year-dated points carry.
"""

from __future__ import annotations

from dataclasses import replace

from briefing.geometry.chart_parts import (
    ChartLayout,
    ChartText,
    Plot,
    ValueLabel,
    XLabel,
    dated,
    number,
    short_date,
    value_range,
    x_label,
    x_values,
)
from briefing.geometry.labels import (
    Box,
    Hyphenate,
    Measure,
    rows_without_overlap,
    text_box,
    wrap,
)
from briefing.geometry.value_labels import bars_and_labels, point_labels
from briefing.model import Chart, DataPoint, date_span

MAX_LABEL_LINES = 3  # a category's name deeper than this in its slot: the categories are numbered, with a key
KEY_SEPARATOR = " \u00b7 "  # between the key's entries
KEY_IN_TABLE = "The numbers are the rows of the figure's data table."  # a key too long for the page


def legend_rows(names: list[str], width: float, text: ChartText, measure: Measure) -> list[tuple[float, int, list[str]]]:
    """Each series name's swatch position in the legend and its lines: (x, first row, lines), rows filling the
    width.  A name wider than the legend is wrapped (a long word cut) and takes a row for each of its lines."""
    sw = text.size * 1.6
    room = max(width - sw - 4, text.size)
    x, row = 0.0, 0
    out = []
    for name in names:
        lines = [name] if measure(name, text.size, False) <= room else wrap(name, room, text.size, measure)
        w = sw + 4 + max(measure(line, text.size, False) for line in lines) + 12
        if x + w > width and x > 0:
            x, row = 0.0, row + 1
        out.append((x, row, lines))
        if len(lines) > 1:
            x, row = width, row + len(lines) - 1  # the next name starts a row of its own
        else:
            x += w
    return out


def legend_height(rows: int, text: ChartText) -> float:
    return rows * (text.leading(text.size) + 2) + 2 if rows else 0.0


def _x_positions(block: Chart, left: float, plot_w: float) -> tuple[dict[str, float], dict[str, tuple[float, float]]]:
    """Each x value's position: the middle of its slot, or of its date's span on a time axis."""
    points = x_values(block)
    if not dated(block):
        slot = plot_w / len(points)
        return {p.x: left + slot * (i + 0.5) for i, p in enumerate(points)}, {}
    spans = {p.x: date_span(p.date) for s in block.series for p in s.points if p.date is not None}
    t0 = min(a for a, _ in spans.values())
    t1 = max(b for _, b in spans.values())
    pad = max(0.6, (t1 - t0) * 0.08)
    t0, t1 = t0 - pad, t1 + pad

    def at(t: float) -> float:
        return left + (t - t0) / (t1 - t0) * plot_w

    return ({x: at((a + b) / 2) for x, (a, b) in spans.items()}, {x: (at(a), at(b)) for x, (a, b) in spans.items()})


def _x_labels(
    block: Chart,
    x_of: dict[str, float],
    plot_w: float,
    width: float,
    text: ChartText,
    measure: Measure,
    hyphenate: Hyphenate | None,
    key_in_table: bool,
) -> tuple[list[XLabel], list[str]]:
    """Tick labels wrapped to their slot; on a time axis, crowded labels are staggered into rows.  With the
    category names too deep for their slots, numbers and the key's lines."""
    points = x_values(block)
    key: list[str] = []
    if not dated(block):
        slot = plot_w / len(points)
        words = {p.x: wrap(x_label(p), slot - 6, text.tick, measure, hyphenate=hyphenate) for p in points}
        if max(len(lines) for lines in words.values()) > MAX_LABEL_LINES:
            words, key = _numbered(points, slot, width, text, measure, hyphenate)
            if key_in_table:
                key = wrap(KEY_IN_TABLE, width, text.tick, measure, hyphenate=hyphenate)
    else:
        xs = sorted(set(x_of.values()))
        gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)] or [plot_w]
        label_w = max(min(gaps) - 4, text.tick * 3.5)
        words = {
            p.x: wrap(short_date(p.date), label_w, text.tick, measure, hyphenate=hyphenate) for p in points if p.date is not None
        }
    spans: list[tuple[float, float]] = []
    centres: list[float] = []
    for p in points:
        w = max((measure(line, text.tick, False) for line in words[p.x]), default=0.0)
        centre = min(max(x_of[p.x], w / 2), width - w / 2)  # moved in from the drawing's edges
        centres.append(centre)
        spans.append((centre - w / 2, centre + w / 2))
    rows = rows_without_overlap(spans, 3.0) if dated(block) else [0] * len(points)
    return [XLabel(x_of[p.x], c, words[p.x], r) for p, c, r in zip(points, centres, rows, strict=True)], key


def _numbered(
    points: list[DataPoint], slot: float, width: float, text: ChartText, measure: Measure, hyphenate: Hyphenate | None
) -> tuple[dict[str, list[str]], list[str]]:
    """Each category a number under its tick (every one, or every 2nd, 5th, 10th... where the numbers would
    touch: the key still names them all) and the key's lines, entries kept whole on a line where they fit."""
    steps = (m * 10**e for e in range(7) for m in (1, 2, 5))  # every 1st, 2nd, 5th, 10th, 20th, ...
    every = next(steps)
    while measure(str(len(points)), text.tick, False) + 3 > slot * every and every < len(points):
        every = next(steps)
    words = {p.x: [str(i + 1)] if (i + 1) % every == 0 else [] for i, p in enumerate(points)}
    return words, key_lines([(str(i + 1), x_label(p)) for i, p in enumerate(points)], width, text.tick, measure, hyphenate)


def key_lines(
    entries: list[tuple[str, str]], width: float, size: float, measure: Measure, hyphenate: Hyphenate | None
) -> list[str]:
    """The key's lines from (number, name) entries: entries run on, separated by a middle dot; one that does
    not fit the rest of a line starts the next, and one longer than a line wraps within itself, its number
    kept with its first word."""
    lines: list[str] = []
    line = ""
    for num, name in entries:
        entry = f"{num} {name}"
        joined = f"{line}{KEY_SEPARATOR}{entry}" if line else entry
        if measure(joined, size, False) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        pieces = wrap(name, width - measure(num + " ", size, False), size, measure, hyphenate=hyphenate)
        pieces[0] = f"{num} {pieces[0]}"
        lines.extend(pieces[:-1])
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines


def layout(
    block: Chart,
    width: float,
    height: float,
    text: ChartText,
    measure: Measure,
    hyphenate: Hyphenate | None = None,
    key_in_table: bool = False,
) -> ChartLayout:
    """Every position in a chart of `width` x `height` points; fewer value ticks when their labels would touch.
    `key_in_table`: numbered categories are named by the data table's rows, not in a key of their own."""
    ticks = text.ticks
    while True:
        at = _layout(block, width, height, replace(text, ticks=ticks), measure, hyphenate, key_in_table)
        spacing = at.plot.height / max(len(at.ticks) - 1, 1)
        if spacing >= text.leading(text.tick) or ticks <= 1:
            return at
        ticks -= 1


def _layout(
    block: Chart, width: float, height: float, text: ChartText, measure: Measure, hyphenate: Hyphenate | None, key_in_table: bool
) -> ChartLayout:
    lo, hi, step = value_range(block, text.ticks)
    ticks = [lo + i * step for i in range(int(round((hi - lo) / step)) + 1)]
    tick_text = [number(t) + block.y_axis.suffix for t in ticks]
    y_title = wrap(block.y_axis.title, width, text.title, measure, bold=True, hyphenate=hyphenate)
    top_used = len(y_title) * text.leading(text.title) + 4
    legend_top = height - top_used
    if len(block.series) > 1:
        entries = legend_rows([s.name for s in block.series], width, text, measure)
        top_used += legend_height(max(r + len(lines) for _, r, lines in entries), text)
    left = max(measure(t, text.tick, False) for t in tick_text) + 6
    plot_w = width - left - 6.0
    # centred under the plot, which the value axis pushes right: as wide as fits both sides of that centre
    x_title = wrap(block.x_axis.title, width - left + 6.0, text.title, measure, bold=True, hyphenate=hyphenate)
    x_of, span_of = _x_positions(block, left, plot_w)
    x_labels, key = _x_labels(block, x_of, plot_w, width, text, measure, hyphenate, key_in_table)
    lead = text.leading(text.tick)
    depth = max(len(lab.lines) for lab in x_labels) * lead
    rows = 1 + max(lab.row for lab in x_labels)
    key_depth = len(key) * lead + 4 if key else 0.0
    bottom = key_depth + len(x_title) * text.leading(text.title) + 4 + rows * depth + (rows - 1) * 2 + 4
    label_room = text.size * 1.3 + text.label_gap
    plot = Plot(left, bottom, plot_w, height - top_used - bottom - label_room, lo, hi)
    out = ChartLayout(
        width,
        height,
        ticks,
        tick_text,
        y_title,
        x_title,
        legend_top,
        plot,
        x_labels,
        plot.bottom - 4,
        depth + 2,
        x_of,
        span_of,
        key=key,
        key_depth=key_depth,
        numbered=bool(key),
    )
    frame = Box(0, 0, width, height - top_used)
    # labels that find no room may take it from the plot, a line at a time down to 60% of its height,
    # where that places more of them
    best = (-1, plot.height)
    height_now = plot.height
    while best[0] < len(out.x_labels) * len(block.series) and height_now >= plot.height * 0.6 - 0.01:
        placed = _data_labels(block, replace(out, plot=replace(plot, height=height_now)), text, measure, frame)
        count = sum(lab is not None for lab in placed[1])
        if count > best[0]:
            best = (count, height_now)
        if count == len(placed[1]):
            break
        height_now -= text.size * 1.2
    out.plot = replace(plot, height=best[1])
    out.bars, out.labels = _data_labels(block, out, text, measure, frame)
    return out


def _data_labels(
    block: Chart, at: ChartLayout, text: ChartText, measure: Measure, frame: Box
) -> tuple[list[tuple[int, DataPoint, Box]], list[ValueLabel | None]]:
    """The bars (for a bar chart) and every data label, kept clear of the axes' words."""
    fixed = _axis_words(at, text, measure)
    if block.kind == "bar":
        return bars_and_labels(block, at.plot, text, measure, frame, fixed)
    return [], point_labels(block, at.plot, at.x_of, text, measure, frame, fixed, at.span_of)


def _axis_words(at: ChartLayout, text: ChartText, measure: Measure) -> list[Box]:
    """The value ticks', x labels' and x axis title's boxes (with numbered categories, everything under the plot):
    data labels keep clear of them."""
    boxes = [
        text_box(at.plot.left - 4, at.plot.y(t) - text.tick * 0.32, measure(words, text.tick, False), text.tick, "end")
        for t, words in zip(at.ticks, at.tick_text, strict=True)
    ]
    lead = text.leading(text.tick)
    for lab in at.x_labels:
        top = at.x_label_top - lab.row * at.x_row_depth
        for i, line in enumerate(lab.lines):
            boxes.append(
                text_box(lab.centre, top - text.tick * 0.8 - i * lead, measure(line, text.tick, False), text.tick, "middle")
            )
    # the x axis's title and the key under it (the soak's 14043-duplex: a value label below its point at the
    # plot's foot was set on the title's first line)
    boxes.append(Box(0, 0, at.width, at.key_depth + len(at.x_title) * text.leading(text.title)))
    if at.numbered:  # under the plot is the axis's: its numbers (a value between them would read as one, where
        # only every 5th or 10th is shown), its title and the key, the whole width from the drawing's foot up
        boxes.append(Box(0, 0, at.width, at.x_label_top))
    return boxes
