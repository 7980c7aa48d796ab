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
from dataclasses import dataclass, field
from typing import Any

Found = tuple[str, int | None, str]  # (property, page, what is wrong): tests/verify.py makes them Failures

_CONTINUED = re.compile(r"Note (\d+), continued")
_CITED = re.compile(r"Cited on pages? ([\d,\s]+)")


def cited_pages_failures(
    pages: list[Any], outline: list[tuple[str, int, float]], printed: dict[int, PrintedNote], tokens: list[str]
) -> list[Found]:
    """`pages`: tests/verify.py's Pages (chars, rule, footer rule, note starts); `outline`: its (title, page, top);
    `printed`: the notes read from them (`printed_notes`)."""
    from tests.verify import text_lines

    heading = next(((page, top) for title, page, top in reversed(outline) if title.strip().endswith("Sources")), None)
    if heading is None or not tokens:
        return []
    entries = _entries(" ".join(_sources_lines(pages, heading, text_lines)))
    notes = [(note.page, named(printed, number)) for number, note in printed.items()]
    out: list[Found] = []
    for token in tokens:
        word = re.compile(rf"\b{re.escape(token)}\b")
        holding = [(number, cited) for number, (text, cited) in entries.items() if word.search(text)]
        if len(holding) != 1:
            continue
        number, said = holding[0]
        expected = sorted({page for page, cites in notes if token in cites})
        if said != expected:
            text = f"source [{number}] ({token}) says cited on pages {said}; its notes start on pages {expected}"
            out.append(("sources-cited-pages", None, text))
    return out


def _sources_lines(pages: list[Any], heading: tuple[int, float], text_lines: Any) -> list[str]:
    first, top = heading
    lines: list[str] = []
    for page in pages[first - 1 :]:
        floor = page.rule if page.rule is not None else (page.footer_rule or page.height)
        ceiling = top - 2 if page.number == first else (page.header_rule or 0)  # not the running header
        chars = [c for c in page.chars if ceiling <= c["top"] < floor - 1]
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


@dataclass
class PrintedNote:
    """A note as printed: where it starts, its whole text (continued parts included), and whether it says Ibid."""

    number: int
    page: int
    text: str
    ibid: bool
    words: set[str] = field(default_factory=set)


def printed_notes(pages: list[Any]) -> dict[int, PrintedNote]:
    """Every note started in the PDF, by number."""
    from tests.verify import text_lines

    texts: dict[int, str] = {}
    starts: dict[int, int] = {}
    for page in pages:
        if page.rule is None:
            continue
        floor = page.footer_rule or page.height
        pieces = _pieces([c for c in page.chars if page.rule < c["top"] < floor - 1], page.note_starts)
        head = re.split(_CONTINUED, " ".join(text_lines(pieces.pop(None, []))))
        for number, part in zip(head[1::2], head[2::2], strict=True):  # several notes may go on at a page's head
            texts[int(number)] = texts.get(int(number), "") + " " + part
        for number, chars in pieces.items():
            assert number is not None
            texts[number] = " ".join(text_lines(chars))
            starts[number] = page.number
    out = {}
    for number in sorted(starts):
        text = texts[number]
        ibid = text.split(None, 1)[1:2] and text.split(None, 1)[1].startswith("Ibid")
        out[number] = PrintedNote(number, starts[number], text, bool(ibid), set(re.findall(r"\w+", text)))
    return out


def _pieces(chars: list[dict[str, Any]], note_starts: list[tuple[int, float, float, float]]) -> dict[int | None, list[Any]]:
    """A note area's glyphs by the note they belong to (None: notes continued from earlier pages), in reading order:
    each glyph to the last note started before it, by line then across (a handout runs its notes on in lines)."""
    from tests.verify import baseline_rows

    rows = baseline_rows(chars)
    tops = [min(c["top"] for c in row) for row in rows]
    placed = sorted(
        (min(range(len(rows)), key=lambda i: abs(tops[i] - top)), x0, number) for number, top, x0, _ in note_starts if rows
    )
    out: dict[int | None, list[Any]] = {}
    current: int | None = None
    k = 0
    for i, row in enumerate(rows):
        for c in sorted(row, key=lambda c: c["x0"]):
            while k < len(placed) and (placed[k][0], placed[k][1]) <= (i, (c["x0"] + c["x1"]) / 2):  # its middle
                current = placed[k][2]
                k += 1
            out.setdefault(current, []).append(c)
    return out


def named(notes: dict[int, PrintedNote], number: int) -> set[str]:
    """The words that name a note's sources: its own, or for an Ibid. the note's before it on the same page."""
    note = notes[number]
    before = notes.get(number - 1)
    if note.ibid and before is not None and before.page == note.page:
        return named(notes, number - 1)
    return note.words


def note_source_failures(notes: dict[int, PrintedNote], tail_sources: dict[str, list[str]], tokens: list[str]) -> list[Found]:
    """Each note whose citation is known by its tail (the made-up word its locator ends with, the note's last word)
    names exactly that citation's sources; an Ibid. follows a note on the same page."""
    out: list[Found] = []
    for number, note in notes.items():
        last = re.findall(r"\w+", note.text)[-1:]
        tail = last[0] if last and last[0] in tail_sources else None  # a note with a locator ends with its tail
        before = notes.get(number - 1)
        if note.ibid and (before is None or before.page != note.page):
            out.append(("note-names-its-sources", note.page, f"note {number} says Ibid. with no note before it on its page"))
            continue
        if tail is None:
            continue
        said = sorted(t for t in tokens if t in named(notes, number))
        if said != sorted(tail_sources[tail]):
            text = f"note {number} names {said}; its citation cites {sorted(tail_sources[tail])}"
            out.append(("note-names-its-sources", note.page, text))
    return out
