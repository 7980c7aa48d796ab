"""A timeline's phase name wider than the whole axis wraps to it, inside the drawing and the text block.

The soak's 60050-large: a phase named "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz
concerns" was set on one line, 54 pt past the text block's right edge (a name is placed after its bar, before
it, or over its start, and clamped to the axis, which a name wider than the axis cannot be).
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from briefing.pipeline import BuildOptions, build
from briefing.style import load_style
from tests.packs import write_pack

LONG = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz concerns"


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-print"])
def test_a_phase_name_wider_than_the_axis_wraps_inside_the_text_block(tmp_path: Path, large: bool) -> None:
    events = [{"date": "2001", "label": "Housing failed"}, {"date": "2012", "label": "Paperwork"}]
    chart = {
        "timeline_chart": {
            "title": "Costs carried forward",
            "caption": "From the report [@alpha].",
            "alt": "A time line of two events.",
            "events": events,
            "phases": [{"label": LONG, "from": "2004", "to": "2006"}],
        }
    }
    pack = write_pack(tmp_path / "pack", [{"title": "Costs", "blocks": [{"paragraph": "Costs [@alpha]."}, chart]}])
    out = tmp_path / "out.pdf"
    build(pack, out, BuildOptions(large_print=large))
    sheet = load_style("default")
    with pdfplumber.open(out) as pdf:
        page = next(p for p in pdf.pages if "Costs carried forward" in (p.extract_text() or ""))
        left, right = sheet.mm("margin_left_mm"), page.width - sheet.mm("margin_right_mm")
        text = page.extract_text() or ""
        name = [
            c
            for c in page.chars
            if c["text"] in "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz" and c["top"] > 0
        ]
    assert name and all(left - 1 <= c["x0"] and c["x1"] <= right + 1 for c in name), max(c["x1"] for c in name) - right
    assert "concerns" in text and "Rindfleisch" in text
