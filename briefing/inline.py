"""Inline text: the little a non-programmer types inside a YAML string.

`**bold**`, `*italic*`, `[@source, locator]` citations and `[#section]`
cross-references; every other character is literal text.  An unmatched `*`
prints as a star.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from briefing.diagnostics import Diagnostic, Pos, error
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
    problems: list[Diagnostic]

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
            how = "a finished citation: write [@source-id] or [@source-id, locator]" if m.group(1) == "@" \
                else "a finished section reference: write [#section-id]"
            self.problems.append(error(self.locate(fragment), f"'{fragment}' is not {how}"))

    def _cite(self, body: str, pos: Pos) -> Cite:
        refs: list[CiteRef] = []
        for part in body.split(";"):
            part = part.strip()
            source, _, locator = part.partition(",")
            source = source.strip().removeprefix("@").strip()
            if not _SOURCE_ID.match(source):
                self.problems.append(error(pos, f"malformed citation '[@{body}]': write [@source-id] or [@source-id, locator]"))
                continue
            refs.append(CiteRef(source, locator.strip(), pos))
        return Cite(tuple(refs), self.counter.take(), pos)

    def _emphasis(self, tokens: list[Inline | str]) -> list[Inline]:
        """Resolve ** and * pairs across the token list; unpaired stars stay literal."""
        out: list[Inline] = []
        stack: list[tuple[str, list[Inline]]] = [("", out)]

        def emit(node: Inline) -> None:
            target = stack[-1][1]
            if isinstance(node, Str) and target and isinstance(target[-1], Str):
                target[-1] = Str(target[-1].text + node.text)
            else:
                target.append(node)

        rest = "".join(t for t in tokens if isinstance(t, str))
        for token in tokens:
            if not isinstance(token, str):
                emit(token)
                continue
            i = 0
            while i < len(token):
                mark = "**" if token.startswith("**", i) else "*" if token[i] == "*" else ""
                if not mark:
                    j = token.find("*", i)
                    j = len(token) if j < 0 else j
                    emit(Str(token[i:j]))
                    i = j
                    continue
                open_marks = [m for m, _ in stack[1:]]
                if mark in open_marks:
                    # close everything down to the matching mark
                    while stack[-1][0] != mark:
                        m, children = stack.pop()
                        emit(Str(m))
                        for c in children:
                            emit(c)
                    m, children = stack.pop()
                    emit(Strong(tuple(children)) if m == "**" else Emph(tuple(children)))
                elif rest.count(mark) >= 2 or (mark == "*" and rest.count("*") >= 2):
                    stack.append((mark, []))
                else:
                    emit(Str(mark))
                rest = rest.replace(mark, "", 1)
                i += len(mark)
        while len(stack) > 1:
            m, children = stack.pop()
            emit(Str(m))
            for c in children:
                emit(c)
        return out


def parse_plain(text: str) -> RichText:
    """Text that takes no markup at all (names, titles): one literal run."""
    return (Str(text),) if text else ()
