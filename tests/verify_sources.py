"""The verifier's check of the Sources list's "Cited on pages": read against the notes printed.

The list's introduction says the pages given are those whose notes cite the source, so for each source the pages
must be exactly those on which a note citing it starts.  Which source a note cites is read from its text: a
generated source's title starts with a made-up word found nowhere else (its token, tests/generate.py), printed in
its full and its short reference alike; an "Ibid." note cites what the note printed just before it on the page
cites.  A note's text is its lines from its number down to the next note's, with any part continued on later
pages ("Note 4, continued: ...").  The list is read from the Sources heading to the end, above the note rule.

Sources whose token is not a single word of exactly one entry (a hand-written pack's titles) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

Found = tuple[str, int | None, str]  # (property, page, what is wrong): tests/verify.py makes them Failures

_CONTINUED = re.compile(r"Note (\d+), continued")
_CITED = re.compile(r"Cited on pages? ([\d,\s]+)")


def cited_pages_failures(pages: list[Any], outline: list[tuple[str, int, float]], tokens: list[str]) -> list[Found]:
    """`pages`: tests/verify.py's Pages (chars, rule, footer rule, note starts); `outline`: its (title, page, top)."""
    from tests.verify import text_lines

    heading = next(((page, top) for title, page, top in reversed(outline) if title.strip().endswith("Sources")), None)
    if heading is None or not tokens:
        return []
    entries = _entries(" ".join(_sources_lines(pages, heading, text_lines)))
    notes = _notes(pages, text_lines)
    out: list[Found] = []
    for token in tokens:
        word = re.compile(rf"\b{re.escape(token)}\b")
        holding = [(number, cited) for number, (text, cited) in entries.items() if word.search(text)]
        if len(holding) != 1:
            continue
        number, printed = holding[0]
        expected = sorted({page for page, cites in notes if token in cites})
        if printed != expected:
            text = f"source [{number}] ({token}) says cited on pages {printed}; its notes start on pages {expected}"
            out.append(("sources-cited-pages", None, text))
    return out


def _sources_lines(pages: list[Any], heading: tuple[int, float], text_lines: Any) -> list[str]:
    first, top = heading
    lines: list[str] = []
    for page in pages[first - 1 :]:
        floor = page.rule if page.rule is not None else (page.footer_rule or page.height)
        chars = [c for c in page.chars if c["top"] < floor - 1 and (page.number != first or c["top"] >= top - 2)]
        lines += text_lines(chars)
    return lines


def _entries(text: str) -> dict[int, tuple[str, list[int]]]:
    """Each entry of the list: its number -> (its text, the pages it says cite it)."""
    parts = re.split(r"\[(\d+)\]", text)
    out: dict[int, tuple[str, list[int]]] = {}
    for number, body in zip(parts[1::2], parts[2::2], strict=True):
        found = _CITED.search(body)
        pages = [int(p) for p in re.findall(r"\d+", found.group(1))] if found else []
        out[int(number)] = (body, pages)
    return out


def _notes(pages: list[Any], text_lines: Any) -> list[tuple[int, set[str]]]:
    """(page, words) for each note started: the words of its whole text, continued parts included."""
    texts: dict[int, str] = {}
    starts: dict[int, int] = {}
    for page in pages:
        if page.rule is None:
            continue
        floor = page.footer_rule or page.height
        area = [c for c in page.chars if page.rule < c["top"] < floor - 1]
        tops = sorted(page.note_starts, key=lambda s: (round(s[1], 1), s[2]))
        bounds = [s[1] - 1 for s in tops] + [floor]
        head = re.split(_CONTINUED, " ".join(text_lines([c for c in area if c["top"] < bounds[0]])))
        for number, part in zip(head[1::2], head[2::2], strict=True):  # several notes may go on at a page's head
            texts[int(number)] = texts.get(int(number), "") + " " + part
        for (number, *_), low, high in zip(tops, bounds, bounds[1:], strict=False):
            texts[number] = " ".join(text_lines([c for c in area if low <= c["top"] < high]))
            starts[number] = page.number
    return list(_cites(texts, starts))


def _cites(texts: dict[int, str], starts: dict[int, int]) -> Iterable[tuple[int, set[str]]]:
    previous: tuple[int, set[str]] = (0, set())
    for number in sorted(starts):
        words = set(re.findall(r"\w+", texts[number]))
        body = texts[number].split(None, 1)[1] if len(texts[number].split(None, 1)) > 1 else ""
        if body.startswith("Ibid") and previous[0] == starts[number]:
            words |= previous[1]
        previous = (starts[number], words)
        yield starts[number], words
