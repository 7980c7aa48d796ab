"""Which characters the style sheet's fonts can print, read from the fonts' own character maps.

No ReportLab here: `briefing check` uses it to report characters that no font covers (they would
print as empty boxes), and the renderer uses the same files to register fallback fonts.

A style sheet names its faces under `fonts:` and, optionally, fonts to fall back on under
`fallback_fonts:`: each a `package:file.ttf` (a font shipped in a Python package), a path to a
TrueType file (absolute, or relative to the style sheet's folder), or a family name installed on the
machine (found with fontconfig's `fc-match`, else by file name in the usual font folders).
"""

from __future__ import annotations

import functools
import importlib.util
import shutil
import struct
import subprocess
import unicodedata
from pathlib import Path

from briefing.style import StyleSheet, styles_dir

FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local/share/fonts",
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)
FONT_SUFFIXES = (".ttf", ".ttc")


class FontNotFound(Exception):
    """A font named in a style sheet that is not on this machine (the message says what to install)."""


def package_font(spec: str) -> Path:
    """`package:file.ttf` names a font file shipped inside an installed Python package."""
    package, _, name = spec.partition(":")
    found = importlib.util.find_spec(package) if name and package.isidentifier() else None
    if found is None or not found.submodule_search_locations:
        raise FontNotFound(f"font '{spec}' not found: is the package '{package}' installed?")
    base = Path(next(iter(found.submodule_search_locations)))
    for candidate in (base / "files" / name, base / name):
        if candidate.is_file():
            return candidate
    raise FontNotFound(f"font file '{name}' is not in package '{package}'")


def locate(spec: str) -> Path:
    """The file for a font spec: `package:file`, a file path, or an installed family name."""
    if spec.lower().endswith(FONT_SUFFIXES + (".otf",)):
        path = Path(spec).expanduser()
        path = path if path.is_absolute() else styles_dir() / path
        if not path.is_file():
            raise FontNotFound(f"font file '{spec}' not found")
        return path
    if ":" in spec:
        return package_font(spec)
    found = _family_file(spec)
    if found is None:
        raise FontNotFound(
            f"font family '{spec}' is not installed on this machine (e.g. apt-get install "
            "fonts-droid-fallback for Chinese, Japanese and Korean)"
        )
    return found


@functools.cache
def _family_file(family: str) -> Path | None:
    want = family.replace(" ", "").lower()
    if shutil.which("fc-match"):
        result = subprocess.run(
            ["fc-match", "-f", "%{family}|%{file}", family], capture_output=True, text=True, check=False, timeout=20
        )
        names, _, file = result.stdout.partition("|")
        if any(n.replace(" ", "").lower() == want for n in names.split(",")) and file.lower().endswith(FONT_SUFFIXES):
            return Path(file)
    for folder in FONT_DIRS:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.suffix.lower() in FONT_SUFFIXES and path.stem.replace("-", "").lower().startswith(want):
                    return path
    return None


def fallback_specs(sheet: StyleSheet) -> list[str]:
    return list(sheet.typed.fallback_fonts)


@functools.cache
def coverage(path: Path) -> frozenset[int]:
    """The code points a TrueType font (or a collection's first font) maps to glyphs."""
    data = path.read_bytes()
    offset = struct.unpack(">I", data[12:16])[0] if data[:4] == b"ttcf" else 0
    tables = _tables(data, offset)
    if b"cmap" not in tables:
        return frozenset()
    return frozenset(_cmap(data, tables[b"cmap"]))


def _tables(data: bytes, offset: int) -> dict[bytes, int]:
    count = struct.unpack(">H", data[offset + 4 : offset + 6])[0]
    out = {}
    for i in range(count):
        rec = offset + 12 + 16 * i
        out[data[rec : rec + 4]] = struct.unpack(">I", data[rec + 8 : rec + 12])[0]
    return out


def _cmap(data: bytes, at: int) -> set[int]:
    count = struct.unpack(">H", data[at + 2 : at + 4])[0]
    subtables = [struct.unpack(">HHI", data[at + 4 + 8 * i : at + 12 + 8 * i]) for i in range(count)]
    best = sorted(subtables, key=lambda s: {(3, 10): 0, (0, 4): 1, (0, 6): 1, (0, 3): 2, (3, 1): 3}.get(s[:2], 9))
    for _, _, off in best:
        fmt = struct.unpack(">H", data[at + off : at + off + 2])[0]
        if fmt == 12:
            return _format12(data, at + off)
        if fmt == 4:
            return _format4(data, at + off)
    return set()


def _format4(data: bytes, at: int) -> set[int]:
    segs = struct.unpack(">H", data[at + 6 : at + 8])[0] // 2
    ends = struct.unpack(f">{segs}H", data[at + 14 : at + 14 + 2 * segs])
    base = at + 16 + 2 * segs
    starts = struct.unpack(f">{segs}H", data[base : base + 2 * segs])
    deltas = struct.unpack(f">{segs}h", data[base + 2 * segs : base + 4 * segs])
    ro_at = base + 4 * segs
    offsets = struct.unpack(f">{segs}H", data[ro_at : ro_at + 2 * segs])
    out: set[int] = set()
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        for code in range(start, min(end, 0xFFFE) + 1):
            if offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                where = ro_at + 2 * i + offsets[i] + 2 * (code - start)
                glyph = struct.unpack(">H", data[where : where + 2])[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                out.add(code)
    return out


def _format12(data: bytes, at: int) -> set[int]:
    groups = struct.unpack(">I", data[at + 12 : at + 16])[0]
    out: set[int] = set()
    for g in range(groups):
        start, end, glyph = struct.unpack(">III", data[at + 16 + 12 * g : at + 28 + 12 * g])
        out.update(range(start, end + 1) if glyph else range(start + 1, end + 1))
    return out


def uncovered(text: str, covered: frozenset[int]) -> list[str]:
    """The characters of `text` that are not in `covered`, each once, in order.  Spaces, line breaks and
    format characters (zero-width space, joiners: invisible, and reported by parse when a field holds
    nothing else) are not glyphs to look for."""
    return list(
        dict.fromkeys(
            c for c in text if ord(c) not in covered and not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc")
        )
    )


def sheet_coverage(sheet: StyleSheet) -> tuple[frozenset[int], list[str]]:
    """What every family's regular face prints, or a fallback font does; and the fallback fonts not found.

    Regular faces only: an italic or bold face that lacks a character prints it from its family's regular
    face (render/fonts.py), so the regular faces say what the sheet can print."""
    faces = [coverage(family.regular.path) for family in sheet.typed.fonts.values()]
    covered = frozenset.intersection(*faces) if faces else frozenset()
    missing = []
    for spec in fallback_specs(sheet):
        try:
            covered |= coverage(locate(spec))
        except FontNotFound as exc:
            missing.append(str(exc))
    return covered, missing
