"""The hyphenation dictionary's cache changes nothing but speed: same breaks with or without it, bad caches ignored."""

from __future__ import annotations

from pathlib import Path

import pyphen
import pytest

from briefing.render import hyphenation

WORDS = ("accommodation", "safeguarding", "recommendations", "responsibilities", "administration", "independent")


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(pyphen, "hdcache", {})
    return tmp_path / "briefing"


def _breaks(dic: pyphen.Pyphen) -> list[list[tuple[str, str]]]:
    return [list(dic.iterate(w)) for w in WORDS]


def _pyphens_own() -> list[list[tuple[str, str]]]:
    """pyphen's own parse, leaving its process-wide cache as it was."""
    saved = dict(pyphen.hdcache)
    try:
        return _breaks(pyphen.Pyphen(lang="en_GB", cache=False))
    finally:
        pyphen.hdcache.clear()
        pyphen.hdcache.update(saved)


def test_cached_dictionary_hyphenates_as_pyphen_does(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = _pyphens_own()
    first = _breaks(hyphenation.dictionary("en_GB"))  # parses, then writes the cache
    assert len(list(fresh.glob("hyph-*.marshal"))) == 1
    monkeypatch.setattr(pyphen, "hdcache", {})
    monkeypatch.setattr(pyphen.HyphDict, "__init__", lambda *a: pytest.fail("parsed again despite the cache"))
    second = _breaks(hyphenation.dictionary("en_GB"))  # reads the cache
    assert first == second == reference
    assert any(len(b) > 2 for b in reference)  # the words do break


def test_corrupt_cache_is_ignored_and_replaced(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hyphenation.dictionary("en_GB")
    (cached,) = fresh.glob("hyph-*.marshal")
    cached.write_bytes(b"not marshal data")
    monkeypatch.setattr(pyphen, "hdcache", {})
    assert _breaks(hyphenation.dictionary("en_GB")) == _pyphens_own()
    monkeypatch.setattr(pyphen, "hdcache", {})
    assert hyphenation._from_cache(cached) is not None  # rewritten whole


def test_unwritable_cache_folder_still_hyphenates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(pyphen, "hdcache", {})
    assert _breaks(hyphenation.dictionary("en_GB")) == _pyphens_own()
