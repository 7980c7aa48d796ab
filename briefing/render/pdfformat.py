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
  0x18-0x1f that it maps to accents (those, and everything else, go through ReportLab's codec);
- a dictionary (`PDFDictionary.format`, about 2,600 a build, 7,700 keys) writes each key as the bytes it
  wrote the first time it met that key (ReportLab escapes and encodes every key of every dictionary again);
  an object reference (about 5,000) and an object's header are formatted as bytes in one step.
"""

from __future__ import annotations

import re
from collections import OrderedDict
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
    _install_objects(format, PDFName)


def _install_objects(format: Any, name: Any) -> None:  # noqa: A002
    """The dictionary, reference and indirect object formats of `pdfdoc`, with `format` and `name` (PDFName) as
    installed above; each writes the bytes ReportLab's method writes."""
    keys: dict[str, bytes] = {}  # a dictionary key -> its name as written (`format(PDFName(key))`)
    rl_config = pdfdoc.rl_config

    def key_bytes(key: Any, document: Any) -> bytes:
        if key.__class__ is not str:
            return format(name(key), document)  # type: ignore[no-any-return]
        written = keys.get(key)
        if written is None:
            written = keys[key] = format(name(key), document)  # a str: the same bytes whatever the document
        return written

    def dictionary_format(self: Any, document: Any, IND: bytes = b"\n ") -> bytes:  # noqa: N803
        d = self.dict
        ks = list(d.keys())
        if not isinstance(d, OrderedDict):
            ks.sort()
        lines = [key_bytes(k, document) + b" " + format(d[k], document) for k in ks]
        if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
            return b"<<\n" + IND.join(lines) + b"\n>>"
        insert = lines.insert
        for i in reversed(range(6, len(lines), 6)):
            insert(i, b"\n ")
        return b"<<\n" + b" ".join(lines) + b"\n>>"

    slow_reference = pdfdoc.PDFObjectReference.format

    def reference_format(self: Any, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion.get(self.name)
        if numbers is None or numbers[0].__class__ is not int or numbers[1].__class__ is not int:
            return slow_reference(self, document)  # type: ignore[no-any-return]  # its error, or its own text
        return b"%d %d R" % numbers

    slow_indirect = pdfdoc.PDFIndirectObject.format

    def indirect_format(self: Any, document: Any) -> bytes:
        n, v = document.idToObjectNumberAndVersion[self.name]
        if n.__class__ is not int or v.__class__ is not int:
            return slow_indirect(self, document)  # type: ignore[no-any-return]
        document.encrypt.register(n, v)
        content = format(self.content, document, toplevel=1)
        return b"%d %d obj\n" % (n, v) + content + (b"" if content.endswith(b"\n") else b"\n") + b"endobj\n"

    dictionary_format._briefing_slow = pdfdoc.PDFDictionary.format  # type: ignore[attr-defined]  # for the tests
    pdfdoc.PDFDictionary.format = dictionary_format
    pdfdoc.PDFObjectReference.format = reference_format
    pdfdoc.PDFIndirectObject.format = indirect_format
