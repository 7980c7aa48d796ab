"""The same pack for two peers, so the benchmark can say how briefing compares.

* **Typst** (the `typst` Python binding): `typst_source` turns a parsed pack into
  an equivalent Typst document: the same cover title, contents, numbered
  headings, paragraphs, quotations, lists, tables (key facts, people, timelines
  and each chart's data as tables), the same 12 pt Source Serif/Sans text with
  hyphenation, and one page-bottom footnote per citation holding the same
  reference text (full form first, short form after; Typst has no page-aware
  Ibid., so none is used).
* **The floor** (benchmarks/floor.py): plain ReportLab laying out the same words
  in the same fonts and sizes as Paragraphs on a SimpleDocTemplate: no notes,
  no hyphenation, no tables, no contents.  What briefing adds on top of
  ReportLab is measured against this.
* **Everything briefing prints, by ReportLab alone** (the same script,
  `printed_items`): the floor's words plus the notes' reference text as 9 pt
  paragraphs, the tables as tables and the Sources list: the text briefing
  must set, without placing notes at page feet, hyphenating, tagging or
  packing object streams.

Both are written as standalone scripts so that each run is a fresh process,
timed exactly like `briefing build`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefing.model import (
    Callout,
    Chart,
    Cite,
    Emph,
    FiguresPanel,
    KeyFacts,
    ListBlock,
    Pack,
    Paragraph,
    People,
    Quote,
    Section,
    Str,
    Strong,
    Table,
    Timeline,
    TimelineChart,
    XRef,
    block_texts,
    plain_text,
)
from briefing.references import full_reference, short_reference, with_locator
from briefing.resolve import resolve

_TYPST_SPECIAL = set("\\#$*_[]<>@`~=-+/\"'")


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in _TYPST_SPECIAL else ch for ch in text)


class _Notes:
    """Reference text per citation, as briefing prints it: full form for a source's first note, short after."""

    def __init__(self, pack: Pack) -> None:
        self.sources = {s.id: s for s in pack.sources}
        self.seen: set[str] = set()

    def text(self, cite: Cite) -> str:
        parts = []
        for ref in cite.refs:
            source = self.sources.get(ref.source)
            if source is None:
                continue
            form = short_reference(source) if source.id in self.seen else full_reference(source)
            self.seen.add(source.id)
            parts.append(with_locator(form, ref.locator))
        return "; ".join(parts) + "."


def _rich(text: tuple[object, ...], notes: _Notes) -> str:
    out = []
    for node in text:
        if isinstance(node, Str):
            out.append(_escape(node.text))
        elif isinstance(node, Strong):
            out.append("#strong[" + _rich(node.children, notes) + "]")
        elif isinstance(node, Emph):
            out.append("#emph[" + _rich(node.children, notes) + "]")
        elif isinstance(node, Cite):
            out.append("#footnote[" + _escape(notes.text(node)) + "]")
        elif isinstance(node, XRef):
            out.append(_escape(f"section {node.target}"))
    return "".join(out)


def _table(rows: list[list[str]], header: list[str] | None) -> str:
    columns = len(header) if header else max((len(r) for r in rows), default=1)
    cells = []
    if header:
        cells.append("table.header(" + ", ".join(f"[*{h}*]" for h in header) + ")")
    for row in rows:
        cells.extend(f"[{c}]" for c in row)
    return f"#table(columns: {columns}, stroke: 0.5pt + gray, inset: 4pt, " + ", ".join(cells) + ")\n\n"


def _block(block: object, notes: _Notes) -> str:  # noqa: C901 - one branch a block kind, as in render/blocks.py
    if isinstance(block, Paragraph):
        return _rich(block.text, notes) + "\n\n"
    if isinstance(block, ListBlock):
        mark = "+" if block.ordered else "-"
        return "".join(f"{mark} {_rich(item, notes)}\n" for item in block.items) + "\n"
    if isinstance(block, Quote):
        by = _escape(", ".join(p for p in (block.speaker, block.role) if p))
        return f"#quote(block: true, attribution: [{by}{_rich((block.cite,), notes)}])[{_rich(block.text, notes)}]\n\n"
    if isinstance(block, KeyFacts):
        return _table([[_rich(f.label, notes), _rich(f.value, notes)] for f in block.facts], None)
    if isinstance(block, Table):
        caption = f"*{_rich(block.caption, notes)}*\n\n" if block.caption else ""
        return caption + _table([[_rich(c, notes) for c in row] for row in block.rows], [_rich(h, notes) for h in block.header])
    if isinstance(block, Timeline):
        return _table([[_escape(e.date.iso()), _rich(e.event, notes)] for e in block.entries], ["Date", "Event"])
    if isinstance(block, People):
        return _table([[_escape(p.name), _rich(p.role, notes)] for p in block.people], ["Name", "Role"])
    if isinstance(block, Callout):
        return f"#block(fill: luma(240), inset: 8pt, width: 100%)[*{_escape(block.title)}*\n\n{_rich(block.text, notes)}]\n\n"
    if isinstance(block, (Chart, TimelineChart, FiguresPanel)):
        return "".join(_rich(t, notes) + "\n\n" for t in block_texts(block) if t)  # type: ignore[arg-type]
    return ""


def _sections(sections: tuple[Section, ...], notes: _Notes, level: int = 1) -> Iterator[str]:
    for section in sections:
        yield f"{'=' * level} {_escape(section.title)}\n\n"
        for block in section.blocks:
            yield _block(block, notes)
        yield from _sections(section.sections, notes, level + 1)


def typst_source(pack: Pack) -> str:
    """An equivalent Typst document for `pack` (see the module docstring)."""
    notes = _Notes(pack)
    head = f"""#set document(title: {json.dumps(pack.meta.title)})
#set page(paper: "a4", margin: (x: 33mm, y: 25mm), numbering: "1 of 1")
#set text(font: "Source Serif Pro", size: 12pt, lang: "en", region: "GB", hyphenate: true)
#set par(justify: true, leading: 0.5em)
#show heading: set text(font: "Source Sans Pro")
#set heading(numbering: "1.1")
#show footnote.entry: set text(size: 8.5pt)
#set table(stroke: 0.5pt)
#show table: set text(font: "Source Sans Pro", size: 9.5pt)
#align(center)[#text(size: 24pt, font: "Source Sans Pro")[{_escape(pack.meta.title)}]]
#pagebreak()
#outline()
#pagebreak()
"""
    return head + "".join(_sections(pack.sections, notes))


def floor_items(pack: Pack) -> list[list[Any]]:
    """The floor's items (benchmarks/floor.py): every heading and piece of text as a paragraph, in reading order."""
    out: list[list[Any]] = []

    def walk(sections: tuple[Section, ...], level: int) -> None:
        for section in sections:
            out.append(["p", f"h{min(level, 3)}", section.title])
            for block in section.blocks:
                out.extend(["p", "body", plain_text(t)] for t in block_texts(block) if plain_text(t).strip())
            walk(section.sections, level + 1)

    walk(pack.sections, 1)
    return out


def printed_items(pack: Pack) -> list[list[Any]]:
    """Everything the default build prints, for ReportLab alone (benchmarks/floor.py): each heading and paragraph,
    each table (key facts, timelines, people too) as a table, after each block the reference text of the notes
    it cites, as briefing numbers and words them, as 9 pt paragraphs, and the Sources list at the end.  What is
    left out: the cover, the contents and the charts' drawings."""
    resolved = resolve(pack)
    out: list[list[Any]] = []

    def notes(block: object) -> Iterator[list[Any]]:
        for text in block_texts(block):  # type: ignore[arg-type]
            for key in _cite_keys(text):
                note = resolved.notes.get(key)
                if note is not None:
                    yield ["p", "note", f"{note.number} " + "".join(s.text for s in note.text)]

    def walk(sections: tuple[Section, ...], level: int) -> None:
        for section in sections:
            out.append(["p", f"h{min(level, 3)}", section.title])
            for block in section.blocks:
                rows = _rows(block)
                if rows is not None:
                    out.append(["t", rows])
                else:
                    out.extend(["p", "body", plain_text(t)] for t in block_texts(block) if plain_text(t).strip())
                out.extend(notes(block))
            walk(section.sections, level + 1)

    walk(resolved.pack.sections, 1)
    out.append(["p", "h1", "Sources"])
    out.extend(["p", "note", f"[{e.number}] {e.short}. {e.full}"] for e in resolved.source_entries)
    return out


def _rows(block: object) -> list[list[str]] | None:
    if isinstance(block, Table):
        return [[plain_text(h) for h in block.header], *([plain_text(c) for c in row] for row in block.rows)]
    if isinstance(block, KeyFacts):
        return [[plain_text(f.label), plain_text(f.value)] for f in block.facts]
    if isinstance(block, Timeline):
        return [["Date", "Event"], *([e.date.iso(), plain_text(e.event)] for e in block.entries)]
    if isinstance(block, People):
        return [["Name", "Role"], *([p.name, plain_text(p.role)] for p in block.people)]
    return None


def _cite_keys(text: tuple[object, ...]) -> Iterator[int]:
    for node in text:
        if isinstance(node, Cite):
            yield node.key
        yield from _cite_keys(getattr(node, "children", ()))


TYPST_SCRIPT = """
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=sys.argv[3:], ignore_system_fonts=True)
"""


def font_dirs() -> list[str]:
    """The folders of the installed Source Serif/Sans packages, for Typst's font search."""
    from briefing.glyphs import package_font

    return sorted(
        {
            str(package_font(spec).parent)
            for spec in ("font_source_serif_pro:SourceSerifPro-Regular.ttf", "font_source_sans_pro:SourceSansPro-Regular.ttf")
        }
    )


def write_floor_input(pack: Pack, work: Path, out_pdf: Path, printed: bool = False) -> Path:
    """benchmarks/floor.py's input: the floor's items, or with `printed` everything briefing prints."""
    from briefing.glyphs import package_font

    fonts = {
        "serif": str(package_font("font_source_serif_pro:SourceSerifPro-Regular.ttf")),
        "sans": str(package_font("font_source_sans_pro:SourceSansPro-Semibold.ttf")),
    }
    path = work / f"{out_pdf.stem}.json"
    items = printed_items(pack) if printed else floor_items(pack)
    path.write_text(json.dumps([fonts, items, str(out_pdf)]), encoding="utf-8")
    return path
