"""The build proves its own layout before the PDF is written.

While laying out, the document records what it placed (`LayoutLog.placed`, one
call per flowable or split part drawn) and the note area records every note
part it drew (`NoteArea.drawn`).  `verify` then checks, from that record alone
(no PDF is read back):

1. every note has exactly one marker, and starts on its marker's page; a note
   that continues does so on later pages, labelled, and its last part is drawn;
2. no line, table or figure is wider than the space it was given;
3. every block of content was placed (nothing dropped);
4. every marker is placed after the markers of the notes numbered before it, so the notes read in order
   (also across a figure that floated to a later page, floats.py);
5. no heading is the last thing on its page, parted from what it is kept with (the first lines after it).

A broken invariant is a fault in briefing, not in the content: it raises
`LayoutCheckError` (exit 3), naming the page and the YAML position, and no PDF
is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Table

from briefing.diagnostics import Pos
from briefing.render.flowables import Heading
from briefing.render.notes import PlacedNote, note_numbers

_TOLERANCE = 1.0  # points: rounding in ReportLab's measures (a table's rules and padding)
_TRAILING_SPACE = 0.35  # of the font size: ReportLab counts a line's trailing space, which is not drawn


class LayoutCheckError(Exception):
    """The renderer broke one of its own layout guarantees (a bug in briefing: exit 3)."""


@dataclass
class LayoutLog:
    """What the renderer placed, page by page."""

    markers: dict[int, list[tuple[int, Pos | None]]] = field(default_factory=dict)  # note -> [(page, pos)]
    positions: set[Pos] = field(default_factory=set)
    too_wide: list[str] = field(default_factory=list)
    floated: list[tuple[int, ...]] = field(default_factory=list)  # the notes of each figure that floated (floats.py)
    order: list[tuple[int, int]] = field(default_factory=list)  # (note, page) as first placed, in placing order
    stranded: list[str] = field(default_factory=list)
    _heading: tuple[Heading, int] | None = None  # the last flowable placed, when it is a heading kept with what follows

    def placed(self, flowable: Flowable, page: int, width: float) -> None:
        if self._heading is not None and page > self._heading[1]:
            heading, on = self._heading
            self.stranded.append(
                f"page {on}: the heading '{heading.title}' is the last thing on its page, parted from what follows it"
            )
        keeps = isinstance(flowable, Heading) and flowable.keep_with_next is not None
        self._heading = (flowable, page) if keeps else None
        pos = getattr(flowable, "_briefing_pos", None)
        if pos is not None:
            self.positions.add(pos)
        for number in note_numbers(flowable):
            if number not in self.markers:
                self.order.append((number, page))
            self.markers.setdefault(number, []).append((page, pos))
        overflow = _overflow(flowable, width)
        if overflow > _TOLERANCE:
            where = f" ({pos})" if pos is not None else ""
            self.too_wide.append(
                f"page {page}{where}: {_kind(flowable)} runs {overflow:.1f} pt past the edge of the space it was given"
            )

    def notes_drawn(self, paras: Iterable[Paragraph], page: int) -> None:
        for para in paras:
            overflow = _line_overflow(para)
            if overflow > _TOLERANCE:
                self.too_wide.append(f"page {page}: a line of a note runs {overflow:.1f} pt past the text block's edge")


def _kind(flowable: Flowable) -> str:
    if isinstance(flowable, Table):
        return "this table (or a line in one of its cells)"
    if isinstance(flowable, Paragraph) or isinstance(getattr(flowable, "_para", None), Paragraph):
        return "a line of this paragraph"
    return "this figure"


def _line_overflow(para: Paragraph) -> float:
    bl = getattr(para, "blPara", None)
    if bl is None:
        return 0.0
    worst = 0.0
    for line in bl.lines:
        extra = line[0] if isinstance(line, tuple) else getattr(line, "extraSpace", 0.0)
        if isinstance(extra, (int, float)):
            worst = max(worst, -float(extra))
    return worst - _TRAILING_SPACE * float(para.style.fontSize) + _TOLERANCE if worst > 0 else 0.0


def _overflow(flowable: Flowable, width: float) -> float:
    """How far `flowable` (or a line or cell in it) reaches past the width it was given."""
    inner = getattr(flowable, "_para", None)  # a Deferred paragraph (the sources list)
    if isinstance(flowable, Paragraph) or isinstance(inner, Paragraph):
        return _line_overflow(flowable if isinstance(flowable, Paragraph) else inner)
    if isinstance(flowable, Table):
        worst = float(getattr(flowable, "_width", 0.0)) - width
        for row in getattr(flowable, "_cellvalues", []):
            for cell in row:
                for item in cell if isinstance(cell, (list, tuple)) else [cell]:
                    if isinstance(item, Paragraph):
                        worst = max(worst, _line_overflow(item))
        return worst
    drawn = getattr(flowable, "width", None)
    return float(drawn) - width if isinstance(drawn, (int, float)) else 0.0


def _positions(story: Iterable[Any]) -> set[Pos]:
    return {pos for f in story if (pos := getattr(f, "_briefing_pos", None)) is not None}


def story_positions(story: Iterable[Any]) -> set[Pos]:
    """The YAML positions of every block in the story, taken before layout consumes it."""
    return _positions(story)


def _note_problems(number: int, marks: list[tuple[int, Pos | None]], parts: list[PlacedNote]) -> list[str]:
    if not marks:
        return [f"note {number} is printed but its marker is not"] if parts else [f"note {number} has no marker and no note"]
    page, pos = marks[0]
    where = f"page {page}" + (f" ({pos})" if pos is not None else "")
    if len(marks) > 1:
        return [
            f"{where}: the marker of note {number} is printed {len(marks)} times (pages {', '.join(str(p) for p, _ in marks)})"
        ]
    if not parts:
        return [f"{where}: note {number} is not printed"]
    first = parts[0]
    problems = []
    if first.continued or first.page != page:
        problems.append(f"{where}: the marker of note {number} is on page {page} but the note starts on page {first.page}")
    for before, after in zip(parts, parts[1:], strict=False):
        if not after.continued or after.page <= before.page:
            problems.append(f"{where}: note {number} continues out of order (page {before.page}, then {after.page})")
    if not parts[-1].final or any(p.final for p in parts[:-1]):
        problems.append(f"{where}: note {number} is not printed in full (its last part is missing)")
    return problems


def _out_of_order(log: LayoutLog) -> list[str]:
    """Markers were placed in number order, so the notes read 1..N down the pages.  This covers figures that
    floated (floats.py) too: one that took its notes past a later-numbered note's marker, or an earlier one's
    past its own, placed a marker after a higher-numbered one; the message then names the figure."""
    highest = 0
    for number, page in log.order:
        if number < highest:
            floated = next((f for f in log.floated if number in f or highest in f), None)
            figure = ""
            if floated:
                pages = [log.markers[n][0][0] for n in floated if n in log.markers]
                cited = f"note {min(floated)}" if min(floated) == max(floated) else f"notes {min(floated)}-{max(floated)}"
                figure = f" (across a figure that floated to page {min(pages, default=page)} citing {cited})"
            return [
                f"page {page}: the marker of note {number} is placed after the marker of note {highest}{figure}: "
                "notes would not read in order"
            ]
        highest = number
    return []


def verify(log: LayoutLog, drawn: list[PlacedNote], notes: Iterable[int], expected: set[Pos]) -> None:
    """Raise LayoutCheckError naming every broken invariant (the first few)."""
    parts: dict[int, list[PlacedNote]] = {}
    for part in drawn:
        parts.setdefault(part.number, []).append(part)
    problems: list[str] = []
    for number in sorted(set(notes) | set(log.markers) | set(parts)):
        problems += _note_problems(number, log.markers.get(number, []), parts.get(number, []))
    problems += _out_of_order(log)
    problems += log.stranded
    problems += log.too_wide
    missing = sorted(expected - log.positions, key=lambda p: (p.file, p.line, p.col))
    problems += [f"{pos}: this block was never placed on a page" for pos in missing]
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise LayoutCheckError("layout self-check failed: " + "; ".join(problems[:5]) + more)
