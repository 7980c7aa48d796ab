"""The parts of a chart's layout (briefing/geometry/chart.py): its type sizes, plot, labels and the value scale."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from briefing.dates import MONTHS, format_date
from briefing.geometry.labels import Box, Segment
from briefing.model import Chart, DataPoint, PartialDate, date_span


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

    @property
    def base(self) -> float:
        """Where the category axis runs: at zero when the values go below it, else along the plot's foot."""
        return self.y(0) if self.lo < 0 < self.hi else self.bottom


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


def axis_lines(plot: Plot) -> list[Segment]:
    """The two axis lines as segments (x0, y0, x1, y1): the category axis at `plot.base` and the value axis up
    the plot's left edge.  A value label keeps off them, as off a series' line."""
    return [
        (plot.left, plot.base, plot.left + plot.width, plot.base),
        (plot.left, plot.bottom, plot.left, plot.bottom + plot.height),
    ]
