"""Remembered string widths in front of ReportLab's `stringWidth`, same values.

Breaking a paragraph's lines measures each word (`_getFragWords`, `breakLines`) and drawing measures each
line again (`_putFragLine`); the same words recur through a pack, in every re-wrap at another width and in
both layouts of a pack whose notes are numbered again.  The default pack measures about 31,000 strings, of
which 4,500 differ.  ReportLab answers each through two Python calls (`stringWidth`, `getFont`) before its C
measure; here a width once measured is looked up by (text, font name, size, encoding).

A width depends on the text, the font, the size and the encoding alone.  It is reused only while the font
registered under the name is the one it was measured with (a name registered again is measured again), and
only for plain `str` text: a shaped string (`ShapedStr`) equals its plain text but is measured by its glyphs.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph

_FAST = "_briefing_fast"
_MAX_KEPT = 100_000  # then start again: a long pack's words would otherwise all stay in memory


def install() -> None:
    """Put the remembered widths in front of ReportLab's `stringWidth` (once a process), where paragraphs and the
    canvas call it."""
    if getattr(pdfmetrics.stringWidth, _FAST, False):
        return
    slow = pdfmetrics.stringWidth
    registered = pdfmetrics._fonts  # noqa: SLF001 - the registry getFont reads first
    kept: dict[tuple[str, str, float, str], tuple[float, Any]] = {}

    def stringWidth(text: Any, fontName: str, fontSize: float, encoding: str = "utf8") -> Any:  # noqa: N802, N803
        if text.__class__ is not str:
            return slow(text, fontName, fontSize, encoding)
        key = (text, fontName, fontSize, encoding)
        hit = kept.get(key)
        if hit is not None and registered.get(fontName) is hit[1]:
            return hit[0]
        width = slow(text, fontName, fontSize, encoding)
        if len(kept) >= _MAX_KEPT:
            kept.clear()
        kept[key] = (width, registered.get(fontName))
        return width

    setattr(stringWidth, _FAST, True)
    pdfmetrics.stringWidth = stringWidth
    paragraph.stringWidth = stringWidth  # type: ignore[attr-defined]
