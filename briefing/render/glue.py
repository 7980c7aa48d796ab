"""A footnote marker never breaks, and never leaves the word it follows.

A marker is printed against the word before it, so to ReportLab's line breaker the
two are one word: "reconfigurations¹⁰¹".  When that word is wider than its line
(a narrow table cell, a panel label, large print) ReportLab splits it, and it did
so anywhere, inside the marker too ("reconfigurations¹⁰" / "¹"), while the
hyphenator refused the word outright because of the marker's digits.

These two wrappers around ReportLab's word splitting set the marker run (the
raised frags from the first marker on, with the anchor before it and whatever
punctuation follows) aside, let ReportLab hyphenate or split the word alone, and
give the marker run back to the last piece, with at least one letter of the word
beside it.  They act only on a word wider than its whole line, which is the only
case in which ReportLab splits a word, so no other line break changes.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl

_ORIGINAL_HYPHENATE = rl._hyphenateFragWord
_ORIGINAL_SPLIT = rl._splitFragWord
_CARVE = 2  # letters of the word that go to the next line with the marker when nothing else would


def _width(frags: list[tuple[Any, str]]) -> float:
    total = 0.0
    for f, text in frags:
        cb = getattr(f, "cbDefn", None)
        total += getattr(cb, "width", 0) if cb is not None else stringWidth(text, f.fontName, f.fontSize)
    return total


def _marker_start(word: list[Any]) -> int | None:
    """Where the marker run begins in a frag word ([width, (frag, text), ...]); None without one, or when the
    word is all marker (nothing to keep it with)."""
    for i in range(1, len(word)):
        f, text = word[i]
        if getattr(f, "rise", 0) and text:
            while i > 1 and getattr(word[i - 1][0], "cbDefn", None) is not None and not word[i - 1][1]:
                i -= 1  # the marker's anchor (<a name>) goes with it
            has_letters = any(t.strip() for _, t in word[1:i])
            return i if has_letters else None
    return None


def _split_off(word: list[Any]) -> tuple[list[Any], list[tuple[Any, str]], float] | None:
    at = _marker_start(word)
    if at is None:
        return None
    tail = list(word[at:])
    tail_width = _width(tail)
    head = word.__class__([word[0] - tail_width, *word[1:at]])
    return head, tail, tail_width


def hyphenate_frag_word(hyphenator: Any, word: list[Any], new_width: float, max_width: float, *rest: Any) -> Any:
    """Hyphenate a marked word wider than its line as if the marker were not there, the marker after the tail."""
    parts = _split_off(word) if word[0] > max_width else None
    if parts is None:
        return _ORIGINAL_HYPHENATE(hyphenator, word, new_width, max_width, *rest)
    head, tail, tail_width = parts
    pair = _ORIGINAL_HYPHENATE(hyphenator, head, new_width - tail_width, max_width, *rest)
    if not pair:
        return pair
    first, second = pair
    second.extend(tail)
    second[0] += tail_width
    return [first, second]


def split_frag_word(word: list[Any], max_width: float, max_widths: list[float], lineno: int) -> list[Any]:
    """Split a marked word wider than its line at any character, never inside or before its marker."""
    parts = _split_off(word)
    if parts is None:
        return list(_ORIGINAL_SPLIT(word, max_width, max_widths, lineno))
    head, tail, tail_width = parts
    pieces = list(_ORIGINAL_SPLIT(head, max_width, max_widths, lineno))
    last = pieces[-1]
    at = lineno + len(pieces) - 1
    room = max_width if len(pieces) == 1 else max_widths[min(len(max_widths) - 1, at)]
    if last[0] + tail_width > room + 1e-6:
        _carve(pieces)  # when it cannot, the marker stays with the whole last piece
    return _attach_markers(pieces, tail, max_width, max_widths, lineno)


def _attach_markers(
    pieces: list[Any], tail: list[tuple[Any, str]], max_width: float, max_widths: list[float], lineno: int
) -> list[Any]:
    """Give the marker run to the last piece; when the run of several markers (¹⁰¹,¹⁰²) is still too wide for
    the line, break it between markers, after a separator, each marker whole: a line never runs past its edge."""
    groups = _marker_groups(tail)
    for i, group in enumerate(groups):
        at = lineno + len(pieces) - 1
        room = max_width if len(pieces) == 1 else max_widths[min(len(max_widths) - 1, at)]
        width = _width(group)
        if i and pieces[-1][0] + width > room + 1e-6:
            pieces.append(rl._SplitFrag([0.0]))
        pieces[-1].extend(group)
        pieces[-1][0] += width
    return pieces


def _marker_groups(tail: list[tuple[Any, str]]) -> list[list[tuple[Any, str]]]:
    """The marker run cut before each marker's anchor (an empty link frag before a raised one) after the first."""
    groups: list[list[tuple[Any, str]]] = [[]]
    for i, (f, text) in enumerate(tail):
        raised = i + 1 < len(tail) and bool(getattr(tail[i + 1][0], "rise", 0))
        if not text and getattr(f, "cbDefn", None) is not None and raised and any(t for _, t in groups[-1]):
            groups.append([])
        groups[-1].append((f, text))
    return groups


def _carve(pieces: list[Any]) -> bool:
    """Move the last letters of the last piece into a new last piece (of the same kind); False when the piece
    has too few letters to give any."""
    last = pieces[-1]
    f, text = last[-1]
    if len(text) <= _CARVE:
        return False
    keep, give = text[:-_CARVE], text[-_CARVE:]
    f_keep, f_give = f.clone(), f.clone()
    if hasattr(f_keep, "text"):
        f_keep.text, f_give.text = keep, give
    body = [*last[1:-1], (f_keep, keep)]
    given = [(f_give, give)]
    pieces[-1] = rl._SplitFrag([_width(body), *body])
    pieces.append(last.__class__([_width(given), *given]))
    return True


def install() -> None:
    """Route ReportLab's word splitting through the wrappers (once a process; idempotent)."""
    rl._hyphenateFragWord = hyphenate_frag_word
    rl._splitFragWord = split_frag_word
