"""Style sheets: layout reads every measure from styles/<name>.yaml, none from code.

A sheet is plain data (rinohtype keeps its style sheets apart from the
document tree the same way).  This module only finds, reads and validates
it; it does not import ReportLab.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from briefing.diagnostics import BriefingError, Pos, error

MM = 72 / 25.4
TEXT_STYLE_KEYS = ("font", "style", "size", "leading", "space_before", "space_after", "indent", "colour")


def styles_dir() -> Path:
    """styles/ beside the package in a checkout, or the copy installed inside the package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "styles", here / "_styles"):
        if candidate.is_dir():
            return candidate
    return here.parent / "styles"


def available_styles() -> list[str]:
    return sorted(p.stem for p in styles_dir().glob("*.yaml"))


@dataclass(frozen=True)
class TextStyle:
    font: str
    style: str  # regular, bold, italic, bold_italic
    size: float
    leading: float
    space_before: float
    space_after: float
    indent: float
    colour: str


@dataclass(frozen=True)
class StyleSheet:
    name: str
    data: dict[str, Any]

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
        )


REQUIRED = ("page", "fonts", "colours", "text", "footnotes", "spacing")
_SHEETS: dict[str, tuple[tuple[int, int], Any]] = {}  # path -> ((mtime_ns, size), data)


def _read_sheet(path: Path) -> Any:
    """The sheet's data, parsed once while the file is unchanged (a build reads it twice, `watch` on every save).

    libyaml parses it when PyYAML has it; a sheet it rejects is parsed again in Python for PyYAML's wording."""
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    known = _SHEETS.get(str(path))
    if known is None or known[0] != stamp:
        text = path.read_text(encoding="utf-8")
        try:
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            data = yaml.safe_load(text)
        known = _SHEETS[str(path)] = (stamp, data)
    return copy.deepcopy(known[1])  # callers get their own copy: nothing they do reaches the cache


def load_style(name: str, pos: Pos | None = None) -> StyleSheet:
    path = styles_dir() / f"{name}.yaml"
    where = pos or Pos(str(path))
    if not path.is_file():
        known = ", ".join(available_styles()) or "none"
        raise BriefingError([error(where, f"unknown style '{name}'; styles available: {known}")])
    try:
        data = _read_sheet(path)
    except yaml.YAMLError as exc:
        raise BriefingError([error(Pos(str(path)), f"style sheet is not valid YAML: {exc}")]) from None
    if not isinstance(data, dict) or any(k not in data for k in REQUIRED):
        raise BriefingError([error(Pos(str(path)), f"style sheet needs the sections {', '.join(REQUIRED)}")])
    return StyleSheet(name, data)
