"""The finished PDF's last pass: the structure tree (tagging.py), then object streams.

ReportLab writes every object (each of the several hundred footnote links,
outline entries and page dictionaries) uncompressed; PDF 1.5 object streams
hold them deflated.  qpdf (through pikepdf) does this correctly and quickly,
which no hand-written rewriter would: the default pack shrinks by about 40%
in a few tens of milliseconds.  `deterministic_id` keeps builds byte-identical.

qpdf holds about thirteen times the PDF in memory while it generates object
streams, so a PDF too large to attach to an e-mail anyway (a pack of
thousands of pages) is written without them: it stays valid and peak memory
stays bounded.  The structure tree is added at every size.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.render.tagging import Tagger

COMPACT_UP_TO_BYTES = 4_000_000  # about 300 pages: far beyond what anyone e-mails


def compact(pdf: bytes, tagger: Tagger | None = None, lang: str = "") -> bytes:
    small = len(pdf) <= COMPACT_UP_TO_BYTES
    if tagger is None and not small:
        return pdf
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if tagger is not None:
            tagger.write(doc, lang)
        mode = pikepdf.ObjectStreamMode.generate if small else pikepdf.ObjectStreamMode.preserve
        doc.save(out, object_stream_mode=mode, deterministic_id=True, compress_streams=True, recompress_flate=False)
    return out.getvalue()
