"""The layout measures that used to be constants in code are style-sheet keys: a pack's sheet changes them,
and a wrong value is a positioned error."""

from __future__ import annotations

from pathlib import Path

from briefing.pipeline import BuildOptions, build, load_and_check
from briefing.style import MM
from tests import pdfread
from tests.test_style_pack import make_pack


def test_the_cover_details_label_column_comes_from_the_sheet(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", style="wide", sheets={"wide": "extends: default\ncover:\n  label_width: 0.5\n"})
    out = tmp_path / "wide.pdf"
    build(pack, out, BuildOptions())
    with pdfread.open(out) as doc:
        page = doc.pages[0]
        words = page.extract_words()
        label = next(w for w in words if w["text"] == "Reference")
        value = min((w for w in words if abs(w["top"] - label["top"]) < 2 and w is not label), key=lambda w: w["x0"])
        left, width = 33 * MM, page.width - 66 * MM
    assert abs(value["x0"] - (left + width * 0.5)) < 1, (value, left + width * 0.5)


def test_a_wrong_column_list_is_a_positioned_error(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "pack", style="bad", sheets={"bad": "extends: default\ntables:\n  timeline_columns: [1]\n"})
    errors = [str(d) for d in load_and_check(pack).errors]
    assert any(
        e.endswith("bad.yaml:3:21: error: 'tables.timeline_columns' must be a list of 2 relative widths above 0, such as [1, 3]")
        for e in errors
    ), errors
