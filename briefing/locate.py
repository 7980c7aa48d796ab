"""Finding words in the content files: the line and column of text inside a block, and files read once
while unchanged.

The model keeps one position a block; `locate` finds the words a check reports inside it by searching
the file near that position.  (Keeping every position in the model would make this unnecessary.)
"""

from __future__ import annotations

import re
from pathlib import Path

from briefing.diagnostics import BriefingError, Pos
from briefing.filecache import FileCache
from briefing.load import read_text


def _read(path: Path) -> str | None:
    try:
        return read_text(path).replace("\r\n", "\n").replace("\r", "\n")
    except BriefingError:
        return None


def _file_text(path: Path, files: FileCache | None) -> str | None:
    return files.get("text", path, _read) if files is not None else _read(path)


def words_pattern(words: str, limit: int = 6) -> str:
    """A regex for the first words of some text as typed in YAML: any line breaks, indentation or ** between them."""
    return r"[\s*_]+".join(re.escape(w.strip("*_")) for w in words.split()[:limit] if w.strip("*_"))


def locate(pos: Pos, pattern: str, within_lines: int = 200, files: FileCache | None = None) -> Pos:
    """The first match of `pattern` (its group "at", if any) in pos's file at or after pos, within a few lines; else pos.

    The model keeps a position for each block; this finds the line and column of the words inside it.
    `files`: the build's Session.files, so each file is read once while unchanged.
    """
    text = _file_text(Path(pos.file), files) if pos.line and pattern else None
    if text is None:
        return pos
    start = 0
    for _ in range(pos.line - 1):
        start = text.find("\n", start) + 1
    start += max(pos.col - 1, 0)
    end = start
    for _ in range(within_lines):
        nl = text.find("\n", end)
        if nl < 0:
            end = len(text)
            break
        end = nl + 1
    m = re.compile(pattern).search(text, start, end)
    if m is None:
        return pos
    at = m.start("at") if "at" in m.groupdict() else m.start()
    line = text.count("\n", 0, at) + 1
    return Pos(pos.file, line, at - (text.rfind("\n", 0, at) + 1) + 1)
