"""Plain ReportLab laying out a pack's words: the floors the benchmark measures briefing against.

    python benchmarks/floor.py INPUT.json        # prints the pages

INPUT (written by benchmarks/peers.py, `write_floor_input`) holds the fonts, the items to lay out and the PDF to
write.  An item is a paragraph, `["p", style, text]`, or a table, `["t", rows]` (rows of plain cell texts, the
first the header, repeated on each page).  The styles are the default sheet's sizes: body 12 pt Source Serif,
notes 9 pt, table cells 10 pt, headings in Source Sans.  No hyphenation, no footnote placement, no tagging, no
object streams: what ReportLab itself costs to set and write those words.

It imports nothing of briefing, so run as a script (a fresh process, timed exactly like `briefing build`) its
time is ReportLab's own; benchmarks/watch.py calls `lay_out` in its own warm process.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

STYLES = {
    "body": ParagraphStyle("body", fontName="serif", fontSize=12, leading=16.2, spaceAfter=6, alignment=4),
    "note": ParagraphStyle("note", fontName="serif", fontSize=9, leading=11.5, spaceAfter=2),
    "cell": ParagraphStyle("cell", fontName="serif", fontSize=10, leading=13),
    "h1": ParagraphStyle("h1", fontName="sans", fontSize=17, leading=21, spaceBefore=16, spaceAfter=8),
    "h2": ParagraphStyle("h2", fontName="sans", fontSize=13.5, leading=17, spaceBefore=12, spaceAfter=5),
    "h3": ParagraphStyle("h3", fontName="sans", fontSize=11.5, leading=15, spaceBefore=9, spaceAfter=3),
}
_GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0.5, 0.5, 0.5))])


def register(fonts: dict[str, str]) -> None:
    pdfmetrics.registerFont(TTFont("serif", fonts["serif"]))
    pdfmetrics.registerFont(TTFont("sans", fonts["sans"]))


def lay_out(items: list[list[Any]], out: str) -> int:
    """Lay out and write `items` (fonts registered first); the number of pages."""
    story: list[Flowable] = []
    for item in items:
        if item[0] == "p":
            story.append(Paragraph(escape(item[2]), STYLES[item[1]]))
        else:
            cells = [[Paragraph(escape(c), STYLES["cell"]) for c in row] for row in item[1]]
            story.append(Table(cells, repeatRows=1, style=_GRID))
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=33 * mm, rightMargin=33 * mm, topMargin=25 * mm, bottomMargin=25 * mm, invariant=1
    )
    doc.build(story)
    return int(doc.page)


if __name__ == "__main__":
    fonts, items, out = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    register(fonts)
    print(lay_out(items, out))
