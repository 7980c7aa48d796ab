"""Page-bottom footnotes: which notes a flowable carries, and the note area of the current page.

The technique (docs/footnotes.md): the body frame gives up its own bottom as
notes land on its page, in one layout pass, so it cannot oscillate.
`NoteArea` holds the notes of the page being laid out; the frame (frame.py)
asks it how much room new notes need and commits them once the flowable that
carries their markers has been placed.

A note whose marker is on a page always starts on that page.  Any note may be
split (not only the last a line brings), leaving `min_split_lines` each side;
its remainder continues on the following pages, labelled "Note N, continued",
before the notes that are new there.  Continued material is elastic: it takes
at most `max_carry_fraction` of a new page, gives way entirely when the body
cannot otherwise start the page, and fills whatever room the body leaves at the
page foot.  Notes still running when the story ends get pages of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table
from reportlab.platypus.paragraph import ParagraphStyle, _getFragWords, _HSFrag

from briefing.render.flowables import Para
from briefing.render.rlquick import processed_frags
from briefing.resolve import note_of_anchor

_FUZZ = 0.01


def _scan(obj: Any, out: list[int], depth: int = 0) -> None:
    """Collect note numbers from links in paragraph fragments, whatever form the fragments are in.

    A marker is the link to its note's anchor (`resolve.note_anchor`, read back by `resolve.note_of_anchor`:
    the names are made and read in resolve, not agreed on here).  The links are read from the fragments rather
    than carried beside the paragraph because only the fragments say which wrapped line, or which part of a
    split, a marker fell on.

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
                number = note_of_anchor(link[1])
                if number is not None:
                    out.append(number)
        return
    if isinstance(obj, Paragraph):
        # A paragraph's markers never change, wrapped or not: remember them, or a long table is scanned cell
        # by cell at every page it is split over (quadratic in its rows).
        known = obj.__dict__.get("_briefing_note_numbers")
        if known is None:
            known = []
            bl = getattr(obj, "blPara", None)
            if bl is not None and getattr(bl, "kind", 0) == 1:
                for line in bl.lines:
                    _scan(getattr(line, "words", line), known, depth + 1)
            else:
                _scan(obj.frags, known, depth + 1)
            obj.__dict__["_briefing_note_numbers"] = known
        out.extend(known)
        return
    if isinstance(obj, Table):  # its cells never change either; each part of a split table is a new Table
        known = obj.__dict__.get("_briefing_note_numbers")
        if known is None:
            known = []
            _scan(obj._cellvalues, known, depth + 1)
            obj.__dict__["_briefing_note_numbers"] = known
        out.extend(known)
        return
    if isinstance(obj, (list, tuple)):
        for item in obj:
            if not isinstance(item, (str, int, float)):
                _scan(item, out, depth + 1)
        return
    content = getattr(obj, "_content", None)
    if content is not None:
        _scan(content, out, depth + 1)


def markers_in(obj: Any) -> list[int]:
    """The note numbers whose markers `obj` shows (a flowable, a table cell's contents, a list of them), in
    order, repeats kept."""
    out: list[int] = []
    _scan(obj, out)
    return out


def unique(numbers: Iterable[int]) -> list[int]:
    """`numbers` in order, each once."""
    seen: set[int] = set()
    return [n for n in numbers if not (n in seen or seen.add(n))]  # type: ignore[func-returns-value]


def note_numbers(flowable: Flowable) -> list[int]:
    """The note numbers whose markers this flowable (or split part) shows, in order, once each."""
    return unique(markers_in(flowable))


def line_note_numbers(para: Paragraph) -> list[list[int]] | None:
    """The note numbers each wrapped line of `para` shows, or None when the lines are not known."""
    bl = getattr(para, "blPara", None)
    if bl is None:
        return None
    if getattr(bl, "kind", 0) != 1:
        return [[] for _ in bl.lines]
    out: list[list[int]] = []
    for line in bl.lines:
        found: list[int] = []
        _scan(getattr(line, "words", line), found)
        out.append(found)
    return out


@dataclass
class NoteEntry:
    """One note (or one part of a note split across pages) in a page's note area."""

    number: int
    source: str  # the single source the note cites, or '' (for ibid)
    para: Paragraph
    height: float
    continued: bool = False  # a remainder carried over from an earlier page
    final: bool = True  # the note's last part: nothing of it is left to place
    origin: NoteEntry | None = None  # for a head cut on this page: the entry it was cut from (it may be cut again)


@dataclass
class NotePlan:
    """How notes new on a page go in: the entries to add, the tails that continue on the next page,
    and (when `revises`) the page's earlier new notes as cut to make room."""

    entries: list[NoteEntry]
    tails: list[NoteEntry]
    revises: bool = False
    revised: list[NoteEntry] = field(default_factory=list)
    continued: tuple[list[NoteEntry], list[NoteEntry]] | None = None  # continued notes cut back: (placed, rest)


@dataclass
class PlacedNote:
    """What the note area drew: one part of one note on one page (for the build's self-check)."""

    number: int
    page: int
    continued: bool
    final: bool


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
    rule_width: float = 0.5  # the separator's line width, also its height in the area
    max_carry_fraction: float = 0.7  # at most this much of a new page goes to notes continued from before
    continued_style: ParagraphStyle | None = None  # the style of "Note N, continued:" parts
    run_in: Paragraph | None = None  # a style: set notes run together in one paragraph (handouts)
    entries: list[NoteEntry] = field(default_factory=list)  # notes new on this page (whole or heads)
    continued: list[NoteEntry] = field(default_factory=list)  # parts of earlier notes placed on this page
    carried_in: list[NoteEntry] = field(default_factory=list)  # earlier notes' remainders at the page's start
    carry: list[NoteEntry] = field(default_factory=list)  # tails of notes split on this page
    _rest: list[NoteEntry] = field(default_factory=list)  # carried-in material not placed on this page
    on_page: set[int] = field(default_factory=set)
    source_pages: dict[str, set[int]] = field(default_factory=dict)
    page_sources: dict[int, tuple[str, ...]] = field(default_factory=dict)
    drawn: list[PlacedNote] = field(default_factory=list)
    _run_in_cache: dict[tuple[tuple[int, int], ...], Paragraph] = field(default_factory=dict)
    _splits: dict[tuple[int, int], tuple[NoteEntry, Any]] = field(default_factory=dict)  # this page's note splits

    # ------------------------------------------------------------ measuring

    def separator(self) -> float:
        return 2 * self.rule_gap + self.rule_width

    def page_entries(self) -> list[NoteEntry]:
        return self.continued + self.entries

    def height(self, entries: Iterable[NoteEntry]) -> float:
        entries = list(entries)
        if not entries:
            return 0.0
        if self.runs_in(entries):
            return self.separator() + self._run_in(entries).wrap(self.width, 1e6)[1]
        return self._stacked(entries)

    def _stacked(self, entries: list[NoteEntry]) -> float:
        """The height of `entries` set one under another."""
        return self.separator() + sum(e.height for e in entries) + self.note_gap * (len(entries) - 1) if entries else 0.0

    def runs_in(self, entries: list[NoteEntry]) -> bool:
        """Whether these notes are set run together (handouts): only when each is whole.  A page where a note
        must be split or continues from the page before sets its notes one under another, as the full pack does."""
        return self.run_in is not None and all(e.final and not e.continued and e.origin is None for e in entries)

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
        return self.height(self.page_entries())

    def plan(self, numbers: list[int]) -> list[NoteEntry]:
        """Entries for notes new on this page; "Ibid." when the note before it here starts on this page
        and cites the same source (never after the continued tail of a note begun on an earlier page)."""
        return self.plan_more([], numbers)

    def plan_more(self, planned: list[NoteEntry], numbers: list[int]) -> list[NoteEntry]:
        """`planned` followed by entries for `numbers` (Ibid. decided as in `plan`)."""
        planned = list(planned)
        entries = self.page_entries() + planned
        last = entries[-1] if entries else None
        previous = last.source if last is not None and not last.continued else ""
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
        return self.height(self.page_entries() + planned) - self.used()

    # ------------------------------------------------------------ splitting

    def _min_part(self) -> float:
        return self.min_split_lines * self.leading - _FUZZ

    def _split(self, entry: NoteEntry, space: float) -> tuple[NoteEntry, NoteEntry] | None:
        """`entry` cut to at most `space` here and a labelled remainder, each at least `min_split_lines`."""
        space = min(space, entry.height - self._min_part())  # the remainder keeps its lines too
        if space < self._min_part() or entry.height < 2 * self._min_part():
            return None
        key = (id(entry.para), int(space / self.leading + _FUZZ))  # a split depends only on the lines that fit
        if key not in self._splits:
            self._splits[key] = (entry, self._split_uncached(entry, space))
        return self._splits[key][1]

    def _split_uncached(self, entry: NoteEntry, space: float) -> tuple[NoteEntry, NoteEntry] | None:
        for _ in range(4):  # a split part can break into one line more than it was cut with: cut a line less
            if space < self._min_part():
                return None
            parts = entry.para.split(self.width, space)
            if len(parts) != 2:
                return None
            first, rest = parts
            _, h1 = first.wrap(self.width, space)
            if h1 <= space + _FUZZ:
                break
            space = min(space, h1) - self.leading
        else:
            return None
        if h1 < self._min_part():
            return None
        rest = self._labelled(entry.number, rest)
        _, h2 = rest.wrap(self.width, 1e6)
        if h2 < self._min_part():
            return None
        head = NoteEntry(entry.number, entry.source, first, h1, entry.continued, final=False, origin=entry)
        return head, NoteEntry(entry.number, entry.source, rest, h2, True)

    def _labelled(self, number: int, rest: Paragraph) -> Paragraph:
        """A note's remainder, opening with "Note N, continued:" so it cannot be read as part of the note above."""
        style = self.continued_style or rest.style
        if not processed_frags(rest.frags):  # a split part built from whole lines: ReportLab's plain form
            return Para(None, style, frags=self._label_frags(number, style, False) + list(rest.frags))  # type: ignore[arg-type]
        return Para(None, style, frags=self._label_frags(number, style, True) + list(rest.frags))  # type: ignore[arg-type]

    @staticmethod
    def _label_frags(number: int, style: ParagraphStyle, processed: bool) -> list[Any]:
        """The label's fragments, in the form (raw, or already split into words) the remainder's are in."""
        label = Paragraph(f"<i>Note {number}, continued:</i> ", style)
        if not processed:
            return list(label.frags)
        words = _getFragWords(label.frags, 1e6)
        words[-1] = _HSFrag(words[-1])  # a space before the note's text
        return list(words)

    def fit(self, planned: list[NoteEntry], room: float, cut_continued: bool = False) -> NotePlan | None:
        """Fit `planned` in `room` (what the area may grow by), splitting notes TeX-style; None if they cannot.

        Every note starts on its marker's page; a note that does not fit whole
        leaves at least `min_split_lines` here and continues on the next page.
        Any note new on this page may be cut, the latest first, including notes
        placed earlier on the page; with `cut_continued` (only when nothing else
        can start the page) notes continued from earlier pages give way too.  They
        must not otherwise: a continuation pushed on by every page's new notes
        would trail its note by many pages.
        """
        if not planned:
            return NotePlan([], [], room >= -_FUZZ)
        whole = NotePlan(list(planned), [])
        if self.extra_for(whole) <= room + _FUZZ:
            return whole
        entries = self.entries + list(planned)
        first_new = len(self.entries)
        tails: dict[int, NoteEntry] = {}
        used = self.used()
        cont = self.continued

        def excess(height: Callable[[list[NoteEntry]], float] = self.height) -> float:
            return height(cont + entries) - used - room

        for i in range(len(entries) - 1, -1, -1):
            entry = entries[i]
            if excess() <= _FUZZ:
                break
            over = excess(self._stacked)  # once a note is cut, a handout's notes are set one under another too
            base = entry.origin if entry.origin is not None and not entry.continued else entry
            if entry.continued or (entry.origin is None and not entry.final):
                continue
            target = max(entry.height - over, self._min_part() + 0.5 * self.leading)
            cut = self._split(base, min(target, base.height - self._min_part()))
            if cut is not None and cut[0].height < entry.height - _FUZZ:
                entries[i], tails[i] = cut
        cont_plan: tuple[list[NoteEntry], list[NoteEntry]] | None = None
        if excess() > _FUZZ and cont and cut_continued:
            cont_room = self.height(cont + entries) - self.height(entries) - excess()
            cont_plan = self._continued_layout(max(cont_room, 0.0), entries)
            cont = cont_plan[0]
        if excess() > _FUZZ:
            return None
        revised = entries[:first_new]
        return NotePlan(
            entries[first_new:], [tails[k] for k in sorted(tails)], any(k < first_new for k in tails), revised, cont_plan
        )

    def extra_for(self, plan: NotePlan) -> float:
        """How much higher the page's note area becomes with `plan` committed."""
        kept = plan.revised if plan.revises else self.entries
        cont = plan.continued[0] if plan.continued is not None else self.continued
        return self.height(cont + kept + plan.entries) - self.used()

    # ------------------------------------------------------------ committing

    def commit(self, plan: NotePlan, page: int) -> None:
        if plan.revises:
            recut = {e.number for e in plan.tails}
            self.carry = [c for c in self.carry if c.number not in recut]
            self.entries = list(plan.revised)
        if plan.continued is not None:
            self.continued, self._rest = plan.continued
        for entry in plan.entries:
            self.entries.append(entry)
            self.on_page.add(entry.number)
            if not entry.continued:
                for source in self.page_sources.get(entry.number, ()):
                    self.source_pages.setdefault(source, set()).add(page)
        self.carry = sorted(self.carry + plan.tails, key=lambda e: e.number)

    def start_page(self, page_height: float) -> float:
        """Begin a page: place notes continued from earlier pages first.  Returns the height they take."""
        self.carried_in, self.carry = self.carry, []
        self.entries = []
        self.on_page = set()
        self._lay_out_continued(page_height * self.max_carry_fraction)
        return self.used()

    def _lay_out_continued(self, room: float) -> None:
        """Place as much of the carried-in remainders as fits in `room`, in note order."""
        self.continued, self._rest = self._continued_layout(room, self.entries)

    def _continued_layout(self, room: float, entries: list[NoteEntry]) -> tuple[list[NoteEntry], list[NoteEntry]]:
        """The carried-in remainders that fit in `room` above `entries`, and the rest, in note order."""
        placed: list[NoteEntry] = []
        rest = list(self.carried_in)
        base = self.height(entries)
        while rest:
            entry = rest[0]
            whole = self.height(placed + [entry] + entries) - base
            if whole <= room + _FUZZ:
                placed.append(rest.pop(0))
                continue
            cut = self._split(entry, room - (whole - entry.height))
            if cut is not None:
                placed.append(cut[0])
                rest[0] = cut[1]
            break
        return placed, rest

    def can_give_way(self) -> bool:
        return bool(self.continued)

    def give_way(self) -> float:
        """Send this page's continued notes on to the next page (the body needs the room). Returns the new height."""
        self._lay_out_continued(0.0)
        return self.used()

    def fill(self, free: float) -> float:
        """Give the room the body left at the page foot to continued notes.  Returns the new height."""
        if free > self.leading and self._rest:
            cost = self.height(self.continued + self.entries) - self.height(self.entries)
            continued, rest = self._continued_layout(cost + free, self.entries)
            if self.height(continued + self.entries) > self.height(self.continued + self.entries):
                self.continued, self._rest = continued, rest
        return self.used()

    def end_page(self, page: int) -> None:
        """The page is done: remember what was drawn, and what goes on."""
        for entry in self.page_entries():
            self.drawn.append(PlacedNote(entry.number, page, entry.continued, entry.final))
        self.carry = sorted(self._rest + self.carry, key=lambda e: e.number)
        self.carried_in, self.continued, self.entries, self._rest = [], [], [], []
        self._splits = {}

    @property
    def pending(self) -> bool:
        """Some note is not finished: its remainder must go on a later page."""
        return bool(self.carry) or bool(self._rest)

    # ------------------------------------------------------------ drawing

    def draw(self, canv: Canvas, x: float, bottom: float) -> None:
        """Draw the page's notes from the area's top (just below the body) down to `bottom`."""
        entries = self.page_entries()
        if not entries:
            return
        y = bottom + self.used() - self.rule_gap
        full = entries[0].continued
        canv.saveState()
        canv.setStrokeColor(HexColor(self.rule_colour))
        canv.setLineWidth(self.rule_width)
        canv.line(x, y, x + self.width * (1.0 if full else self.rule_fraction), y)
        canv.restoreState()
        y -= self.rule_gap + self.rule_width
        if self.runs_in(entries):
            para = self._run_in(entries)
            _, h = para.wrap(self.width, 1e6)
            para.drawOn(canv, x, y - h)
            return
        for entry in entries:
            y -= entry.height
            entry.para.drawOn(canv, x, y)
            y -= self.note_gap


def note_style(base: ParagraphStyle) -> ParagraphStyle:
    """Notes may leave single lines at a page break: a note is split only when it must be."""
    return ParagraphStyle(base.name + "-split", parent=base, allowWidows=1, allowOrphans=1)


def continued_style(note: ParagraphStyle) -> ParagraphStyle:
    """A continued note's parts: its "Note N, continued:" label hangs where a note's number does."""
    return ParagraphStyle(note.name + "-continued", parent=note, firstLineIndent=note.firstLineIndent)
