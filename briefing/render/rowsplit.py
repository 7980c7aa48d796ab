"""A table row cut inside its cells keeps its note markers in reading order (the footnote engine's table
splits, render/frame.py): the notes on each page must read 1..N down the pages."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Table

from briefing.render.notes import markers_in, note_numbers


class _OrderedRowSplit(Table):
    """A table whose row, split inside its cells, keeps its markers in reading order: a cell whose first part
    would show a marker numbered after one that an earlier cell leaves to the next page goes to the next page
    whole (cells are numbered left to right, so cutting every cell at one height can print note 44 of the
    second cell above the rule on this page and note 43 of the first on the next)."""

    _left: list[int]

    def _splitRows(self, availHeight: float, doInRowSplit: int = 0) -> Any:  # noqa: N802, N803
        self._left = []
        return super()._splitRows(availHeight, doInRowSplit=doInRowSplit)

    def _splitCell(self, value: Any, style: Any, oldHeight: float, newHeight: float, width: float) -> Any:  # noqa: N802, N803
        parts = super()._splitCell(value, style, oldHeight, newHeight, width)
        if not parts or not isinstance(value, (list, tuple)):
            return parts
        left = self.__dict__.setdefault("_left", [])
        top = markers_in(parts[0])
        if top and left and max(top) > min(left):
            left += markers_in(value)
            return (), tuple(value)
        left += markers_in(parts[1])
        return parts


def order_row_splits(table: Table) -> None:
    """Split `table`'s rows inside their cells in reading order (`_OrderedRowSplit`)."""
    if type(table) is Table:
        table.__class__ = _OrderedRowSplit


def in_order(parts: list[Flowable]) -> bool:
    """Whether every marker the first part shows comes before every marker left to the second: a row cut
    inside its cells must not print a later cell's marker on this page and an earlier cell's on the next."""
    first = note_numbers(parts[0])
    rest = [n for n in note_numbers(parts[1]) if n not in first] if len(parts) > 1 else []
    return not first or not rest or max(first) < min(rest)
