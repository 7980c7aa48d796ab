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

import bisect
import difflib
import functools
import os
import re
import sys
from array import array
from dataclasses import dataclass

__all__ = ["QuoteMatch", "find_quote", "normalise"]

# Typographic single quotes, apostrophes and primes -> '; doubles -> ".
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032'"
_DOUBLE_QUOTES = '\u201c\u201d\u201e\u201f\u2033"'
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, hyphen-minus -> -.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015-"

_FOLD = str.maketrans({**{c: "'" for c in _SINGLE_QUOTES}, **{c: '"' for c in _DOUBLE_QUOTES}, **{c: "-" for c in _DASHES}})

# An ellipsis inside a quotation marks words left out: the pieces either side
# must each appear, in order.
_ELLIPSIS = re.compile(r"\.\.\.|\u2026")

_MAX_DIFFERENCES = 3
# Punctuation a quotation may drop or change where it leaves words out ("sorry, … the failures" for "sorry. The
# failures"), and that it may leave off where it stops before the source's sentence does.
_EDGE_PUNCT = ",;:."
_END_PUNCT = ".,;:!?"


def normalise(text: str) -> str:
    """Fold what does not change a quotation's words, and nothing else.

    Runs of white space (spaces, tabs, line breaks, no-break spaces) become one
    space; typographic quote marks, apostrophes and primes become straight
    ones; every dash and hyphen becomes "-".  Case and all other characters are
    kept, because a difference there is a real misquotation.
    """
    return " ".join(text.translate(_FOLD).split())


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
    """A normalised text split into words, with where each word starts in the normalised text.

    Compact on purpose: a 20 MB source has about three million words, so the words are interned strings
    and the offsets machine integers (array), not tuples of Python ints.
    """

    words: list[str]
    starts: array[int]

    @classmethod
    def of(cls, text: str) -> _Words:
        words: list[str] = []
        starts = array("q")
        for m in _WORD.finditer(text):
            words.append(sys.intern(m.group()))
            starts.append(m.start())
        return cls(words, starts)

    def span(self, i: int) -> tuple[int, int]:
        return self.starts[i], self.starts[i] + len(self.words[i])


@dataclass(frozen=True)
class _Prepared:
    """A source made ready for searching: normalised, mapped back, split into indexed words."""

    text: str
    words: _Words
    original_starts: array[int]  # where each word starts in the source as given
    positions: dict[str, array[int]]

    def where(self, k: int) -> int:
        """The index in the source as given of character k of the normalised text."""
        i = max(0, bisect.bisect_right(self.words.starts, k) - 1)
        if not self.words.words:
            return 0
        return self.original_starts[i] + min(k - self.words.starts[i], len(self.words.words[i]))


_WORD = re.compile(r"\S+")


@functools.lru_cache(maxsize=8)
def _prepare(source_text: str) -> _Prepared:
    """Normalise a source (quote marks, dashes, white space: `normalise`) and index its words, in one pass."""
    folded = source_text.translate(_FOLD)  # one character for one: offsets stay those of the source
    original_starts = array("q")
    words: list[str] = []
    starts = array("q")
    at = 0
    for m in _WORD.finditer(folded):
        word = sys.intern(m.group())
        words.append(word)
        original_starts.append(m.start())
        starts.append(at)
        at += len(word) + 1
    del folded
    positions: dict[str, array[int]] = {}
    for i, word in enumerate(words):
        found = positions.get(word)
        if found is None:
            found = positions[word] = array("i")
        found.append(i)
    return _Prepared(" ".join(words), _Words(words, starts), original_starts, positions)


# Texts up to this long are compared character by character as a whole; longer ones only inside the window
# where they differ (after their common beginning and end), so a 10,000-word quotation with one changed word
# costs a few milliseconds, not minutes.
_WHOLE_CHARS = 4000
_WINDOW_CELLS = 4_000_000  # the most character pairs difflib is given; past that, the window is compared by words


def _common_ends(a: str, b: str) -> tuple[int, int]:
    """Lengths of the common beginning and (of what is left) the common end of `a` and `b`."""
    head = len(os.path.commonprefix([a, b]))
    tail = len(os.path.commonprefix([a[head:][::-1], b[head:][::-1]]))
    return head, tail


def _ratio(a: str, b: str) -> float:
    """difflib's similarity ratio; for long texts, computed character by character only where they differ."""
    if len(a) + len(b) <= _WHOLE_CHARS:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    head, tail = _common_ends(a, b)
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    if len(mid_a) * len(mid_b) <= _WINDOW_CELLS:
        same = sum(m.size for m in difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False).get_matching_blocks())
    else:
        wa, wb = mid_a.split(), mid_b.split()
        blocks = difflib.SequenceMatcher(None, wa, wb).get_matching_blocks()  # autojunk: common words bound the cost
        same = sum(len(w) + 1 for m in blocks for w in wa[m.a : m.a + m.size])
    return 2.0 * (head + tail + same) / (len(a) + len(b)) if a or b else 1.0


_VOTES = 200_000  # the most votes one quotation casts (rarest words first): bounds the cost of a long quotation


def _voters(counts: list[int]) -> set[int] | None:
    """Which of a quotation's words vote (None: all), rarest first, so that all votes stay within _VOTES."""
    if sum(counts) <= _VOTES:
        return None
    chosen: set[int] = set()
    total = 0
    for j in sorted(range(len(counts)), key=lambda k: (counts[k], k)):
        if counts[j] == 0:
            continue
        if total + counts[j] > _VOTES and chosen:
            break
        total += counts[j]
        chosen.add(j)
    return chosen


_LONG_WORDS = 100  # a quotation longer than this has its passage's two ends fitted separately
_END_WORDS = 40


def _ends(start: int, qw: _Words, src: _Prepared) -> tuple[int, int]:
    """For a long quotation aligned at source word `start` (by votes): the passage's first and last words, each
    chosen within two words either way by comparing only the quotation's first or last few words."""
    n_src, n_q = len(src.words.words), len(qw.words)
    clamp = lambda i: max(0, min(n_src - 1, i))  # noqa: E731
    head = " ".join(qw.words[:_END_WORDS])
    tail = " ".join(qw.words[-_END_WORDS:])

    def text(first: int, last: int) -> str:
        return src.text[src.words.starts[clamp(first)] : src.words.span(clamp(last))[1]]

    first = max((_ratio(text(start + d, start + d + _END_WORDS - 1), head), -abs(d), start + d) for d in (-2, -1, 0, 1, 2))[2]
    end = start + n_q - 1
    last = max((_ratio(text(end + d - _END_WORDS + 1, end + d), tail), -abs(d), end + d) for d in (-2, -1, 0, 1, 2))[2]
    first, last = clamp(first), clamp(max(first, last))
    return src.words.starts[first], src.words.span(last)[1]


def _closest(piece: str, src: _Prepared) -> tuple[int, int]:
    """The span (in `src.text`) of the passage most like `piece`.

    Each word the piece shares with the source votes for an alignment (source
    word index minus piece word index), rare words counting for more; the few
    best-supported alignments are scored with difflib, then the best one is
    tried a word or two longer or shorter at either end.  Cost is linear in
    the source plus a few dozen short difflib comparisons.
    """
    qw = _Words.of(piece)
    n_src, n_q = len(src.words.words), len(qw.words)
    if n_src == 0 or n_q == 0:
        return 0, min(len(src.text), len(piece))
    empty: array[int] = array("i")
    occurrences = [src.positions.get(w, empty) for w in qw.words]
    voters = _voters([len(o) for o in occurrences])
    votes: dict[int, float] = {}
    for j, found in enumerate(occurrences):
        if voters is not None and j not in voters:
            continue  # a word this common says little about where the passage is, and costs much
        for i in found:
            votes[i - j] = votes.get(i - j, 0.0) + 1.0 / len(found)
    starts = sorted(votes, key=lambda s: -votes[s])[:6] or [0]

    def window(first: int, n_words: int) -> tuple[int, int]:
        first = max(0, min(n_src - 1, first))
        last = max(first, min(n_src - 1, first + n_words - 1))
        return src.words.starts[first], src.words.span(last)[1]

    if n_q > _LONG_WORDS:
        a, b = _ends(starts[0], qw, src)
    else:
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
    """A short, human description of how `quote` differs from `source_passage` (both normalised).

    A quotation may stop before the source's sentence does: a source word's trailing full stop or comma that
    the quotation's last word lacks is not a difference ("illness." for "illness")."""
    s = source_passage.split()
    q = quote.split()
    if s and q and s[-1] != q[-1] and q[-1][-1:] not in _END_PUNCT:
        bare = s[-1].rstrip(_END_PUNCT)
        if bare:
            s[-1] = bare
    notes: list[str] = []
    ops = _word_changes(s, q)
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


def _word_changes(s: list[str], q: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's non-equal opcodes between two word lists, computed only between their common first and last words."""
    head = 0
    while head < min(len(s), len(q)) and s[head] == q[head]:
        head += 1
    tail = 0
    while tail < min(len(s), len(q)) - head and s[len(s) - 1 - tail] == q[len(q) - 1 - tail]:
        tail += 1
    mid_s, mid_q = s[head : len(s) - tail], q[head : len(q) - tail]
    matcher = difflib.SequenceMatcher(None, mid_s, mid_q, autojunk=len(mid_s) + len(mid_q) > 4000)
    return [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def find_quote(quote: str, source_text: str) -> QuoteMatch:
    """Look for `quote` verbatim in `source_text`, after `normalise`-ing both.

    A quotation with an ellipsis ("..." or "…") is matched piecewise: each
    piece must appear, in order, after the one before.
    """
    src = _prepare(source_text)
    pieces = _pieces(quote)
    if not pieces:
        return QuoteMatch(False, "", "the quotation is empty")
    at = 0
    for k, (piece, after_gap) in enumerate(pieces):
        hit = _find_piece(src.text, piece, at, after_gap)
        if hit >= 0:
            at = hit + len(piece)
            continue
        a, b = _closest(piece, src)
        closest = " ".join(source_text[src.where(a) : src.where(b - 1) + 1].split()) if b > a else ""
        compared = piece
        if after_gap and b > a and src.text[a].lower() == piece[0].lower():
            compared = src.text[a] + piece[1:]  # the case of a word after left-out words is not a difference
        difference = _describe(src.text[a:b], compared)
        if _find_piece(src.text, piece, 0, after_gap) >= 0:
            difference = "the words are in the source, but not in this order"
        if len(pieces) > 1:
            difference = f'part {k + 1} of {len(pieces)} ("{_shorten(piece)}"): {difference}'
        return QuoteMatch(False, closest, difference)
    return QuoteMatch(True)


def _pieces(quote: str) -> list[tuple[str, bool]]:
    """The parts of a quotation between its ellipses, each with whether words were left out before it.  Where
    words are left out the quotation may drop or change the punctuation either side ("sorry, … the")."""
    parts = _ELLIPSIS.split(quote)
    out = []
    for k, part in enumerate(parts):
        piece = normalise(part)
        if k + 1 < len(parts):
            piece = piece.rstrip(_EDGE_PUNCT + " ")
        if k > 0:
            piece = piece.lstrip(_EDGE_PUNCT + " ")
        if piece:
            out.append((piece, k > 0))
    return out


def _find_piece(text: str, piece: str, at: int, after_gap: bool) -> int:
    """Where `piece` is in `text` from `at`, -1 if not; after left-out words its first letter may be either case
    ("… we did not" for "We did not")."""
    hit = text.find(piece, at)
    if hit < 0 and after_gap and piece[:1].isalpha():
        hit = text.find(piece[0].swapcase() + piece[1:], at)
    return hit


def _shorten(text: str, limit: int = 40) -> str:
    """At most `limit` characters, cut between words (never "illnes…")."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip() + "\u2026"
