"""Drawing a timeline to scale (its layout is briefing/geometry/timeline.py)."""

from __future__ import annotations

import math
from dataclasses import replace

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect
from reportlab.platypus import Flowable

from briefing.geometry.timeline import (
    ABOVE,
    BELOW,
    Label,
    PhaseRow,
    TimelineText,
    Timescale,
    event_words,
    parts,
    phase_rows,
)
from briefing.model import Phase, RichText, TimelineChart, cites_in, date_span
from briefing.render import linebreak
from briefing.render.figures.frame import Host, data_cells, data_table, figure_number, framed, room_for_drawing
from briefing.render.figures.look import Look
from briefing.render.figures.shapes import FigureDrawing, filled_rect, string, text_lines
from briefing.richtext import Str


def timeline_text(look: Look) -> TimelineText:
    return TimelineText(
        size=look.size,
        label_width=look.length("timeline", "label_width"),
        label_padding=look.length("timeline", "label_padding"),
        label_gap=look.length("timeline", "label_gap"),
        max_lanes=int(look.number("timeline", "max_lanes")),
        phase_label_gap=look.length("timeline", "phase_label_gap"),
        measure=look.measure,
        hyphenate=linebreak.fallback_hyphenator(),
    )


class _Rows:
    """The depth of each row of labels, above and below the axis."""

    def __init__(self, labels: list[Label], lead: float, lane_gap: float) -> None:
        self.depth: dict[tuple[int, int], float] = {}
        for lab in labels:
            key = (lab.side, lab.lane)
            self.depth[key] = max(self.depth.get(key, 0.0), len(lab.lines) * lead)
        self.lane_gap = lane_gap
        self.above = max((lab.lane + 1 for lab in labels if lab.side == ABOVE), default=0)
        self.below = max((lab.lane + 1 for lab in labels if lab.side != ABOVE), default=0)

    def total(self, side: int, lanes: int) -> float:
        return sum(self.depth.get((side, n), 0.0) + self.lane_gap for n in range(lanes))


def timeline_drawing(look: Look, block: TimelineChart, scale: Timescale, labels: list[Label], alt: str) -> FigureDrawing:
    lead = look.leading(look.size)
    lane_gap = look.length("timeline", "lane_gap")
    phase_h = look.length("timeline", "phase_height")
    rows_of_phases = phase_rows(timeline_text(look), block.phases, scale)
    heights = [_phase_row_height(row, phase_h, lead) + look.length("timeline", "phase_gap") for row in rows_of_phases]
    rows = _Rows(labels, lead, lane_gap)
    band_h = look.leading(look.tick) + 3
    phases_h = (len(heights) * heights[0] if len(set(heights)) == 1 else sum(heights)) + (lane_gap if heights else 0)
    band_bottom = phases_h + rows.total(BELOW, rows.below)
    axis_y = band_bottom + band_h  # the band's top edge: the time axis the marks stand on
    base = axis_y + look.length("timeline", "marker_height") + lane_gap  # the bottom of the first row of labels above
    height = base + rows.total(ABOVE, rows.above) - (lane_gap if rows.above else 0)
    d = FigureDrawing(scale.width, height, look, alt)
    _year_band(d, look, scale, band_bottom, band_h, phases_h)
    _phases(d, look, scale, rows_of_phases, phases_h, heights, phase_h)  # under everything else
    # a year's wide, low mark goes under any month's mark within it
    for lab in sorted(labels, key=lambda lab: lab.event.date.precision != "year"):
        _event(d, look, lab, rows, axis_y, base, band_bottom)
    return d


def _phase_row_height(row: PhaseRow, phase_h: float, lead: float) -> float:
    """A row of phases is a bar high with names beside the bars, or a bar and a name wrapped under it."""
    lines = max(len(p[5]) for p in row)
    return max(phase_h, lead) if lines == 1 else phase_h + 2 + lines * lead


def _phases(
    d: Drawing, look: Look, scale: Timescale, rows: list[PhaseRow], phases_h: float, heights: list[float], phase_h: float
) -> None:
    """Each phase's bar, with its name on paper beside it (so neither year lines nor the bar run through it); a
    name wrapped to the axis's width (`phase_lines`) under its bar."""
    size, lead = look.size, look.leading(look.size)
    paper = look.colour("#ffffff")
    uniform = len(set(heights)) == 1
    for n, row in enumerate(rows):
        row_h = heights[n]
        bottom = phases_h - (n + 1) * row_h if uniform else phases_h - sum(heights[: n + 1])
        y = bottom + (row_h - phase_h) / 2
        for phase, i, x0, x1, place, lines in row:
            w = max(look.width(line, size) for line in lines)
            if place != "under":
                _phase_bar(d, look, phase, i, scale, y, phase_h)
                gap_p = look.length("timeline", "phase_label_gap")
                left = {"after": x1 + gap_p, "before": x0 - gap_p - w, "over": x0 + gap_p}[place]
                left = max(min(left, scale.width - w - 1.5), 1.5)  # a name as wide as the axis stays on it
                d.add(
                    Rect(
                        left - 1.5,
                        y - 1,
                        w + 3,
                        phase_h + 2,
                        fillColor=paper,
                        strokeColor=look.ink if place == "over" else None,
                        strokeWidth=look.outline,
                    )
                )
                d.add(string(look, left, y + (phase_h - size * 0.7) / 2, lines[0], size))
                continue
            y = bottom + row_h - look.length("timeline", "phase_gap") / 2 - phase_h  # the bar at the row's top
            _phase_bar(d, look, phase, i, scale, y, phase_h)
            left = max(min(x0, scale.width - w - 1.5), 1.5)
            d.add(Rect(left - 1.5, y - 2 - len(lines) * lead, w + 3, len(lines) * lead + 1, fillColor=paper, strokeColor=None))
            for part in text_lines(look, left, y - 2, lines, size):
                d.add(part)


def _event(d: Drawing, look: Look, lab: Label, rows: _Rows, axis_y: float, base: float, band_bottom: float) -> None:
    """An event: a mark as wide as its date's precision on the axis, a leader, and its label."""
    ink, paper = look.ink, look.colour("#ffffff")
    marker_h = look.length("timeline", "marker_height")
    e = lab.event
    x0, x1 = lab.span
    hollow = bool(e.inferred)
    fill = paper if hollow else ink
    if e.date.precision == "year":
        h = look.length("timeline", "year_bar_height")
        mark = Rect(x0, axis_y, x1 - x0, h, fillColor=fill, strokeColor=ink, strokeWidth=look.outline)
    elif e.date.precision == "month":
        h = marker_h
        w = max(x1 - x0, look.typed.timeline.min_month_width)
        mark = Rect(lab.x - w / 2, axis_y, w, h, fillColor=fill, strokeColor=ink, strokeWidth=look.outline)
    else:
        h = marker_h
        r = h / 2
        mark = Polygon(
            [lab.x, axis_y, lab.x + r * 0.7, axis_y + r, lab.x, axis_y + h, lab.x - r * 0.7, axis_y + r],
            fillColor=fill,
            strokeColor=ink,
            strokeWidth=look.outline,
        )
    if hollow:
        mark.strokeDashArray = list(look.typed.timeline.inferred_dash)
    d.add(mark)
    box_h = len(lab.lines) * look.leading(look.size)
    if lab.side == ABOVE:
        label_top = base + rows.total(ABOVE, lab.lane) + box_h
        leader_from, leader_to = axis_y + h, label_top
    else:
        label_top = band_bottom - rows.total(lab.side, lab.lane) - rows.lane_gap
        leader_from, leader_to = band_bottom, label_top - box_h
    d.add(
        Line(
            lab.x,
            leader_from,
            lab.x,
            leader_to,
            strokeColor=look.colour(look.value("timeline", "leader")),
            strokeWidth=look.typed.timeline.leader_width,
            strokeDashArray=list(look.typed.timeline.inferred_dash) if hollow else None,
        )
    )
    gap = look.length("timeline", "label_gap")
    tx = lab.x + gap if lab.rightward else lab.x - gap
    for shape in text_lines(look, tx, label_top, lab.lines, look.size, "start" if lab.rightward else "end", lab.bold_lines):
        d.add(shape)


def _year_band(d: Drawing, look: Look, scale: Timescale, bottom: float, h: float, phases_h: float) -> None:
    """The axis: a band of years, alternately shaded, each named in its middle, with a tick for each
    month; light year lines run down through the phases.  Over a long span the band steps by 2, 5,
    10 ... years so every name fits, and the ticks mark years instead of months."""
    tick, ticks = look.tick, look.typed.timeline
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
        d.add(Rect(x0, bottom, x1 - x0, h, fillColor=shade if (year // step) % 2 else look.colour("#ffffff"), strokeColor=None))
        shown = max(year, math.ceil(scale.t0 / 12))  # a block cut by the left edge is named from where it shows
        name = str(year) if step == 1 else f"{year}s" if step == 10 else f"{shown}–{year + step - 1}"
        if step > 1 and x1 - x0 < look.width(name, tick, bold=True) + 4:
            name = f"{shown}–"
        if x1 - x0 > look.width(name, tick, bold=True) + 4:
            d.add(string(look, (x0 + x1) / 2, bottom + (h - tick * 0.7) / 2, name, tick, "middle", bold=True))
        if phases_h:
            d.add(Line(x0, 0, x0, phases_h, strokeColor=look.grid, strokeWidth=look.typed.timeline.year_line_width))
        d.add(Line(x0, bottom, x0, bottom + h, strokeColor=look.axis, strokeWidth=look.outline))
        for k in range(1, per):
            mx = scale.x(t + k * minor)
            if 0 < mx < scale.width:
                d.add(
                    Line(
                        mx,
                        bottom + h - ticks.month_tick_length,
                        mx,
                        bottom + h,
                        strokeColor=look.axis,
                        strokeWidth=ticks.month_tick_width,
                    )
                )
    d.add(Rect(0, bottom, scale.width, h, fillColor=None, strokeColor=look.axis, strokeWidth=look.outline))


def _phase_bar(d: Drawing, look: Look, phase: Phase, i: int, scale: Timescale, y: float, h: float) -> None:
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
        d.add(filled_rect(look, x(a0), y, x(a1) - x(a0), h, fill, dashed=True, hollow=True))
    if solid_to > solid_from and x(solid_to) > x(solid_from):
        d.add(filled_rect(look, x(solid_from), y, x(solid_to) - x(solid_from), h, fill, dashed=bool(phase.inferred)))
    if end_unsure and (b0, b1) != (a0, a1):
        d.add(filled_rect(look, x(b0), y, x(b1) - x(b0), h, fill, dashed=True, hollow=True))


def timeline_chart(r: Host, look: Look, block: TimelineChart, above: float = 0.0) -> list[Flowable]:
    """A timeline chart in one or more parts, each short enough for a page; `above`: the height of the headings
    it is kept with, which the first part leaves room for (it must fit under them with the figure's title, or the
    title would be left with them and the drawing sent on)."""
    number = figure_number(r, block)
    # drawn as plain words: a cross-reference as the words it prints ("section 2.1"), not left out
    worded = (replace(e, label=(Str(r.resolved.words(e.label)),)) for e in block.events)
    events = sorted(worded, key=lambda e: sum(date_span(e.date)))
    caption = block.caption
    if not block.data_table:
        # the events' own citations print with the caption, so none is lost
        caption = caption + tuple(c for e in block.events for c in cites_in(e.label))
    # a part's drawing must fit an empty page with the figure's title above it; the last part carries the
    # caption and note too, and their notes' first lines (the soak's 12174, 12684, 14084 in large print: a
    # label wrapped 29 lines deep made one part 683 pt tall and the figure could not be laid out)
    rooms = (
        room_for_drawing(r, look, number, block.title, (), ()),
        room_for_drawing(r, look, number, block.title, caption, block.note),
    )

    def fits(scale: Timescale, labels: list[Label], last: bool) -> bool:
        first = any(lab.event is events[0] for lab in labels)  # the part that goes under the headings
        return bool(timeline_drawing(look, block, scale, labels, "").height <= rooms[last] - (above if first else 0))

    laid_out = parts(timeline_text(look), events, block.phases, r.width, fits=fits)
    drawings: list[FigureDrawing] = [
        timeline_drawing(look, block, scale, labels, block.alt if n == 0 else "") for n, (scale, labels) in enumerate(laid_out)
    ]
    for d, (_, labels) in zip(drawings, laid_out, strict=True):
        if len(labels) == 1 and d.height > rooms[d is drawings[-1]]:  # only a lone event's label is left to blame
            d._too_tall = (
                f"the label of its event dated {event_words(labels[0].event)[0]} is {len(labels[0].lines)} "
                "lines deep even set as wide as the timeline allows: shorten that label"
            )
    out = framed(r, look, number, block.title, list(drawings), caption, block.note)
    if block.data_table:
        rows: list[list[RichText | str]] = [[event_words(e)[0], e.label] for e in block.events]
        cells = data_cells(r, look, ["Date", "Event"], rows)
        out.append(data_table(r, look, cells, list(look.typed.timeline.table_columns), r.width, block.pos))
    return out
