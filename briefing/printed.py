"""What a reader sees: printed text folded so that look-alikes compare equal.

The do-not-print rule must match a protected name however it is typed, as
long as it *prints* as that name.  So text is folded before matching:

- inline markup is taken away as it would be when rendered (`**Jane** Roe`
  prints "Jane Roe"; a citation prints as a note marker, its locator in the
  note);
- invisible characters are removed: the soft hyphen, zero-width space and
  joiners, direction marks, the byte-order mark, variation selectors, tags and
  every other format character (category Cf) or default-ignorable one;
- NFKD compatibility decomposition (fullwidth, mathematical bold, ligatures,
  circled letters) with combining marks dropped, then a confusables map in the
  style of Unicode TR39's skeletons (Cyrillic, Greek, Armenian and Cherokee
  letters that look Latin; 0/O, 1/l/I), then case folding;
- a run under a right-to-left override (U+202E) is read in the order it is
  shown, i.e. reversed.

`fold` keeps, for each folded character, the index in the original text it
came from, so a match can be reported at its line and column.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# Embeddings, overrides and isolates: they change the order in which text is shown.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_RLO, _LRO, _PDF = "\u202e", "\u202d", "\u202c"
_OPENERS = frozenset("\u202a\u202b\u202d\u202e")

# Default-ignorable code points that are not format characters (Unicode's DerivedCoreProperties).
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0x1BCA0, 0x1BCA3),
    (0xE0000, 0xE0FFF),
    (0x2800, 0x2800),
)

# Look-alikes of Latin letters and digits (a subset of TR39's confusables.txt, for the scripts people meet).
_CONFUSABLES = {
    # Cyrillic
    "А": "A",
    "В": "B",
    "Е": "E",
    "Ѕ": "S",
    "І": "I",
    "Ј": "J",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "У": "Y",
    "Х": "X",
    "Ү": "Y",
    "Һ": "h",
    "Ӏ": "l",
    "Ԁ": "d",
    "Ԍ": "G",
    "Ԛ": "Q",
    "Ԝ": "W",
    "Ѵ": "V",
    "Ꙇ": "l",
    "Ԅ": "d",
    "а": "a",
    "в": "b",
    "е": "e",
    "ѕ": "s",
    "і": "i",
    "ј": "j",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ү": "y",
    "һ": "h",
    "ӏ": "l",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ѵ": "v",
    "ё": "e",
    "ї": "i",
    "ɡ": "g",
    "ԍ": "g",
    "ь": "b",
    "ѡ": "w",
    "ԋ": "h",
    "ӡ": "3",
    "г": "r",
    "п": "n",
    "ӧ": "o",
    # Greek
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    "Ϲ": "C",
    "Ϳ": "J",
    "Ϝ": "F",
    "α": "a",
    "β": "b",
    "γ": "y",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "σ": "o",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ϲ": "c",
    "ϳ": "j",
    "ε": "e",
    "η": "n",
    "ω": "w",
    "ϱ": "p",
    "ς": "c",
    # Armenian
    "Օ": "O",
    "Ս": "U",
    "Տ": "S",
    "Լ": "L",
    "Ձ": "2",
    "օ": "o",
    "ս": "u",
    "ո": "n",
    "հ": "h",
    "ց": "g",
    "զ": "q",
    "ա": "w",
    "ռ": "n",
    "ք": "p",
    "ի": "h",
    "ւ": "L",
    # Cherokee capitals
    "Ꭺ": "A",
    "Ᏼ": "B",
    "Ꮯ": "C",
    "Ꭰ": "D",
    "Ꭼ": "E",
    "Ꮐ": "G",
    "Ꮋ": "H",
    "Ꭵ": "i",
    "Ꭻ": "J",
    "Ꮶ": "K",
    "Ꮮ": "L",
    "Ꮇ": "M",
    "Ꮲ": "P",
    "Ꮢ": "R",
    "Ꮪ": "S",
    "Ꭲ": "T",
    "Ꮩ": "V",
    "Ꮃ": "W",
    "Ꮤ": "W",
    "Ꮓ": "Z",
    "Ꮍ": "y",
    "Ꮞ": "4",
    "Ꭱ": "R",
    "Ꭹ": "y",
    "Ꮥ": "S",
    "Ꮟ": "b",
    # Latin look-alikes that compatibility decomposition keeps
    "ı": "i",
    "ȷ": "j",
    "ɑ": "a",
    "ɩ": "i",
    "ɪ": "I",
    "ʏ": "Y",
    "ᴀ": "A",
    "ʙ": "B",
    "ᴄ": "C",
    "ᴅ": "D",
    "ᴇ": "E",
    "ɢ": "G",
    "ʜ": "H",
    "ᴊ": "J",
    "ᴋ": "K",
    "ʟ": "L",
    "ᴍ": "M",
    "ɴ": "N",
    "ᴏ": "O",
    "ᴘ": "P",
    "ʀ": "R",
    "ꜱ": "S",
    "ᴛ": "T",
    "ᴜ": "U",
    "ᴠ": "V",
    "ᴡ": "W",
    "ᴢ": "Z",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ħ": "h",
    "ł": "l",
    "Ł": "L",
    "ŀ": "l",
    "ƚ": "l",
    "ɫ": "l",
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "þ": "p",
    "ƿ": "p",
    "ǀ": "l",
    "ǃ": "!",
    # quotes and dashes print alike
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u02b9\u00b4`"},
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033"},
    **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe63"},
}
# After case folding: letters that print as the same stroke or ring.
_AFTER_CASE = str.maketrans({"l": "i", "1": "i", "|": "i", "0": "o"})


def is_invisible(ch: str) -> bool:
    """Whether `ch` prints nothing: a format character (soft hyphen, zero-width, direction marks, BOM, tags) or
    another default-ignorable code point (variation selectors, Hangul fillers, the combining grapheme joiner)."""
    if unicodedata.category(ch) == "Cf":
        return True
    code = ord(ch)
    return any(low <= code <= high for low, high in _IGNORABLE_RANGES)


@functools.lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character as the folded string it prints as ('' for an invisible one)."""
    if is_invisible(ch):
        return ""
    if ch.isspace():
        return " "
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if unicodedata.category(part) in ("Mn", "Me") or is_invisible(part):
            continue
        if part.isspace():
            out.append(" ")
            continue
        part = _CONFUSABLES.get(part, part)
        out.append(part.casefold().translate(_AFTER_CASE))
    return "".join(out)


@dataclass(frozen=True)
class Folded:
    """Folded text and, for each of its characters, the index of the original character it came from."""

    text: str
    where: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span for folded [start, end)."""
        indices = self.where[start:end]
        return min(indices), max(indices) + 1


def display_order(text: str) -> list[int]:
    """Indices of `text` in the order a reader sees them: runs under a right-to-left override reversed.

    Only the overrides force an order whatever the letters; embeddings and isolates of Latin text show it
    as typed.  An override with no closing U+202C runs to the end of the line.
    """
    order: list[int] = []
    stack: list[tuple[str, list[int]]] = []

    def close() -> None:
        kind, run = stack.pop()
        if kind == _RLO:
            run.reverse()
        (stack[-1][1] if stack else order).extend(run)

    for i, ch in enumerate(text):
        if ch in _OPENERS:
            stack.append((ch, []))
        elif ch == _PDF and stack:
            close()
        elif ch == "\n":
            while stack:
                close()
            order.append(i)
        else:
            (stack[-1][1] if stack else order).append(i)
    while stack:
        close()
    return order


def fold(text: str, indices: list[int] | None = None) -> Folded:
    """Fold `text` (or those of its characters at `indices`, in that order) for matching; spaces collapse."""
    out: list[str] = []
    where: list[int] = []
    for i in indices if indices is not None else range(len(text)):
        piece = fold_char(text[i])
        for c in piece:
            if c == " " and (not out or out[-1] == " "):
                continue
            out.append(c)
            where.append(i)
    return Folded("".join(out), tuple(where))


def fold_plain(text: str) -> str:
    """Folded text alone (for a name on the do-not-print list)."""
    return fold(text).text.strip()


# ------------------------------------------------------------------ inline markup as printed

_CITE = re.compile(r"\[@([^\]]*)\]")
_XREF = re.compile(r"\[#[^\]]*\]")


def printed_pieces(value: str, markup: bool = True) -> Iterator[list[int]]:
    """The runs of `value` that print together, each as the indices of its characters, in display order.

    With `markup`, stars are dropped (emphasis), a citation prints as a marker in the running text (dropped)
    and its locators in the note (each a run of its own), and a cross-reference prints as a section number
    (a break between words).
    """
    order = display_order(value)
    if not markup:
        yield order
        return
    body: list[int] = []
    taken = [False] * len(value)
    for m in _CITE.finditer(value):
        for i in range(m.start(), m.end()):
            taken[i] = True
        yield from _locators(value, m.start(1), m.end(1))
    xref = [False] * len(value)
    for m in _XREF.finditer(value):
        for i in range(m.start(), m.end()):
            xref[i] = True
    for i in order:
        if taken[i] or value[i] == "*":
            continue
        if xref[i]:
            if body and body[-1] != -1:
                body.append(-1)  # a word break: the section number prints here
            continue
        body.append(i)
    yield body


def _locators(value: str, start: int, end: int) -> Iterator[list[int]]:
    """Each `, locator` after a source id inside a citation body value[start:end]."""
    at = start
    while at <= end:
        stop = value.find(";", at, end)
        stop = end if stop < 0 else stop
        comma = value.find(",", at, stop)
        if comma >= 0:
            yield [i for i in range(comma + 1, stop) if value[i] != "*"]
        at = stop + 1


def fold_pieces(value: str, markup: bool = True) -> Iterator[Folded]:
    """Each printed run of `value`, folded."""
    for indices in printed_pieces(value, markup):
        parts: list[Folded] = []
        run: list[int] = []
        for i in indices:
            if i == -1:
                parts.append(fold(value, run))
                run = []
            else:
                run.append(i)
        parts.append(fold(value, run))
        yield from (p for p in parts if p.text.strip())


# ------------------------------------------------------------------ a quick first look

_MARKS = re.compile("[\u0300-\u036f]+")
_SPACES = re.compile(r"\s+")
_QUICK = str.maketrans(
    {
        **{c: _CONFUSABLES[c] for c in _CONFUSABLES if len(_CONFUSABLES[c]) == 1 and not c.isalpha()},
        "l": "i",
        "1": "i",
        "|": "i",
        "0": "o",
        "*": None,
    }
)


def quick_fold(value: str) -> str | None:
    """The printed text of `value` folded as `fold_pieces` folds it, all pieces run together, computed at C speed;
    None when the value holds a character only the full fold handles (look-alikes, invisible characters).

    Every match the full fold finds is also in this text, so a value where no name matches here is clean.
    """
    inner = [m.group(1) for m in _CITE.finditer(value)]
    text = "\n".join([_CITE.sub("", value), *inner])  # the running text as printed, then each note's locators
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    if not text.isascii():
        text = text.translate(_QUICK)
        if not text.isascii():
            return None
    return _SPACES.sub(" ", text.casefold().translate(_QUICK))


# ------------------------------------------------------------------ names


def name_pattern(name: str) -> re.Pattern[str] | None:
    """A folded protected name as a whole word; words may be run together or split by spaces, dots or dashes."""
    words = fold_plain(name).split()
    if not words:
        return None
    gap = r"[\s\-_.\u00b7/]*"
    return re.compile(r"(?<![^\W_])" + gap.join(re.escape(w) for w in words) + r"(?![^\W_])")


# ------------------------------------------------------------------ characters that hide or disguise text


def bidi_controls(value: str) -> list[tuple[int, str]]:
    """(index, character) of each direction override, embedding or isolate in `value`."""
    return [(i, c) for i, c in enumerate(value) if c in BIDI_CONTROLS]


def char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed')})"


def script_of(ch: str) -> str:
    """The script of a letter, from its Unicode name ("LATIN", "CYRILLIC", ...); '' for anything else."""
    if not ch.isalpha():
        return ""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


def mixed_script(text: str) -> list[str]:
    """The scripts of the letters in `text`, when there are more than one (fullwidth counts as its letters)."""
    scripts = dict.fromkeys(script_of(c) for c in unicodedata.normalize("NFKC", text))
    scripts.pop("", None)
    return list(scripts) if len(scripts) > 1 else []


_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/?#]*@)?(?P<host>[^/?#:]+)", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s<>()\[\],;:\"]+@(?P<host>[^\s<>()\[\],;:\"]+)")


def address_problems(value: str, kind: str) -> list[str]:
    """What is wrong with a web or e-mail address as printed: hidden characters, or a host mixing scripts."""
    problems = [
        f"the {kind} holds {char_name(c)}, which does not print; remove it"
        for c in dict.fromkeys(c for c in value if is_invisible(c) and c not in BIDI_CONTROLS)
    ]
    hosts = (
        [m.group("host") for m in _HOST.finditer(value)]
        if kind == "web address"
        else [m.group("host") for m in _EMAIL.finditer(value)]
    )
    for host in hosts:
        scripts = mixed_script(host)
        if scripts:
            problems.append(
                f"the {kind}'s host '{host}' mixes {' and '.join(s.title() for s in scripts)} letters, "
                "so it can pass for another; type it in one script"
            )
    return problems
