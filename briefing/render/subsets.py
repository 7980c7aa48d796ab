"""A fast path for ReportLab's `TTFont.splitString`, which maps each character of a text run to its code in
the embedded font's subsets.

ReportLab does it in a Python loop, character by character, for every run of text drawn: about a tenth of
a cold build's CPU time (6,700 runs in the default pack).  Once a character has a code in a document it
keeps it (the assignments only grow), so a run whose characters all have codes in subset 0 maps with one
`str.translate`; anything else (a character seen for the first time, a code in a later subset, a shaped
string) goes through ReportLab's own loop, which assigns the new codes.  The bytes are the same.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.ttfonts import TTFont

_FAST = "_briefing_fast"  # on a font's per-document state: (assignments counted, characters, translate table)
_NBSP, _SPACE = 0xA0, 0x20  # ReportLab prints a no-break space as the space's code


def _table(state: Any) -> tuple[int, frozenset[str], dict[int, int]]:
    """What a run may hold to take the fast path, and how its characters map, for `state` as it is now."""
    table = {code: n for code, n in state.assignments.items() if n < 256}
    if _SPACE in table:
        table[_NBSP] = table[_SPACE]
    return len(state.assignments), frozenset(map(chr, table)), table


def install() -> None:
    """Replace `TTFont.splitString` by the fast path in front of ReportLab's own (once a process)."""
    slow = TTFont.splitString
    if getattr(slow, _FAST, False):
        return

    def splitString(self: TTFont, text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:  # noqa: N802
        state = self.state.get(doc)
        if state is not None and text.__class__ is str and text:
            fast = state.__dict__.get(_FAST)
            if fast is None or fast[0] != len(state.assignments):
                fast = state.__dict__[_FAST] = _table(state)
            if fast[1].issuperset(text):
                return [(0, text.translate(fast[2]).encode("latin-1"))]
        return slow(self, text, doc, encoding)  # type: ignore[no-any-return]

    setattr(splitString, _FAST, True)
    TTFont.splitString = splitString  # type: ignore[method-assign]
