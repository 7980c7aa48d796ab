"""Stage 1, load: read YAML files into a small node tree that remembers positions.

Every scalar stays a string (no YAML 1.1 guessing: `no` is not False, `1.10`
is not 1.1, `2008-05` is not a sum); the parse stage gives each field its type
and reports mistakes at the node's line and column.  Loading is safe (no
Python tags), bounded in size, alias expansion and nesting depth, so hostile
input fails fast with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.diagnostics import BriefingError, Pos, error

MAX_FILE_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64


@dataclass(frozen=True)
class Node:
    pos: Pos


@dataclass(frozen=True)
class Scalar(Node):
    value: str
    # Where the scalar's text sits in the file, to point inside long texts.
    source: str = field(default="", repr=False, compare=False)
    start: int = field(default=0, repr=False, compare=False)
    end: int = field(default=0, repr=False, compare=False)
    null: bool = False

    def pos_of(self, fragment: str) -> Pos:
        """The position of `fragment` inside this scalar's text in the file, else the scalar's own."""
        at = self.source.find(fragment, self.start, self.end) if fragment else -1
        if at < 0:
            return self.pos
        line = self.source.count("\n", 0, at) + 1
        col = at - (self.source.rfind("\n", 0, at) + 1) + 1
        return Pos(self.pos.file, line, col)


@dataclass(frozen=True)
class Seq(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Map(Node):
    entries: tuple[tuple[Scalar, Node], ...]

    def get(self, key: str) -> Node | None:
        for k, v in self.entries:
            if k.value == key:
                return v
        return None

    def keys(self) -> list[str]:
        return [k.value for k, _ in self.entries]


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps every scalar a string: typing is the parse stage's job."""


def _mark_pos(file: str, mark: yaml.Mark) -> Pos:
    return Pos(file, mark.line + 1, mark.column + 1)


class _Converter:
    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.count = 0

    def convert(self, node: yaml.Node, depth: int) -> Node:
        pos = _mark_pos(self.file, node.start_mark)
        self.count += 1
        if self.count > MAX_NODES:
            raise BriefingError([error(pos, f"too many values (over {MAX_NODES:,}); are aliases expanding without bound?")])
        if depth > MAX_DEPTH:
            raise BriefingError([error(pos, f"nested more than {MAX_DEPTH} levels deep")])
        if isinstance(node, yaml.ScalarNode):
            null = node.tag == "tag:yaml.org,2002:null" and node.style is None and node.value in ("", "~", "null", "Null", "NULL")
            return Scalar(pos, "" if null else str(node.value), self.text, node.start_mark.index, node.end_mark.index, null)
        if isinstance(node, yaml.SequenceNode):
            return Seq(pos, tuple(self.convert(n, depth + 1) for n in node.value))
        if isinstance(node, yaml.MappingNode):
            entries: list[tuple[Scalar, Node]] = []
            seen: dict[str, Pos] = {}
            for k, v in node.value:
                key = self.convert(k, depth + 1)
                if not isinstance(key, Scalar):
                    raise BriefingError([error(key.pos, "a key must be plain text, not a list or mapping")])
                if key.value == "<<":
                    raise BriefingError([error(key.pos, "merge keys (<<) are not supported; write the fields out")])
                if key.value in seen:
                    first = seen[key.value]
                    raise BriefingError([error(key.pos, f"duplicate key '{key.value}' (first at line {first.line})")])
                seen[key.value] = key.pos
                entries.append((key, self.convert(v, depth + 1)))
            return Map(pos, tuple(entries))
        raise BriefingError([error(pos, "unsupported YAML node")])  # pragma: no cover


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the user should see it: relative to the working directory when possible."""
    for root in (Path.cwd(), base):
        if root is None:
            continue
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            continue
    return str(path)


def read_text(path: Path) -> str:
    """Read a UTF-8 content file, turning every failure into a positioned diagnostic."""
    shown = display_path(path)
    if not path.exists():
        raise BriefingError([error(Pos(shown), "no such file")])
    if not path.is_file():
        raise BriefingError([error(Pos(shown), "not a file")])
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BriefingError([error(Pos(shown), f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")])
        data = path.read_bytes()
    except OSError as exc:
        raise BriefingError([error(Pos(shown), f"cannot read file: {exc.strerror or exc}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BriefingError([error(Pos(shown, line, col), "not valid UTF-8 text; save the file as UTF-8")]) from None
    return text.removeprefix("\ufeff")


def load_yaml(path: Path) -> Node:
    """Load one YAML file as a position-carrying node tree (an empty file is an empty mapping)."""
    shown = display_path(path)
    text = read_text(path)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _mark_pos(shown, mark) if mark else Pos(shown)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem and "while" in exc.context:
            problem = f"{exc.problem} ({exc.context})"
        raise BriefingError([error(pos, f"YAML syntax: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise BriefingError([error(Pos(shown), f"YAML syntax: {exc}")]) from None
    except RecursionError:
        raise BriefingError([error(Pos(shown), f"nested more than {MAX_DEPTH} levels deep")]) from None
    if root is None:
        return Map(Pos(shown, 1, 1), ())
    return _Converter(shown, text).convert(root, 0)
