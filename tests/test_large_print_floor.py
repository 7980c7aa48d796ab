"""--large-print: every word a reader reads (body, notes, tables, figure labels, the handout's notes) is at or
above the 14 pt floor; only the superscript note markers and the page furniture in the margins (running head,
page number, marking: placed for their own size) are smaller.  Read from the PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.pipeline import BuildOptions, build
from tests import pdfread
from tests.packs import write_pack

FLOOR = 14 - 0.05
SECTIONS = [
    {
        "title": "Housing",
        "summary": True,
        "blocks": [
            {"paragraph": "The budget was set in April 2025 [@alpha] and the council made a statement [@beta]."},
            {
                "chart": {
                    "kind": "bar",
                    "title": "Families waiting",
                    "x_axis": "Year",
                    "y_axis": {"label": "Families", "unit": "number"},
                    "series": [{"name": "Families", "points": [["2024", "120"], ["2025", "95"]]}],
                    "caption": "The council's figures [@beta].",
                    "alt": "Bar chart: 120 families in 2024, 95 in 2025.",
                }
            },
            {"table": {"header": ["Measure", "Figure"], "rows": [["Families housed", "40"]], "caption": "Housed [@beta]."}},
        ],
    }
]


@pytest.mark.parametrize("variant", ["full", "summary"])
def test_every_word_but_the_note_markers_is_at_the_floor(tmp_path: Path, variant: str) -> None:
    root = write_pack(tmp_path / "pack", SECTIONS)
    out = tmp_path / "large.pdf"
    build(root, out, BuildOptions(large_print=True, variant=variant))
    small: list[tuple[int, str, float]] = []
    note_words = 0
    with pdfread.open(str(out)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            rules = sorted(ln["top"] for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5)
            head, foot = (rules[0], rules[-1]) if rules else (0.0, float(page.height))
            for word in page.extract_words(extra_attrs=["size"]):
                if word["top"] <= head or word["top"] >= foot:
                    continue  # the running head above its rule, the page number below the footer's
                marker = word["text"].strip(",").isdigit() and word["size"] > 11.5  # a raised note number: 12-12.4 pt
                if word["size"] < FLOOR and not marker:
                    small.append((number, word["text"], round(word["size"], 1)))
                note_words += word["text"] in ("report", "statement")  # words of the notes' references
    assert note_words, "no note was found"
    assert small == [], small[:10]
