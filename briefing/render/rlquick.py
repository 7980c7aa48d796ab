"""Two of ReportLab's small helpers that line breaking calls thousands of times, answered the same way quicker.

- `sameFrag(f, g)` (rl_accel's C function, about 7,000 calls a build): whether two fragments print in the same
  style, so a line's words can share one.  The C code reads each of eight attributes with
  `PyObject_GetAttrString` and checks two more with `PyObject_HasAttrString`, and most fragments lack most of
  them: every miss makes and clears an AttributeError, about 12 us a call.  A plain fragment's dictionary
  answers the same in about 1 us.
- `getAscentDescent(name, size)` (about 11,000 calls): a TrueType font keeps its ascent on its face, so ReportLab
  reads `font.ascent`, catches the AttributeError and reads the face's.  Kept here by (name, size) while the
  font registered under the name is the one it was read from.

- `_processed_frags(frags)` (about 3,000 calls): whether a paragraph's fragments are already broken into words;
  ReportLab answers by subscripting the first fragment and catching the TypeError a plain fragment raises.
- `Canvas.push_state_stack` (every saveState, about 2,600): the 23 graphics-state attributes read in one step.
- `Table._calc` (every wrap and split of a table, about 230 calls): a table's row heights and column widths
  depend on its cells, styles and width alone (and on the height offered, where cells span rows: only then does
  ReportLab stop sizing rows once they fill it), yet ReportLab sizes every cell again on each wrap.  Two thirds of
  the calls offer the same width as the call before (the footnote engine's look-ahead, keep-with-next, a split
  after its wrap): the sizes from that call stand (`_calc_once`).  After `setStyle` or `split` they are made
  again.

Each is put where ReportLab calls it (`reportlab.platypus.paragraph`'s module names, the Canvas class), once a
process, and answers exactly as the original does.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from reportlab.lib.rl_accel import sameFrag as _slow_same_frag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import paragraph
from reportlab.platypus.paraparser import ParaFrag
from reportlab.platypus.tables import Table

_FAST = "_briefing_fast"
_MISSING = object()
_STYLE = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")
_MAX_KEPT = 10_000


def same_frag(f: Any, g: Any) -> bool:
    """rl_accel's `sameFrag`: False if either has `cbDefn` or `lineBreak`; else whether each style attribute is
    missing from both or present in both and not unequal (`!=`, an object being equal to itself).  Two plain
    `ParaFrag`s (no class attributes, no `__getattr__`: every fragment a build makes) are read from their
    dictionaries; anything else goes to the C function."""
    if f.__class__ is ParaFrag and g.__class__ is ParaFrag:
        fd, gd = f.__dict__, g.__dict__
        if "cbDefn" in fd or "cbDefn" in gd or "lineBreak" in fd or "lineBreak" in gd:
            return False
        fget, gget = fd.get, gd.get
        for name in _STYLE:
            a = fget(name, _MISSING)
            b = gget(name, _MISSING)
            if a is not b and (a is _MISSING or b is _MISSING or a != b):
                return False
        return True
    return bool(_slow_same_frag(f, g))  # a subclass: the C function itself (it reads class attributes its own way)


_slow_processed = getattr(paragraph._processed_frags, "_briefing_slow", paragraph._processed_frags)  # noqa: SLF001


def processed_frags(frags: Any) -> bool:
    """ReportLab's `_processed_frags`: False at once for a list whose first item is a plain fragment (which has
    no `[0]`: ReportLab's subscript raises TypeError and it answers False); anything else asks it."""
    if frags.__class__ is list and frags and frags[0].__class__ is ParaFrag:
        return False
    return bool(_slow_processed(frags))


def _push_state_stack(self: Any) -> None:
    """Canvas.push_state_stack: the state attributes (in their order, a KeyError for one missing) in one step."""
    self.state_stack.append(dict(zip(self.STATE_ATTRIBUTES, _state_of(self.__dict__), strict=True)))
    self._extgstate = self._extgstate.pushCopy()


_CALC = "_briefing_calc"  # the (width, height when cells span rows) a table was last sized for


def _calc_once(self: Any, availWidth: float, availHeight: float) -> None:  # noqa: N803
    """Table._calc, unless the table was last sized for the same width (and height, where cells span rows)."""
    d = self.__dict__
    key = (availWidth, availHeight if self._spanCmds else None)
    if d.get(_CALC) == key:
        return
    d.pop(_CALC, None)
    _slow_calc(self, availWidth, availHeight)
    d[_CALC] = key


def _forgetting(method: Any) -> Any:
    def forget(self: Any, *args: Any, **kw: Any) -> Any:
        try:
            return method(self, *args, **kw)
        finally:
            self.__dict__.pop(_CALC, None)

    forget._briefing_slow = method  # type: ignore[attr-defined]
    return forget


_slow_calc = getattr(Table._calc, "_briefing_slow", Table._calc)  # noqa: SLF001
_calc_once._briefing_slow = _slow_calc  # type: ignore[attr-defined]
processed_frags._briefing_slow = _slow_processed  # type: ignore[attr-defined]  # the original, for a re-import
_STATE = list(Canvas.STATE_ATTRIBUTES)
_state_of = itemgetter(*_STATE)


def install() -> None:
    """Put them where ReportLab calls them (once a process)."""
    if getattr(paragraph.getAscentDescent, _FAST, False):
        return
    slow = pdfmetrics.getAscentDescent
    registered = pdfmetrics._fonts  # noqa: SLF001 - the registry getFont reads first
    kept: dict[tuple[str, Any], tuple[Any, Any]] = {}

    def getAscentDescent(fontName: str, fontSize: Any = None) -> Any:  # noqa: N802, N803
        key = (fontName, fontSize)
        hit = kept.get(key)
        if hit is not None and registered.get(fontName) is hit[1]:
            return hit[0]
        answer = slow(fontName, fontSize)
        if len(kept) >= _MAX_KEPT:
            kept.clear()
        kept[key] = (answer, registered.get(fontName))
        return answer

    setattr(getAscentDescent, _FAST, True)
    paragraph.getAscentDescent = getAscentDescent  # type: ignore[attr-defined]
    paragraph.sameFrag = same_frag  # type: ignore[attr-defined]
    paragraph._processed_frags = processed_frags  # noqa: SLF001
    if Canvas.STATE_ATTRIBUTES == _STATE:  # the attributes the getter was made for
        Canvas.push_state_stack = _push_state_stack  # type: ignore[method-assign]
    Table._calc = _calc_once  # type: ignore[method-assign]  # noqa: SLF001
    Table.setStyle = _forgetting(Table.setStyle)  # type: ignore[method-assign]
    Table.split = _forgetting(Table.split)  # type: ignore[method-assign]
