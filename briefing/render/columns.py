"""Table column widths that give every number its room, so a figure is never cut across lines.

A word too wide for its cell is cut where it allows (render/linebreak.py), but a number must never be:
"447.-" over "0%" reads as two figures, "1,2-" over "34,-" over "567" as none.  Columns keep the
proportions the content or the style sheet gives them, except that a column is widened to hold the widest
number in any of its cells, the others sharing what is left in their own proportions.  When the numbers
alone need more than the whole width, the table cannot be set and the build says so, at the block.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable
from reportlab.platypus.paragraph import _getFragWords

from briefing.diagnostics import BriefingError, Pos, error
from briefing.render.flowables import own_frags
from briefing.render.linebreak import is_number, kept_width, word_chars
from briefing.style import MM

_SLACK = 0.01  # pt: the cell's inner width is the column's less its padding, computed by ReportLab in floats


def widest_number(cell: Flowable | Sequence[Flowable]) -> tuple[float, str]:
    """The width (pt, with its first note marker: a run of several breaks between them) and text of the widest
    number in a cell's paragraphs."""
    best = (0.0, "")
    for flowable in cell if isinstance(cell, (list, tuple)) else [cell]:
        frags = own_frags(flowable)  # not the words of its last break
        if not frags or not any(any(c.isdigit() for c in getattr(f, "text", "") or "") for f in frags):
            continue
        for word in _getFragWords(frags, 1e9):
            plain = "".join(t for f, t in word[1:] if not getattr(f, "rise", 0))
            if word[0] > best[0] and is_number(plain):
                best = max(best, (kept_width(word_chars(word)), plain))
    return best


def proportional(weights: Sequence[float], total: float, needs: Sequence[float]) -> list[float] | None:
    """Widths summing to `total` in proportion to `weights`, except that no column is narrower than its need
    (the columns that would be take exactly their need, the others share the rest in proportion);
    None when the needs alone exceed `total`."""
    if sum(needs) > total:
        return None
    fixed: dict[int, float] = {}
    while True:
        rest = [i for i in range(len(weights)) if i not in fixed]
        if not rest:  # every column at its need: what is left goes to all of them in proportion
            extra, whole = total - sum(needs), sum(weights)
            return [needs[i] + extra * weights[i] / whole for i in range(len(weights))]
        free, share = total - sum(fixed.values()), sum(weights[i] for i in rest)
        widths = [fixed[i] if i in fixed else free * weights[i] / share for i in range(len(weights))]
        short = [i for i in rest if widths[i] < needs[i]]
        if not short:
            return widths
        fixed.update((i, needs[i]) for i in short)


def number_needs(rows: Sequence[Sequence[Any]], padding: float) -> tuple[list[float], list[tuple[float, str]]]:
    """Each column's least width (its widest number and the cell's padding; 0 for a column without numbers)
    and that number."""
    ncols = max((len(r) for r in rows), default=0)
    widest = [max((widest_number(r[c]) for r in rows if c < len(r)), default=(0.0, "")) for c in range(ncols)]
    return [w + padding + _SLACK if w else 0.0 for w, _ in widest], widest


def column_widths(rows: Sequence[Sequence[Any]], weights: Sequence[float], total: float, padding: float, pos: Pos) -> list[float]:
    """The columns' widths for `rows` of cell flowables: `weights` in proportion over `total`, each column at
    least as wide as its widest number and `padding` (both sides' cell padding).  A BriefingError at `pos`
    when the numbers cannot all be given room."""
    plain = [total * w / sum(weights) for w in weights]
    needs, widest = number_needs(rows, padding)
    if all(p >= n for p, n in zip(plain, needs, strict=False)):
        return plain
    widths = proportional(weights, total, needs)
    if widths is None:
        raise BriefingError([error(pos, too_many_numbers(needs, widest, total))])
    return widths


def too_many_numbers(needs: Sequence[float], widest: Sequence[tuple[float, str]], total: float) -> str:
    col = max(range(len(needs)), key=lambda i: needs[i])
    return (
        f"this table's numbers need {sum(needs) / MM:.0f} mm side by side, but its width is {total / MM:.0f} mm "
        f"at this type size (the widest, '{widest[col][1]}' in column {col + 1}, needs {needs[col] / MM:.0f} mm); "
        "a number is never split across lines: give the table fewer columns, or write its figures shorter "
        "(such as '£1.2m' for '£1,200,000')"
    )
