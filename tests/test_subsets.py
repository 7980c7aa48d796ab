"""The fast path for mapping text runs to the embedded subsets' codes (render/subsets.py) gives ReportLab's
own bytes: run for run, for text seen before, new characters, no-break spaces, characters the font lacks and
characters past the first subset's 256 codes (which start a second subset)."""

from __future__ import annotations

from reportlab.pdfbase.ttfonts import TTFont

from briefing import glyphs
from briefing.render import subsets

SERIF = str(glyphs.package_font("font_source_serif_pro:SourceSerifPro-Regular.ttf"))  # the default sheet's
RUNS = [
    "Hello world",
    "Hello\u00a0world",
    "world Hello",
    "caf\u00e9 \u2014 na\u00efve",
    "\u4e2d\u6587 text",
    "Hello world",
    *("".join(chr(c) for c in range(start, start + 40)) for start in range(0xA0, 0x180, 28)),
    "\u00a0",
    "Hello \u0100\u0101 world",
    "x\u00a0y z",
    "Hello world",
]


class _Doc:
    """Stands for a PDF document: fonts keep their subsets per document (weakly)."""


def test_every_run_maps_to_reportlabs_own_bytes() -> None:
    subsets.install()
    fast, slow = TTFont("SubsetsFast", SERIF), TTFont("SubsetsSlow", SERIF)
    original = TTFont.splitString.__closure__  # the fast path wraps ReportLab's function
    assert original is not None
    own = next(c.cell_contents for c in original if callable(c.cell_contents))
    doc_a, doc_b = _Doc(), _Doc()
    got = [fast.splitString(run, doc_a) for run in RUNS]
    want = [own(slow, run, doc_b) for run in RUNS]
    assert got == want
    assert any(subset > 0 for runs in want for subset, _ in runs)  # the test reached a second subset
    assert fast.state[doc_a].assignments == slow.state[doc_b].assignments
