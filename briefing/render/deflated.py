"""What writing the PDF may take back from the last build of a warm process (`briefing watch`): each stream's
deflated bytes and each font subset's font file.

After a one-word edit most pages draw the same operators as before, and the fonts' subsets hold the same
characters, so a rebuild deflated the same page contents, ToUnicode maps and font files again, and cut the
same subsets out of the same fonts: about 30 ms of a 0.6 s rebuild of the default pack.  Both are pure
functions of their input (zlib's output depends only on the bytes and the level; a subset only on the face and
its characters), so a result kept from the last build is the byte string computing it again would give.

The memo is on only inside `keeping(memo)`, which `pipeline.build` opens with a watch session's `Streams`; a
one-off build keeps nothing (holding every page's contents to the end would raise a long pack's peak memory).
A `Streams` holds what the last build and this one used: the rest is dropped at each build (`next_build`).
"""

from __future__ import annotations

import contextlib
import zlib
from contextvars import ContextVar
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFontFace

from briefing.session import scoped

_INSTALLED = "_briefing_kept"


class Streams:
    """Deflated streams (content bytes -> deflated) and font subsets ((face, characters) -> font file) of the
    last build and of this one."""

    def __init__(self) -> None:
        self.last: dict[Any, bytes] = {}
        self.this: dict[Any, bytes] = {}
        self.hits = 0  # results taken back this build (the tests read it)

    def get(self, key: Any, make: Any) -> bytes:
        value = self.this.get(key)
        if value is None:
            value = self.last.get(key)
            if value is None:
                value = make()
            else:
                self.hits += 1
            self.this[key] = value
        return value

    def next_build(self) -> None:
        """Before each build: what the last build used may be taken back; anything older is dropped."""
        if self.this:
            self.last, self.this = self.this, {}
        self.hits = 0

    def clear(self) -> None:
        self.last, self.this, self.hits = {}, {}, 0


_KEPT: ContextVar[Streams | None] = ContextVar("deflated_streams", default=None)


def deflate(data: bytes) -> bytes:
    """`data` deflated at zlib's default level, as ReportLab deflates streams; taken back from the memo when the
    last build deflated the same bytes (an object stream of objects no edit touched)."""
    memo = _KEPT.get()
    if memo is None:
        return zlib.compress(data)
    return memo.get(("z", data), lambda: zlib.compress(data))


def keeping(memo: Streams | None) -> contextlib.AbstractContextManager[None]:
    """Take deflated streams and font subsets back from `memo` (None: compute each) while this block runs."""
    if memo is not None:
        install()
        memo.next_build()
    return scoped(_KEPT, memo)


def install() -> None:
    """Put the memo in front of ReportLab's deflate filter and `TTFontFace.makeSubset` (once a process)."""
    zfilter = type(pdfdoc.PDFZCompress)
    if getattr(zfilter.encode, _INSTALLED, False):
        return
    encode, subset = zfilter.encode, TTFontFace.makeSubset

    def kept_encode(self: Any, text: Any) -> Any:
        memo = _KEPT.get()
        if memo is None or not isinstance(text, (str, bytes)):
            return encode(self, text)
        return memo.get(("z", text), lambda: encode(self, text))

    def kept_subset(self: TTFontFace, chars: Any) -> Any:
        memo = _KEPT.get()
        if memo is None:
            return subset(self, chars)
        return memo.get(("subset", self, tuple(chars)), lambda: subset(self, chars))

    setattr(kept_encode, _INSTALLED, True)
    zfilter.encode = kept_encode
    TTFontFace.makeSubset = kept_subset
