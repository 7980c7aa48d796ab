"""Verbatim-quotation checks: is a quotation really in its source, and if not, where does it differ?

A quotation in a briefing must be the speaker's words exactly.  The copies of
sources we hold are imperfect carriers of those words, though: one source is
UTF-8 with typographic quotes, another plain ASCII; a text taken from a PDF has
its lines broken mid-sentence and stray blank lines; a writer types an en dash
where the source has a hyphen.  None of that changes what anybody said, so
`normalise` folds exactly those differences (white space, quote-mark and
apostrophe style, dash style) and nothing else.  Case, spelling and every
other punctuation mark still count: "re-modelling" is not "remodelling",
"Khyra's legacy" is not "Khyra Ishaq's legacy".

`find_quote` answers found / not found; when not found it returns the closest
passage of the source and a short description of the difference, so the
person fixing the quotation sees at once what to change.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

__all__ = ["QuoteMatch", "find_quote", "normalise"]

# Typographic single quotes, apostrophes and primes -> '; doubles -> ".
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032'"
_DOUBLE_QUOTES = '\u201c\u201d\u201e\u201f\u2033"'
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, hyphen-minus -> -.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015-"

_FOLD = str.maketrans(
    {**{c: "'" for c in _SINGLE_QUOTES}, **{c: '"' for c in _DOUBLE_QUOTES}, **{c: "-" for c in _DASHES}}
)

# An ellipsis inside a quotation marks words left out: the pieces either side
# must each appear, in order.
_ELLIPSIS = re.compile(r"\.\.\.|\u2026")

_MAX_DIFFERENCES = 3


def normalise(text: str) -> str:
    """Fold what does not change a quotation's words, and nothing else.

    Runs of white space (spaces, tabs, line breaks, no-break spaces) become one
    space; typographic quote marks, apostrophes and primes become straight
    ones; every dash and hyphen becomes "-".  Case and all other characters are
    kept, because a difference there is a real misquotation.
    """
    return " ".join(text.translate(_FOLD).split())


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """`normalise(text)` and, for each of its characters, the index in `text` it came from."""
    out: list[str] = []
    where: list[int] = []
    pending_space = -1
    for i, ch in enumerate(text):
        if ch.isspace():
            if out and pending_space < 0:
                pending_space = i
            continue
        if pending_space >= 0:
            out.append(" ")
            where.append(pending_space)
            pending_space = -1
        out.append(ch.translate(_FOLD))
        where.append(i)
    return "".join(out), where


@dataclass(frozen=True)
class QuoteMatch:
    """The result of looking for a quotation in a source.

    When `found` is false, `closest` is the passage of the source most like the
    quotation (white space folded, otherwise as the source prints it) and
    `difference` says briefly how the two differ.  Both are empty when found.
    """

    found: bool
    closest: str = ""
    difference: str = ""


@dataclass(frozen=True)
class _Words:
    """A normalised text split into words, with each word's span in the normalised text."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, text: str) -> _Words:
        found = [(m.group(), m.span()) for m in re.finditer(r"\S+", text)]
        return cls(tuple(w for w, _ in found), tuple(s for _, s in found))


@dataclass(frozen=True)
class _Prepared:
    """A source made ready for searching: normalised, mapped back, split into indexed words."""

    text: str
    where: tuple[int, ...]
    words: _Words
    positions: dict[str, tuple[int, ...]]


@functools.lru_cache(maxsize=32)
def _prepare(source_text: str) -> _Prepared:
    text, where = _normalise_with_map(source_text)
    words = _Words.of(text)
    positions: dict[str, list[int]] = {}
    for i, w in enumerate(words.words):
        positions.setdefault(w, []).append(i)
    return _Prepared(text, tuple(where), words, {w: tuple(p) for w, p in positions.items()})


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _closest(piece: str, src: _Prepared) -> tuple[int, int]:
    """The span (in `src.text`) of the passage most like `piece`.

    Each word the piece shares with the source votes for an alignment (source
    word index minus piece word index), rare words counting for more; the few
    best-supported alignments are scored with difflib, then the best one is
    tried a word or two longer or shorter at either end.  Cost is linear in
    the source plus a few dozen short difflib comparisons.
    """
    qw = _Words.of(piece)
    spans = src.words.spans
    n_src, n_q = len(spans), len(qw.words)
    if n_src == 0 or n_q == 0:
        return 0, min(len(src.text), len(piece))
    votes: dict[int, float] = {}
    for j, w in enumerate(qw.words):
        occurrences = src.positions.get(w, ())
        for i in occurrences:
            votes[i - j] = votes.get(i - j, 0.0) + 1.0 / len(occurrences)
    starts = sorted(votes, key=lambda s: -votes[s])[:6] or [0]

    def window(first: int, n_words: int) -> tuple[int, int]:
        first = max(0, min(n_src - 1, first))
        last = max(first, min(n_src - 1, first + n_words - 1))
        return spans[first][0], spans[last][1]

    scored = []
    for start in starts:
        a, b = window(start, n_q)
        scored.append((_ratio(src.text[a:b], piece), start))
    _, start = max(scored)
    best: tuple[float, int, int] = (-1.0, 0, 0)
    for d_start in (-2, -1, 0, 1, 2):
        for d_len in (-2, -1, 0, 1, 2):
            a, b = window(start + d_start, n_q + d_len - d_start)
            score = _ratio(src.text[a:b], piece)
            if score > best[0]:
                best = (score, a, b)
    _, a, b = best
    # Do not blame the quotation for quote marks or brackets round the passage.
    while a < b and src.text[a] in "\"'(" and not piece.startswith(src.text[a]):
        a += 1
    while b > a and src.text[b - 1] in "\"')" and not piece.endswith(src.text[b - 1]):
        b -= 1
    return a, b


def _describe(source_passage: str, quote: str) -> str:
    """A short, human description of how `quote` differs from `source_passage` (both normalised)."""
    s = source_passage.split()
    q = quote.split()
    notes: list[str] = []
    ops = [op for op in difflib.SequenceMatcher(None, s, q, autojunk=False).get_opcodes() if op[0] != "equal"]
    for tag, i1, i2, j1, j2 in ops[:_MAX_DIFFERENCES]:
        src, quo = " ".join(s[i1:i2]), " ".join(q[j1:j2])
        if tag == "replace":
            notes.append(f'source has "{src}" where quote has "{quo}"')
        elif tag == "delete":
            notes.append(f'source has "{src}" which the quote leaves out')
        else:
            notes.append(f'quote has "{quo}" which the source does not')
    if len(ops) > _MAX_DIFFERENCES:
        notes.append(f"and {len(ops) - _MAX_DIFFERENCES} more difference(s)")
    return "; ".join(notes) or "the words match but not as one passage"


def find_quote(quote: str, source_text: str) -> QuoteMatch:
    """Look for `quote` verbatim in `source_text`, after `normalise`-ing both.

    A quotation with an ellipsis ("..." or "…") is matched piecewise: each
    piece must appear, in order, after the one before.
    """
    src = _prepare(source_text)
    pieces = [p for p in (normalise(x) for x in _ELLIPSIS.split(quote)) if p]
    if not pieces:
        return QuoteMatch(False, "", "the quotation is empty")
    at = 0
    for k, piece in enumerate(pieces):
        hit = src.text.find(piece, at)
        if hit >= 0:
            at = hit + len(piece)
            continue
        a, b = _closest(piece, src)
        closest = " ".join(source_text[src.where[a] : src.where[b - 1] + 1].split()) if b > a else ""
        difference = _describe(src.text[a:b], piece)
        if src.text.find(piece) >= 0:
            difference = "the words are in the source, but not in this order"
        if len(pieces) > 1:
            difference = f'part {k + 1} of {len(pieces)} ("{_shorten(piece)}"): {difference}'
        return QuoteMatch(False, closest, difference)
    return QuoteMatch(True)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
