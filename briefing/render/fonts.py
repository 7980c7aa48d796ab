"""Register the style sheet's fonts with ReportLab as embedded, subsetted TrueType fonts, and the
fallback fonts that print the characters the main faces lack (briefing/glyphs.py finds the files).

ReportLab's registry is one for the process, so every name registered says which file it is (a digest of
the path), and a name once registered always means that file.  What one sheet uses (its families' regular
faces, its fallbacks in order) is a `Fonts` value that `register_fonts` returns: it travels with the
sheet's paragraph styles (render/styles.py) to where text is set, never through a module variable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from briefing import glyphs
from briefing.diagnostics import BriefingError, Pos, error
from briefing.load import Scalar, Seq, display_path
from briefing.render import subsets
from briefing.render.facecache import load_font
from briefing.style import StyleSheet
from briefing.stylesheet.find import read_map

FACES = ("regular", "bold", "italic", "bold_italic")

subsets.install()  # text runs map to the embedded subsets' codes without ReportLab's per-character loop


@dataclass(frozen=True)
class Fonts:
    """The fonts of one sheet, registered: each face's family regular face, and the fallback fonts in the
    sheet's order.  Equal for equal sheets, so a kept paragraph's style compares equal across builds."""

    regular: dict[str, str] = field(default_factory=dict)  # registered face name -> its family's regular face
    fallbacks: tuple[str, ...] = ()  # registered fallback fonts, in the style sheet's order


NO_FONTS = Fonts()  # for text set without a sheet's fonts (no fallbacks)


def register_fonts(sheet: StyleSheet) -> Fonts:
    """Register each face once per process under the sheet's name for its file (`Sheet.font_names`: two sheets
    with different files for "serif" get different names); <b> and <i> map to the family's faces."""
    typed = sheet.typed
    regular: dict[str, str] = {}
    for family, faces in typed.fonts.items():
        names = typed.font_names[family]
        for face in FACES:
            if names[face] not in pdfmetrics.getRegisteredFontNames():
                font = faces.face(face)
                try:
                    pdfmetrics.registerFont(load_font(names[face], font.path))
                except Exception as exc:  # noqa: BLE001 - the sheet checked the file looks TrueType; it may be broken
                    raise BriefingError(
                        [error(font.pos, f"font '{font.spec}' cannot be read as a TrueType font ({type(exc).__name__}: {exc})")]
                    ) from None
        regular.update({names[face]: names["regular"] for face in FACES})
        addMapping(names["regular"], 0, 0, names["regular"])
        addMapping(names["regular"], 1, 0, names["bold"])
        addMapping(names["regular"], 0, 1, names["italic"])
        addMapping(names["regular"], 1, 1, names["bold_italic"])
    return Fonts(regular, tuple(_register_fallback(spec, sheet) for spec in glyphs.fallback_specs(sheet)))


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
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    name = f"briefing-fallback-{path.stem}-{digest}"  # two files of one name in two folders are two fonts
    if name not in pdfmetrics.getRegisteredFontNames():
        try:
            pdfmetrics.registerFont(load_font(name, path))
        except Exception as exc:  # noqa: BLE001 - ReportLab raises plain errors for fonts it cannot embed
            raise BriefingError(
                [
                    error(
                        fallback_pos(sheet, spec),
                        f"fallback font '{spec}' ({path}) cannot be embedded: "
                        f"{exc} (a TrueType font is needed, not CFF-based OpenType)",
                    )
                ]
            ) from None
    return name


_CHARS: dict[str, frozenset[str]] = {}  # font name -> the characters it has (a name always means one file)


def _chars(font: str) -> frozenset[str]:
    if font not in _CHARS:
        face = getattr(pdfmetrics.getFont(font), "face", None)
        _CHARS[font] = frozenset(chr(c) for c in face.charToGlyph) | {" "} if face is not None else frozenset()
    return _CHARS[font]


def _covers(font: str, ch: str) -> bool:
    return ch in _chars(font) or not _chars(font)


def font_for(ch: str, font: str, fonts: Fonts) -> str:
    """The font that prints `ch`: the one asked for, else its family's regular face (an italic or bold face may
    lack what the regular has), else the first of the sheet's fallbacks that has it."""
    if ch.isspace() or _covers(font, ch):
        return font
    for candidate in (fonts.regular.get(font, font), *fonts.fallbacks):
        if candidate in pdfmetrics.getRegisteredFontNames() and _covers(candidate, ch):
            return candidate
    return font


def with_fallbacks(frags: list[Any], fonts: Fonts) -> list[Any]:
    """Paragraph frags with each run of characters their font lacks set in a font that has them."""
    out: list[Any] = []
    for frag in frags:
        text = getattr(frag, "text", "")
        if not text or text.isascii() or not hasattr(frag, "clone") or set(text) <= _chars(frag.fontName):
            out.append(frag)
            continue
        runs: list[tuple[str, str]] = []
        for ch in text:
            font = font_for(ch, frag.fontName, fonts)
            if runs and runs[-1][1] == font:
                runs[-1] = (runs[-1][0] + ch, font)
            else:
                runs.append((ch, font))
        if len(runs) == 1 and runs[0][1] == frag.fontName:
            out.append(frag)
        else:
            out.extend(frag.clone(text=t, fontName=f) for t, f in runs)
    return out


def font_for_text(text: str, font: str, fonts: Fonts) -> str:
    """One font for a whole line of a drawing (a label is one string): the asked-for font when it has every
    character, else the first of its regular face and the fallbacks that has them all."""
    needed = [ch for ch in set(text) if not ch.isspace()]
    for candidate in (font, fonts.regular.get(font, font), *fonts.fallbacks):
        if candidate in pdfmetrics.getRegisteredFontNames() and all(_covers(candidate, ch) for ch in needed):
            return candidate
    return font
