"""Why a block cannot be placed even on an empty page, said for the error message; and the two questions the
footnote frame asks of every flowable (is it kept with what follows, and may it split before its follower), and the
document's (does it only open a page blank)."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table
from reportlab.platypus.doctemplate import LayoutError

from briefing.render.flowables import BlockSpace
from briefing.render.notes import NoteArea, NoteEntry


def keeps(flowable: Flowable) -> bool:
    return getattr(flowable, "keep_with_next", None) is not None


def splits_before_next(flowable: Flowable) -> bool:
    """A paragraph kept with what follows (a quotation with its attribution, a caption) may be split,
    keeping its last part with the follower; a heading may not (it is never split)."""
    return keeps(flowable) and isinstance(flowable, Paragraph) and getattr(flowable, "anchor", None) is None


def opens_blank_page(flowable: Flowable, at_top: bool, placed: int) -> bool:
    """Whether `flowable`, next at the head of a page with nothing placed on it yet, would only leave the page blank
    or push its text down: a page break, or the space after a block carried over from the page before.  It goes
    (the soak's 310181: a list's space, not fitting at a page's foot, alone on a page, then the Sources' break)."""
    return at_top and not placed and isinstance(flowable, (BlockSpace, PageBreak))


def layout_reason(exc: LayoutError) -> str:
    """ReportLab's refusal of a block, said for the error message."""
    message = " ".join(str(exc).split())
    if "too large" in message:
        return "it is taller or wider than a whole page (split a long table cell or paragraph)"
    return "it does not fit on a page even when split"


def why_not_placed(flowable: Flowable, aw: float, page: float, planned: list[NoteEntry], area: NoteArea) -> str:
    """Say what cannot fit on an empty page and why, for the error message."""
    w, h = flowable.wrap(aw, 1e6)
    what = _describe(flowable)
    if w > aw + 0.5:
        return f"{what} is {w:.0f} pt wide and the text block only {aw:.0f} pt"
    if isinstance(flowable, Table) and (drawing := _tallest_drawing(flowable)) is not None and drawing.height > page:
        why = getattr(drawing, "_too_tall", "") or "it cannot be split"
        return f"this figure's drawing is {drawing.height:.0f} pt tall and a page's text block is {page:.0f} pt: {why}"
    if isinstance(flowable, Table):
        rows = list(getattr(flowable, "_rowHeights", []) or [])
        if rows and max(rows) > page:
            i = rows.index(max(rows))
            return (
                f"row {i + 1} of this table is {max(rows):.0f} pt tall and a page's text block is {page:.0f} pt: "
                "shorten the row's cells or give its columns more width"
            )
    if h > page and not isinstance(flowable, Paragraph):
        return f"{what} is {h:.0f} pt tall and a page's text block is {page:.0f} pt, and it cannot be split"
    notes = area.height(planned)
    numbers = ", ".join(str(e.number) for e in planned[:6]) + ("…" if len(planned) > 6 else "")
    if planned:
        return (
            f"{what} ({h:.0f} pt) and the notes its first lines bring ({numbers}: {notes:.0f} pt, "
            f"{area.min_split_lines} lines each at least when split) need more than a page's "
            f"{page:.0f} pt: cite fewer sources on one line or in one table row"
        )
    return f"{what} is {h:.0f} pt tall and cannot be split to fit a page's {page:.0f} pt"


def _tallest_drawing(table: Table) -> Drawing | None:
    """The tallest drawing in a table's cells (a figure's title, drawing and caption share one cell)."""
    drawings = [
        f
        for row in table._cellvalues
        for cell in row
        for f in (cell if isinstance(cell, (list, tuple)) else [cell])
        if isinstance(f, Drawing)
    ]
    return max(drawings, key=lambda d: float(d.height), default=None)


def _describe(flowable: Flowable) -> str:
    if isinstance(flowable, Table):
        return "this table"
    if splits_before_next(flowable):
        return "this quotation"
    if isinstance(flowable, Paragraph):
        return "this paragraph"
    return "this block"
