"""Register the style sheet's fonts with ReportLab as embedded, subsetted TrueType fonts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefing.diagnostics import BriefingError, Pos, error
from briefing.style import StyleSheet

FACES = ("regular", "bold", "italic", "bold_italic")


def font_file(spec: str) -> Path:
    """`package:file.ttf` names a font file shipped inside an installed Python package."""
    package, _, name = spec.partition(":")
    found = importlib.util.find_spec(package) if name else None
    if found is None or not found.submodule_search_locations:
        raise BriefingError([error(Pos("styles"), f"font '{spec}' not found: is the package '{package}' installed?")])
    base = Path(next(iter(found.submodule_search_locations)))
    for candidate in (base / "files" / name, base / name):
        if candidate.is_file():
            return candidate
    raise BriefingError([error(Pos("styles"), f"font file '{name}' is not in package '{package}'")])


def font_name(family: str, face: str) -> str:
    return f"briefing-{family}-{face}"


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
        addMapping(names["regular"], 0, 0, names["regular"])
        addMapping(names["regular"], 1, 0, names["bold"])
        addMapping(names["regular"], 0, 1, names["italic"])
        addMapping(names["regular"], 1, 1, names["bold_italic"])
