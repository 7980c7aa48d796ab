"""A line chart's value label sits by its own point or is left out (its value is in the data table).

After the labels learned to keep off the series' lines, a label that found its first spots taken went up to two
lines further from its point: '277.0%' printed well above its point, beside another series' line at 560%, where
it reads as that line's value.  "Near" is now a property of every placed label: its box is within a line of
labels (`near_reach`) of its point's marker, and no other point's marker is nearer to it.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pdfplumber
import pytest

from briefing.geometry.chart import layout
from briefing.geometry.chart_parts import ChartLayout, ChartText
from briefing.geometry.labels import Box, crosses, text_box
from briefing.model import Axis, Chart, DataPoint, PartialDate, Series
from briefing.pipeline import BuildOptions, build
from tests.packs import write_pack


def _measure(words: str, size: float, bold: bool = False) -> float:
    return len(words) * size * (0.55 if bold else 0.5)


STANDARD = ChartText(size=8.5, tick=8, title=8.5, line_gap=1.22, label_gap=3, bar_width=0.62, marker=5.5, ticks=5)
LARGE = ChartText(size=14, tick=14, title=14, line_gap=1.22, label_gap=4, bar_width=0.62, marker=8, ticks=5)


def gap(a: Box, b: Box) -> float:
    """The shortest distance between two boxes (0 when they touch or overlap)."""
    dx, dy = max(a.x0 - b.x1, b.x0 - a.x1, 0.0), max(a.y0 - b.y1, b.y0 - a.y1, 0.0)
    return float((dx * dx + dy * dy) ** 0.5)


def near_reach(text: ChartText) -> float:
    """Near: a line of labels (its size, the gap a label keeps from its point and 1 pt) between label and point."""
    return text.label_gap + text.size + 1


def _line_chart(rng: random.Random) -> Chart:
    """Up to three crossing series of up to 12 points, values up to 600%, on dated or named x values."""
    n = rng.randint(2, 12)
    dated = rng.random() < 0.6
    months = sorted(rng.sample(range(2000 * 12, 2010 * 12), n))
    xs = [f"{m // 12}-{m % 12 + 1:02d}" for m in months] if dated else [f"Place {i}" for i in range(n)]
    top = rng.choice([100, 500, 600])
    series = []
    for s in range(rng.randint(1, 3)):
        points = []
        for x in xs:
            y = round(rng.uniform(0, top), rng.choice([0, 1]))
            points.append(DataPoint(x, PartialDate(int(x[:4]), int(x[5:])) if dated else None, y, str(y), None))  # type: ignore[arg-type]
        series.append(Series(f"Series {s}", tuple(points), None))  # type: ignore[arg-type]
    return Chart("line", "A chart", Axis("Things"), Axis("Amount", unit="%", suffix="%"), tuple(series), (), "", (), None)  # type: ignore[arg-type]


def _far_labels(block: Chart, at: ChartLayout, text: ChartText) -> list[str]:
    """Every placed label further than `near_reach` from its point's marker, or nearer another point's."""
    r = text.marker / 2
    points = [(at.x_of[p.x], at.plot.y(p.y)) for s in block.series for p in sorted(s.points, key=lambda q: at.x_of[q.x])]
    marks = [Box(x - r, y - r, x + r, y + r) for x, y in points]
    out = []
    for i, label in enumerate(at.labels):
        if label is None:
            continue
        box = text_box(label.x, label.baseline, _measure(label.text, text.size, True), text.size, "middle")
        mine = gap(box, marks[i])
        nearer = [j for j, m in enumerate(marks) if j != i and m != marks[i] and gap(box, m) < mine - 1e-6]
        if mine > near_reach(text) + 1e-6 or nearer:
            out.append(f"{label.text!r} {mine:.1f} pt from its point" + (f", nearer point {nearer[0]}" if nearer else ""))
    return out


@functools.cache
def random_charts(text: ChartText) -> list[tuple[Chart, ChartLayout]]:
    """300 random line charts (seed 5) laid out in `text`'s sizes, once a module: each property below reads
    the same charts (a layout is about 35 ms of value-label placement)."""
    rng = random.Random(5)
    out = []
    for _ in range(300):
        block = _line_chart(rng)
        out.append((block, layout(block, rng.choice([180.0, 260.0, 420.0]), rng.choice([175.0, 240.0]), text, _measure)))
    return out


@pytest.mark.parametrize("text", [STANDARD, LARGE], ids=["standard", "large-print"])
def test_every_value_label_is_near_its_own_point(text: ChartText) -> None:
    placed = 0
    for n, (block, at) in enumerate(random_charts(text)):
        assert not _far_labels(block, at, text), (n, _far_labels(block, at, text))
        placed += sum(label is not None for label in at.labels)
    assert placed > 1000  # most charts still label most points


def _pdf_far_labels(page: pdfplumber.page.Page, values: set[float]) -> list[str]:
    """The value labels on a chart's page further than a line of labels (their own height and 6 pt) from the
    marker drawn at their value's height, or nearer another marker: the value axis's 0% and 600% ticks give a
    value's height; the data table under the chart is left out."""
    words = [w for w in page.extract_words() if w["text"].endswith("%") and w["text"][:-1].replace(".", "").isdigit()]
    zero = next(w for w in words if w["text"] == "0%")
    top = next(w for w in words if w["text"] == "600%")
    y0, y600 = (zero["top"] + zero["bottom"]) / 2, (top["top"] + top["bottom"]) / 2
    centre = {v: y0 - v / 600 * (y0 - y600) for v in values}
    # the data table beside the chart (standard print): its first column's years, level with the plot
    table = min((w["x0"] for w in page.extract_words() if w["text"] == "2004" and w["top"] < zero["top"]), default=1e9)
    marks = [
        Box(c["x0"], c["top"], c["x1"], c["bottom"])
        for c in page.curves + page.rects
        if 3 < c["width"] < 14 and 3 < c["height"] < 14 and c["top"] > top["top"] - 2
    ]
    out = []
    for w in words:
        if w["bottom"] > zero["bottom"] + 2 or not zero["x1"] < w["x0"] < table - 1 or float(w["text"][:-1]) not in values:
            continue
        box = Box(w["x0"], w["top"], w["x1"], w["bottom"])
        y = centre[float(w["text"][:-1])]
        own = min((m for m in marks if abs((m.y0 + m.y1) / 2 - y) < 2), key=lambda m: gap(box, m))
        mine = gap(box, own)
        if mine > (w["bottom"] - w["top"]) + 6 or any(gap(box, m) < mine - 0.5 for m in marks):
            out.append(f"{w['text']} {mine:.0f} pt from its point")
    return out


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-print"])
def test_a_crowded_line_charts_labels_in_the_pdf_sit_by_their_points(tmp_path: Path, large: bool) -> None:
    """Three crossing series up to 560% (values that meet at every x): every value label printed on the chart is
    within a line of labels of its point's marker, no other marker is nearer to it, and none is struck through by
    the bar a year-dated point carries across its year."""
    values = [
        [277.0, 560.0, 12.5, 300.2, 410.0, 95.0, 277.2],
        [560.0, 277.0, 300.0, 12.0, 95.5, 410.5, 560.2],
        [300.5, 12.2, 560.5, 277.5, 410.2, 95.2, 300.7],
    ]
    series = [
        {"name": f"Service {s + 1}", "points": [[str(2004 + i), f"{v}"] for i, v in enumerate(vs)]} for s, vs in enumerate(values)
    ]
    chart = {
        "chart": {
            "kind": "line",
            "title": "Rates by year",
            "x_axis": "Year",
            "y_axis": {"label": "Rate", "unit": "%", "suffix": "%", "max": "600"},
            "series": series,
            "caption": "Source: the report [@alpha].",
            "alt": "Line chart of three rates.",
        }
    }
    pack = write_pack(tmp_path / "pack", [{"title": "Rates", "blocks": [{"paragraph": "Rates [@alpha]."}, chart]}])
    out = tmp_path / "out.pdf"
    build(pack, out, BuildOptions(large_print=large))
    with pdfplumber.open(out) as pdf:
        page = next(p for p in pdf.pages if "Rates by year" in (p.extract_text() or ""))
        printed = [w for w in page.extract_words() if w["text"] in {f"{v}%" for vs in values for v in vs}]
        assert len(printed) > 21, "the data table and some labels"
        assert not _pdf_far_labels(page, {v for vs in values for v in vs})
        assert not _struck_by_year_bars(page, {v for vs in values for v in vs})


def _struck_by_year_bars(page: pdfplumber.page.Page, values: set[float]) -> list[str]:
    """The value labels a point's bar across its year (a year-dated point's extent) runs through the middle of."""
    rules = [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5]
    widest = max(ln["x1"] - ln["x0"] for ln in rules)  # the value grid runs across the plot: labels may sit on it
    bars = [ln for ln in rules if 10 < ln["x1"] - ln["x0"] < widest / 3]
    out = []
    for w in page.extract_words():
        if not w["text"].endswith("%") or not w["text"][:-1].replace(".", "").isdigit() or float(w["text"][:-1]) not in values:
            continue
        h = w["bottom"] - w["top"]
        out += [
            w["text"]
            for ln in bars
            if w["top"] + 0.25 * h < ln["top"] < w["bottom"] - 0.25 * h and min(w["x1"], ln["x1"]) - max(w["x0"], ln["x0"]) > 1
        ]
    return out


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-print"])
def test_a_points_value_sits_right_over_it_when_nothing_is_in_the_way(tmp_path: Path, large: bool) -> None:
    """A level line of three points far apart: each value is printed on the line right over its point's marker.
    At 14 pt a label's descent (3.1 pt) in the sheet's 3.6 pt gap came within the 1 pt the placement keeps clear
    of a marker, so every label's first place was refused and large print set each below its point or beside it."""
    chart = {
        "chart": {
            "kind": "line",
            "title": "A level line",
            "x_axis": "Place",
            "y_axis": {"label": "Posts", "unit": "posts"},
            "series": [{"name": "Posts", "points": [["North", "30.5"], ["Middle", "30.5"], ["South", "30.5"]]}],
            "caption": "Source: the report [@alpha].",
            "alt": "Line chart of posts in three places.",
        }
    }
    pack = write_pack(tmp_path / "pack", [{"title": "Posts", "blocks": [{"paragraph": "Posts [@alpha]."}, chart]}])
    out = tmp_path / "out.pdf"
    build(pack, out, BuildOptions(large_print=large))
    with pdfplumber.open(out) as pdf:
        page = next(p for p in pdf.pages if "A level line" in (p.extract_text() or ""))
        marks = [c for c in page.curves + page.rects if 3 < c["width"] < 14 and 3 < c["height"] < 14]
        marks = list({(round(m["x0"], 1), round(m["top"], 1)): m for m in marks}.values())
        labels = [
            w for w in page.extract_words() if w["text"] == "30.5" and any(w["x0"] < m["x1"] and m["x0"] < w["x1"] for m in marks)
        ]
    assert len(marks) == 3 and len(labels) == 3, (marks, labels)
    for w in labels:
        mark = next(m for m in marks if w["x0"] < m["x1"] and m["x0"] < w["x1"])
        assert -1.0 < mark["top"] - w["bottom"] < 4.0, (w["text"], mark["top"] - w["bottom"])


def _on_an_axis(at: ChartLayout, text: ChartText) -> list[str]:
    """Every placed label whose words an axis line runs through: the category axis (at zero when the values
    go below it, else along the plot's foot) and the value axis up the plot's left edge."""
    plot = at.plot
    base = plot.y(0) if plot.lo < 0 < plot.hi else plot.bottom
    axes = [(plot.left, base, plot.left + plot.width, base), (plot.left, plot.bottom, plot.left, plot.bottom + plot.height)]
    out = []
    for label in at.labels:
        if label is None:
            continue
        box = text_box(label.x, label.baseline, _measure(label.text, text.size, True), text.size, "middle")
        if any(crosses(box, axis) for axis in axes):
            out.append(f"{label.text!r} at ({label.x:.1f}, {label.baseline:.1f})")
    return out


@pytest.mark.parametrize("text", [STANDARD, LARGE], ids=["standard", "large-print"])
def test_no_value_label_sits_on_an_axis_line(text: ChartText) -> None:
    """Generated pack 86002 in large print: '35.0', beside its point near zero, printed with the category axis
    through the foot of its digits.  An axis line is as hard to read through as a series' line.  The same 300
    random charts as test_every_value_label_is_near_its_own_point (on the code before the fix, labels of 185 of
    them in standard print and 63 in large print sat on an axis)."""
    for n, (_, at) in enumerate(random_charts(text)):
        assert not _on_an_axis(at, text), (n, _on_an_axis(at, text))
