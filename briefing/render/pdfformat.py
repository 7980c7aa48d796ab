"""A fast path for ReportLab's serialisation of PDF objects (`reportlab.pdfbase.pdfdoc`), same bytes.

`canvas.getpdfdata()` formats every object of the file through three small functions, called for each
dictionary key and value: `format` (which type is this?), `PDFName` (escape a key) and `pdfdocEnc` (encode a
string in PDFDocEncoding through the codec registry).  A tagged pack has thousands of structure elements,
link annotations and destinations, so these are about 30,000 calls each; they were most of the 0.12 s that
serialising the default pack took.  Here:

- `format` answers at once for the plain types (bytes, str, int, float), as ReportLab's would, and hands
  everything else (PDF objects, bools, subclasses) to ReportLab's own;
- `PDFName` remembers the names it escaped (a function of the key alone; keys repeat: /Type, /S, /P, /K, ...);
- `pdfdocEnc` encodes ASCII text as ASCII, which is what PDFDocEncoding maps it to, except the eight codes
  0x18-0x1f that it maps to accents (those, and everything else, go through ReportLab's codec).
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc

_FAST = "_briefing_fast"
_NOT_ASCII_AS_IS = re.compile("[\x18-\x1f]")  # ASCII codes that PDFDocEncoding does not map to themselves


def install() -> None:
    """Put the fast paths in front of ReportLab's functions (once a process)."""
    if getattr(pdfdoc.format, _FAST, False):
        return
    slow_format, slow_name, slow_enc = pdfdoc.format, pdfdoc.PDFName, pdfdoc.pdfdocEnc
    search = _NOT_ASCII_AS_IS.search
    names: dict[str, str] = {}

    def pdfdocEnc(x: Any) -> Any:  # noqa: N802
        if x.__class__ is str and x.isascii() and search(x) is None:
            return x.encode("ascii")
        return slow_enc(x)

    def format(element: Any, document: Any, toplevel: int = 0) -> Any:  # noqa: A001
        cls = element.__class__
        if cls is bytes:
            return element
        if cls is str:
            return pdfdocEnc(element)
        if cls is int or cls is float:
            return fp_str(element).encode("ascii")
        return slow_format(element, document, toplevel)

    def PDFName(data: str, lo: str = chr(0x21), hi: str = chr(0x7E)) -> str:  # noqa: N802
        if lo == "\x21" and hi == "\x7e":
            name = names.get(data)
            if name is None:
                name = names[data] = slow_name(data)
            return name
        return slow_name(data, lo, hi)  # type: ignore[no-any-return]

    for fn in (format, PDFName, pdfdocEnc):
        setattr(fn, _FAST, True)
    pdfdoc.format, pdfdoc.PDFName, pdfdoc.pdfdocEnc = format, PDFName, pdfdocEnc  # type: ignore[assignment]
