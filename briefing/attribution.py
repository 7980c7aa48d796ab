"""Who says a quotation in a source text: the words near it that should name its speaker.

`fidelity.quotations_attributed` warns when a block quotation's speaker is not named where its source
prints the quoted words; this module finds that place and the terms that would name the speaker.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.model import Quote
from briefing.quotes import normalise

_HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "cllr",
        "coun",
        "councillor",
        "justice",
        "professor",
        "prof",
        "mp",
        "the",
        "rt",
        "hon",
    }
)
_PARA_BREAK = re.compile(r"\n[ \t\f\v\u00a0]*\n")
_ROLE_HEAD = re.compile(r"^(?:the\s+|a\s+|an\s+)?(.+?)(?=\s+(?:of|for|to|at|in|on|by|and|as|from|with)\b|$)", re.IGNORECASE)


# Words in double quotation marks, to the closing mark or the paragraph's end (news reports leave a
# quotation that runs on to the next paragraph open).
_QUOTED = re.compile(r'"[^"\n]*(?:"|$)', re.MULTILINE)

# "He added:", "It said:": a paragraph that goes on quoting someone named earlier.
_GOES_ON = re.compile(r"(?:He|She|They|It)\s+(?:added|said|continued|went on)\b")


@dataclass(frozen=True)
class Paragraphs:
    """A source text as normalised paragraphs (blank lines, however padded, separate them)."""

    paras: tuple[str, ...]
    starts: tuple[int, ...]
    joined: str
    lined: str = ""  # the paragraphs joined by line breaks: the same offsets as `joined`

    @classmethod
    def of(cls, text: str) -> Paragraphs:
        paras = tuple(normalise(p) for p in _PARA_BREAK.split(text) if p.strip())
        starts, at = [], 0
        for p in paras:
            starts.append(at)
            at += len(p) + 1
        return cls(paras, tuple(starts), " ".join(paras), "\n".join(paras))


def role_head(role: str) -> str:
    """The head of a role: "Strategic Director" of "Strategic Director for Children, ...", "report" of
    "report by the Board"."""
    m = _ROLE_HEAD.match(normalise(role).split(",")[0].strip())
    return m.group(1).strip() if m else ""


@functools.lru_cache(maxsize=16)
def _paragraphs(text: str) -> Paragraphs:
    return Paragraphs.of(text)


def speaker_terms(speaker: str, role: str, shared: frozenset[str] = frozenset()) -> list[str]:
    """What may name the speaker in a source: the full name, the surname, and the head of the role, all
    without titles such as Cllr or Mr.  A role head in `shared` (given to several speakers, such as
    "Labour MP") does not single anyone out and is left out."""
    words = [w for w in normalise(speaker).split() if w.lower().strip(".,") not in _HONORIFICS]
    terms = []
    if words:
        terms += [" ".join(words), words[-1]]
    head = role_head(role)
    if head and head.lower() not in shared:
        terms.append(head)
    return [t for t in dict.fromkeys(terms) if t]


def shared_role_heads(quotes: Iterable[Quote]) -> frozenset[str]:
    """Role heads that more than one speaker has."""
    speakers: dict[str, set[str]] = {}
    for q in quotes:
        head = role_head(q.role).lower()
        if head:
            speakers.setdefault(head, set()).add(normalise(q.speaker).lower())
    return frozenset(h for h, who in speakers.items() if len(who) > 1)


def quote_spans(quote: str, text: str, at: int = 0) -> list[tuple[int, int]]:
    """Where each piece of a quotation (the words either side of an ellipsis) is, in order, in the text's
    normalised paragraphs joined by spaces, from offset `at` on; [] when not found."""
    src = _paragraphs(text)
    spans: list[tuple[int, int]] = []
    for piece in (normalise(p) for p in re.split(r"\.\.\.|\u2026", quote) if normalise(p)):
        hit = src.joined.find(piece, at)
        if hit < 0:
            return []
        spans.append((hit, hit + len(piece)))
        at = hit + len(piece)
    return spans


def spoken(text: str, at: int) -> bool:
    """Whether the words at `at` (see quote_spans) are inside someone's quoted words in the source: after an odd
    number of quotation marks in their paragraph (a paragraph that carries a quotation on opens with one).  Words
    the narration itself puts in quotation marks (the report found it "generated a reluctance") are not, unless
    the mark follows a colon (he said: "...")."""
    src = _paragraphs(text)
    k = bisect.bisect_right(src.starts, at) - 1
    para, before = src.paras[k], src.paras[k][: at - src.starts[k]]
    if before.count('"') % 2 == 0:
        return False
    opened = before.rstrip()
    return para.startswith('"') or not opened.endswith('"') or opened[:-1].rstrip().endswith(":")


def attribution_window(quote: str, text: str, at: int = 0) -> tuple[str, str] | None:
    """(the words that should name the speaker, the passage that prints the quotation), or None when the
    quotation is not found (from offset `at` on: see quote_spans).

    The passage is the paragraph holding the quotation's first words, with the quoted words blanked out,
    and the two paragraphs before it; a quotation continued over paragraphs that each open with a
    quotation mark counts from the paragraph that opens the run.
    """
    src = _paragraphs(text)
    spans = quote_spans(quote, text, at)
    if not spans:
        return None
    first = bisect.bisect_right(src.starts, spans[0][0]) - 1
    opener = first
    while opener > 0 and (src.paras[opener][:1] in "\"'" or _GOES_ON.match(src.paras[opener])):
        opener -= 1
    lo = src.starts[max(0, opener - 2)]
    last = bisect.bisect_right(src.starts, spans[-1][1] - 1) - 1
    hi = src.starts[first] + len(src.paras[first]) if last == first else spans[-1][1]
    window = list(src.joined[lo:hi])
    for a, b in spans:
        for i in range(max(a, lo), min(b, hi)):
            window[i - lo] = " "
    for m in _QUOTED.finditer(src.lined, lo, hi):  # a name in anyone's quoted words is not an attribution
        for i in range(m.start(), min(m.end(), hi)):
            window[i - lo] = " "
    passage = src.joined[src.starts[opener] : src.starts[first] + len(src.paras[first])]
    return "".join(window), passage


def speaker_lines(text: str, at: int) -> list[str]:
    """The paragraph that opens the quotation holding the words at `at` (see quote_spans), then the one before
    it, each with everyone's quoted words blanked out: where a source names whoever says them."""
    src = _paragraphs(text)
    opener = bisect.bisect_right(src.starts, at) - 1
    while opener > 0 and (src.paras[opener][:1] in "\"'" or _GOES_ON.match(src.paras[opener])):
        opener -= 1
    return [_QUOTED.sub(" ", src.paras[k]) for k in (opener, opener - 1) if k >= 0]


def names_speaker(window: str, terms: list[str]) -> bool:
    folded = window.lower()
    return any(re.search(r"(?<!\w)" + re.escape(t.lower()) + r"(?!\w)", folded) for t in terms)
