"""Problems found in a pack, each tied to a file, line and column.

Every stage reports through these types so that the command line can print
one line per problem (`path:line:column: error: message`) and never a
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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


def error(pos: Pos, message: str) -> Diagnostic:
    return Diagnostic(pos, "error", message)


def warning(pos: Pos, message: str) -> Diagnostic:
    return Diagnostic(pos, "warning", message)


def note(pos: Pos, message: str) -> Diagnostic:
    return Diagnostic(pos, "note", message)
