"""A bar's value label sits at its own bar's end or is left out (its value is in the data table).

Found by looking at generated pack 85021 in large print (the handout): a bar chart's labels, wider than their
bars, were sent up to three lines above their bar to find room, so the plot wore a cloud of numbers: '40.0%' sat
33 pt above its own short bar and level with the top of the neighbouring 368% bar, where it reads as that bar's
value; '256.0%' sat 48 pt above its bar.  A line chart's labels learned this rule before
(test_chart_labels_near.py): a label is within a line of labels (`near_reach`) of its bar's end, and no other
bar's end is nearer to it.
"""

from __future__ import annotations

import random
from pathlib import Path

import pdfplumber
import pytest

from briefing.geometry.chart import layout
from briefing.geometry.chart_parts import ChartLayout, ChartText
from briefing.geometry.labels import Box, gap, text_box
from briefing.model import Axis, Chart, DataPoint, Series
from briefing.pipeline import BuildOptions, build
from tests.packs import write_pack


def _measure(words: str, size: float, bold: bool = False) -> float:
    return len(words) * size * (0.55 if bold else 0.5)


STANDARD = ChartText(size=8.5, tick=8, title=8.5, line_gap=1.22, label_gap=3, bar_width=0.62, marker=5.5, ticks=5)
LARGE = ChartText(size=14, tick=14, title=14, line_gap=1.22, label_gap=4, bar_width=0.62, marker=8, ticks=5)


def reach(text: ChartText) -> float:
    """A line of labels: the label's size, the gap it keeps from its bar and 1 pt."""
    return text.label_gap + text.size + 1


def _bar_chart(rng: random.Random) -> Chart:
    """Up to three series of up to seven bars, values up to 600% (a few below zero), named categories."""
    n = rng.randint(2, 7)
    top = rng.choice([100, 500, 600])
    negative = rng.random() < 0.2
    series = []
    for s in range(rng.randint(1, 3)):
        points = []
        for i in range(n):
            y = round(rng.uniform(-top / 3 if negative else 0, top), rng.choice([0, 1]))
            points.append(DataPoint(f"Place {i}", None, y, str(y), None))  # type: ignore[arg-type]
        series.append(Series(f"Series {s}", tuple(points), None))  # type: ignore[arg-type]
    return Chart("bar", "A chart", Axis("Things"), Axis("Amount", unit="%", suffix="%"), tuple(series), (), "", (), None)  # type: ignore[arg-type]


def _far_labels(at: ChartLayout, text: ChartText) -> list[str]:
    """Every placed label further than a line of labels from its bar's end, or nearer another bar's end."""
    ends = [Box(b.x0, b.y1, b.x1, b.y1) if p.y >= 0 else Box(b.x0, b.y0, b.x1, b.y0) for _, p, b in at.bars]
    out = []
    for i, label in enumerate(at.labels):
        if label is None:
            continue
        box = text_box(label.x, label.baseline, _measure(label.text, text.size, True), text.size, "middle")
        mine = gap(box, ends[i])
        nearer = [j for j, e in enumerate(ends) if j != i and gap(box, e) < mine - 1e-6]
        if mine > reach(text) + 1e-6 or nearer:
            out.append(f"{label.text!r} {mine:.1f} pt from its bar" + (f", nearer bar {nearer[0]}" if nearer else ""))
    return out


@pytest.mark.parametrize(("text", "share"), [(STANDARD, 0.6), (LARGE, 0.4)], ids=["standard", "large-print"])
def test_every_bar_value_label_is_at_its_own_bars_end(text: ChartText, share: float) -> None:
    """Random crowded charts (up to 21 bars in 180 pt): no label far from its bar, and still most bars labelled in
    standard print (75%; 72% when labels went up to three lines out) and half in large print (47%; 46%)."""
    rng = random.Random(7)
    placed = total = 0
    for n in range(300):
        block = _bar_chart(rng)
        at = layout(block, rng.choice([180.0, 260.0, 420.0]), rng.choice([175.0, 240.0]), text, _measure)
        assert not _far_labels(at, text), (n, _far_labels(at, text))
        placed += sum(label is not None for label in at.labels)
        total += len(at.labels)
    assert placed > share * total


# generated pack 85021's chart, which the handout printed in large print with labels far from their bars
CROWDED = {
    "Delays 1": [378.2, 66.2, 171.7, 489.9, 366.0, 322.0, 40.0],
    "Schools rising 2": [256.0, 14.9, 370.0, 387.0, 103.0, 368.0, 287.4],
}
PLACES = ["Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz found", "Agencies", "Families", "And child"]
PLACES += ["Temporary", "Found", "Schools had visits"]


def _pdf_far_labels(page: pdfplumber.page.Page, values: set[float]) -> list[str]:
    """The value labels printed on the chart further than a line of labels (their height and 6 pt) from the top of
    a bar of their value, or nearer the top of another bar: bars are the filled rectangles above the 0% tick."""
    words = page.extract_words()
    zero = next(w for w in words if w["text"] == "0%")
    base = (zero["top"] + zero["bottom"]) / 2
    bars = [r for r in page.rects if r["width"] > 3 and r["bottom"] < base + 2 and r["bottom"] > base - 2 and r["height"] > 0.4]
    tops = [Box(r["x0"], r["top"], r["x1"], r["top"]) for r in bars]
    table = min((w["top"] for w in words if w["text"] == "Temporary" and w["top"] > zero["bottom"] + 20), default=1e9)
    out = []
    for w in words:
        if not w["text"].endswith("%") or w["top"] >= zero["top"] or w["top"] > table:
            continue
        try:
            value = float(w["text"][:-1])
        except ValueError:
            continue
        if value not in values:
            continue
        box = Box(w["x0"], w["top"], w["x1"], w["bottom"])
        heights = {round(r["height"], 1) for r in bars}
        scale = max(r["height"] for r in bars) / max(values)  # points per percent
        own = [t for t, r in zip(tops, bars, strict=True) if abs(r["height"] - value * scale) < 1.0]
        assert own, (w["text"], heights)
        mine = min(gap(box, t) for t in own)
        if mine > (w["bottom"] - w["top"]) + 6 or any(gap(box, t) < mine - 0.5 for t in tops if t not in own):
            out.append(f"{w['text']} {mine:.0f} pt from its bar")
    return out


@pytest.mark.parametrize(
    "options",
    [BuildOptions(large_print=True), BuildOptions(large_print=True, variant="summary")],
    ids=["large-print", "large-print-summary"],
)
def test_a_crowded_bar_charts_labels_in_the_pdf_sit_on_their_bars(tmp_path: Path, options: BuildOptions) -> None:
    """Seven categories of two series, labels wider than the bars: every label printed on the chart is at the top
    of a bar of its value, and no other bar's top is nearer to it."""
    chart = {
        "chart": {
            "kind": "bar",
            "title": "Delays by place",
            "x_axis": "Year",
            "y_axis": {"label": "Delays", "unit": "%", "suffix": "%"},
            "series": [
                {"name": name, "points": [[p, f"{v}"] for p, v in zip(PLACES, vs, strict=True)]} for name, vs in CROWDED.items()
            ],
            "caption": "Source: the report [@alpha].",
            "alt": "Bar chart of delays in seven places.",
        }
    }
    section = {"title": "Delays", "summary": True, "blocks": [{"paragraph": "Delays [@alpha]."}, chart]}
    pack = write_pack(tmp_path / "pack", [section])
    out = tmp_path / "out.pdf"
    build(pack, out, options)
    values = {v for vs in CROWDED.values() for v in vs}
    with pdfplumber.open(out) as pdf:
        page = next(p for p in pdf.pages if "Delays by place" in (p.extract_text() or ""))
        assert not _pdf_far_labels(page, values)


def _first_line_labels(out: Path, title: str) -> tuple[list[float], int]:
    """How far (pt) each value label's foot on the chart titled `title` is above the top of the bar of its value,
    and how many bars there are."""
    with pdfplumber.open(out) as pdf:
        page = next(p for p in pdf.pages if title in (p.extract_text() or ""))
        words = page.extract_words()
        zero = next(w for w in words if w["text"] in ("0", "0%"))
        base = (zero["top"] + zero["bottom"]) / 2
        drawn = [r for r in page.rects if r["width"] > 3 and abs(r["bottom"] - base) < 2 and r["height"] > 0.4]
        bars = list({(round(r["x0"], 1), round(r["top"], 1)): r for r in drawn}.values())  # filled, then outlined
        labels = [  # the values over the bars (the data table beside the chart has them too)
            w
            for w in words
            if w["text"].endswith(".5") and w["bottom"] < base and any(w["x0"] < r["x1"] and r["x0"] < w["x1"] for r in bars)
        ]
    scale = max(r["height"] for r in bars) / 45.5
    out_gaps = []
    for w in labels:
        bar = next(r for r in bars if abs(r["height"] - float(w["text"]) * scale) < 1.0)
        out_gaps.append(bar["top"] - w["bottom"])
    return out_gaps, len(bars)


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-print"])
def test_a_bars_value_sits_right_over_it_when_nothing_is_in_the_way(tmp_path: Path, large: bool) -> None:
    """Three bars far apart: each value is printed on the line right over its bar.  At 14 pt a label's descent
    (3.1 pt) in the sheet's 3.6 pt gap came within the 1 pt the placement keeps clear of a bar, so every label's
    first place was refused and large print set each a line (15 pt) higher."""
    chart = {
        "chart": {
            "kind": "bar",
            "title": "Three bars",
            "x_axis": "Place",
            "y_axis": {"label": "Posts", "unit": "posts"},
            "series": [{"name": "Posts", "points": [["North", "20.5"], ["Middle", "45.5"], ["South", "30.5"]]}],
            "caption": "Source: the report [@alpha].",
            "alt": "Bar chart of posts in three places.",
        }
    }
    pack = write_pack(tmp_path / "pack", [{"title": "Posts", "blocks": [{"paragraph": "Posts [@alpha]."}, chart]}])
    out = tmp_path / "out.pdf"
    build(pack, out, BuildOptions(large_print=large))
    gaps, bars = _first_line_labels(out, "Three bars")
    assert bars == 3 and len(gaps) == 3, (bars, gaps)
    assert all(-1.0 < g < 4.0 for g in gaps), gaps
