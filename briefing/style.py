"""Style sheets: layout reads every measure from a sheet, none from code.

A sheet is plain data (rinohtype keeps its style sheets apart from the document tree the same
way).  `load_style` finds one (the pack's own `styles/` first, then the installed sheets), merges
its `extends:` chain and the looks asked for (large print, greyscale, the handout), and checks
every value once, with positions (briefing/stylesheet/).  The result is a `StyleSheet`: typed
sections in `.typed` (`sheet.typed.page.margin_top_mm`), and the older accessors
(`sheet.number("spacing", "block")`) over the same values.  Nothing here imports ReportLab.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from briefing.diagnostics import BriefingError, Diagnostics, Pos, error
from briefing.filecache import Stamp, stamp
from briefing.load import Map, Node, Scalar, Seq, display_path
from briefing.stylesheet import find as _find
from briefing.stylesheet.schema import FACES, Sheet, TextStyle
from briefing.stylesheet.validate import Reader

__all__ = [
    "LOOKS",
    "MM",
    "SheetCache",
    "StyleSheet",
    "TextStyle",
    "available_styles",
    "load_style",
    "looks_for",
    "check_pack_sheets",
    "styles_dir",
]

MM = 72 / 25.4

# Build options that are looks: each applies the sheet of that name over the pack's sheet (see looks_for).
LOOKS = ("handout", "large-print", "greyscale")


def styles_dir() -> Path:
    """The installed sheets: styles/ beside the package in a checkout, or the copy inside the package."""
    return _find.installed_dir()


def available_styles(pack_dir: Path | None = None) -> list[str]:
    return _find.available(pack_dir)


def looks_for(summary: bool = False, large_print: bool = False, greyscale: bool = False) -> tuple[str, ...]:
    """The look sheets a build applies, in order: `--variant summary`, `--large-print`, `--greyscale`."""
    return tuple(name for name, on in zip(LOOKS, (summary, large_print, greyscale), strict=True) if on)


@dataclass(frozen=True)
class StyleSheet:
    """A checked style sheet.  `data` is its merged values as plain Python (what the accessors read);
    `typed` the same values as `schema.Sheet`.  A sheet made in code from `data` alone is checked
    when `typed` is first asked for."""

    name: str
    data: dict[str, Any]
    given: Sheet | None = field(default=None, repr=False, compare=False)
    files: tuple[Path, ...] = field(default=(), repr=False, compare=False)  # every file it was read from

    @cached_property
    def typed(self) -> Sheet:
        if self.given is not None:
            return self.given
        reader = Reader(open_text=True)
        root = _nodes(self.data, Pos(self.name))
        assert isinstance(root, Map)
        return reader.sheet(root)

    # -------------------------------------------------------------- accessors by name (the older way)

    def section(self, key: str) -> dict[str, Any]:
        value = self.data.get(key, {})
        return value if isinstance(value, dict) else {}

    def page(self, key: str) -> Any:
        return self.section("page")[key]

    def mm(self, key: str) -> float:
        return float(self.page(key)) * MM

    def colour(self, key: str) -> str:
        return str(self.section("colours")[key])

    def number(self, group: str, key: str) -> float:
        return float(self.section(group)[key])

    def text(self, key: str) -> TextStyle:
        raw = self.section("text")[key]
        return TextStyle(
            font=str(raw.get("font", "serif")),
            style=str(raw.get("style", "regular")),
            size=float(raw["size"]),
            leading=float(raw.get("leading", float(raw["size"]) * 1.3)),
            space_before=float(raw.get("space_before", 0)),
            space_after=float(raw.get("space_after", 0)),
            indent=float(raw.get("indent", 0)),
            colour=str(raw.get("colour", "text")),
            hyphenate=bool(raw.get("hyphenate", True)),
        )


def load_style(
    name: str,
    pos: Pos | None = None,
    pack_dir: Path | None = None,
    looks: tuple[str, ...] = (),
    cache: SheetCache | None = None,
    out: Diagnostics | None = None,
) -> StyleSheet:
    """The sheet `name` (a name, or a path relative to `pack_dir`), with the `looks` laid over it, checked.

    A sheet with any mistake stops (BriefingError listing every mistake at its file, line and column, also
    reported to `out` when given: a sheet is used whole or not at all).  `cache` (a build's
    `Session.sheets`) keeps checked sheets while none of their files changes; without one the sheet is
    read and checked afresh."""
    try:
        return (cache if cache is not None else SheetCache()).load(name, pos, pack_dir, looks)
    except BriefingError as exc:
        (out if out is not None else Diagnostics()).stop(*exc.diagnostics)


def check_pack_sheets(pack_dir: Path, used: str, out: Diagnostics, cache: SheetCache | None = None) -> None:
    """Check every other sheet in the pack's own styles/ folder (`used`, the pack's own, is checked by the
    build), so that `briefing check` finds a mistake in, say, the pack's large-print.yaml before
    `--large-print` needs it."""
    own = _find.find(used, pack_dir).path if used else None
    for path in sorted((pack_dir / "styles").glob("*.yaml")):
        if own is not None and path.resolve() == own.resolve() or path.stem == used:
            continue
        try:
            load_style(path.stem, Pos(display_path(path)), pack_dir, cache=cache, out=out)
        except BriefingError:
            continue  # reported to `out`


@dataclass
class SheetCache:
    """Warm state for style sheets: each file's nodes and each checked sheet, kept while their files'
    mtime, size and inode are unchanged (a save is seen at once; nothing stale is ever returned).
    A build's `Session` holds one (briefing/session.py)."""

    maps: dict[Path, tuple[Stamp | None, Map]] = field(default_factory=dict)
    sheets: dict[tuple[str, str, tuple[str, ...]], tuple[tuple[tuple[Path, Stamp | None], ...], StyleSheet]] = field(
        default_factory=dict
    )

    def read(self, path: Path) -> Map:
        now = stamp(path)
        known = self.maps.get(path)
        if known is None or known[0] != now or now is None:
            known = self.maps[path] = (now, _find.read_map(path))
        return known[1]

    def load(self, name: str, pos: Pos | None, pack_dir: Path | None, looks: tuple[str, ...]) -> StyleSheet:
        found = _find.find(name, pack_dir)
        if found.path is None:
            raise BriefingError([error(pos or Pos(str(styles_dir())), found.problem)])
        key = (str(found.path.resolve()), str(pack_dir.resolve() if pack_dir else ""), looks)
        known = self.sheets.get(key)
        if known is not None and all(stamp(p) == st for p, st in known[0]):
            return known[1]
        sheet = self._load(name, found.path, pos, pack_dir, looks)
        # The font files, and the pack's styles/ folder: a sheet added there can change what `extends:` finds.
        fonts = [f.face(face).path for f in sheet.typed.fonts.values() for face in FACES]
        fonts += [sheet.typed.logo.file.path] if sheet.typed.logo is not None else []  # a logo changed is read again
        watched = (*sheet.files, *fonts, *([pack_dir / "styles"] if pack_dir is not None else []))
        self.sheets[key] = (tuple((p, stamp(p)) for p in watched), sheet)
        return sheet

    def _load(self, name: str, path: Path, pos: Pos | None, pack_dir: Path | None, looks: tuple[str, ...]) -> StyleSheet:
        merged, files = _find.chain(path, pack_dir, self.read)
        for look in looks:
            over = _find.find(look, pack_dir).path
            if over is None:
                raise BriefingError(
                    [error(pos or Pos(str(styles_dir())), f"the '{look}' style sheet is missing (it ships with briefing)")]
                )
            merged = _find.merge(merged, _find.without(self.read(over), "extends"))
            files += (over,)
        typed = Reader().sheet(merged)
        data = _plain(merged)
        assert isinstance(data, dict)
        for family, faces in typed.fonts.items():  # font files as found, so a sheet made from `data` finds them too
            data["fonts"][family] = {face: str(faces.face(face).path) for face in FACES}
        if typed.logo is not None:  # the logo as found, too (a sheet made from `data` accepts the checked path)
            data["logo"]["file"] = str(typed.logo.file.path)
        return StyleSheet(name, data, typed, files)

    def clear(self) -> None:
        self.maps.clear()
        self.sheets.clear()


# ------------------------------------------------------------------ plain values <-> nodes

_INT = re.compile(r"^[-+]?\d+$")
_FLOAT = re.compile(r"^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$")
_BOOLS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


def _plain(node: Node) -> Any:
    """A node tree as the plain values yaml.safe_load would give (numbers, booleans, text)."""
    if isinstance(node, Map):
        return {k.value: _plain(v) for k, v in node.entries}
    if isinstance(node, Seq):
        return [_plain(v) for v in node.items]
    assert isinstance(node, Scalar)
    v = node.value
    if node.null:
        return None
    if _INT.match(v):
        return int(v)
    if _FLOAT.match(v):
        return float(v)
    return _BOOLS.get(v.lower(), v) if v.lower() in _BOOLS else v


def _nodes(value: Any, pos: Pos) -> Node:
    """Plain values as a node tree (every position `pos`), so a sheet made in code is checked like a file."""
    if isinstance(value, dict):
        return Map(pos, tuple((Scalar(pos, str(k)), _nodes(v, pos)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return Seq(pos, tuple(_nodes(v, pos) for v in value))
    if value is None:
        return Scalar(pos, "", null=True)
    if isinstance(value, bool):
        return Scalar(pos, "true" if value else "false")
    return Scalar(pos, str(value))
