"""A rinohtype-style regression test: a tiny pack, a text log of what went on which page (body lines,
the note rule, the notes with their numbers and reference text), compared with an expected file, so
a change in behaviour shows as a readable diff.  After a change made on purpose, rewrite the file with
`BRIEFING_UPDATE_LAYOUT=1 python -m pytest tests/test_layout_log.py` and review its diff in the commit.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any, cast

import pdfplumber

from briefing.pipeline import BuildOptions, build
from tests import pdfread
from tests.packs import SOURCES, write_pack

EXPECTED = Path(__file__).parent / "layout" / "notes_and_references.txt"
NOTE_RULE_WIDTH = 0.5  # the note separator's line width (header and footer rules are thinner)

SOURCES_ACCESSED: list[dict[str, Any]] = [
    {**s, "accessed": "2026-11-01"} if s["id"] == "beta" else s for s in cast(list[dict[str, Any]], SOURCES)
]
SECTIONS: list[dict[str, Any]] = [
    {
        "id": "background",
        "title": "Background",
        "blocks": [
            {
                "paragraph": "The council met in July [@alpha, p. 3]. It met again in August [@alpha, p. 4]. "
                "Two accounts agree on the date [@beta; @gamma, p. 2]. The statement followed [@beta]."
            },
            {
                "table": {
                    "caption": "Meetings [@gamma, p. 5]",
                    "header": ["Month", "Meeting"],
                    "rows": [["July", "First"], ["August", "Second"]],
                }
            },
        ],
    },
    {
        "id": "findings",
        "title": "Findings",
        "blocks": [
            {"paragraph": "As [#background] sets out, the review came later [@alpha, p. 9]."},
        ],
    },
]


def _page_log(number: int, page: pdfplumber.page.Page) -> list[str]:
    lines = sorted((ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5), key=lambda ln: ln["top"])
    rules = [ln for ln in lines[1:-1] if abs(float(ln.get("linewidth", 0)) - NOTE_RULE_WIDTH) < 0.01]
    out = [f"== page {number}"]
    if not rules:
        return out + [f"   {t}" for t in (page.extract_text() or "").splitlines()]
    rule = rules[0]
    full = rule["x1"] - rule["x0"] > 0.75 * (lines[0]["x1"] - lines[0]["x0"])
    above = page.crop((0, 0, page.width, rule["top"])).extract_text(y_tolerance=6) or ""
    below = page.crop((0, rule["top"] + 1, page.width, page.height)).extract_text() or ""
    return (
        out
        + [f"   {t}" for t in above.splitlines()]
        + [f"-- note rule: {'full' if full else 'short'}"]
        + [f"   {t}" for t in below.splitlines()]
    )


def layout_log(pdf: Path) -> str:
    with pdfread.open(str(pdf)) as doc:
        return "\n".join(line for i, page in enumerate(doc.pages, 1) for line in _page_log(i, page)) + "\n"


def test_notes_and_references_layout_log(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", SECTIONS, SOURCES_ACCESSED)
    out = tmp_path / "out.pdf"
    build(pack, out, BuildOptions())
    log = layout_log(out)
    if os.environ.get("BRIEFING_UPDATE_LAYOUT"):
        EXPECTED.write_text(log, encoding="utf-8")
    expected = EXPECTED.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), log.splitlines(True), str(EXPECTED), "built"))
    assert not diff, "the layout log changed:\n" + diff
