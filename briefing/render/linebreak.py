"""Break opportunities inside words too wide for their line: addresses, long words, unspaced scripts.

ReportLab breaks lines at spaces, hyphenates a word that ends a line, and cuts a word wider
than the whole line at the character where the line is full, without a hyphen (and in its
multi-style path can lose the space after the cut word).  A web address then runs off the page
or is cut in the middle of a name, a narrow table cell prints "Famil / ies".

Before ReportLab breaks the lines of a paragraph, every word wider than the narrowest line is
cut here into pieces that each fit any line, with the break opportunities a typesetter would use:

- after `/ ? & = . -` (and the dashes): no hyphen is added, so a copied address is the address;
- then, for a piece still too wide, at the dictionary's hyphenation points, then at any
  character; a hyphen is printed only where a line actually ends there (`hyphen_at_line_ends`),
  never in an address and never between characters of scripts written without spaces (CJK);
- never inside or just before a superscript (a note marker stays with its word and whole);
- never inside a number ("447.50%", "£1,250.00", "2010-04-30"): cut, it reads as two figures or none.
  A number wider than its line raises `NumberTooWide`; a table gives its numbers room first
  (render/columns.py), so only a number wider than the page itself gets that far.

The pieces carry no space between them, so on one line they print as the word they came from.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pyphen
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import _getFragWords, _HSFrag, _SHYWord

from briefing.diagnostics import Pos
from briefing.render.rlquick import processed_frags
from briefing.style import MM

BREAK_AFTER = frozenset("/?&=.-‐‑–—")  # an address or compound breaks after these, adding nothing
_ADDRESS_MARKS = ("://", "www.", "@")

Hyphenator = Callable[[str], Iterator[tuple[str, str]]]

# A figure: digits with separators (. , : / ' and dashes), a sign or currency before, a percentage or a short
# unit after ("-12.75%", "£1,250.00", "2010-04-30", "2006–2008", "£12.5m", "1990s", "10:30pm").
_NUMBER = re.compile(r"[+\-−±~≈<>]?[£$€¥]?[+\-−]?\d(?:[\d.,:/'’‐‑–—−-]*\d)?(?:%|‰|[^\W\d_]{1,3})?")
_AROUND = "([{\"'“‘«»”’\"')]}.,;:!?…"  # punctuation a number may stand between


def is_number(text: str) -> bool:
    """Is this word (without its note marker) a number, which must never be cut across lines?"""
    core = text.strip(_AROUND)
    return bool(core) and _NUMBER.fullmatch(core) is not None


class NumberTooWide(ValueError):
    """A number wider than its line: cut, it would print a wrong figure, so the build stops instead."""

    def __init__(self, number: str, width: float, limit: float) -> None:
        super().__init__(
            f"the number '{number}' is {width / MM:.0f} mm wide, wider than its {limit / MM:.0f} mm line, "
            "and a number is never split across lines: write it shorter (such as '£1.2m' for "
            "'£1,200,000') or in words"
        )
        self.number = number
        self.pos: Pos | None = None  # the YAML of the words measured (flowables.Para.breakLines sets it)


class Piece(list):  # type: ignore[type-arg]
    """A part of a cut word that is followed directly (no space) by the next part."""


class HyphenPiece(Piece):
    """A part of a cut word that needs a hyphen when a line ends after it; its width includes the hyphen."""


def is_address(word: str) -> bool:
    """A web or e-mail address, or a path: it breaks only where the address allows, never with a hyphen."""
    return any(mark in word for mark in _ADDRESS_MARKS) or ("/" in word and "." in word)


def unspaced(ch: str) -> bool:
    """Characters of scripts written without spaces between words (Chinese, Japanese, Korean): any two may part."""
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK ", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC", "FULLWIDTH", "HALFWIDTH"))


def _chars(word: Sequence[Any]) -> list[tuple[Any, str]]:
    """(frag, character) for every character of a frag word; zero-width frags (anchors) as (frag, '')."""
    out: list[tuple[Any, str]] = []
    for frag, text in word[1:]:
        if not text:
            out.append((frag, ""))
        out.extend((frag, ch) for ch in text)
    return out


def _breakable(chars: list[tuple[Any, str]], i: int) -> bool:
    """May a line end after character i?  Never inside a superscript or just before one (a marker)."""
    here, nxt = chars[i], chars[i + 1]
    return bool(here[1] and nxt[1]) and not getattr(here[0], "rise", 0) and not getattr(nxt[0], "rise", 0)


def _soft_breaks(text: str, allowed: list[bool]) -> set[int]:
    """Breaks after address and compound marks: after `/` in "a/b" but not inside "://" or "--", nor after the
    point of a number ("1.1", a heading's number bound to its title by no-break spaces; "3.5")."""
    out = set()
    for i in range(len(text) - 1):
        if allowed[i] and text[i] in BREAK_AFTER and text[i + 1] not in BREAK_AFTER and text[i + 1].isalnum():
            if text[i] == "." and i > 0 and text[i - 1].isdigit() and text[i + 1].isdigit():
                continue
            out.add(i)
    return out


def _dictionary_breaks(text: str, hyphenator: Hyphenator | None) -> set[int]:
    """Hyphenation points inside each run of letters (names too: a word wider than its column must break
    somewhere); a marker or punctuation after the letters does not hide them."""
    out: set[int] = set()
    if hyphenator is None:
        return out
    for run in re.finditer(r"[^\W\d_]{4,}", text):
        out |= {run.start() + len(head) - 1 for head, _ in hyphenator(run.group().lower())}
    return out


@functools.cache
def fallback_hyphenator(language: str = "en_GB") -> Hyphenator:
    """Dictionary points for a too-wide word in a style that is never hyphenated otherwise (titles, table heads):
    it must break somewhere, and a syllable is a better place than any letter."""
    dic = pyphen.Pyphen(lang=language)

    def points(word: str) -> Iterator[tuple[str, str]]:
        return iter(dic.iterate(word))

    return points


def _any_character(text: str, start: int, end: int) -> set[int]:
    """Breaks at any character, leaving at least two letters on either side (none needed between CJK characters)."""
    return {k for k in range(start, end) if (k - start >= 1 and end - k >= 2) or unspaced(text[k]) or unspaced(text[k + 1])}


def _by_width(start: int, end: int, hyphened: bool, fits: Callable[[int, int, bool], bool]) -> set[int]:
    """Cuts in characters start..end, each as far along as a line holds with its hyphen: the fewest pieces (each
    piece's width counts its hyphen, so more pieces pack worse: 'Tr-/a-/in-/ing')."""
    out: set[int] = set()
    s = start
    while s < end and not fits(s, end, hyphened):
        k = s
        while k + 1 < end - 1 and fits(s, k + 1, True):  # two letters at least after it
            k += 1
        out.add(k)
        s = k + 1
    return out


def _pieces_of(
    text: str,
    allowed: list[bool],
    hyphenator: Hyphenator | None,
    fits: Callable[[int, int, bool], bool],
) -> tuple[list[int], set[int]]:
    """Where to cut (indices of the last character of each piece but the last) and which cuts take a hyphen.

    A segment too wide (up to a soft break or the word's end, where no hyphen is printed) is cut at its
    dictionary points, and only a syllable still too wide at any character: given any character everywhere,
    ReportLab filled each line to the last letter that fits ('Revi-ew', 'Pr-oc-ess' for 'Re-view', 'Pro-cess')."""
    soft = _soft_breaks(text, allowed)
    address = is_address(text)
    cuts: list[int] = []
    hyphened: set[int] = set()
    start = 0
    for end in sorted(soft) + [len(text) - 1]:
        if not fits(start, end, False):  # a segment still too wide: dictionary points, then any character
            segment = text[start : end + 1]
            inner = {start + k for k in _dictionary_breaks(segment, None if address else hyphenator)}
            if not inner:
                inner = _any_character(text, start, end)
            for a, b in zip([start - 1, *sorted(inner)], [*sorted(inner), end], strict=True):
                if not fits(a + 1, b, b != end):  # a syllable too wide: cut where its lines are full
                    inner |= _by_width(a + 1, b, b != end, fits)
            for k in sorted(inner):
                if allowed[k]:
                    cuts.append(k)
                    if not address and not (unspaced(text[k]) or unspaced(text[k + 1])):
                        hyphened.add(k)
        if end < len(text) - 1:
            cuts.append(end)
        start = end + 1
    return cuts, hyphened


def cut_to_fit(word: list[Any], limit: float, hyphenator: Hyphenator | None) -> list[list[Any]]:
    """A frag word wider than `limit` cut into pieces each no wider than `limit` where the word allows it."""
    chars = _chars(word)
    text = "".join(ch for _, ch in chars)
    if len(text) < 2:
        return [word]
    index = [i for i, (_, ch) in enumerate(chars) if ch]
    plain = "".join(ch for frag, ch in chars if not getattr(frag, "rise", 0))
    if not plain.strip():
        return _between_markers(word, chars, index)
    if is_number(plain):
        if (kept := kept_width(chars)) <= limit:
            return [word]  # only its note markers make it too wide: they break between them (render/glue.py)
        raise NumberTooWide(plain.strip(_AROUND), kept, limit)
    allowed = [
        _breakable(chars, index[k]) and all(chars[j][1] for j in range(index[k], index[k + 1] + 1)) for k in range(len(text) - 1)
    ]
    allowed.append(False)
    widths = [_width(chars[index[k]]) for k in range(len(text))]
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    hyphen = _width((chars[index[0]][0], "-"))

    def fits(a: int, b: int, hyphened: bool = True) -> bool:
        return prefix[b + 1] - prefix[a] + (hyphen if hyphened else 0.0) <= limit

    cuts, hyphened = _pieces_of(text, allowed, hyphenator, fits)
    if not cuts:
        return [word]
    return _assemble(word, chars, index, cuts, hyphened)


def kept_width(chars: list[tuple[Any, str]]) -> float:
    """The width of a word up to the end of its first note marker: what must stay on one line (a run of
    several markers after it breaks between them, render/glue.py)."""
    total, raised = 0.0, False
    for frag, ch in chars:
        up = bool(getattr(frag, "rise", 0))
        if raised and (not ch or not up or not ch.isdigit()):
            break
        raised = raised or (up and bool(ch))
        total += _width((frag, ch))
    return total


def word_chars(word: Sequence[Any]) -> list[tuple[Any, str]]:
    """(frag, character) for every character of a frag word (public for render/columns.py)."""
    return _chars(word)


def _between_markers(word: list[Any], chars: list[tuple[Any, str]], index: list[int]) -> list[list[Any]]:
    """A word of note markers only, "³⁵,³⁶,³⁷" (a paragraph split inside a run of markers starts with the
    rest of the run): it breaks after each separator, before the next marker's anchor, without a hyphen,
    as the run does after a word (render/glue.py).  ReportLab itself never breaks a word that starts with an
    anchor, so such a run would print as one line running off the page."""
    text = "".join(ch for _, ch in chars)
    cuts = [k for k in range(len(text) - 1) if not text[k].isalnum() and text[k + 1].isalnum()]
    return _assemble(word, chars, index, cuts, set()) if cuts else [word]


def _width(fc: tuple[Any, str]) -> float:
    frag, ch = fc
    return float(stringWidth(ch, frag.fontName, frag.fontSize)) if ch else 0.0


def _assemble(
    word: list[Any], chars: list[tuple[Any, str]], index: list[int], cuts: list[int], hyphened: set[int]
) -> list[list[Any]]:
    """Frag words for the pieces: runs of one frag merged, the last piece keeping the word's own kind."""
    bounds = [index[k] + 1 for k in cuts] + [len(chars)]
    out: list[list[Any]] = []
    start = 0
    kept: dict[int, Any] = {}

    def keep(frag: Any) -> Any:
        """The frag marked nobr: ReportLab must not hyphenate a piece again (an address would gain a hyphen)."""
        if id(frag) not in kept:
            kept[id(frag)] = frag.clone(nobr=True) if hasattr(frag, "clone") else frag
        return kept[id(frag)]

    for n, end in enumerate(bounds):
        last = n == len(bounds) - 1
        parts: list[Any] = []
        for frag0, ch in chars[start:end]:
            frag = keep(frag0)
            if parts and parts[-1][0] is frag and ch:
                parts[-1] = (frag, parts[-1][1] + ch)
            else:
                parts.append((frag, ch))
        width = sum(float(stringWidth(t, f.fontName, f.fontSize)) for f, t in parts if t)
        if last:
            kind: type = type(word) if not isinstance(word, _SHYWord) else (_HSFrag if isinstance(word, _HSFrag) else list)
            piece = kind([width, *parts])
        elif cuts[n] in hyphened:
            f0 = parts[-1][0]
            piece = HyphenPiece([width + float(stringWidth("-", f0.fontName, f0.fontSize)), *parts])
        else:
            piece = Piece([width, *parts])
        out.append(piece)
        start = end
    return out


def prepare(frags: list[Any], widths: list[float], hyphenator: Hyphenator | None) -> list[Any] | None:
    """The paragraph's frag words with every word wider than the narrowest line cut to fit, or None
    when no word is too wide (the paragraph is then broken exactly as ReportLab alone would)."""
    limit = min(widths)
    if not processed_frags(frags) and _surely_fits(frags, limit):
        return None
    words = _getFragWords(frags, widths[0])
    if all(w[0] <= limit or isinstance(w, _SHYWord) for w in words):
        return None
    out: list[Any] = []
    for w in words:
        out.extend(cut_to_fit(w, limit, hyphenator) if w[0] > limit and not isinstance(w, _SHYWord) else [w])
    return out


def _surely_fits(frags: list[Any], limit: float) -> bool:
    """A quick bound: no run of characters without a space can be wider than the line (no glyph is wider than 1.1 em)."""
    text = "".join(getattr(f, "text", "") or "" for f in frags)
    longest = max((len(run) for run in text.split()), default=0)
    size = max((float(getattr(f, "fontSize", 0) or 0) for f in frags), default=0.0)
    return longest * size * 1.1 <= limit


def hyphen_at_line_ends(lines: list[Any], words: list[Any]) -> None:
    """Print a hyphen where a line ends inside a cut word (its width was reserved in the piece)."""
    for line, nxt in zip(lines, lines[1:], strict=False):
        at = getattr(nxt, "sFW", 0) - 1
        if not 0 <= at < len(words) or not isinstance(words[at], HyphenPiece):
            continue
        for frag in reversed(line.words):
            if getattr(frag, "text", ""):
                frag.text += "-"
                break
