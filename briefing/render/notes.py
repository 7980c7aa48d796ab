"""Page-bottom footnotes: which notes a flowable carries, and the note area of the current page.

The technique (see ../shared/design/footnotes.md): the body frame gives up
its own bottom as notes land on its page, in one layout pass, so it cannot
oscillate.  `NoteArea` holds the notes of the page being laid out; the frame
(frame.py) asks it how much room new notes need and commits them once the
flowable that carries their markers has been placed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus.paragraph import ParagraphStyle

from briefing.render.flowables import Para

_FN = re.compile(r"^#fn(\d+)$")


def _scan(obj: Any, out: list[int], depth: int = 0) -> None:
    """Collect note numbers from links in paragraph fragments, whatever form the fragments are in.

    A paragraph's fragments are ParaFrags before wrapping, word lists after
    `wrap()`, and (frag, text) tuples in split parts; tables hold cells of
    paragraphs or lists of flowables.
    """
    if depth > 12:
        return
    links = getattr(obj, "link", None)
    if isinstance(links, list):
        for link in links:
            if isinstance(link, tuple) and len(link) > 1 and isinstance(link[1], str):
                m = _FN.match(link[1])
                if m:
                    out.append(int(m.group(1)))
        return
    if isinstance(obj, Paragraph):
        bl = getattr(obj, "blPara", None)
        if bl is not None and getattr(bl, "kind", 0) == 1:
            for line in bl.lines:
                _scan(getattr(line, "words", line), out, depth + 1)
        else:
            _scan(obj.frags, out, depth + 1)
        return
    if isinstance(obj, Table):
        _scan(obj._cellvalues, out, depth + 1)
        return
    if isinstance(obj, (list, tuple)):
        for item in obj:
            if not isinstance(item, (str, int, float)):
                _scan(item, out, depth + 1)
        return
    content = getattr(obj, "_content", None)
    if content is not None:
        _scan(content, out, depth + 1)


def note_numbers(flowable: Flowable) -> list[int]:
    """The note numbers whose markers this flowable (or split part) shows, in order, once each."""
    out: list[int] = []
    _scan(flowable, out)
    seen: set[int] = set()
    return [n for n in out if not (n in seen or seen.add(n))]  # type: ignore[func-returns-value]


@dataclass
class NoteEntry:
    """One note (or one part of a note split across pages) in a page's note area."""

    number: int
    source: str  # the single source the note cites, or '' (for ibid)
    para: Paragraph
    height: float
    continued: bool = False  # a remainder carried over from the previous page


@dataclass
class NoteArea:
    """The notes of the page being laid out, and what carries over to the next."""

    make_note: Callable[[int, bool], tuple[Paragraph, str]]  # (number, ibid) -> (paragraph, source)
    width: float
    rule_gap: float
    note_gap: float
    rule_fraction: float
    rule_colour: str
    min_split_lines: int
    leading: float
    run_in: Paragraph | None = None  # a style: set notes run together in one paragraph (handouts)
    entries: list[NoteEntry] = field(default_factory=list)
    carry: list[NoteEntry] = field(default_factory=list)
    on_page: set[int] = field(default_factory=set)
    note_pages: dict[int, int] = field(default_factory=dict)
    source_pages: dict[str, set[int]] = field(default_factory=dict)
    page_sources: dict[int, tuple[str, ...]] = field(default_factory=dict)
    _run_in_cache: dict[tuple[tuple[int, int], ...], Paragraph] = field(default_factory=dict)

    # ------------------------------------------------------------ measuring

    def separator(self) -> float:
        return 2 * self.rule_gap + 0.5

    def height(self, entries: Iterable[NoteEntry]) -> float:
        entries = list(entries)
        if not entries:
            return 0.0
        if self.run_in is not None:
            return self.separator() + self._run_in(entries).wrap(self.width, 1e6)[1]
        return self.separator() + sum(e.height for e in entries) + self.note_gap * (len(entries) - 1)

    def _run_in(self, entries: list[NoteEntry]) -> Paragraph:
        """All the page's notes as one paragraph, each after its number, as compact handouts set them."""
        key = tuple((e.number, id(e.para)) for e in entries)
        cached = self._run_in_cache.get(key)
        if cached is None:
            markup = "&nbsp;&nbsp; ".join(e.para.text for e in entries)  # type: ignore[attr-defined]
            cached = Para(markup, self.run_in.style)  # type: ignore[union-attr]  # Para: long addresses break
            self._run_in_cache = {key: cached}
        return cached

    def used(self) -> float:
        return self.height(self.entries)

    def plan(self, numbers: list[int]) -> list[NoteEntry]:
        """Entries for notes new on this page; "Ibid." when the note before it here cites the same source."""
        planned: list[NoteEntry] = []
        previous = self.entries[-1].source if self.entries else ""
        for number in numbers:
            para, source = self.make_note(number, False)
            if source and source == previous:
                para, source = self.make_note(number, True)
            _, h = para.wrap(self.width, 1e6)
            planned.append(NoteEntry(number, source, para, h))
            previous = source
        return planned

    def extra(self, planned: list[NoteEntry]) -> float:
        """How much higher the page's note area becomes with `planned` added."""
        return self.height(self.entries + planned) - self.used()

    def split_last(self, planned: list[NoteEntry], room: float) -> tuple[list[NoteEntry], NoteEntry] | None:
        """Fit `planned` in `room` by splitting the last note, TeX-style; None if it cannot start here."""
        if not planned or self.run_in is not None:
            return None
        head, last = planned[:-1], planned[-1]
        before = self.height(self.entries + head + [NoteEntry(0, "", last.para, 0.0)])
        space = room - (before - self.used())
        if space < self.min_split_lines * self.leading:
            return None
        parts = last.para.split(self.width, space)
        if len(parts) != 2:
            return None
        first, rest = parts
        _, h1 = first.wrap(self.width, space)
        _, h2 = rest.wrap(self.width, 1e6)
        if h1 > space + 0.01 or h2 < self.min_split_lines * self.leading - 0.01:
            return None
        return head + [NoteEntry(last.number, last.source, first, h1)], NoteEntry(last.number, last.source, rest, h2, True)

    # ------------------------------------------------------------ committing

    def commit(self, planned: list[NoteEntry], page: int, carry: NoteEntry | None = None) -> None:
        for entry in planned:
            self.entries.append(entry)
            self.on_page.add(entry.number)
            if not entry.continued:
                self.note_pages[entry.number] = page
                for source in self.page_sources.get(entry.number, ()):
                    self.source_pages.setdefault(source, set()).add(page)
        if carry is not None:
            self.carry.append(carry)

    def start_page(self, page_room: float) -> float:
        """Begin a page: place carried-over note parts first.  Returns the height they take."""
        self.entries = []
        self.on_page = set()
        carried, self.carry = self.carry, []
        for entry in carried:
            room = page_room - self.used()
            if self.height(self.entries + [entry]) - self.used() <= room:
                self.entries.append(entry)
                continue
            parts = entry.para.split(self.width, room - self.separator())
            if len(parts) == 2:
                first, rest = parts
                _, h1 = first.wrap(self.width, room)
                _, h2 = rest.wrap(self.width, 1e6)
                self.entries.append(NoteEntry(entry.number, entry.source, first, h1, True))
                self.carry.append(NoteEntry(entry.number, entry.source, rest, h2, True))
            else:
                self.carry.append(entry)
        return self.used()

    # ------------------------------------------------------------ drawing

    def draw(self, canv: Canvas, x: float, bottom: float) -> None:
        """Draw the page's notes from the area's top (just below the body) down to `bottom`."""
        if not self.entries:
            return
        y = bottom + self.used() - self.rule_gap
        full = self.entries[0].continued
        canv.saveState()
        canv.setStrokeColor(HexColor(self.rule_colour))
        canv.setLineWidth(0.5)
        canv.line(x, y, x + self.width * (1.0 if full else self.rule_fraction), y)
        canv.restoreState()
        y -= self.rule_gap + 0.5
        if self.run_in is not None:
            para = self._run_in(self.entries)
            _, h = para.wrap(self.width, 1e6)
            para.drawOn(canv, x, y - h)
            return
        for entry in self.entries:
            y -= entry.height
            entry.para.drawOn(canv, x, y)
            y -= self.note_gap


def note_style(base: ParagraphStyle) -> ParagraphStyle:
    """Notes may leave single lines at a page break: a note is split only when it must be."""
    return ParagraphStyle(base.name + "-split", parent=base, allowWidows=1, allowOrphans=1)
