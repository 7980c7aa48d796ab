"""Read a merged style-sheet node tree into `schema.Sheet`, reporting every mistake at its line and column.

One reader per `kind` in the schema's field metadata.  Every problem is collected (a sheet with
three mistakes shows three lines); the typed sheet is returned only when there are none.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import importlib.util
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.diagnostics import Diagnostics, Pos
from briefing.load import Map, Node, Scalar, Seq
from briefing.stylesheet.schema import (
    COLOUR_NAMES,
    FACES,
    TEXT_NAMES,
    Fill,
    FontFace,
    FontFamily,
    PictureFile,
    Sheet,
    TextStyle,
)

_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")
_BAD = object()  # a value already reported


def did_you_mean(word: str, known: tuple[str, ...] | list[str], what: str) -> str:
    """'; did you mean 'x'?' when a known word is close, else the list (or the first few) of what is allowed."""
    near = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    if near:
        return f"; did you mean '{near[0]}'?"
    shown = ", ".join(list(known)[:12]) + (", ..." if len(known) > 12 else "")
    return f"; {what}: {shown}" if known else ""


@dataclass
class Reader:
    """State for reading one sheet: the problems so far and the names later values may refer to."""

    open_text: bool = False  # a sheet made in code (not read from a file) may carry other paragraph styles
    problems: Diagnostics = field(default_factory=Diagnostics)
    family_names: tuple[str, ...] = ()
    colour_names: tuple[str, ...] = ()

    def report(self, pos: Pos, message: str) -> object:
        self.problems.error(pos, message)
        return _BAD

    # ------------------------------------------------------------ scalars

    def scalar(self, node: Node, name: str, what: str) -> Scalar | None:
        if isinstance(node, Scalar) and not node.null:
            return node
        shown = "a list" if isinstance(node, Seq) else "a mapping" if isinstance(node, Map) else "empty"
        self.report(node.pos, f"'{name}' must be {what}, not {shown}")
        return None

    def number(self, node: Node, name: str, meta: dict[str, Any], low: float, strict: bool, high: float = math.inf) -> Any:
        s = self.scalar(node, name, "a number")
        if s is None:
            return _BAD
        if not _NUMBER.match(s.value.strip()):
            return self.report(s.pos, f"'{name}' must be a number, not '{s.value}'")
        value = float(s.value)
        if value < low or (strict and value == low) or value > high:
            bound = f"more than {low:g}" if strict else f"at least {low:g}"
            limit = f" and at most {high:g}" if high != math.inf else ""
            return self.report(s.pos, f"'{name}' must be {bound}{limit}, not {s.value}")
        return value

    def count(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        s = self.scalar(node, name, "a whole number")
        if s is None:
            return _BAD
        if not re.match(r"^[-+]?\d+$", s.value.strip()):
            return self.report(s.pos, f"'{name}' must be a whole number, not '{s.value}'")
        value = int(s.value)
        minimum = int(meta.get("minimum", 0))
        if value < minimum:
            return self.report(s.pos, f"'{name}' must be at least {minimum}, not {value}")
        return value

    def boolean(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        s = self.scalar(node, name, "true or false")
        if s is None:
            return _BAD
        word = s.value.strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        return self.report(s.pos, f"'{name}' must be true or false, not '{s.value}'")

    def choice(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        choices: tuple[str, ...] = meta["choices"]
        s = self.scalar(node, name, "one of " + ", ".join(choices))
        if s is None:
            return _BAD
        value = s.value.strip()
        folded = {c.lower(): c for c in choices} if meta.get("fold") else {c: c for c in choices}
        got = folded.get(value.lower() if meta.get("fold") else value)
        if got is None:
            return self.report(s.pos, f"'{name}' cannot be '{value}'" + did_you_mean(value, choices, "choose from"))
        return value if meta.get("fold") else got

    def colour(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        s = self.scalar(node, name, "a colour")
        if s is None:
            return _BAD
        if not _HEX.match(s.value.strip()):
            return self.report(s.pos, f"'{name}' must be a colour written #rrggbb (such as \"#16365c\"), not '{s.value}'")
        return s.value.strip()

    def colour_ref(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        """A name from `colours:` or a #rrggbb colour."""
        s = self.scalar(node, name, "a colour")
        if s is None:
            return _BAD
        value = s.value.strip()
        if value in self.colour_names or _HEX.match(value):
            return value
        hint = did_you_mean(value, self.colour_names, "")
        return self.report(
            s.pos,
            f"'{name}': unknown colour '{value}'"
            + (hint if "did you mean" in hint else "; write #rrggbb or a name from 'colours'"),
        )

    def family(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        s = self.scalar(node, name, "a font family")
        if s is None:
            return _BAD
        value = s.value.strip()
        if value in self.family_names:
            return value
        return self.report(
            s.pos, f"'{name}': unknown font family '{value}'" + did_you_mean(value, self.family_names, "families in 'fonts'")
        )

    def language(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        s = self.scalar(node, name, "a language such as en_GB")
        if s is None:
            return _BAD
        value = s.value.strip()
        known = hyphenation_languages()
        if not known or value in known:
            return value
        return self.report(
            s.pos, f"'{name}': no hyphenation dictionary for '{value}'" + did_you_mean(value, sorted(known), "dictionaries")
        )

    def dash(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        s = self.scalar(node, name, "'none' or dash lengths")
        if s is None:
            return _BAD
        words = s.value.split()
        if words == ["none"]:
            return ()
        if not words or not all(_NUMBER.match(w) and float(w) > 0 for w in words):
            return self.report(s.pos, f"'{name}' must be 'none' or on-off lengths such as \"5 2.5\", not '{s.value}'")
        return tuple(float(w) for w in words)

    def widths(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        """Relative column widths: a list of `columns` numbers above 0."""
        columns = int(meta["columns"])
        items = node.items if isinstance(node, Seq) else ()
        values = [item.value.strip() for item in items if isinstance(item, Scalar) and not item.null]
        if len(values) != columns or len(items) != columns or not all(_NUMBER.match(v) and float(v) > 0 for v in values):
            return self.report(node.pos, f"'{name}' must be a list of {columns} relative widths above 0, such as [1, 3]")
        return tuple(float(v) for v in values)

    def font(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        """`package:file.ttf` (a font installed with pip) or a path relative to the sheet's own folder."""
        s = self.scalar(node, name, "a font file")
        if s is None:
            return _BAD
        spec = s.value.strip()
        path, problem = font_path(spec, Path(s.pos.file).parent)
        if path is None:
            return self.report(s.pos, f"'{name}': {problem}")
        return FontFace(spec=spec, path=path, pos=s.pos)

    def picture(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        """A PNG, JPEG or SVG file, relative to the sheet's own folder and inside it, that can be read."""
        from briefing.images import place, probe

        s = self.scalar(node, name, "a picture file")
        if s is None:
            return _BAD
        spec = s.value.strip()
        folder = Path(s.pos.file).parent
        if self.open_text and Path(spec).is_absolute():  # a sheet made in code from a checked one: the path found
            folder, spec = Path(spec).parent, Path(spec).name
        path, problem = place(folder, spec, "the style sheet's folder")
        if path is None:
            return self.report(s.pos, f"'{name}': '{spec}' {problem}")
        _, problem = probe(path, folder)
        if problem:
            return self.report(s.pos, f"'{name}': '{spec}' {problem}")
        return PictureFile(spec=spec, path=path.resolve(), pos=s.pos)

    def plain_text(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        s = self.scalar(node, name, "text")
        return _BAD if s is None else s.value.strip()

    def text_names(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        if not isinstance(node, Seq):
            return self.report(node.pos, f"'{name}' must be a list of paragraph style names")
        out = []
        for item in node.items:
            s = self.scalar(item, name, "a paragraph style name")
            if s is not None and s.value not in TEXT_NAMES:
                self.report(s.pos, f"'{name}': unknown paragraph style '{s.value}'" + did_you_mean(s.value, TEXT_NAMES, "styles"))
            elif s is not None:
                out.append(s.value)
        return tuple(out)

    def fallback_fonts(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        """Fonts for characters the faces lack: `package:file.ttf`, an installed family's name, or a font file,
        which (like the faces) is relative to the sheet's own folder: a pack's sheet finds the file beside it."""
        items = node.items if isinstance(node, Seq) else [node]
        out = []
        for item in items:
            s = self.scalar(item, name, "a font (package:file.ttf, a font file, or an installed family)")
            if s is None:
                return _BAD
            spec = s.value.strip()
            if spec.lower().endswith((".ttf", ".ttc", ".otf")) and ":" not in spec and not Path(spec).expanduser().is_absolute():
                spec = str(Path(s.pos.file).parent / spec)
            out.append(spec)
        return tuple(out)

    # ------------------------------------------------------------ collections

    def mapping(self, node: Node | None, name: str) -> Map | None:
        if isinstance(node, Map):
            return node
        if node is not None:
            self.report(node.pos, f"'{name}' must be a mapping of names to values")
        return None

    def section(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        m = self.mapping(node, name)
        return _BAD if m is None else self.fields(meta["cls"], m, name)

    def fields(self, cls: type, m: Map, name: str) -> Any:
        """One dataclass from a mapping: every key known, every required key there, every value read."""
        spec = {f.name: f for f in dataclasses.fields(cls) if f.metadata.get("kind") not in (None, "derived")}
        values: dict[str, Any] = {}
        for k, v in m.entries:
            if k.value not in spec:
                self.report(k.pos, f"unknown key '{k.value}' in '{name}'" + did_you_mean(k.value, list(spec), "keys allowed"))
                continue
            meta = dict(spec[k.value].metadata)
            values[k.value] = READERS[meta["kind"]](self, v, f"{name}.{k.value}", meta)
        missing = [n for n, f in spec.items() if n not in values and _required(f)]
        for n in missing:
            self.report(m.pos, f"'{name}' is missing '{n}'")
        if missing or any(v is _BAD for v in values.values()):
            return _BAD
        return cls(**values)

    def named(self, node: Node, name: str, names: tuple[str, ...] | None, read: Callable[[Node, str], Any], what: str) -> Any:
        """A mapping of names to values; `names`: the names allowed (and all required), None for any."""
        m = self.mapping(node, name)
        if m is None:
            return _BAD
        out: dict[str, Any] = {}
        for k, v in m.entries:
            if names is not None and k.value not in names:
                self.report(k.pos, f"unknown {what} '{k.value}' in '{name}'" + did_you_mean(k.value, names, "names allowed"))
                continue
            out[k.value] = read(v, f"{name}.{k.value}")
        for n in names or ():
            if n not in out:
                self.report(m.pos, f"'{name}' is missing '{n}'")
                out[n] = _BAD
        return _BAD if any(v is _BAD for v in out.values()) else out

    def text_style(self, node: Node, name: str) -> Any:
        m = self.mapping(node, name)
        style = _BAD if m is None else self.fields(TextStyle, m, name)
        if isinstance(style, TextStyle) and not style.leading:
            style = dataclasses.replace(style, leading=style.size * 1.3)
        return style

    def text_styles(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        names = None if self.open_text else meta["names"]
        return self.named(node, name, names, self.text_style, "paragraph style")

    def fonts(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        found = self.named(node, name, None, lambda v, n: self.section(v, n, {"cls": FontFamily}), "font family")
        if isinstance(found, dict) and not found:
            return self.report(node.pos, "'fonts' must name at least one family")
        return found

    def colours(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        return self.named(node, name, COLOUR_NAMES, lambda v, n: self.colour(v, n, {}), "colour")

    def fills(self, node: Node, name: str, meta: dict[str, Any]) -> Any:
        if not isinstance(node, Seq) or not node.items:
            return self.report(node.pos, f"'{name}' must be a list of at least one fill")
        out = [self.section(item, f"{name}[{i + 1}]", {"cls": Fill}) for i, item in enumerate(node.items)]
        return _BAD if any(v is _BAD for v in out) else tuple(out)

    # ------------------------------------------------------------ the whole sheet

    def sheet(self, root: Map) -> Sheet:
        """The typed sheet, or BriefingError with every problem found."""
        values: dict[str, Any] = {}
        spec = [f for f in dataclasses.fields(Sheet) if f.metadata["kind"] != "derived"]
        names = [f.name for f in spec]
        for k, _ in root.entries:
            if k.value not in names:
                self.report(k.pos, f"unknown section '{k.value}'" + did_you_mean(k.value, names, "sections"))
        fonts = root.get("fonts")  # later values name families and colours: known even if their values are wrong
        self.family_names = tuple(k.value for k, _ in fonts.entries) if isinstance(fonts, Map) else ()
        self.colour_names = COLOUR_NAMES
        for f in spec:
            node = root.get(f.name)
            if node is None and not _required(f):
                continue
            if node is None:
                self.report(
                    root.pos,
                    f"the style sheet has no '{f.name}' section (or write 'extends: default' "
                    "to take what it leaves out from the default sheet)",
                )
                values[f.name] = _BAD
                continue
            values[f.name] = READERS[f.metadata["kind"]](self, node, f.name, dict(f.metadata))
        if self.problems:
            self.problems.stop()
        return Sheet(**values, font_names=font_names(values["fonts"]))


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


READERS: dict[str, Callable[[Reader, Node, str, dict[str, Any]], Any]] = {
    "length": lambda r, n, name, m: r.number(n, name, m, 0, strict=False),
    "size": lambda r, n, name, m: r.number(n, name, m, 0, strict=True),
    "fraction": lambda r, n, name, m: r.number(n, name, m, 0, strict=True, high=1),
    "count": Reader.count,
    "bool": Reader.boolean,
    "choice": Reader.choice,
    "colour": Reader.colour,
    "colour_ref": Reader.colour_ref,
    "family": Reader.family,
    "language": Reader.language,
    "dash": Reader.dash,
    "widths": Reader.widths,
    "font": Reader.font,
    "picture": Reader.picture,
    "text": Reader.plain_text,
    "text_names": Reader.text_names,
    "fallback_fonts": Reader.fallback_fonts,
    "section": Reader.section,
    "text_styles": Reader.text_styles,
    "fonts": Reader.fonts,
    "colours": Reader.colours,
    "fills": Reader.fills,
}


def hyphenation_languages() -> set[str]:
    """The languages pyphen has a dictionary for (`en_GB`, and `en` for the first of its kind), found
    from its files: importing pyphen to ask costs `briefing check` about 0.15 s.  Empty if it is not found."""
    spec = importlib.util.find_spec("pyphen")
    if spec is None or not spec.submodule_search_locations:
        return set()
    folder = Path(next(iter(spec.submodule_search_locations))) / "dictionaries"
    names = {p.name[5:-4] for p in folder.glob("hyph_*.dic")}
    return names | {n.split("_")[0] for n in names}


# ------------------------------------------------------------------ fonts

_FONT_MAGIC = (b"\x00\x01\x00\x00", b"true", b"ttcf")


def font_path(spec: str, base: Path) -> tuple[Path | None, str]:
    """The file a font spec names, or None and why not (a missing package, file, or not TrueType)."""
    package, sep, name = spec.partition(":")
    if sep and "/" not in package and "\\" not in package and len(package) > 1:
        try:
            found = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            found = None
        if found is None or not found.submodule_search_locations:
            return None, f"font '{spec}' not found: is the package '{package}' installed?"
        root = Path(next(iter(found.submodule_search_locations)))
        candidates = [root / "files" / name, root / name]
    else:
        candidates = [base / spec]
    path = next((c for c in candidates if c.is_file()), None)
    if path is None:
        where = f"package '{package}'" if sep and len(package) > 1 else f"folder {base}"
        return None, f"font file '{name if sep else spec}' is not in {where}"
    with path.open("rb") as handle:
        if handle.read(4) not in _FONT_MAGIC:
            return None, f"'{path.name}' is not a TrueType font (.ttf)"
    return path.resolve(), ""


def font_names(fonts: dict[str, FontFamily]) -> dict[str, dict[str, str]]:
    """The name each face is registered under with the PDF library: the family and face, and a digest of the
    family's four files, so "serif" in two sheets with different files never shares one registration.  The
    name never reaches the PDF (which carries the font's own PostScript name), so it changes no bytes."""
    out: dict[str, dict[str, str]] = {}
    for family, faces in fonts.items():
        paths = "\0".join(str(faces.face(f).path.resolve()) for f in FACES)
        digest = hashlib.sha1(paths.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
        out[family] = {face: f"briefing-{family}-{face}-{digest}" for face in FACES}
    return out
