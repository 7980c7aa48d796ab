"""Where a chart's value labels go: at each bar's end or near each line chart point (`near_reach`), off the series'
lines and year bars, moved to the first free place around their mark or left out (the data table has every value)."""

from __future__ import annotations

from collections.abc import Iterator

from briefing.geometry.chart_parts import ChartText, Plot, ValueLabel, axis_lines, value_label, x_values
from briefing.geometry.labels import PAD, Box, Measure, Nearby, Segment, crosses_any, near, place, text_box
from briefing.model import Chart, DataPoint

Spot = tuple[str, float, float, float]  # a value label's words, x, baseline and width


def bars_and_labels(
    block: Chart, plot: Plot, text: ChartText, measure: Measure, frame: Box, fixed: list[Box]
) -> tuple[list[tuple[int, DataPoint, Box]], list[ValueLabel | None]]:
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
    ends = [_bar_end(p, bar) for _, p, bar in bars]
    nearby = Nearby(ends)
    wanted = [
        _near_spots(_bar_label_spots(block, p, bar, [b for _, _, b in bars], text, measure), end, nearby, text, [], [])
        for (_, p, bar), end in zip(bars, ends, strict=True)
    ]
    return bars, _placed(wanted, [b for _, _, b in bars] + fixed, frame, text)


def _bar_end(p: DataPoint, bar: Box) -> Box:
    """The end of a bar its value label belongs by: its top, or its foot when the value is below zero.  A label
    goes no further from it than a line of labels, and never nearer another bar's end (generated pack 85021,
    large-print handout: labels sent up to three lines above their bars to find room left a cloud of numbers,
    '40.0%' level with the top of the neighbouring 368% bar, where it reads as that bar's value)."""
    y = bar.y1 if p.y >= 0 else bar.y0
    return Box(bar.x0, y, bar.x1, y)


def _bar_label_spots(
    block: Chart, p: DataPoint, bar: Box, bars: list[Box], text: ChartText, measure: Measure
) -> list[tuple[str, float, float, float]]:
    """Where a bar's value may go: over the bar's middle, or run out to one side of it (from its edge, or from just
    inside it, clear of a taller neighbour's side), a line further out (those further still are not near:
    `bars_and_labels`); never over or beyond a neighbouring bar that reaches as far (it would read as that bar's
    value)."""
    words = value_label(p, block.y_axis.suffix)
    w = measure(words, text.size, True)
    up = p.y >= 0
    first = bar.y1 + lift(text) if up else bar.y0 - text.label_gap - text.size * 0.8
    step = (text.size + 1.0) * (1 if up else -1)
    rivals = [b for b in bars if b != bar and (b.y1 >= bar.y1 - 0.01 if up else b.y0 <= bar.y0 + 0.01)]
    clear = PAD + 0.01  # off a neighbour's side by the room `place` keeps between a label and a bar
    spots = []
    for k in range(2):
        for cx in ((bar.x0 + bar.x1) / 2, bar.x1 - w / 2, bar.x0 + w / 2, bar.x1 - w / 2 - clear, bar.x0 + w / 2 + clear):
            left, right = cx - w / 2, cx + w / 2
            if not any(left < b.x1 - 0.01 and b.x0 + 0.01 < right for b in rivals):
                spots.append((words, cx, first + k * step, w))
    return spots


def point_labels(
    block: Chart,
    plot: Plot,
    x_of: dict[str, float],
    text: ChartText,
    measure: Measure,
    frame: Box,
    fixed: list[Box],
    span_of: dict[str, tuple[float, float]] | None = None,
) -> list[ValueLabel | None]:
    """A value label for each point: above it, or below when another series is higher at that x; any that
    would meet another label, a marker or a series' line moves to the first free place around its point."""
    r = text.marker / 2
    marks = [Box(x_of[p.x] - r, plot.y(p.y) - r, x_of[p.x] + r, plot.y(p.y) + r) for s in block.series for p in s.points]
    lines = _line_segments(block, plot, x_of)
    bars = _year_bars(block, plot, span_of or {}) + axis_lines(plot)
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
            spots = _spots_around(x, y, w, r, text, below_first=several and p.y < highest[p.x])
            # no label across a series' line (the soak's 16814-large: '319.3%' beside its point, on the line
            # running on from it), nor far from its point or nearer another point than its own (a '277.0%' two
            # lines above its point, by another series' line at 560%, reads as that line's): such a label is left
            # out, its value is in the data table
            own = Box(x - r, y - r, x + r, y + r)
            wanted.append(_near_spots([(words, sx, sy, w) for sx, sy in spots], own, nearby, text, lines, bars))
    return _placed(wanted, marks + fixed, frame, text)


def _near_spots(
    spots: list[Spot], own: Box, nearby: Nearby, text: ChartText, lines: list[list[Segment]], bars: list[Segment]
) -> Iterator[Spot]:
    """The spots whose label would be near its own mark (`near`) and crossed by no line, tested one by one as
    `_placed` asks for them."""
    for spot in spots:
        box = text_box(spot[1], spot[2], spot[3], text.size, "middle")
        if near(box, own, nearby, near_reach(text)) and not crosses_any(box, lines, bars):
            yield spot


def _spots_around(x: float, y: float, w: float, r: float, text: ChartText, below_first: bool) -> list[tuple[float, float]]:
    """Where a point's label may go, best first: on the preferred side, the other side, beside it, then a line
    further out each way."""
    above = y + r + lift(text)
    below = y - r - text.label_gap - text.size * 0.8
    side = y - text.size * 0.3
    aside = w / 2 + r + 2
    first, second = (below, above) if below_first else (above, below)
    step = text.size + 1
    out1, out2 = (step if first == above else -step), (step if second == above else -step)
    return [
        (x, first),
        (x, second),
        (x + aside, side),
        (x - aside, side),
        (x, first + out1),
        (x, second + out2),
        (x + aside, above),
        (x - aside, above),
        (x + aside, below),
        (x - aside, below),
        (x, first + 2 * out1),
        (x, second + 2 * out2),
    ]


def lift(text: ChartText) -> float:
    """From a bar's top or a point's marker up to the baseline of a label set over it: the sheet's gap, or more
    where a label's descenders would come within `PAD` of the mark (at 14 pt, 0.22 x 14 = 3.1 pt of descent in a
    3.6 pt gap left 0.5 pt, so `place` refused every label's first place, over its bar or point, and large print
    set each a line further out or left it out)."""
    return max(text.label_gap, text.size * 0.22 + PAD + 0.01)


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
    return [
        (*span_of[p.x][:1], plot.y(p.y), span_of[p.x][1], plot.y(p.y))
        for s in block.series
        for p in s.points
        if p.x in span_of and p.date is not None and p.date.precision == "year"
    ]


def _placed(wanted: list[Iterator[Spot]], obstacles: list[Box], frame: Box, text: ChartText) -> list[ValueLabel | None]:
    """Each label at the first of its spots `place` finds free.  The spots come lazily, each tested (near its mark,
    off the lines: `point_labels`, `bars_and_labels`) only when `place` reaches it: most labels take their first
    spot, and testing all twelve of each point's spots up front was most of a line chart's layout."""
    tried: list[Spot | None] = [None] * len(wanted)

    def boxes(i: int, spots: Iterator[Spot]) -> Iterator[Box]:
        for spot in spots:
            tried[i] = spot  # `place` stops at the box it chooses: the spot last tried is that box's
            yield text_box(spot[1], spot[2], spot[3], text.size, "middle")

    chosen = place([boxes(i, spots) for i, spots in enumerate(wanted)], obstacles, frame)
    return [
        None if box is None or spot is None else ValueLabel(spot[0], spot[1], spot[2])
        for box, spot in zip(chosen, tried, strict=True)
    ]
