"""A bar chart's data table goes beside the chart only when it is no taller than the drawing may be: beside it, the
two are one row that cannot split, and long category names wrap deep in the narrow column.  The soak's pack
170251 (A4) was refused ("row 1 of this table is 768 pt tall"), its chart valid; now the table goes under the
chart at the full width, where it splits over pages like any table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests import pdfread
from tests.packs import write_pack
from tests.verify import build_and_verify

LONG = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"


def deep_chart(names: list[str] | None = None, title: str = "Checks by category") -> dict[str, Any]:
    """A bar chart whose category names (by default six, each three long words) wrap deep."""
    names = names or [f"Category {i} {LONG} and {LONG.lower()} in {LONG.upper()}" for i in range(1, 7)]
    return {
        "chart": {
            "kind": "bar",
            "title": title,
            "x_axis": "Category",
            "y_axis": {"label": "Checks"},
            "series": [{"name": "Checks", "points": [[n, str(10 * i)] for i, n in enumerate(names, 1)]}],
            "caption": "Source: the review [@alpha].",
            "alt": f"Bar chart of checks in {len(names)} categories.",
        }
    }


def test_a_chart_whose_narrow_table_would_outgrow_the_page_puts_it_under_the_chart(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack", [{"title": "Checks", "blocks": [deep_chart()]}])
    pdf = tmp_path / "out.pdf"
    assert build_and_verify(root, pdf, "full") == []  # refused before: "row 1 of this table is ... pt tall"
    with pdfread.open(str(pdf)) as doc:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in doc.pages)
    assert text.count("Category 6") >= 2, "each category is named in the chart's key and in its data table"
