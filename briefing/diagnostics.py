"""Problems found in a pack, each tied to a file, line and column.

Every stage reports through these types so that the command line can print
one line per problem (`path:line:column: error: message`) and never a
traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, NoReturn

Severity = Literal["error", "warning", "note"]  # a note informs: it counts as neither
MAX_MESSAGE = 1000


@dataclass(frozen=True, order=True)
class Pos:
    """A place in a content file; line and column count from 1."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file


@dataclass(frozen=True)
class Diagnostic:
    pos: Pos
    severity: Severity
    message: str

    def __str__(self) -> str:
        """One line, whatever the message quotes from the content (line breaks shown as \\n, very long text cut)."""
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        return f"{self.pos}: {self.severity}: {message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.pos.file, self.pos.line, self.pos.col, self.message)


class BriefingError(Exception):
    """Raised when a stage cannot go on; carries the diagnostics that explain why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


class Diagnostics:
    """The one way a stage reports: the caller hands it a collector, and it adds each problem as it finds one
    and goes on, so that one run reports them all.  A stage that cannot give its result at all (a file that
    cannot be read, YAML that does not parse, a style sheet with errors) says why and calls `stop`, which
    raises BriefingError carrying everything reported so far: the caller that catches it already holds the
    problems in its collector, and one that does not catch it passes them up whole."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        self.items: list[Diagnostic] = list(items)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def error(self, pos: Pos, message: str) -> None:
        self.items.append(Diagnostic(pos, "error", message))

    def warning(self, pos: Pos, message: str) -> None:
        self.items.append(Diagnostic(pos, "warning", message))

    def note(self, pos: Pos, message: str) -> None:
        self.items.append(Diagnostic(pos, "note", message))

    def stop(self, *why: Diagnostic) -> NoReturn:
        """Report `why` (if not reported yet) and end the stage: BriefingError with every problem so far."""
        self.items.extend(why)
        raise BriefingError(list(self.items))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"Diagnostics({self.items!r})"


class UsageError(Exception):
    """A mistake in the command or its environment rather than in the pack (exit 2, a plain message)."""


def error(pos: Pos, message: str) -> Diagnostic:
    return Diagnostic(pos, "error", message)


def warning(pos: Pos, message: str) -> Diagnostic:
    return Diagnostic(pos, "warning", message)


def note(pos: Pos, message: str) -> Diagnostic:
    return Diagnostic(pos, "note", message)
