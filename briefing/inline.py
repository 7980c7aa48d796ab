"""Inline text: the little a non-programmer types inside a YAML string.

`**bold**`, `*italic*`, `[@source, locator]` citations and `[#section]`
cross-references; every other character is literal text.  An unmatched `*`
prints as a star.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from briefing.diagnostics import Diagnostics, Pos
from briefing.model import Cite, CiteRef, Emph, Inline, RichText, Str, Strong, XRef

_CITE = re.compile(r"\[@([^\]]*)\]")
_XREF = re.compile(r"\[#([A-Za-z0-9_-]+)\]")
_SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*$")
_UNFINISHED = re.compile(r"\[([@#])[^\[\]\s]{0,40}")


class CiteCounter:
    """Hands out pack-unique citation keys in reading order."""

    def __init__(self) -> None:
        self.next = 0

    def take(self) -> int:
        self.next += 1
        return self.next


@dataclass
class InlineParser:
    counter: CiteCounter
    locate: Callable[[str], Pos]
    problems: Diagnostics

    def parse(self, text: str) -> RichText:
        return tuple(self._emphasis(self._tokens(text)))

    def _tokens(self, text: str) -> list[Inline | str]:
        """Split text into citations, cross-references and runs of plain text (still with stars)."""
        out: list[Inline | str] = []
        pattern = re.compile(f"{_CITE.pattern}|{_XREF.pattern}")
        at = 0
        for m in pattern.finditer(text):
            self._unclosed(text[at : m.start()])
            before = text[at : m.start()]
            if m.group(1) is not None:
                before = before.rstrip()  # a note marker hugs the word before it, as in Pandoc
            if before:
                out.append(before)
            pos = self.locate(m.group(0))
            if m.group(1) is not None:
                out.append(self._cite(m.group(1), pos))
            else:
                out.append(XRef(m.group(2), pos))
            at = m.end()
        if at < len(text):
            self._unclosed(text[at:])
            out.append(text[at:])
        return out

    def _unclosed(self, plain: str) -> None:
        """A '[@' or '[#' left in plain text is a citation or reference the user did not finish."""
        for m in _UNFINISHED.finditer(plain):
            fragment = m.group(0)
            how = (
                "a finished citation: write [@source-id] or [@source-id, locator]"
                if m.group(1) == "@"
                else "a finished section reference: write [#section-id]"
            )
            self.problems.error(self.locate(fragment), f"'{fragment}' is not {how}")

    def _cite(self, body: str, pos: Pos) -> Cite:
        refs: list[CiteRef] = []
        for part in body.split(";"):
            part = part.strip()
            source, _, locator = part.partition(",")
            source = source.strip().removeprefix("@").strip()
            if not _SOURCE_ID.match(source):
                self.problems.error(pos, f"malformed citation '[@{body}]': write [@source-id] or [@source-id, locator]")
                continue
            refs.append(CiteRef(source, locator.strip(), pos))
        return Cite(tuple(refs), self.counter.take(), pos)

    def _emphasis(self, tokens: list[Inline | str]) -> list[Inline]:
        """Resolve ** and * pairs across the token list; unpaired stars stay literal.

        A mark opens only when the rest of the text holds another like it (`_StarsAhead`), and closes
        the open mark it matches; at most one `**` and one `*` are open at once.  Linear in the text."""
        ahead = _StarsAhead("".join(t for t in tokens if isinstance(t, str)))
        levels: list[_Level] = [_Level("")]
        open_marks: list[str] = []  # the marks of levels[1:]
        base = 0  # where the current token starts in the joined text
        for token in tokens:
            if not isinstance(token, str):
                levels[-1].node(token)
                continue
            i = 0
            while i < len(token):
                j = token.find("*", i)
                if j < 0:
                    levels[-1].words(token[i:])
                    break
                if j > i:
                    levels[-1].words(token[i:j])
                mark = "**" if token.startswith("**", j) else "*"
                if mark in open_marks:
                    while levels[-1].mark != mark:  # close everything down to the matching mark
                        levels[-2].spill(levels.pop())
                        open_marks.pop()
                    done = levels.pop()
                    open_marks.pop()
                    children = done.close()
                    levels[-1].node(Strong(children) if mark == "**" else Emph(children))
                elif ahead.pairs(base + j, mark):
                    levels.append(_Level(mark))
                    open_marks.append(mark)
                else:
                    levels[-1].words(mark)
                i = j + len(mark)
            base += len(token)
        while len(levels) > 1:
            levels[-2].spill(levels.pop())
        return list(levels[0].close())


class _StarsAhead:
    """How many `*` and `**` the text holds from a position on, as `str.count` would count them.

    Asked about positions left to right, so a cursor over the runs of stars answers in O(1)."""

    _RUN = re.compile(r"\*+")

    def __init__(self, text: str) -> None:
        self.runs = [m.span() for m in self._RUN.finditer(text)]
        n = len(self.runs)
        self.stars_after = [0] * (n + 1)  # stars in the runs after run k
        self.pairs_after = [0] * (n + 1)  # '**' in the runs after run k
        for k in range(n - 1, 0, -1):
            start, end = self.runs[k]
            self.stars_after[k - 1] = self.stars_after[k] + end - start
            self.pairs_after[k - 1] = self.pairs_after[k] + (end - start) // 2
        self.cursor = 0

    def pairs(self, at: int, mark: str) -> bool:
        """Whether the text from `at` (a star) holds at least two of `mark` (the one at `at` included)."""
        while self.runs[self.cursor][1] <= at:
            self.cursor += 1
        end = self.runs[self.cursor][1]
        if mark == "*":
            return end - at + self.stars_after[self.cursor] >= 2
        return (end - at) // 2 + self.pairs_after[self.cursor] >= 2


@dataclass
class _Level:
    """An open mark and what has been read since it opened; words are joined once, when closed."""

    mark: str
    nodes: list[Inline] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)

    def words(self, text: str) -> None:
        self.pending.append(text)

    def node(self, node: Inline) -> None:
        self._flush()
        self.nodes.append(node)

    def _flush(self) -> None:
        if self.pending:
            self.nodes.append(Str("".join(self.pending)))
            self.pending = []

    def close(self) -> RichText:
        self._flush()
        return tuple(self.nodes)

    def spill(self, inner: _Level) -> None:
        """An unclosed mark prints as itself, followed by what it held."""
        self.words(inner.mark)
        for node in inner.close():
            if isinstance(node, Str):
                self.words(node.text)
            else:
                self.node(node)
