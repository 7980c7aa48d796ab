"""Stage 4, resolve: number sections and notes, and decide each note's reference form.

Numbers follow reading order.  The full reference goes in the first note that
cites a source; later notes use the short form.  Whether a note may say
"Ibid." depends on the page it lands on, so that is left to the renderer,
which gets `ibid_locator` to use when it may.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from briefing.model import (
    Block,
    Cite,
    Pack,
    Section,
    Source,
    XRef,
    block_texts,
    cites_in,
)


@dataclass(frozen=True)
class NoteRef:
    source: Source
    locator: str
    first: bool  # the first note in the pack to cite this source


@dataclass(frozen=True)
class Note:
    number: int
    refs: tuple[NoteRef, ...]

    @property
    def single_source(self) -> str:
        """The source id when the note cites exactly one source, else ''."""
        return self.refs[0].source.id if len(self.refs) == 1 else ""


@dataclass(frozen=True)
class SectionRef:
    number: str  # "3.2"
    anchor: str  # destination name in the PDF
    title: str
    level: int


@dataclass
class Resolved:
    pack: Pack
    notes: dict[int, Note] = field(default_factory=dict)  # by Cite.key
    sections: dict[int, SectionRef] = field(default_factory=dict)  # by id(Section)
    section_ids: dict[str, SectionRef] = field(default_factory=dict)  # by Section.id

    def note_for(self, cite: Cite) -> Note:
        return self.notes[cite.key]

    def section_ref(self, section: Section) -> SectionRef:
        return self.sections[id(section)]

    def xref(self, xref: XRef) -> SectionRef | None:
        return self.section_ids.get(xref.target)

    @property
    def note_count(self) -> int:
        return len(self.notes)


def _number_sections(resolved: Resolved, sections: tuple[Section, ...], prefix: str, level: int) -> None:
    for i, section in enumerate(sections, 1):
        number = f"{prefix}{i}"
        ref = SectionRef(number, f"sec-{number}", section.title, level)
        resolved.sections[id(section)] = ref
        if section.id:
            resolved.section_ids.setdefault(section.id, ref)
        _number_sections(resolved, section.sections, f"{number}.", level + 1)


def document_cites(sections: tuple[Section, ...]) -> list[Cite]:
    """Every citation in reading order."""
    out: list[Cite] = []
    for section in sections:
        for block in section.blocks:
            out.extend(block_cites(block))
        out.extend(document_cites(section.sections))
    return out


def block_cites(block: Block) -> list[Cite]:
    return [c for text in block_texts(block) for c in cites_in(text)]


def resolve(pack: Pack, sections: tuple[Section, ...] | None = None) -> Resolved:
    """Number `sections` (default: the whole pack) and their notes, in reading order."""
    sections = pack.sections if sections is None else sections
    resolved = Resolved(replace(pack, sections=sections))  # a variant sees only its own sections
    _number_sections(resolved, sections, "", 1)
    by_id = {s.id: s for s in pack.sources}
    seen: set[str] = set()
    for number, cite in enumerate(document_cites(sections), 1):
        refs = []
        for ref in cite.refs:
            source = by_id.get(ref.source)
            if source is None:
                continue  # the check stage reports it; a build never gets here with one
            refs.append(NoteRef(source, ref.locator, source.id not in seen))
            seen.add(source.id)
        resolved.notes[cite.key] = Note(number, tuple(refs))
    return resolved
