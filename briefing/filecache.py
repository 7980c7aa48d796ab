"""Values worked out from files, each kept while its file is unchanged: part of a build's `Session`.

A value is kept under (what it is, the file) with the file's mtime, size and inode as they were *before*
it was read, so a save during the read is seen by the next build; nothing stale is ever returned.  A file
that cannot be stat'ed is read every time (the reader reports why it cannot be read).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
Stamp = tuple[int, int, int]


def stamp(path: Path) -> Stamp | None:
    """A file's mtime, size and inode (None when it cannot be stat'ed)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class FileCache:
    """What was read from each file, by kind ("yaml", "text", "source text"...), while the file is unchanged."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, Hashable], tuple[Stamp, Any]] = {}

    def get(self, kind: str, path: Path, read: Callable[[Path], T], key: Hashable = None) -> T:
        """`read(path)`, or what it gave last time if the file has not changed since.  `key` tells apart
        values of one file that differ in something besides the file (load keys on the path as shown)."""
        now = stamp(path)
        if now is None:
            return read(path)
        slot = (kind, key if key is not None else str(path.absolute()))
        known = self._kept.get(slot)
        if known is not None and known[0] == now:
            return known[1]  # type: ignore[no-any-return]
        value = read(path)
        self._kept[slot] = (now, value)
        return value

    def clear(self) -> None:
        self._kept.clear()
