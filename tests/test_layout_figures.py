"""Figures keep their words apart and inside the figure (issue 16 fail-8; issue 14's split; issue 13 large print).

Charts with crowded categories, close dates, two series with near values and grouped bars are built
and read back with pdfplumber: no two glyphs overlap and none leaves the drawing or the text block.
The layout itself is pure geometry: it is checked here without ReportLab on generated charts.
"""

from __future__ import annotations

import random
import subprocess
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from briefing.geometry.chart import layout
from briefing.geometry.chart_parts import ChartText
from briefing.geometry.labels import Box, text_box
from briefing.model import Axis, Chart, DataPoint, PartialDate, Series
from briefing.pipeline import BuildOptions, build
from briefing.style import load_style
from tests.packs import write_pack

CATEGORIES = ["Safeguarding", "Commissioning", "Responsibilities", "Administration", "Reconfiguration", "Accountabilities"]


def bar_chart(series: int = 1) -> dict[str, Any]:
    return {
        "chart": {
            "kind": "bar",
            "title": "Vacancies by service",
            "x_axis": "Service",
            "y_axis": {"label": "Vacancies", "unit": "posts"},
            "series": [
                {
                    "name": f"Year {2008 + s}",
                    "points": [[c, str(12 - i + s * 3 + (i % 2) * 40)] for i, c in enumerate(CATEGORIES)],
                }
                for s in range(series)
            ],
            "caption": "Source: the council's figures [@alpha].",
            "alt": "Bar chart of vacancies in six services.",
        }
    }


LINE = {
    "chart": {
        "kind": "line",
        "title": "Vacancy rates, social workers and team managers",
        "x_axis": "Month of the figure",
        "y_axis": {"label": "Vacancy rate", "unit": "%"},
        "series": [
            {
                "name": "Social workers",
                "points": [
                    ["2006-04", "24"],
                    ["2007-11", "21"],
                    ["2008-01", "23"],
                    ["2009-10", "18"],
                    ["2010-02", "16"],
                    ["2010-04", "15"],
                ],
            },
            {
                "name": "Team managers",
                "points": [
                    ["2006-04", "22"],
                    ["2007-11", "21"],
                    ["2008-01", "22"],
                    ["2009-10", "17"],
                    ["2010-02", "16"],
                    ["2010-04", "15"],
                ],
            },
        ],
        "caption": "Source: the council's figures [@alpha].",
        "alt": "Line chart of vacancy rates from 2006 to 2010 for social workers and team managers.",
    }
}


def _figure_chars(path: Path) -> tuple[list[dict[str, Any]], float, float]:
    """The glyphs between a figure's title and its caption, and the text block's left and right edges."""
    sheet = load_style("default")
    left, right = sheet.mm("margin_left_mm"), 595.28 - sheet.mm("margin_right_mm")
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            title = next((w for w in words if w["text"] == "Figure"), None)
            caption = next((w for w in words if w["text"] == "Source:"), None)
            if title and caption:
                chars = [
                    dict(c)
                    for c in page.chars
                    if title["bottom"] < c["top"] and c["bottom"] < caption["top"] and c["text"].strip()
                ]
                return chars, left, right
    raise AssertionError("no figure found")


def _collisions(chars: list[dict[str, Any]]) -> list[str]:
    out = []
    for a, b in combinations(chars, 2):
        if min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 0.6 and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.6:
            out.append(f"{a['text']}@{a['x0']:.0f},{a['top']:.0f} / {b['text']}@{b['x0']:.0f},{b['top']:.0f}")
    return out


@pytest.mark.parametrize(
    ("name", "block", "large"),
    [
        ("bar", bar_chart(), False),
        ("bar-large", bar_chart(), True),
        ("two-series-bar", bar_chart(2), False),
        ("three-series-bar", bar_chart(3), False),
        ("line", LINE, False),
        ("line-large", LINE, True),
    ],
)
def test_no_two_glyphs_of_a_chart_overlap_and_none_leaves_it(
    tmp_path: Path, name: str, block: dict[str, Any], large: bool
) -> None:
    pack = write_pack(tmp_path / "pack", [{"title": "Workforce", "blocks": [block]}])
    out = tmp_path / f"{name}.pdf"
    build(pack, out, BuildOptions(large_print=large))
    chars, left, right = _figure_chars(out)
    assert chars
    crossing = _collisions(chars)
    assert not crossing, f"{len(crossing)} overlapping glyph pairs, e.g. {crossing[:4]}"
    outside = [c["text"] for c in chars if c["x0"] < left - 0.5 or c["x1"] > right + 0.5]
    assert not outside, f"glyphs outside the text block: {outside}"
    if large:
        floor = load_style("default", looks=("large-print",)).typed.output.min_size
        small = sorted({round(c["size"], 1) for c in chars if c["size"] < floor - 0.05})
        assert not small, f"large print: chart text at {small} pt, under the {floor} pt floor"


def test_bar_value_labels_keep_off_the_neighbouring_bars(tmp_path: Path) -> None:
    block = bar_chart(3)
    for s, series in enumerate(block["chart"]["series"]):  # a low bar beside a tall one: its label once crossed it
        series["points"] = [[c, "10.25" if s != 1 else "57.75"] for c, _ in series["points"]]
    pack = write_pack(tmp_path / "pack", [{"title": "Workforce", "blocks": [block]}])
    out = tmp_path / "bars.pdf"
    build(pack, out)
    chars, _, _ = _figure_chars(out)
    with pdfplumber.open(str(out)) as pdf:
        page = next(p for p in pdf.pages if "Figure" in (p.extract_text() or ""))
        bars = [r for r in page.rects if r["height"] > 2 and 2 < r["width"] < 40 and r.get("non_stroking_color")]
    labels = [c for c in chars if c["text"].isdigit() and c["fontname"].endswith("Semibold")]
    assert bars and labels
    hits = [
        (c["text"], round(c["x0"]))
        for c in labels
        for r in bars
        if min(c["x1"], r["x1"]) - max(c["x0"], r["x0"]) > 0.5 and min(c["bottom"], r["bottom"]) - max(c["top"], r["top"]) > 0.5
    ]
    assert not hits, f"value labels printed over bars: {hits[:5]}"


# ------------------------------------------------------------------ the geometry alone


def _measure(words: str, size: float, bold: bool = False) -> float:
    return len(words) * size * (0.55 if bold else 0.5)


TEXT = ChartText(size=8.5, tick=8, title=8.5, line_gap=1.22, label_gap=3, bar_width=0.62, marker=5.5, ticks=5)


def _random_chart(rng: random.Random) -> Chart:
    kind = rng.choice(["bar", "line"])
    n = rng.randint(1, 9)
    dated = kind == "line" and rng.random() < 0.7
    if dated:
        months = sorted(rng.sample(range(2000 * 12, 2012 * 12), n))
        xs = [f"{m // 12}-{m % 12 + 1:02d}" for m in months]
    else:
        xs = [rng.choice(CATEGORIES) + str(i) for i in range(n)]
    series = []
    for s in range(rng.randint(1, 3)):
        points = []
        for x in xs:
            y = round(rng.uniform(-5 if rng.random() < 0.2 else 0, 100), rng.choice([0, 1]))
            points.append(DataPoint(x, PartialDate(int(x[:4]), int(x[5:])) if dated else None, y, str(y), None))  # type: ignore[arg-type]
        series.append(Series(f"Series {s}", tuple(points), None))  # type: ignore[arg-type]
    return Chart(kind, "A chart", Axis("Things"), Axis("Amount", unit="%"), tuple(series), (), "", (), None)  # type: ignore[arg-type]


def test_generated_charts_place_every_word_apart_and_inside() -> None:
    rng = random.Random(16)
    for _ in range(150):
        block = _random_chart(rng)
        width = rng.choice([180.0, 260.0, 420.0])
        at = layout(block, width, 175.0, TEXT, _measure)
        frame = Box(0, 0, width, 175.0)
        boxes = [
            text_box(lab.x, lab.baseline, _measure(lab.text, TEXT.size, True), TEXT.size, "middle")
            for lab in at.labels
            if lab is not None
        ]
        lead = TEXT.leading(TEXT.tick)
        for lab in at.x_labels:
            top = at.x_label_top - lab.row * at.x_row_depth
            boxes += [
                text_box(lab.centre, top - TEXT.tick * 0.8 - i * lead, _measure(line, TEXT.tick), TEXT.tick, "middle")
                for i, line in enumerate(lab.lines)
            ]
        for a, b in combinations(boxes, 2):
            assert not a.overlaps(b), (block, a, b)
        for b in boxes:
            assert b.inside(frame), (block, b)
        placed = sum(lab is not None for lab in at.labels)
        per_mark = at.plot.width / len(at.labels)
        if per_mark > TEXT.size * 3:  # room for a value beside each of its neighbours'
            assert placed >= 0.6 * len(at.labels), "most values are labelled on the chart"


def test_geometry_does_not_import_reportlab() -> None:
    code = (
        "import sys, briefing.geometry.chart, briefing.geometry.timeline, briefing.geometry.labels; "
        "print(any(m.startswith('reportlab') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_no_import_cycle_between_blocks_and_figures() -> None:
    root = Path(__file__).resolve().parent.parent / "briefing" / "render"
    figures = "".join(p.read_text(encoding="utf-8") for p in (root / "figures").glob("*.py"))
    assert "render.blocks" not in figures.replace("(render/blocks.py)", "")


def test_no_figure_module_over_500_lines_or_function_over_60() -> None:
    import ast

    root = Path(__file__).resolve().parent.parent / "briefing"
    for path in [
        *(root / "render" / "figures").glob("*.py"),
        *(root / "geometry").glob("*.py"),
        root / "render" / "linebreak.py",
    ]:
        source = path.read_text(encoding="utf-8")
        assert source.count("\n") <= 500, path
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                assert length <= 60, f"{path.name}:{node.name} is {length} lines"
