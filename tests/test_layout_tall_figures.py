"""A chart is never taller than a page holds with its heading, title, caption and note, so it never parts from
them (issue 16, soak pack 4094 in large print: category names wrapped one syllable a line made a drawing a page
tall; its title stayed on one page under the heading, the drawing went on to the next).

Category names too deep for their slots are numbered under the ticks and named in a key under the chart; a key
too long to leave a plot is the data table's numbered rows.  Read back from the PDF with pdfplumber.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefing.geometry.chart import layout
from briefing.geometry.chart_parts import ChartText
from briefing.model import Axis, Chart, DataPoint, Series
from briefing.pipeline import BuildOptions, build
from tests import pdfread
from tests.generate import generate
from tests.packs import write_pack
from tests.verify import build_and_verify

LONG = [
    "Across borough",
    "Departments between",
    "Review vacancies",
    "Had",
    "Gęślą each",
    "Fewer sąd",
    "Placed",
    "Noted between pressures",
    "That to agencies",
    "Supercalifragilisticexpialidocious-and-then-some-more-hyphenated-words",
]


def _chart(names: list[str]) -> dict[str, Any]:
    return {
        "chart": {
            "kind": "line",
            "title": "While voluntary temporary police of accommodation housing departments supervision",
            "x_axis": "Where",
            "y_axis": {"label": "And placed"},
            "series": [
                {"name": f"Series {s}", "points": [[n, str(100 + 37 * i * (s + 1) % 400)] for i, n in enumerate(names)]}
                for s in range(3)
            ],
            "caption": "Source: the council's figures [@alpha].",
            "note": "With each figure to the council.",
            "alt": "Line chart of three series.",
        }
    }


def _pack(tmp_path: Path, names: list[str]) -> Path:
    sections = [
        {
            "title": "Housing",
            "blocks": [{"paragraph": "The council reported [@alpha]."}],
            "sections": [
                {"title": "Pressures", "sections": [{"title": "Coöperation child pressures", "blocks": [_chart(names)]}]}
            ],
        }
    ]
    return write_pack(tmp_path / "pack", sections)


def _pages_words(pdf_path: Path) -> list[list[dict[str, Any]]]:
    with pdfread.open(str(pdf_path)) as pdf:
        return [page.extract_words(extra_attrs=["size"]) for page in pdf.pages]


def _page_of(pages: list[list[dict[str, Any]]], text: str) -> int:
    found = [i for i, words in enumerate(pages) if any(w["text"] == text for w in words)]
    assert found, f"'{text}' not found"
    return found[0]


@pytest.mark.parametrize("large", [True, False])
def test_a_chart_with_long_category_names_stays_with_its_heading_title_and_caption(tmp_path: Path, large: bool) -> None:
    root = _pack(tmp_path, LONG)
    out = tmp_path / "out.pdf"
    build(root, out, BuildOptions(large_print=large))
    pages = _pages_words(out)
    heading = _page_of(pages, "Coöperation")
    title = _page_of(pages, "Figure")
    assert heading == title == _page_of(pages, "Source:") == _page_of(pages, "Note:"), (
        "the heading, the figure's title and its caption are not on one page"
    )
    words = pages[title]
    top = next(w for w in words if w["text"] == "Figure")["bottom"]
    bottom = next(w for w in words if w["text"] == "Source:")["top"]
    inside = [w for w in words if top < w["top"] and w["bottom"] < bottom]
    # the names are set whole in a key (a long word breaks at its hyphens), never a syllable a line
    assert any(w["text"] == "Departments" for w in inside), [w["text"] for w in inside][:40]
    assert not any(w["text"] in ("De-", "part-", "Acro-") for w in inside)
    if large:
        assert min(w["size"] for w in inside) >= 14 - 0.05, "a word of the figure is under the large-print floor"


def test_a_key_too_long_for_the_page_numbers_the_data_table_instead(tmp_path: Path) -> None:
    """30 categories (three series: 90 points) already make a key too long to leave a plot in large print (20 do);
    120 took five times as long to build, most of it placing 360 value labels."""
    names = [f"{LONG[i % len(LONG)]} number {i}" for i in range(30)]
    root = _pack(tmp_path, names)
    out = tmp_path / "out.pdf"
    build(root, out, BuildOptions(large_print=True))
    pages = _pages_words(out)
    title = _page_of(pages, "Figure")
    assert title == _page_of(pages, "Source:") == _page_of(pages, "Coöperation")
    with pdfread.open(str(out)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages[title:])
    assert "The numbers are the rows of the figure's data table." in text
    rows = [line.split() for line in text.splitlines()]
    assert ["1", "Across", "borough"] in [r[:3] for r in rows], "the data table's rows are not numbered"
    assert any(r[:1] == ["30"] and r[1].startswith("Supercal") for r in rows if len(r) > 1)


def test_category_labels_are_never_deeper_than_the_limit() -> None:
    text = ChartText(size=14.9, tick=14, title=14.9, line_gap=1.22, label_gap=5, bar_width=0.62, marker=9.6, ticks=5)
    points = tuple(DataPoint(n, None, float(10 + i), str(10 + i), None) for i, n in enumerate(LONG))  # type: ignore[arg-type]
    block = Chart(
        "line",
        "A chart",
        Axis("Where"),
        Axis("And placed"),
        (Series("One", points, None),),  # type: ignore[arg-type]
        (),
        "",
        (),
        None,
    )  # type: ignore[arg-type]

    def measure(words: str, size: float, bold: bool) -> float:
        return len(words) * size * 0.5

    at = layout(block, 408, 306, text, measure)
    assert max(len(lab.lines) for lab in at.x_labels) <= 3  # a few lines at most, never a syllable a line
    assert any("Departments between" in line for line in getattr(at, "key", [])), "no key names the categories"


def test_soak_pack_4094_in_large_print_has_no_stranded_heading(tmp_path: Path) -> None:
    pack = generate(4094, tmp_path / "pack")
    failures = build_and_verify(tmp_path / "pack", tmp_path / "out.pdf", "large", pack.expect("large"))
    assert failures == [], failures[:5]
