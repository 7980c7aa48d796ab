"""Where a bar or line chart's marks and words go, with no two labels overlapping and none outside the drawing.

Layout, top to bottom: the value axis's title (reads across, never sideways), the legend, the plot
with its value ticks on the left, the category or time labels under it (wrapped to their slot, and
staggered into rows where dates crowd), the category axis's title, and a key when the categories are
numbered: a category name that would wrap into more than MAX_LABEL_LINES lines in its slot (long words
in narrow slots, one syllable a line) makes every category a number under its tick, named in the key
across the drawing's full width.  Never set at an angle: large print is clear print (horizontal text),
and no size below the sheet's tick size (itself the floor for words in a figure).  Data labels go above their
bar or point; one that would meet another label or mark moves (up, down or aside) to the first free
place, and is left out only when none exists (the figure's data table always prints every value).  A line
chart's label stays near its point (`near_reach`: a line of labels away at most, and no other point nearer),
off the series' lines and the bars across a year that year-dated points carry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from briefing.dates import MONTHS, format_date
from briefing.geometry.labels import (
    Box,
    Hyphenate,
    Measure,
    Nearby,
    Segment,
    crosses_any,
    near,
    place,
    rows_without_overlap,
    text_box,
    wrap,
)
from briefing.model import Chart, DataPoint, PartialDate, date_span

MAX_LABEL_LINES = 3  # a category's name deeper than this in its slot: the categories are numbered, with a key
KEY_SEPARATOR = " \u00b7 "  # between the key's entries
KEY_IN_TABLE = "The numbers are the rows of the figure's data table."  # a key too long for the page


@dataclass(frozen=True)
class ChartText:
    """Type sizes and the few lengths the layout needs (from the style sheet, already scaled)."""

    size: float  # data labels, legend
    tick: float  # tick labels
    title: float  # axis titles
    line_gap: float  # leading = size x line_gap
    label_gap: float  # data label to bar or point
    bar_width: float  # fraction of a category's slot
    marker: float  # a point marker's size
    ticks: int  # about this many value ticks

    def leading(self, size: float) -> float:
        return size * self.line_gap


@dataclass
class Plot:
    left: float
    bottom: float
    width: float
    height: float
    lo: float
    hi: float

    def y(self, value: float) -> float:
        return self.bottom + (value - self.lo) / (self.hi - self.lo) * self.height


@dataclass(frozen=True)
class XLabel:
    x: float  # the tick
    centre: float  # the words' centre (moved in from the drawing's edges)
    lines: list[str]
    row: int  # staggered rows when neighbours would overlap


@dataclass(frozen=True)
class ValueLabel:
    text: str
    x: float  # anchor (centre)
    baseline: float


@dataclass
class ChartLayout:
    width: float
    height: float
    ticks: list[float]
    tick_text: list[str]
    y_title: list[str]
    x_title: list[str]
    legend_top: float  # the legend's top edge (under the value axis's title)
    plot: Plot
    x_labels: list[XLabel]
    x_label_top: float  # the top of the first row of x labels
    x_row_depth: float
    x_of: dict[str, float]
    span_of: dict[str, tuple[float, float]]  # a dated point's extent (its date's precision)
    bars: list[tuple[int, DataPoint, Box]] = field(default_factory=list)  # series, point, bar
    labels: list[ValueLabel | None] = field(default_factory=list)  # bars or points, in drawing order
    key: list[str] = field(default_factory=list)  # numbered categories' names, lines at the drawing's foot
    numbered: bool = False  # the categories are numbers under their ticks
    key_depth: float = 0.0  # the key's height, under the category axis's title


def nice_step(span: float, ticks: int) -> float:
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for mult in (1, 2, 2.5, 5, 10):
        if mult * power >= raw:
            return float(mult * power)
    return float(10 * power)  # pragma: no cover


def number(value: float) -> str:
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


def x_label(point: DataPoint) -> str:
    return format_date(point.date) if point.date else point.x


def value_label(point: DataPoint, suffix: str) -> str:
    return point.shown + suffix


def dated(block: Chart) -> bool:
    """A line chart whose x values are all dates has a time axis; otherwise x values are categories."""
    return block.kind == "line" and all(p.date is not None for s in block.series for p in s.points)


def x_values(block: Chart) -> list[DataPoint]:
    """One point for each x value over all series, in order: by date on a time axis, else as first given."""
    seen: dict[str, DataPoint] = {}
    for s in block.series:
        for p in s.points:
            seen.setdefault(p.x, p)
    if dated(block):
        return sorted(seen.values(), key=lambda p: date_span(p.date) if p.date else (0.0, 0.0))
    return list(seen.values())


def value_range(block: Chart, ticks: int) -> tuple[float, float, float]:
    values = [p.y for s in block.series for p in s.points]
    lo = min([0.0, *values] + ([block.y_axis.min] if block.y_axis.min is not None else []))
    hi = max([*values] + ([block.y_axis.max] if block.y_axis.max is not None else []))
    if hi <= lo:
        hi = lo + 1
    step = nice_step(hi - lo, ticks)
    # never hide data: a given min or max is widened to the values, then to whole steps
    lo = block.y_axis.min if block.y_axis.min is not None and block.y_axis.min <= min(values) else math.floor(lo / step) * step
    top = math.ceil(hi / step) * step
    hi = block.y_axis.max if block.y_axis.max is not None and block.y_axis.max >= max(values) else top
    if hi - lo < step:  # pragma: no cover - min and max closer than a step
        hi = lo + step
    return lo, hi, step


def legend_rows(names: list[str], width: float, text: ChartText,
                measure: Measure) -> list[tuple[float, int, list[str]]]:
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


def _x_labels(block: Chart, x_of: dict[str, float], plot_w: float, width: float, text: ChartText, measure: Measure,
              hyphenate: Hyphenate | None, key_in_table: bool) -> tuple[list[XLabel], list[str]]:
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
        words = {p.x: wrap(short_date(p.date), label_w, text.tick, measure, hyphenate=hyphenate)
                 for p in points if p.date is not None}
    spans: list[tuple[float, float]] = []
    centres: list[float] = []
    for p in points:
        w = max((measure(line, text.tick, False) for line in words[p.x]), default=0.0)
        centre = min(max(x_of[p.x], w / 2), width - w / 2)  # moved in from the drawing's edges
        centres.append(centre)
        spans.append((centre - w / 2, centre + w / 2))
    rows = rows_without_overlap(spans, 3.0) if dated(block) else [0] * len(points)
    return [XLabel(x_of[p.x], c, words[p.x], r) for p, c, r in zip(points, centres, rows, strict=True)], key


def _numbered(points: list[DataPoint], slot: float, width: float, text: ChartText, measure: Measure,
              hyphenate: Hyphenate | None) -> tuple[dict[str, list[str]], list[str]]:
    """Each category a number under its tick (every one, or every 2nd, 5th, 10th... where the numbers would
    touch: the key still names them all) and the key's lines, entries kept whole on a line where they fit."""
    steps = (m * 10 ** e for e in range(7) for m in (1, 2, 5))  # every 1st, 2nd, 5th, 10th, 20th, ...
    every = next(steps)
    while measure(str(len(points)), text.tick, False) + 3 > slot * every and every < len(points):
        every = next(steps)
    words = {p.x: [str(i + 1)] if (i + 1) % every == 0 else [] for i, p in enumerate(points)}
    return words, key_lines([(str(i + 1), x_label(p)) for i, p in enumerate(points)], width, text.tick, measure,
                            hyphenate)


def key_lines(entries: list[tuple[str, str]], width: float, size: float, measure: Measure,
              hyphenate: Hyphenate | None) -> list[str]:
    """The key's lines from (number, name) entries: entries run on, separated by a middle dot; one that does
    not fit the rest of a line starts the next, and one longer than a line wraps within itself, its number
    kept with its first word."""
    lines: list[str] = []
    line = ""
    for number, name in entries:
        entry = f"{number} {name}"
        joined = f"{line}{KEY_SEPARATOR}{entry}" if line else entry
        if measure(joined, size, False) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        pieces = wrap(name, width - measure(number + " ", size, False), size, measure, hyphenate=hyphenate)
        pieces[0] = f"{number} {pieces[0]}"
        lines.extend(pieces[:-1])
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines


def layout(block: Chart, width: float, height: float, text: ChartText, measure: Measure,
           hyphenate: Hyphenate | None = None, key_in_table: bool = False) -> ChartLayout:
    """Every position in a chart of `width` x `height` points; fewer value ticks when their labels would touch.
    `key_in_table`: numbered categories are named by the data table's rows, not in a key of their own."""
    ticks = text.ticks
    while True:
        at = _layout(block, width, height, replace(text, ticks=ticks), measure, hyphenate, key_in_table)
        spacing = at.plot.height / max(len(at.ticks) - 1, 1)
        if spacing >= text.leading(text.tick) or ticks <= 1:
            return at
        ticks -= 1


def _layout(block: Chart, width: float, height: float, text: ChartText, measure: Measure,
            hyphenate: Hyphenate | None, key_in_table: bool) -> ChartLayout:
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
    out = ChartLayout(width, height, ticks, tick_text, y_title, x_title, legend_top, plot, x_labels,
                      plot.bottom - 4, depth + 2, x_of, span_of, key=key, key_depth=key_depth,
                      numbered=bool(key))
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


def _data_labels(block: Chart, at: ChartLayout, text: ChartText, measure: Measure,
                 frame: Box) -> tuple[list[tuple[int, DataPoint, Box]], list[ValueLabel | None]]:
    """The bars (for a bar chart) and every data label, kept clear of the axes' words."""
    fixed = _axis_words(at, text, measure)
    if block.kind == "bar":
        return _bars(block, at.plot, text, measure, frame, fixed)
    return [], _point_labels(block, at.plot, at.x_of, text, measure, frame, fixed, at.span_of)


def _axis_words(at: ChartLayout, text: ChartText, measure: Measure) -> list[Box]:
    """The value ticks', x labels' and x axis title's boxes (with numbered categories, everything under the plot):
    data labels keep clear of them."""
    boxes = [text_box(at.plot.left - 4, at.plot.y(t) - text.tick * 0.32, measure(words, text.tick, False), text.tick, "end")
             for t, words in zip(at.ticks, at.tick_text, strict=True)]
    lead = text.leading(text.tick)
    for lab in at.x_labels:
        top = at.x_label_top - lab.row * at.x_row_depth
        for i, line in enumerate(lab.lines):
            boxes.append(text_box(lab.centre, top - text.tick * 0.8 - i * lead, measure(line, text.tick, False),
                                  text.tick, "middle"))
    # the x axis's title and the key under it (the soak's 14043-duplex: a value label below its point at the
    # plot's foot was set on the title's first line)
    boxes.append(Box(0, 0, at.width, at.key_depth + len(at.x_title) * text.leading(text.title)))
    if at.numbered:  # under the plot is the axis's: its numbers (a value between them would read as one, where
        # only every 5th or 10th is shown), its title and the key, the whole width from the drawing's foot up
        boxes.append(Box(0, 0, at.width, at.x_label_top))
    return boxes


def _bars(block: Chart, plot: Plot, text: ChartText, measure: Measure, frame: Box,
          fixed: list[Box]) -> tuple[list[tuple[int, DataPoint, Box]], list[ValueLabel | None]]:
    """Bars side by side in each category's slot, and each bar's value above it (below, if negative)."""
    n = len(block.series)
    slot = plot.width / len(x_values(block))
    order = {p.x: i for i, p in enumerate(x_values(block))}
    group_w = slot * text.bar_width
    bar_w = group_w / n
    base = plot.y(max(plot.lo, 0.0))
    bars: list[tuple[int, DataPoint, Box]] = []
    for i, series in enumerate(block.series):
        for p in series.points:
            x = plot.left + slot * order[p.x] + (slot - group_w) / 2 + bar_w * i
            y = plot.y(p.y)
            bars.append((i, p, Box(x, min(base, y), x + max(bar_w, 0.5), min(base, y) + max(abs(y - base), 0.5))))
    wanted = [_bar_label_spots(block, p, bar, [b for _, _, b in bars], text, measure) for _, p, bar in bars]
    return bars, _placed(wanted, [b for _, _, b in bars] + fixed, frame, text)


def _bar_label_spots(block: Chart, p: DataPoint, bar: Box, bars: list[Box], text: ChartText,
                     measure: Measure) -> list[tuple[str, float, float, float]]:
    """Where a bar's value may go: over the bar's middle, or run out to one side of it, a line or three further
    out; never over or beyond a neighbouring bar that reaches as far (it would read as that bar's value)."""
    words = value_label(p, block.y_axis.suffix)
    w = measure(words, text.size, True)
    up = p.y >= 0
    first = bar.y1 + text.label_gap if up else bar.y0 - text.label_gap - text.size * 0.8
    step = (text.size + 1.0) * (1 if up else -1)
    rivals = [b for b in bars if b != bar and (b.y1 >= bar.y1 - 0.01 if up else b.y0 <= bar.y0 + 0.01)]
    spots = []
    for k in range(4):
        for cx in ((bar.x0 + bar.x1) / 2, bar.x1 - w / 2, bar.x0 + w / 2):
            left, right = cx - w / 2, cx + w / 2
            if not any(left < b.x1 - 0.01 and b.x0 + 0.01 < right for b in rivals):
                spots.append((words, cx, first + k * step, w))
    return spots


def _point_labels(block: Chart, plot: Plot, x_of: dict[str, float], text: ChartText, measure: Measure,
                  frame: Box, fixed: list[Box], span_of: dict[str, tuple[float, float]] | None = None,
                  ) -> list[ValueLabel | None]:
    """A value label for each point: above it, or below when another series is higher at that x; any that
    would meet another label, a marker or a series' line moves to the first free place around its point."""
    r = text.marker / 2
    marks = [Box(x_of[p.x] - r, plot.y(p.y) - r, x_of[p.x] + r, plot.y(p.y) + r) for s in block.series for p in s.points]
    lines = _line_segments(block, plot, x_of)
    bars = _year_bars(block, plot, span_of or {})
    nearby = Nearby(marks)
    highest: dict[str, float] = {}
    for s in block.series:
        for p in s.points:
            highest[p.x] = max(highest.get(p.x, p.y), p.y)
    several = len(block.series) > 1
    wanted = []
    for s in block.series:
        for p in sorted(s.points, key=lambda q: x_of[q.x]):
            words = value_label(p, block.y_axis.suffix)
            w = measure(words, text.size, True)
            x, y = x_of[p.x], plot.y(p.y)
            above = y + r + text.label_gap
            below = y - r - text.label_gap - text.size * 0.8
            side = y - text.size * 0.3
            aside = w / 2 + r + 2
            first, second = (below, above) if several and p.y < highest[p.x] else (above, below)
            step = text.size + 1
            out1, out2 = (step if first == above else -step), (step if second == above else -step)
            spots = [(x, first), (x, second), (x + aside, side), (x - aside, side), (x, first + out1), (x, second + out2),
                     (x + aside, above), (x - aside, above), (x + aside, below), (x - aside, below),
                     (x, first + 2 * out1), (x, second + 2 * out2)]
            # no label across a series' line (the soak's 16814-large: '319.3%' beside its point, on the line
            # running on from it), nor far from its point or nearer another point than its own (a '277.0%' two
            # lines above its point, by another series' line at 560%, reads as that line's): such a label is left
            # out, its value is in the data table
            own = Box(x - r, y - r, x + r, y + r)
            wanted.append([(words, sx, sy, w) for sx, sy in spots
                           if near(text_box(sx, sy, w, text.size, "middle"), own, nearby, near_reach(text))
                           and not crosses_any(text_box(sx, sy, w, text.size, "middle"), lines, bars)])
    return _placed(wanted, marks + fixed, frame, text)


def near_reach(text: ChartText) -> float:
    """How far a value label may be from its point: a line of labels' space between them, no more."""
    return text.label_gap + text.size + 1


def _line_segments(block: Chart, plot: Plot, x_of: dict[str, float]) -> list[list[Segment]]:
    """Each series' line, segment by segment (x0, y0, x1, y1), x0 <= x1, in order of x: both x0 and x1
    rise along a series, which `crosses_any` uses to look only at the segments under a box."""
    out: list[list[Segment]] = []
    for s in block.series:
        pts = sorted(((x_of[p.x], plot.y(p.y)) for p in s.points), key=lambda t: t[0])
        out.append([(x0, y0, x1, y1) for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False)])
    return out


def _year_bars(block: Chart, plot: Plot, span_of: dict[str, tuple[float, float]]) -> list[Segment]:
    """The bar across its year drawn through a point dated only to a year (render/figures/charts.py): a label
    struck through by it is as hard to read as one across a series' line."""
    return [(*span_of[p.x][:1], plot.y(p.y), span_of[p.x][1], plot.y(p.y)) for s in block.series for p in s.points
            if p.x in span_of and p.date is not None and p.date.precision == "year"]


def _placed(wanted: list[list[tuple[str, float, float, float]]], obstacles: list[Box], frame: Box,
            text: ChartText) -> list[ValueLabel | None]:
    boxes = place([[text_box(x, y, w, text.size, "middle") for _, x, y, w in spots] for spots in wanted],
                  obstacles, frame)
    out: list[ValueLabel | None] = []
    for spots, box in zip(wanted, boxes, strict=True):
        if box is None:
            out.append(None)
            continue
        words, x, y, _ = next(s for s in spots if text_box(s[1], s[2], s[3], text.size, "middle") == box)
        out.append(ValueLabel(words, x, y))
    return out
