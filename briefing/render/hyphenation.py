"""pyphen's hyphenation dictionary, parsed once per machine rather than once per build.

Parsing `hyph_en_GB.dic` (14,000 patterns) takes pyphen about 40 ms, a
twentieth of a cold build of the default pack.  The parsed patterns are plain
strings and integers, so they are kept with `marshal` in the user's cache
folder (`$XDG_CACHE_HOME/briefing`, else `~/.cache/briefing`), keyed by the
dictionary file's name, size and modification time, and read back in a few
milliseconds.  The cache only ever holds what pyphen itself parsed: a missing,
stale, unreadable or unwritable cache falls back to pyphen's own parse, and the
hyphenation is the same either way.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

import pyphen

_FORMAT = 1  # bump when the stored layout changes


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing"


def _cache_file(dic: Path) -> Path:
    st = dic.stat()
    return cache_dir() / f"hyph-{_FORMAT}-{dic.stem}-{st.st_size}-{st.st_mtime_ns}.marshal"


def _plain(patterns: dict[str, Any]) -> bool:
    """True when every pattern is (int, tuple of plain ints): no nonstandard hyphenation data to lose."""
    return all(type(v) is int for _, values in patterns.values() for v in values)


def _from_cache(path: Path) -> pyphen.HyphDict | None:
    try:
        patterns, maxlen = marshal.loads(path.read_bytes())  # marshal.load(file) reads in small chunks: 4x slower
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(patterns, dict) or not isinstance(maxlen, int):
        return None
    hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hd.patterns, hd.cache, hd.maxlen = patterns, {}, maxlen
    return hd


def _store(path: Path, hd: pyphen.HyphDict) -> None:
    if not _plain(hd.patterns):
        return
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".hyph-", delete=False) as fh:
            tmp = fh.name
            marshal.dump((hd.patterns, hd.maxlen), fh)
        os.replace(tmp, path)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def dictionary(language: str) -> pyphen.Pyphen:
    """A `pyphen.Pyphen` for `language`, its patterns read from the cache when they can be."""
    dic = Path(pyphen.LANGUAGES[pyphen.language_fallback(language)])
    if dic not in pyphen.hdcache:
        try:
            cached = _cache_file(dic)
        except OSError:
            cached = None
        hd = _from_cache(cached) if cached is not None else None
        if hd is None:
            hd = pyphen.HyphDict(dic)
            if cached is not None:
                _store(cached, hd)
        pyphen.hdcache[dic] = hd
    return pyphen.Pyphen(lang=language)
