"""What one build may keep for the next: the warm state, as one object that its owner passes in.

`briefing watch` makes one `Session(keep_paragraphs=True)` and hands it to every rebuild
(`pipeline.build(..., session=...)`), so a save re-reads only the file saved, re-checks only a style
sheet that changed, re-breaks only the paragraphs that changed and deflates only the PDF streams that
changed.  Every other build makes a fresh `Session()` and drops it at the end: nothing is kept between
one-off builds, and no module holds state that something else switches on or off.

Everything here is keyed on what it was made from (a file's mtime, size and inode; a paragraph's text
and style), so a warm build writes the same bytes as a cold one.  Left out on purpose: memos of pure
functions of their arguments (a quotation index by text, a font's character map by font file,
ReportLab's registry of fonts by name), which a fresh session could only compute again the same.  The
deflated streams and font subsets (render/deflated.py) are such a memo, but one as large as the PDF, so
only a watch session keeps it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from briefing.filecache import FileCache
from briefing.style import SheetCache

T = TypeVar("T")


@contextlib.contextmanager
def scoped(var: ContextVar[T], value: T) -> Iterator[None]:
    """`var` holds `value` while the block runs, and what it held before afterwards: how a build hands a part of
    its session (paragraph pool, kept layouts, deflated streams) to the render code that uses it, without a
    module-level switch."""
    token = var.set(value)
    try:
        yield
    finally:
        var.reset(token)


@dataclass
class Session:
    files: FileCache = field(default_factory=FileCache)  # YAML nodes (load), content and source texts (check)
    sheets: SheetCache = field(default_factory=SheetCache)  # checked style sheets (style)
    keep_paragraphs: bool = False  # keep paragraphs, parsed and line-broken, for the next build (render)
    paragraphs: Any = None  # render/flowables.ParagraphPool, made by the first build that keeps paragraphs
    made_for: tuple[Any, ...] = ()  # the sheet and the pack's word breaks the kept paragraphs were made for
    streams: Any = None  # render/deflated.Streams: deflated streams and font subsets, kept with the paragraphs
    layouts: Any = None  # render/checkpoint.KeptLayouts: a first layout's copy of itself, kept with the paragraphs

    def paragraph_pool(self, make: type[Any], sheet: object, word_breaks: tuple[str, ...]) -> Any:
        """The pool of paragraphs this build may take from (None when the session keeps none), emptied when
        the sheet or the pack's own word breaks changed: the hyphenation they set is not in a paragraph's key.
        `make` is the pool's class (render's: this module does not import ReportLab)."""
        if not self.keep_paragraphs:
            return None
        if self.paragraphs is None:
            self.paragraphs = make()
        if not self.made_for or self.made_for[0] is not sheet or self.made_for[1] != word_breaks:
            self.paragraphs.clear()
            if self.layouts is not None:  # laid out with the old sheet's styles and hyphenation
                self.layouts.clear()
            self.made_for = (sheet, word_breaks)
        self.paragraphs.next_build()
        return self.paragraphs

    def stream_memo(self, make: type[Any]) -> Any:
        """The memo of deflated streams and font subsets this build may take from (None when the session keeps
        no paragraphs: a one-off build).  `make` is its class (render's)."""
        if not self.keep_paragraphs:
            return None
        if self.streams is None:
            self.streams = make()
        return self.streams

    def layout_memo(self, make: type[Any]) -> Any:
        """Where first layouts keep a copy of themselves for the next build (None when the session keeps no
        paragraphs); call after `paragraph_pool`, which empties it when the sheet changed.  `make`: its class."""
        if not self.keep_paragraphs:
            return None
        if self.layouts is None:
            self.layouts = make()
        return self.layouts

    def clear(self) -> None:
        """Forget everything kept (the owner is done with it)."""
        self.files.clear()
        self.sheets.clear()
        self.paragraphs = None
        self.made_for = ()
        self.streams = None
        self.layouts = None
