"""tests/pdfread.py reads what pdfminer reads: the same glyphs and lines with the same floats, on the default pack
(text, tables, charts and timelines in form XObjects, pictures, links) and on a PDF it must leave to pdfminer."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from tests import pdfread


def test_the_fast_reader_reads_the_default_pack_as_pdfminer_does(default_pdf: Path) -> None:
    fast = list(pdfread.fast_pages(default_pdf))
    slow = list(pdfread.pdfminer_pages(default_pdf))
    assert len(fast) == len(slow) > 10
    for number, (mine, theirs) in enumerate(zip(fast, slow, strict=True), 1):
        assert mine[:2] == theirs[:2], f"page {number}: size"
        assert mine[2] == theirs[2], f"page {number}: glyphs differ"
        assert mine[3] == theirs[3], f"page {number}: lines differ"
    assert sum(len(p[2]) for p in fast) > 10_000 and sum(len(p[3]) for p in fast) > 100


def test_a_standard_font_is_left_to_pdfminer(tmp_path: Path) -> None:
    pdf = tmp_path / "helvetica.pdf"
    page = canvas.Canvas(str(pdf))
    page.setFont("Helvetica", 12)
    page.drawString(72, 700, "Plain words")
    page.line(72, 690, 300, 690)
    page.save()
    with pytest.raises(pdfread.Unsupported):
        list(pdfread.fast_pages(pdf))
    pages = list(pdfread.pages(pdf))
    assert "".join(c["text"] for c in pages[0][2]) == "Plain words"
    assert len(pages[0][3]) == 1
