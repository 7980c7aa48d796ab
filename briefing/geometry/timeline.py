"""Where a timeline's event labels and phase bars go.

Top to bottom: labels above the axis, the events' marks, the axis (a band of years), labels below the
axis, then the phases.  Each label is a flag: a leader from the event's mark, with the text beside it.
Labels sit in rows on either side of the axis, chosen by a small search so that no label overlaps
another label or crosses another's leader; when no arrangement in `max_lanes` rows a side exists,
the events are split in two by time and each half gets its own axis.  So are they when a part's
drawing would be taller than a page holds (`Fits`); an event alone on its axis whose label is still too
tall has its label set as wide as the axis allows on the side with more room.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from briefing.dates import format_date
from briefing.geometry.labels import Hyphenate, Measure, wrap
from briefing.model import ChartEvent, Phase, date_span, plain_text

SEARCH_BUDGET = 20_000  # label placements tried before a timeline is drawn in parts instead
ABOVE, BELOW = 0, 1


@dataclass(frozen=True)
class TimelineText:
    """The sizes the layout needs (from the style sheet, already scaled), and how to measure words."""

    size: float
    label_width: float
    label_padding: float
    label_gap: float
    max_lanes: int
    phase_label_gap: float
    measure: Measure
    hyphenate: Hyphenate | None = None

    def wrap(self, words: str, bold: bool = False) -> list[str]:
        return wrap(words, max(self.label_width, self.size * 2), self.size, self.measure, bold, self.hyphenate)


@dataclass
class Label:
    """An event's label: where its leader stands, its lines, and (once placed) its side, row and direction."""

    event: ChartEvent
    x: float
    span: tuple[float, float]  # the mark's left and right edge
    lines: list[str]
    bold_lines: int
    width: float
    side: int = ABOVE
    lane: int = -1
    rightward: bool = True  # the text runs right of the leader (else left of it)


@dataclass
class Timescale:
    t0: float  # months since year 0 at the left edge
    t1: float
    width: float

    def x(self, t: float) -> float:
        return (t - self.t0) / (self.t1 - self.t0) * self.width


@dataclass
class Lanes:
    """Rows of labels on each side of the axis.  A label fills its box in its own row and a thin
    column (its leader) in every row between it and the axis; no box may meet another box or a column."""

    width: float
    pad: float
    gap: float
    rows: dict[tuple[int, int], list[tuple[float, float, bool]]] = field(default_factory=dict)  # (x0, x1, is_box)

    def box(self, label: Label, rightward: bool) -> tuple[float, float]:
        """The label's extent, leader included."""
        if rightward:
            return label.x, label.x + self.gap + label.width
        return label.x - self.gap - label.width, label.x

    def words(self, label: Label, rightward: bool) -> tuple[float, float]:
        """The label's words alone (labels for one date stack, their leaders running along one line)."""
        x0, x1 = self.box(label, rightward)
        return (x0 + self.gap, x1) if rightward else (x0, x1 - self.gap)

    def _row(self, side: int, lane: int) -> list[tuple[float, float, bool]]:
        return self.rows.setdefault((side, lane), [])

    def fits(self, label: Label, side: int, lane: int, rightward: bool) -> bool:
        x0, x1 = self.box(label, rightward)
        if x0 < -0.01 or x1 > self.width + 0.01:
            return False
        w0, w1 = self.words(label, rightward)
        for a, b, is_box in self._row(side, lane):
            margin = self.pad if is_box else 1.0
            if w0 < b + margin and a < w1 + margin:
                return False
        c0, c1 = label.x - 1.0, label.x + 1.0
        return not any(is_box and c0 < b + 1 and a < c1 + 1 for below in range(lane) for a, b, is_box in self._row(side, below))

    def _cells(self, label: Label) -> list[tuple[tuple[int, int], tuple[float, float, bool]]]:
        w0, w1 = self.words(label, label.rightward)
        column = (label.x - 1.0, label.x + 1.0, False)
        return [((label.side, label.lane), (w0, w1, True))] + [((label.side, n), column) for n in range(label.lane)]

    def place(self, label: Label, side: int, lane: int, rightward: bool) -> None:
        label.side, label.lane, label.rightward = side, lane, rightward
        for key, cell in self._cells(label):
            self._row(*key).append(cell)

    def remove(self, label: Label) -> None:
        for key, cell in self._cells(label):
            self._row(*key).remove(cell)
        label.lane = -1


def arrange(labels: list[Label], width: float, pad: float, gap: float, max_lanes: int) -> bool:
    """Give every label a side, a row and a direction so that nothing overlaps, in as few rows as
    possible (at most max_lanes a side).  False when it cannot be done: the timeline is drawn in parts."""
    budget = [SEARCH_BUDGET]

    def place(grid: Lanes, lanes: int, i: int) -> bool:
        if i == len(labels):
            return True
        label = labels[i]
        directions = (True, False) if label.x + gap + label.width <= width else (False, True)
        for lane in range(lanes):
            for side in (ABOVE, BELOW):
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
        if place(Lanes(width, pad, gap), lanes, 0):
            return True
        if budget[0] < 0:
            return False
    return False


def event_words(event: ChartEvent) -> tuple[str, str]:
    when = format_date(event.date) + (f" ({event.inferred})" if event.inferred else "")
    return when, plain_text(event.label)


def make_labels(text: TimelineText, events: list[ChartEvent], scale: Timescale) -> list[Label]:
    out = []
    for e in events:
        a, b = date_span(e.date)
        when, what = event_words(e)
        date_lines = text.wrap(when, bold=True)
        if len(date_lines) > 1 and e.inferred:
            date_lines = text.wrap(format_date(e.date), bold=True) + text.wrap(f"({e.inferred})", bold=True)
        lines = date_lines + text.wrap(what)
        w = max(text.measure(line, text.size, i < len(date_lines)) for i, line in enumerate(lines))
        out.append(Label(e, scale.x((a + b) / 2), (scale.x(a), scale.x(b)), lines, len(date_lines), w))
    return out


def year_range(events: list[ChartEvent], phases: tuple[Phase, ...], whole: bool) -> tuple[float, float]:
    """Whole years covering the events (and, for an undivided timeline, the phases too)."""
    spans = [date_span(e.date) for e in events]
    if whole:
        spans += [(date_span(p.start)[0], date_span(p.end)[1]) for p in phases]
    t0 = min(a for a, _ in spans)
    t1 = max(b for _, b in spans)
    return math.floor(t0 / 12) * 12.0, max(math.ceil(t1 / 12) * 12.0, math.floor(t0 / 12) * 12.0 + 12)


Fits = Callable[[Timescale, list[Label], bool], bool]  # (scale, labels, is the last part) -> short enough


def parts(
    text: TimelineText,
    events: list[ChartEvent],
    phases: tuple[Phase, ...],
    width: float,
    whole: bool = True,
    fits: Fits | None = None,
    last: bool = True,
) -> list[tuple[Timescale, list[Label]]]:
    """Lay the events out on one axis, or split them in two (by time) until each part's labels fit, and
    each part is short enough for a page (`fits`, told whether the part is the last, which carries the
    figure's caption)."""
    t0, t1 = year_range(events, phases, whole)
    scale = Timescale(t0, t1, width)
    labels = sorted(make_labels(text, events, scale), key=lambda lab: lab.x)
    ok = arrange(labels, width, text.label_padding, text.label_gap, text.max_lanes)
    short = fits is None or fits(scale, labels, last)
    if (ok and short) or len(events) == 1:
        if not short:  # one event whose label is too tall at the labels' width: as wide as the axis allows
            return [(scale, _widened(text, events, scale))]
        if not ok:  # one label wider than the page: it runs from its leader as far as it must
            labels[0].lane, labels[0].rightward = 0, labels[0].x < width / 2
        return [(scale, labels)]
    half = len(events) // 2
    return parts(text, events[:half], phases, width, False, fits, False) + parts(
        text, events[half:], phases, width, False, fits, last
    )


def _widened(text: TimelineText, events: list[ChartEvent], scale: Timescale) -> list[Label]:
    """A lone event's label wrapped as wide as its axis allows beside its leader, on the side with more room."""
    a, b = date_span(events[0].date)
    x = scale.x((a + b) / 2)
    rightward = x <= scale.width / 2
    room = (scale.width - x if rightward else x) - text.label_gap - 1.0
    labels = make_labels(replace(text, label_width=max(room, text.label_width)), events, scale)
    labels[0].lane, labels[0].side, labels[0].rightward = 0, ABOVE, rightward
    return labels


# phase, its index, bar left and right, where its name goes, and the name's lines
PhaseRow = list[tuple[Phase, int, float, float, str, list[str]]]


def phase_words(phase: Phase) -> str:
    return phase.label + (f" ({phase.inferred})" if phase.inferred else "")


def phase_lines(text: TimelineText, phase: Phase, width: float) -> list[str]:
    """A phase's name on one line, or wrapped to the axis's width when it is wider (a long compound ran past the
    drawing and the text block: the soak's 60050-large)."""
    words, room = phase_words(phase), width - 3.0
    if text.measure(words, text.size, False) <= room:
        return [words]
    return wrap(words, room, text.size, text.measure, False, text.hyphenate)


def phase_rows(text: TimelineText, phases: tuple[Phase, ...], scale: Timescale) -> list[PhaseRow]:
    """Phases as bars in rows, each with its name beside it; no two overlap."""
    gap, pad = text.phase_label_gap, text.label_padding
    rows: list[PhaseRow] = []
    occupied: list[list[tuple[float, float]]] = []
    for i, phase in enumerate(phases):
        a = max(date_span(phase.start)[0], scale.t0)
        b = min(date_span(phase.end)[1], scale.t1)
        if b <= a:
            continue
        x0, x1 = scale.x(a), scale.x(b)
        lines = phase_lines(text, phase, scale.width)
        w = max(text.measure(line, text.size, False) for line in lines)
        # the name goes after the bar, else before it, else (a bar across the page) over its start; a name wrapped
        # to the axis goes under its bar, across the row
        place = "after" if x1 + gap + w <= scale.width else "before" if x0 - gap - w >= 0 else "over"
        place = "under" if len(lines) > 1 else place
        extent = {
            "after": (x0, x1 + gap + w),
            "before": (x0 - gap - w, x1),
            "over": (x0, max(x1, x0 + gap + w)),
            "under": (0.0, scale.width),
        }[place]
        for n in range(len(occupied) + 1):
            if n == len(occupied):
                occupied.append([])
                rows.append([])
            if all(extent[1] + pad <= s or e + pad <= extent[0] for s, e in occupied[n]):
                occupied[n].append(extent)
                rows[n].append((phase, i, x0, x1, place, lines))
                break
    return rows
