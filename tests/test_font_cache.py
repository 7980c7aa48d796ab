"""The parsed-font cache changes nothing but speed: a face read back measures, maps and embeds as ReportLab's
own parse does; a bad cache is ignored."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from briefing import glyphs
from briefing.render import facecache

TEXT = "Safeguarding review, 2019 – “the council’s” £1,250 ﬁnal ½ Ōtāhuhu"


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "briefing"


def _font_file() -> Path:
    return glyphs.package_font("font_source_serif_pro:SourceSerifPro-It.ttf")


def _what_prints(font: TTFont) -> tuple[object, ...]:
    """What a PDF gets from a font: widths, the glyphs a text maps to, the embedded subset, the metrics."""
    face = font.face
    codes = sorted({ord(c) for c in TEXT if ord(c) in face.charToGlyph})
    return (
        font.stringWidth(TEXT, 11),
        face.makeSubset(codes),
        face.name,
        face.ascent,
        face.descent,
        face.bbox,
        face.italicAngle,
        face.flags,
        face.stemV,
        face.capHeight,
        face.defaultWidth,
        face._pdfScale(1234),
        font.shapable,
    )


def test_a_cached_face_prints_as_reportlabs_own(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _font_file()
    own = TTFont("own", str(path))
    first = facecache.load_font("first", path)  # parses, then writes the cache
    assert len(list(fresh.glob("face-*.marshal"))) == 1
    monkeypatch.setattr(ttfonts.TTFontFace, "__init__", lambda *a, **k: pytest.fail("parsed again despite the cache"))
    second = facecache.load_font("second", path)  # reads the cache
    assert _what_prints(second) == _what_prints(first) == _what_prints(own)
    assert type(second.face.name) is type(own.face.name) and second.face.name.ustr == own.face.name.ustr


def test_a_corrupt_cache_is_ignored_and_replaced(fresh: Path) -> None:
    path = _font_file()
    facecache.load_font("a", path)
    (cached,) = fresh.glob("face-*.marshal")
    cached.write_bytes(b"not marshal data")
    assert _what_prints(facecache.load_font("b", path)) == _what_prints(TTFont("own", str(path)))
    assert len(cached.read_bytes()) > 10_000  # rewritten whole


def test_an_unwritable_cache_folder_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = _font_file()
    assert _what_prints(facecache.load_font("c", path)) == _what_prints(TTFont("own", str(path)))
