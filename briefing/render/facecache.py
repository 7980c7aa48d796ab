"""TrueType faces parsed once per machine rather than once per build.

ReportLab parses a face's tables (character map, widths, names) in Python when a font is registered: about
5 ms a face, and a sheet has eight (the default pack's 40 ms, about 2% of a cold build).  What the parse
gives is plain data (numbers, strings, lists, dictionaries, the file's bytes), kept with `marshal` in the
cache folder the hyphenation patterns use (render/hyphenation.py), keyed by ReportLab's version, the file's
name, size and modification time; read back it takes a fraction of a millisecond.

The cache only ever holds what ReportLab itself parsed, and only when a font made from it is the same as
the one ReportLab made (checked when it is stored): a missing, stale, unreadable or unwritable cache, or
a ReportLab whose fonts are made differently, falls back to ReportLab's own parse, and the PDF is the
same either way.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from briefing.render.hyphenation import cache_dir

_FORMAT = 1  # bump when the stored layout changes
_NAMES = "n"  # tag of a TTFNameBytes value (bytes that also carry their text)


def _cache_file(path: Path, subfont: int) -> Path:
    st = path.stat()
    version = reportlab.Version.replace("/", "_")
    return cache_dir() / f"face-{_FORMAT}-rl{version}-{path.stem}-{subfont}-{st.st_size}-{st.st_mtime_ns}.marshal"


def _encode(face: TTFontFace) -> dict[str, Any] | None:
    """The face's attributes as marshal stores them, or None if one is not plain data."""
    out: dict[str, Any] = {}
    for key, value in vars(face).items():
        if key == "_pdfScale":
            continue  # a function of unitsPerEm, made again on reading
        if type(value) is TTFNameBytes:
            out[key] = (_NAMES, bytes(value), value.ustr)
            continue
        try:
            marshal.dumps(value)
        except ValueError:
            return None
        out[key] = value
    return out


def _decode(data: dict[str, Any]) -> TTFontFace:
    face = TTFontFace.__new__(TTFontFace)
    values = {k: (_names(v[1], v[2]) if type(v) is tuple and len(v) == 3 and v[0] == _NAMES else v) for k, v in data.items()}
    vars(face).update(values)
    units = face.unitsPerEm
    face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
    return face


def _names(raw: bytes, text: str) -> TTFNameBytes:
    value = TTFNameBytes(raw)
    value.ustr = text
    return value


def _font(name: str, face: TTFontFace) -> TTFont:
    """A TTFont around a face already parsed, as TTFont.__init__ makes one (checked by `_same` on storing)."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


def _same(a: TTFont, b: TTFont) -> bool:
    """Whether two fonts of one file hold the same: the font's attributes by name and type, the face's by value."""
    if {k: type(v) for k, v in vars(a).items()} != {k: type(v) for k, v in vars(b).items()}:
        return False
    fa, fb = dict(vars(a.face)), dict(vars(b.face))
    scale_a, scale_b = fa.pop("_pdfScale", None), fb.pop("_pdfScale", None)
    if scale_a is None or scale_b is None or scale_a(2048) != scale_b(2048):
        return False
    return fa == fb and all(type(fa[k]) is type(fb[k]) for k in fa) and a.shapable == b.shapable


def load_font(name: str, path: Path, subfont: int = 0) -> TTFont:
    """`TTFont(name, path)`, its face read from the cache when it holds this file, else parsed and stored."""
    try:
        cache = _cache_file(path, subfont)
        data = marshal.loads(cache.read_bytes())
        return _font(name, _decode(data))
    except (OSError, EOFError, ValueError, TypeError, AttributeError, KeyError, IndexError):
        pass
    font = TTFont(name, str(path), subfontIndex=subfont)
    with contextlib.suppress(OSError):
        _store(_cache_file(path, subfont), name, font)
    return font


def _store(path: Path, name: str, font: TTFont) -> None:
    data = _encode(font.face)
    if data is None or not _same(_font(name, _decode(marshal.loads(marshal.dumps(data)))), font):
        return  # this ReportLab makes fonts in a way the cache does not reproduce: always parse
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".face-", delete=False) as fh:
            tmp = fh.name
            marshal.dump(data, fh)
        os.replace(tmp, path)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
