"""pyphen's hyphenation dictionary, parsed once per machine rather than once per build.

Parsing `hyph_en_GB.dic` (14,000 patterns) takes pyphen about 40 ms, a
twentieth of a cold build of the default pack.  The parsed patterns are plain
strings and integers, so they are kept with `marshal` in the user's cache
folder (`$XDG_CACHE_HOME/briefing`, else `~/.cache/briefing`), keyed by the
dictionary file's name, size and modification time, and read back in a few
milliseconds.  The cache only ever holds what pyphen itself parsed: a missing,
stale, unreadable or unwritable cache falls back to pyphen's own parse, and the
hyphenation is the same either way.

The shortest piece a break may leave is the dictionary's own LEFTHYPHENMIN and
RIGHTHYPHENMIN (2 and 3 for British English, as TeX's `ukenglish` sets them;
pyphen itself would allow 2 and 2), and a pack may list its own breaks for
words the patterns get wrong (`exceptions`), as TeX's \\hyphenation{} and
Typst's hyphenation exceptions do.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyphen

_FORMAT = 2  # bump when the stored layout changes (2: equal values stored once)


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


def _shared_values(patterns: dict[str, Any]) -> dict[str, Any]:
    """The patterns with equal values as one object: 14,000 patterns have 1,400 distinct values, and `marshal` writes
    an object met again as a reference to the first, so reading them back makes a tenth of the tuples (the en_GB
    cache: 370 KB read in about 7 ms, now 206 KB in under 3).  The values are tuples, which nothing changes."""
    seen: dict[Any, Any] = {}
    return {key: seen.setdefault(value, value) for key, value in patterns.items()}


def _store(path: Path, hd: pyphen.HyphDict) -> None:
    if not _plain(hd.patterns):
        return
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".hyph-", delete=False) as fh:
            tmp = fh.name
            marshal.dump((_shared_values(hd.patterns), hd.maxlen), fh)
        os.replace(tmp, path)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@functools.lru_cache(maxsize=8)
def minimums(language: str) -> tuple[int, int]:
    """The dictionary's LEFTHYPHENMIN and RIGHTHYPHENMIN (read from its first lines), else pyphen's 2 and 2:
    the fewest letters a break may leave before and after it."""
    dic = Path(pyphen.LANGUAGES[pyphen.language_fallback(language)])
    found = {"LEFTHYPHENMIN": 2, "RIGHTHYPHENMIN": 2}
    try:
        with dic.open(encoding="utf-8", errors="replace") as fh:
            for line in [fh.readline() for _ in range(8)]:
                key, _, value = line.strip().partition(" ")
                if key in found and value.isdigit():
                    found[key] = max(1, int(value))
    except OSError:
        pass
    return found["LEFTHYPHENMIN"], found["RIGHTHYPHENMIN"]


# Words the British patterns break badly ("suitab-ility", "projec-ted", "accommod-ation", "ac-commodation", seen
# in packs), with the breaks British dictionaries give; a pack's own list comes after these and wins.
BRITISH = (
    "suit-abil-ity",
    "un-suit-abil-ity",
    "pro-ject-ed",
    "pro-ject-ing",
    "accom-mo-da-tion",
    "accom-mo-da-tions",
)


def built_in(language: str) -> tuple[str, ...]:
    """The exceptions briefing brings for a language (British and other English: BRITISH)."""
    return BRITISH if language.lower().replace("-", "_").startswith("en") else ()


def exceptions(words: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """A pack's `hyphenation:` list as {word in lower case: the offsets where it may break}, TeX style:
    "ac-com-mo-da-tion" breaks only after "ac", "accom", "accommo" and "accommoda"; "forecast" never breaks."""
    out: dict[str, tuple[int, ...]] = {}
    for entry in words:
        parts = entry.lower().split("-")
        offsets, at = [], 0
        for part in parts[:-1]:
            at += len(part)
            offsets.append(at)
        out["".join(parts)] = tuple(offsets)
    return out


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
