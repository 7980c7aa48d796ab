"""Boxes, text wrapping and collision-free label placement."""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

Measure = Callable[[str, float, bool], float]  # (text, size, bold) -> width in points
Hyphenate = Callable[[str], Iterator[tuple[str, str]]]  # word -> (head, tail) pairs, longest head first


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle, y upwards (drawing coordinates)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        return self.x0 < other.x1 + pad and other.x0 < self.x1 + pad and self.y0 < other.y1 + pad and other.y0 < self.y1 + pad

    def inside(self, frame: Box, tolerance: float = 0.01) -> bool:
        return (
            self.x0 >= frame.x0 - tolerance
            and self.x1 <= frame.x1 + tolerance
            and self.y0 >= frame.y0 - tolerance
            and self.y1 <= frame.y1 + tolerance
        )

    def shifted(self, dx: float, dy: float) -> Box:
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)


def text_box(x: float, baseline: float, width: float, size: float, anchor: str = "start") -> Box:
    """The box a line of text occupies: from its descenders to its cap height, as anchored."""
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Box(left, baseline - size * 0.22, left + width, baseline + size * 0.78)


def wrap(
    text: str, width: float, size: float, measure: Measure, bold: bool = False, hyphenate: Hyphenate | None = None
) -> list[str]:
    """Greedy lines no wider than `width`, broken at spaces; a word wider than `width` is cut at its
    hyphenation points, else between letters, with a hyphen, so no line is wider than `width`."""
    space = measure(" ", size, bold)
    lines: list[str] = []
    line, used = "", -space
    for word in _fitting_words(text.split(), width, size, measure, bold, hyphenate):
        w = measure(word, size, bold)
        if line and used + space + w > width:
            lines.append(line)
            line, used = word, w
        else:
            line, used = (f"{line} {word}" if line else word), used + space + w
    if line:
        lines.append(line)
    return lines or [""]


def _fitting_words(
    words: Sequence[str], width: float, size: float, measure: Measure, bold: bool, hyphenate: Hyphenate | None
) -> Iterator[str]:
    for word in words:
        while measure(word, size, bold) > width and len(word) > 1:
            head, tail = _cut(word, width, size, measure, bold, hyphenate)
            yield head if head.endswith("-") else head + "-"  # a word's own hyphen is the break's: not doubled
            word = tail
        yield word


def _cut(word: str, width: float, size: float, measure: Measure, bold: bool, hyphenate: Hyphenate | None) -> tuple[str, str]:
    for head, tail in hyphenate(word) if hyphenate else ():
        if measure(head + "-", size, bold) <= width:
            return head, tail
    k = len(word) - 1
    while k > 1 and measure(word[:k] + "-", size, bold) > width:
        k -= 1
    return word[:k], word[k:]


PAD = 1.0  # the room `place` keeps between a label and anything else


def place(wanted: Sequence[Iterable[Box]], obstacles: Iterable[Box], frame: Box, pad: float = PAD) -> list[Box | None]:
    """For each label, the first of its candidate boxes (in order of preference) inside `frame` that
    overlaps neither an obstacle nor a label placed before it; None when every candidate collides
    (the label is left out: every figure prints its data as text beside it)."""
    fixed = list(obstacles)
    placed: list[Box] = []
    out: list[Box | None] = []
    for candidates in wanted:
        choice = next(
            (
                b
                for b in candidates
                if b.inside(frame) and not any(b.overlaps(o, pad) for o in fixed) and not any(b.overlaps(p, pad) for p in placed)
            ),
            None,
        )
        if choice is not None:
            placed.append(choice)
        out.append(choice)
    return out


def rows_without_overlap(spans: Sequence[tuple[float, float]], gap: float) -> list[int]:
    """A row for each horizontal span (x0, x1) so that spans in one row are at least `gap` apart:
    the first row that has room (staggered tick labels)."""
    ends: list[float] = []
    out = []
    for x0, x1 in spans:
        row = next((r for r, end in enumerate(ends) if x0 >= end + gap), len(ends))
        if row == len(ends):
            ends.append(x1)
        else:
            ends[row] = x1
        out.append(row)
    return out


def gap(a: Box, b: Box) -> float:
    """The shortest distance between two boxes (0 when they touch or overlap)."""
    dx, dy = max(a.x0 - b.x1, b.x0 - a.x1, 0.0), max(a.y0 - b.y1, b.y0 - a.y1, 0.0)
    return math.hypot(dx, dy)


class Nearby:
    """Point markers by position, to find those a label might be nearer to than its own."""

    def __init__(self, marks: list[Box]) -> None:
        self.marks = sorted(marks, key=lambda m: m.x0)
        self.x0s = [m.x0 for m in self.marks]
        self.widest = max((m.x1 - m.x0 for m in marks), default=0.0)

    def any_nearer(self, box: Box, own: Box, mine: float) -> bool:
        """Whether a marker other than `own` is nearer to `box` than `mine` (by more than rounding): `near`'s test,
        each marker's distance taken once."""
        lo = bisect.bisect_left(self.x0s, box.x0 - mine - self.widest)
        hi = bisect.bisect_right(self.x0s, box.x1 + mine)
        return any(gap(box, m) < mine - 1e-9 for m in self.marks[lo:hi] if m != own)


def near(box: Box, own: Box, nearby: Nearby, reach: float) -> bool:
    """A label's box is near its point: within `reach` of its marker, and no other marker nearer."""
    mine = gap(box, own)
    return mine <= reach + 1e-6 and not nearby.any_nearer(box, own, mine)


Segment = tuple[float, float, float, float]  # x0, y0, x1, y1: a straight line, x0 <= x1


def crosses_any(box: Box, lines: list[list[Segment]], others: list[Segment]) -> bool:
    """Whether any series' line, or any of `others` (tried one by one), runs through `box`.  Only a segment
    with x0 < box.x1 and x1 > box.x0 can (see `crosses`), so each series is searched from its first segment
    ending right of the box's left edge up to the first starting at or right of its right edge: the same answer
    as trying every segment, without the cost (a line chart of hundreds of points tried every segment for
    every candidate place of every label, minutes for one chart)."""
    for segments in lines:
        k = bisect.bisect_right(segments, box.x0, key=_segment_end)
        while k < len(segments) and segments[k][0] < box.x1:
            if crosses(box, segments[k]):
                return True
            k += 1
    return any(crosses(box, seg) for seg in others)


def _segment_end(seg: Segment) -> float:
    return seg[2]


def crosses(box: Box, seg: Segment) -> bool:
    """Whether a line segment runs through the inside of `box` (touching its edge is not crossing)."""
    x0, y0, x1, y1 = seg
    a, b = max(x0, box.x0), min(x1, box.x1)
    if a >= b and not (x0 == x1 and box.x0 < x0 < box.x1):
        return False
    if x1 == x0:
        lo, hi = min(y0, y1), max(y0, y1)
    else:
        ya, yb = (y0 + (y1 - y0) * (t - x0) / (x1 - x0) for t in (a, b))
        lo, hi = min(ya, yb), max(ya, yb)
    return lo < box.y1 and hi > box.y0
