""" "Did you mean ...?": the closest known id to a mistyped one, from an index built once.

`difflib.get_close_matches` compares the typo with every candidate, so a pack with thousands of
sources and thousands of mistyped citations took minutes.  `Suggester` indexes the candidates by
their character bigrams once; a query scores only the candidates that share its less common
bigrams with it (by the Dice coefficient), takes the best few and lets difflib choose among
those, with get_close_matches's cutoff.  Each distinct typo is looked up once.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain

_SHORTLIST = 8  # candidates difflib looks at for one query


def _grams(word: str) -> set[str]:
    padded = f"\x00{word.lower()}\x00"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


class Suggester:
    """The closest of a fixed set of candidates to a word, as difflib's get_close_matches would choose it."""

    def __init__(self, candidates: Iterable[str], cutoff: float = 0.6) -> None:
        self.candidates = list(dict.fromkeys(candidates))
        self.cutoff = cutoff
        self.index: dict[str, list[int]] = defaultdict(list)
        for i, candidate in enumerate(self.candidates):
            for gram in _grams(candidate):
                self.index[gram].append(i)
        self.sizes = [len(_grams(c)) for c in self.candidates]
        self.memo: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        if word not in self.memo:
            self.memo[word] = self._closest(word)
        return self.memo[word]

    def _closest(self, word: str) -> str | None:
        grams = _grams(word)
        common = max(64, len(self.candidates) // 8)  # a bigram in more candidates than this tells little
        postings = sorted((self.index.get(g, []) for g in grams), key=len)
        useful = [p for p in postings if len(p) <= common] or postings[:1]
        shared = Counter(chain.from_iterable(useful))  # counted in C: thousands of candidates a query stay cheap
        sizes = self.sizes
        top = [i for i, _ in shared.most_common(_SHORTLIST * 4)]
        shortlist = heapq.nlargest(_SHORTLIST, top, key=lambda i: (shared[i] / (len(grams) + sizes[i]), -i))
        names = [self.candidates[i] for i in sorted(shortlist)]
        near = difflib.get_close_matches(word, names, n=1, cutoff=self.cutoff)
        return near[0] if near else None
