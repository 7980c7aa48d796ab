"""Stage 4, resolve: every number, anchor and reference form an output prints.

Resolve turns the checked model into what a writer draws, and nothing after it
counts or names anything:

- sections numbered ("3.2") with their anchors (`section_anchor`, the one
  place a `sec-` name is made), the Sources section included;
- tables with a caption, figures and captioned pictures numbered in reading order (the numbers
  are set on the blocks themselves, so a writer reads `block.number`);
- notes numbered in the order their markers are printed: `model.block_texts`
  gives each block's text in printed order, and the few places where the
  printed order differs from the YAML's are rewritten here first (a table
  header's citation, which would repeat on every page the header repeats,
  moves to the caption or the first row; a timeline chart without a data
  table prints its events' citations with its caption);
- each note's reference text: the full form in the first note that cites a
  source, the short form after, and the "Ibid." form when one is allowed;
- the Sources list's entries, and cross-reference labels (a handout names a
  section it leaves out as "section 8 of the full pack", unlinked).

Whether a note may say "Ibid." depends on the page it lands on, which only
the writer knows, so resolve hands it the rule (`IbidPolicy`) with both forms.
Nothing here imports ReportLab.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from briefing.diagnostics import Pos
from briefing.model import (
    Block,
    Chart,
    Cite,
    Image,
    Pack,
    RichText,
    Section,
    Source,
    Table,
    TimelineChart,
    XRef,
    block_texts,
    cites_in,
    last_worded,
    map_inline,
    map_texts,
    plain_text,
    walk_sections,
)
from briefing.references import accessed, full_reference, short_reference, with_locator

SOURCES_TITLE = "Sources"

# ---------------------------------------------------------------- words that stay together

NBSP = "\u00a0"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
)
_UNIT = r"(?:per cent|percent|%|km|cm|mm|m|kg|mg|g|ml|mph|kWh|MWh|MW|GW|KB|MB|GB|TB|°C|pp)(?![\w])"
_SCALE = r"(?:million|billion|trillion|thousand|bn|m|k)\b"
_TOGETHER = (
    (re.compile(rf"\b(\d{{1,2}}(?:st|nd|rd|th)?) (?={_MONTH})"), rf"\1{NBSP}"),  # 28 October
    (re.compile(rf"\b({_MONTH}) (?=\d{{1,2}}\b)"), rf"\1{NBSP}"),  # October 28
    (re.compile(rf"(?<=\d) (?={_SCALE})"), NBSP),  # £24.3 million, 3 bn
    (re.compile(rf"(?<=\d) (?={_UNIT})"), NBSP),  # 15 per cent, 25 mm
    (re.compile(r"\bper (?=cent\b)"), f"per{NBSP}"),
)

_DIGIT = re.compile(r"\d")


def keep_together(words: str) -> str:
    """No line break between a day and its month, a number and its unit, an amount and "million"/"bn":
    the space between them becomes a no-break space (authors never type one)."""
    if " " not in words or (_DIGIT.search(words) is None and "per cent" not in words):
        return words  # every pattern below needs a digit, or "per cent"
    for pattern, joined in _TOGETHER:
        words = pattern.sub(joined, words)
    return words


def _typeset(block: Block) -> Block:
    return map_texts(block, lambda rich: map_inline(rich, keep_together))


def section_anchor(number: str) -> str:
    """The PDF destination of section `number`: the only place such a name is made."""
    return f"sec-{number}"


_NOTE_ANCHOR = re.compile(r"^fn(\d+)$")
_MARKER_ANCHOR = re.compile(r"^fnref(\d+)$")


def note_anchor(number: int) -> str:
    """The PDF destination of note `number` (where its marker links to): the only place such a name is made."""
    return f"fn{number}"


def marker_anchor(number: int) -> str:
    """The PDF destination of note `number`'s marker (where the note links back to)."""
    return f"fnref{number}"


def note_of_anchor(name: str) -> int | None:
    """The note a `note_anchor` names (a link's target may start with '#'), or None for any other name."""
    m = _NOTE_ANCHOR.match(name.removeprefix("#"))
    return int(m.group(1)) if m else None


def marker_of_anchor(name: str) -> int | None:
    """The note whose marker a `marker_anchor` names, or None for any other name."""
    m = _MARKER_ANCHOR.match(name.removeprefix("#"))
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class Segment:
    """A run of reference text; with `url`, the address printed as a link."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class NoteRef:
    source: Source
    locator: str
    first: bool  # the first note in the output to cite this source


@dataclass(frozen=True)
class Note:
    number: int
    refs: tuple[NoteRef, ...]
    text: tuple[Segment, ...] = ()  # the reference: full form for a first citation, short form after
    ibid: tuple[Segment, ...] | None = None  # "Ibid., p. 3."; None when the note may never say Ibid.

    @property
    def anchor(self) -> str:
        return note_anchor(self.number)

    @property
    def marker_anchor(self) -> str:
        return marker_anchor(self.number)

    @property
    def single_source(self) -> str:
        """The source id when the note cites exactly one source, else ''."""
        return self.refs[0].source.id if len(self.refs) == 1 else ""


@dataclass(frozen=True)
class IbidPolicy:
    """ "Ibid." stands for a note's reference only when the note printed just before it on the same page
    cites the same single source (biblatex's ibidem with its page tracker).  A note citing several
    sources never says Ibid., and a note after one that cites several never does either.  The writer
    knows the page; it asks `allows` with the previous note's `key`."""

    def key(self, note: Note) -> str:
        return note.single_source if note.ibid is not None else ""

    def allows(self, previous_key: str, note: Note) -> bool:
        return bool(previous_key) and previous_key == self.key(note)


@dataclass(frozen=True)
class SectionRef:
    number: str  # "3.2"
    anchor: str  # destination name in the PDF
    title: str
    level: int
    pos: Pos | None = field(default=None, compare=False)  # the title's place in the YAML (Section.title_pos)


@dataclass(frozen=True)
class SourceEntry:
    """One entry of the Sources list: `[number]  short. full. …`; the pages citing it are the writer's."""

    number: int  # the source's place in sources.yaml
    source: Source
    short: str
    full: str
    author_stated: bool
    accessed: str  # "Accessed 1 November 2026", or ''


@dataclass
class Resolved:
    pack: Pack  # the output's own sections, numbered and rewritten for print
    notes: dict[int, Note] = field(default_factory=dict)  # by Cite.key
    section_ids: dict[str, SectionRef] = field(default_factory=dict)  # by Section.id, the sections printed
    elsewhere: dict[str, SectionRef] = field(default_factory=dict)  # by Section.id, the full pack's numbers
    sources_section: SectionRef = SectionRef("", "", SOURCES_TITLE, 1)
    source_entries: tuple[SourceEntry, ...] = ()
    ibid: IbidPolicy = IbidPolicy()
    printed: tuple[int, ...] = ()  # the order the notes are numbered in, when a layout asked for it (render/floats.py)

    def note_for(self, cite: Cite) -> Note:
        return self.notes[cite.key]

    @staticmethod
    def section_ref(section: Section) -> SectionRef:
        return SectionRef(section.number, section_anchor(section.number), section.title, section.level, section.title_pos)

    def xref(self, xref: XRef) -> SectionRef | None:
        return self.section_ids.get(xref.target)

    def xref_label(self, xref: XRef) -> tuple[str, str | None]:
        """The words a cross-reference prints and the anchor it links to (None: printed as words only)."""
        here = self.section_ids.get(xref.target)
        if here is not None:
            return f"section {here.number}", here.anchor
        there = self.elsewhere.get(xref.target)
        if there is not None:
            return f"section {there.number} of the full pack", None
        return f"the section ‘{xref.target}’", None  # check reports it; a build never gets here

    def words(self, rich: RichText) -> str:
        """Rich text as plain words, markers left out and cross-references as their labels."""
        return plain_text(rich, lambda x: self.xref_label(x)[0])

    def contents(self, depth: int = 2) -> list[SectionRef]:
        """The contents' entries: sections to `depth`, then the Sources section."""
        refs = [self.section_ref(s) for s in walk_sections(self.pack.sections) if s.level <= depth]
        return [*refs, self.sources_section] if self.sources_section.number else refs

    @property
    def cited_sources(self) -> list[Source]:
        cited = {r.source.id for n in self.notes.values() for r in n.refs}
        return [s for s in self.pack.sources if s.id in cited]


# ---------------------------------------------------------------- the printed order


def _header_cites_moved(table: Table) -> Table:
    """A header row repeats on every page a table runs to, so its markers would too: its citations
    print at the caption's end, or (without a caption) after the first row's last words."""
    moved = tuple(c for cell in table.header for c in cites_in(cell))
    if not moved:
        return table
    header = tuple(tuple(n for n in cell if not isinstance(n, Cite)) for cell in table.header)
    if table.caption or not table.rows:
        return replace(table, header=header, caption=table.caption + moved)
    first = table.rows[0]
    at = last_worded(first)
    first = (*first[:at], first[at] + moved, *first[at + 1 :])
    return replace(table, header=header, rows=(first, *table.rows[1:]))


def _event_cites_to_caption(chart: TimelineChart) -> TimelineChart:
    """Without a data table an event's label is drawn in the picture, where no marker goes: its
    citations print with the caption."""
    if chart.data_table:
        return chart
    moved = tuple(c for e in chart.events for c in cites_in(e.label))
    events = tuple(replace(e, label=tuple(n for n in e.label if not isinstance(n, Cite))) for e in chart.events)
    return replace(chart, caption=chart.caption + moved, events=events)


def printed(block: Block) -> Block:
    """`block` rewritten so that its text, read in `block_texts` order, is the order it is printed in."""
    if isinstance(block, Table):
        return _header_cites_moved(block)
    if isinstance(block, TimelineChart):
        return _event_cites_to_caption(block)
    return block


@dataclass
class _Counters:
    tables: int = 0
    figures: int = 0

    def number(self, block: Block) -> Block:
        if isinstance(block, Table) and block.caption:
            self.tables += 1
            return replace(block, number=self.tables)
        if isinstance(block, (Chart, TimelineChart)) or (isinstance(block, Image) and block.caption):
            self.figures += 1
            return replace(block, number=self.figures)
        return block


def _numbered(sections: tuple[Section, ...], prefix: str, counters: _Counters) -> tuple[Section, ...]:
    out = []
    for i, section in enumerate(sections, 1):
        number = f"{prefix}{i}"
        blocks = tuple(counters.number(printed(_typeset(b))) for b in section.blocks)
        subs = _numbered(section.sections, f"{number}.", counters)
        out.append(replace(section, number=number, blocks=blocks, sections=subs))
    return tuple(out)


def _section_ids(
    sections: tuple[Section, ...],
    prefix: str = "",
    out: dict[str, SectionRef] | None = None,
) -> dict[str, SectionRef]:
    """Section id -> its number and anchor, numbering `sections` as an output would."""
    out = {} if out is None else out
    for i, section in enumerate(sections, 1):
        number = f"{prefix}{i}"
        if section.id and section.id not in out:
            out[section.id] = SectionRef(number, section_anchor(number), section.title, number.count(".") + 1)
        _section_ids(section.sections, f"{number}.", out)
    return out


# ---------------------------------------------------------------- notes


def document_cites(sections: tuple[Section, ...]) -> list[Cite]:
    """Every citation in reading order."""
    return [c for s in walk_sections(sections) for b in s.blocks for c in block_cites(b)]


def block_cites(block: Block) -> list[Cite]:
    return [c for text in block_texts(block) for c in cites_in(text)]


def reference_text(refs: tuple[NoteRef, ...]) -> tuple[Segment, ...]:
    """A note's words: `full reference, address, accessed date, locator` for a source cited for the first
    time, `short reference, locator` after; several sources separated by semicolons."""
    out: list[Segment] = []
    for i, ref in enumerate(refs):
        if i:
            out.append(Segment("; "))
        if not ref.first:
            out.append(Segment(with_locator(short_reference(ref.source), ref.locator)))
            continue
        out.append(Segment(full_reference(ref.source)))
        if ref.source.url:
            out += [Segment(", "), Segment(ref.source.url, ref.source.url)]
        tail = [t for t in (accessed(ref.source), ref.locator) if t]
        if tail:
            out.append(Segment(", " + ", ".join(tail)))
    out.append(Segment("."))
    return tuple(Segment(keep_together(s.text)) if not s.url else s for s in out)


def ibid_text(refs: tuple[NoteRef, ...]) -> tuple[Segment, ...] | None:
    """ "Ibid." with the note's own locator; None for a note citing several sources."""
    if len(refs) != 1:
        return None
    return (Segment(with_locator("Ibid.", refs[0].locator).rstrip(".") + "."),)


def _notes(pack: Pack, sections: tuple[Section, ...], printed: tuple[int, ...] = ()) -> dict[int, Note]:
    by_id = {s.id: s for s in pack.sources}
    seen: set[str] = set()
    notes: dict[int, Note] = {}
    cites = document_cites(sections)
    if printed:  # the order a layout printed the markers in (a figure floated past text citing later notes)
        rank = {key: i for i, key in enumerate(printed)}
        cites.sort(key=lambda c: rank.get(c.key, len(rank)))
    for number, cite in enumerate(cites, 1):
        refs = []
        for ref in cite.refs:
            source = by_id.get(ref.source)
            if source is None:
                continue  # the check stage reports it; a build never gets here with one
            refs.append(NoteRef(source, ref.locator, source.id not in seen))
            seen.add(source.id)
        notes[cite.key] = Note(number, tuple(refs), reference_text(tuple(refs)), ibid_text(tuple(refs)))
    return notes


def _source_entries(pack: Pack, notes: dict[int, Note]) -> tuple[SourceEntry, ...]:
    """Every source cited (every source, when nothing is), numbered by its place in sources.yaml."""
    cited = {r.source.id for n in notes.values() for r in n.refs}
    return tuple(
        SourceEntry(
            i,
            s,
            keep_together(short_reference(s)),
            keep_together(full_reference(s)),
            s.author.strip().lower() not in ("", "unknown"),
            keep_together(accessed(s, sentence_start=True)),
        )
        for i, s in enumerate(pack.sources, 1)
        if s.id in cited or not notes
    )


# ---------------------------------------------------------------- the whole


def resolve(
    pack: Pack, sections: tuple[Section, ...] | None = None, sources_section: bool = True, printed: tuple[int, ...] = ()
) -> Resolved:
    """Number `sections` (default: the whole pack), their tables, figures and notes, in reading order.

    `sources_section`: whether the output ends with a numbered Sources section (a handout does not).
    `printed`: the citations' keys in the order a first layout printed them, when a figure floated past
    text that cites (render/floats.py); the notes are numbered in that order, and the first citation of a
    source in it gets the full reference."""
    sections = _numbered(pack.sections if sections is None else sections, "", _Counters())
    resolved = Resolved(replace(pack, sections=sections))  # an output sees only its own sections
    resolved.section_ids = _section_ids(sections)
    resolved.elsewhere = _section_ids(pack.sections)
    if sources_section:
        number = str(len(sections) + 1)
        resolved.sources_section = SectionRef(number, section_anchor(number), SOURCES_TITLE, 1)
    resolved.notes = _notes(pack, sections, printed)
    resolved.printed = printed
    resolved.source_entries = _source_entries(pack, resolved.notes)
    return resolved
