"""Register the style sheet's fonts with ReportLab as embedded, subsetted TrueType fonts, and the
fallback fonts that print the characters the main faces lack (briefing/glyphs.py finds the files)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefing import glyphs
from briefing.diagnostics import BriefingError, Pos, error
from briefing.load import Scalar, Seq, display_path
from briefing.style import StyleSheet
from briefing.stylesheet.find import read_map

FACES = ("regular", "bold", "italic", "bold_italic")
FALLBACKS: list[str] = []  # registered fallback fonts, in the style sheet's order (set by register_fonts)
REGULAR: dict[str, str] = {}  # registered face name -> its family's regular face (set by register_fonts)


def register_fonts(sheet: StyleSheet) -> None:
    """Register each face once per process under the sheet's name for its file (`Sheet.font_names`: two sheets
    with different files for "serif" get different names); <b> and <i> map to the family's faces."""
    typed = sheet.typed
    for family, faces in typed.fonts.items():
        names = typed.font_names[family]
        for face in FACES:
            if names[face] not in pdfmetrics.getRegisteredFontNames():
                font = faces.face(face)
                try:
                    pdfmetrics.registerFont(TTFont(names[face], str(font.path)))
                except Exception as exc:  # noqa: BLE001 - the sheet checked the file looks TrueType; it may be broken
                    raise BriefingError([error(font.pos, f"font '{font.spec}' cannot be read as a TrueType font "
                                                         f"({type(exc).__name__}: {exc})")]) from None
        REGULAR.update({names[face]: names["regular"] for face in FACES})
        addMapping(names["regular"], 0, 0, names["regular"])
        addMapping(names["regular"], 1, 0, names["bold"])
        addMapping(names["regular"], 0, 1, names["italic"])
        addMapping(names["regular"], 1, 1, names["bold_italic"])
    FALLBACKS[:] = [_register_fallback(spec, sheet) for spec in glyphs.fallback_specs(sheet)]


def fallback_pos(sheet: StyleSheet, spec: str) -> Pos:
    """Where a sheet names the fallback font `spec`: the entry under `fallback_fonts:` in the first of the
    sheet's files that sets the key (the sheet itself, then what it extends), else the sheet's file."""
    for path in sheet.files:
        node = read_map(path).get("fallback_fonts")
        if node is None:
            continue
        items = node.items if isinstance(node, Seq) else (node,)
        return next((i.pos for i in items if isinstance(i, Scalar) and i.value.strip() == spec), node.pos)
    return Pos(display_path(sheet.files[0])) if sheet.files else Pos(sheet.name)


def _register_fallback(spec: str, sheet: StyleSheet) -> str:
    try:
        path = glyphs.locate(spec)
    except glyphs.FontNotFound as exc:
        raise BriefingError([error(fallback_pos(sheet, spec), f"fallback font: {exc}")]) from None
    name = f"briefing-fallback-{path.stem}"
    if name not in pdfmetrics.getRegisteredFontNames():
        try:
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
        except Exception as exc:  # noqa: BLE001 - ReportLab raises plain errors for fonts it cannot embed
            raise BriefingError([error(fallback_pos(sheet, spec), f"fallback font '{spec}' ({path}) cannot be embedded: "
                                   f"{exc} (a TrueType font is needed, not CFF-based OpenType)")]) from None
    return name


_CHARS: dict[str, frozenset[str]] = {}  # font name -> the characters it has (fonts are registered once a process)


def _chars(font: str) -> frozenset[str]:
    if font not in _CHARS:
        face = getattr(pdfmetrics.getFont(font), "face", None)
        _CHARS[font] = frozenset(chr(c) for c in face.charToGlyph) | {" "} if face is not None else frozenset()
    return _CHARS[font]


def _covers(font: str, ch: str) -> bool:
    return ch in _chars(font) or not _chars(font)


def _regular(font: str) -> str:
    """The upright face of a briefing family (an italic or bold face may lack what the regular has)."""
    return REGULAR.get(font, font)


def font_for(ch: str, font: str) -> str:
    """The font that prints `ch`: the one asked for, else its family's regular face, else the first fallback that has it."""
    if ch.isspace() or _covers(font, ch):
        return font
    for candidate in (_regular(font), *FALLBACKS):
        if candidate in pdfmetrics.getRegisteredFontNames() and _covers(candidate, ch):
            return candidate
    return font


def with_fallbacks(frags: list[Any]) -> list[Any]:
    """Paragraph frags with each run of characters their font lacks set in a font that has them."""
    out: list[Any] = []
    for frag in frags:
        text = getattr(frag, "text", "")
        if not text or text.isascii() or not hasattr(frag, "clone") or set(text) <= _chars(frag.fontName):
            out.append(frag)
            continue
        runs: list[tuple[str, str]] = []
        for ch in text:
            font = font_for(ch, frag.fontName)
            if runs and runs[-1][1] == font:
                runs[-1] = (runs[-1][0] + ch, font)
            else:
                runs.append((ch, font))
        if len(runs) == 1 and runs[0][1] == frag.fontName:
            out.append(frag)
        else:
            out.extend(frag.clone(text=t, fontName=f) for t, f in runs)
    return out


def font_for_text(text: str, font: str) -> str:
    """One font for a whole line of a drawing (a label is one string): the asked-for font when it has every
    character, else the first of its regular face and the fallbacks that has them all."""
    needed = [ch for ch in set(text) if not ch.isspace()]
    for candidate in (font, _regular(font), *FALLBACKS):
        if candidate in pdfmetrics.getRegisteredFontNames() and all(_covers(candidate, ch) for ch in needed):
            return candidate
    return font
