"""Stage 1, load: read YAML files into a small node tree that remembers positions.

Every scalar stays a string (no YAML 1.1 guessing: `no` is not False, `1.10`
is not 1.1, `2008-05` is not a sum); the parse stage gives each field its type
and reports mistakes at the node's line and column.

Loading is safe and bounded.  The tree is built straight from PyYAML's event
stream (the parser is iterative), so no Python object is ever constructed
from a tag, nesting deeper than MAX_DEPTH stops at the offending line instead
of exhausting the stack, and an alias shares the node it names rather than
copying it, while the size the alias *would* expand to is counted: a
"billion laughs" file fails at the first alias that takes the total over
MAX_NODES, in milliseconds and without allocating the expansion.
"""

from __future__ import annotations

import bisect
import errno
import functools
import os
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from briefing.diagnostics import BriefingError, Diagnostic, Diagnostics, Pos, error
from briefing.filecache import FileCache
from briefing.regexes import prime

prime("yaml")  # before PyYAML is imported: its pattern of unprintable characters, compiled quicker (briefing/regexes.py)
import yaml  # noqa: E402

MAX_FILE_BYTES = 2_000_000
MAX_SOURCE_TEXT_BYTES = 20_000_000  # plain-text copies of sources may be long reports
MAX_NODES = 200_000
MAX_DEPTH = 64
# One value (a paragraph, quotation, table cell, title, locator...): about 3,000 words, seven pages of one
# paragraph.  Splitting a paragraph over pages costs time in the square of its length (a 200,000-character
# one took 14 s, a 2 MB one never finished), so a 2 MB file of paragraphs this long still builds in time.
MAX_VALUE_CHARS = 20_000
# The text all values of one file hold once aliases are expanded: no more than a file may hold written out.
MAX_TEXT_CHARS = MAX_FILE_BYTES

_NULLS = ("", "~", "null", "Null", "NULL")
# Control characters (but tab and line breaks), DEL, C1 controls and lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class _OverLimit(BriefingError):
    """A size limit passed while a file was read: reported as it is, the file is not read a second time."""


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
        starts = _line_starts(self.source)
        line = bisect.bisect_right(starts, at)
        return Pos(self.pos.file, line, at - starts[line - 1] + 1)


@functools.lru_cache(maxsize=16)
def _line_starts(text: str) -> array[int]:
    """Where each line of a file starts: positions in a long file without counting its lines again each time."""
    starts = array("q", [0])
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


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


def _mark_pos(file: str, mark: Any) -> Pos:
    return Pos(file, mark.line + 1, mark.column + 1) if mark is not None else Pos(file)


_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _combine(m: re.Match[str]) -> str:
    """A JSON-style surrogate pair ("\\ud83d\\ude00") as the one character it stands for."""
    high, low = (ord(c) for c in m.group())
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def _index(mark: Any) -> int:
    return int(mark.index) if mark is not None else 0


# ------------------------------------------------------------------ building from events


@dataclass
class _Open:
    """A sequence or mapping whose end event has not arrived yet."""

    event: yaml.CollectionStartEvent
    pos: Pos
    children: list[Node] = field(default_factory=list)
    size: int = 1  # this node plus everything under it, aliases counted in full
    chars: int = 0  # the characters of the values under it, aliases counted in full


class _Builder:
    def __init__(self, file: str, text: str, problems: Diagnostics) -> None:
        self.file = file
        self.text = text
        self.problems = problems  # this file's mistakes that do not stop it loading (duplicate keys...)
        self.anchors: dict[str, tuple[Node, int, int]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Open] = []
        self.total = 0
        self.chars = 0  # characters of text, aliases expanded
        self.root: Node | None = None
        self.documents = 0
        self.defined: dict[str, Pos] = {}  # anchors, where first set
        self.used: set[str] = set()  # anchors some alias refers to

    def fatal(self, pos: Pos, message: str) -> NoReturn:
        self.problems.stop(error(pos, message))

    def over_limit(self, pos: Pos, message: str) -> BriefingError:
        """A limit passed: refused at once, without reading the file again with the slow parser."""
        return _OverLimit([*self.problems, error(pos, message)])

    def count(self, pos: Pos, size: int, alias: bool) -> None:
        self.total += size
        if self.total > MAX_NODES:
            if alias:
                raise self.over_limit(pos, f"aliases here expand to more than {MAX_NODES:,} values; write the values out instead")
            raise self.over_limit(pos, f"too many values in one file (over {MAX_NODES:,}); split the file")

    def count_chars(self, pos: Pos, chars: int, alias: bool) -> None:
        """Bound the text a file expands to: an alias of a long paragraph, repeated, would print megabytes."""
        self.chars += chars
        if self.chars > MAX_TEXT_CHARS:
            what = "aliases here expand" if alias else "the values in this file come"
            raise self.over_limit(
                pos,
                f"{what} to more than {MAX_TEXT_CHARS:,} characters of text, the limit for one "
                "file; write the text out once instead",
            )

    def add(self, node: Node, size: int, anchor: str | None, chars: int = 0) -> None:
        if anchor:
            self.anchors[anchor] = (node, size, chars)
        if self.stack:
            self.stack[-1].children.append(node)
            self.stack[-1].size += size
            self.stack[-1].chars += chars
        else:
            self.root = node

    def feed(self, event: yaml.Event) -> None:
        pos = _mark_pos(self.file, event.start_mark)
        self.dropped(event, pos)
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fatal(pos, "a second YAML document ('---'); a content file holds one document")
        elif isinstance(event, yaml.ScalarEvent):
            self.count(pos, 1, alias=False)
            null = event.tag is None and not event.style and event.implicit[0] and event.value in _NULLS  # libyaml: style ''
            start, end = _index(event.start_mark), _index(event.end_mark)
            value = _PAIR.sub(_combine, event.value)
            bad = _UNPRINTABLE.search(value)
            if bad:  # only an escape in a "..." string can put one here; the reader refuses them typed raw
                self.problems.error(
                    pos,
                    f"the value holds U+{ord(bad.group()):04X}, which is not a printable "
                    "character; remove the escape that makes it",
                )
            if len(value) > MAX_VALUE_CHARS:
                raise self.over_limit(
                    pos,
                    f"this value is {len(value):,} characters; the limit for one value (a paragraph, "
                    f"quotation, table cell or title) is {MAX_VALUE_CHARS:,}: split it",
                )
            self.count_chars(pos, len(value), alias=False)
            scalar = Scalar(pos, "" if null else _UNPRINTABLE.sub("", value), self.text, start, end, null)
            self.add(scalar, 1, event.anchor, len(value))
        elif isinstance(event, yaml.AliasEvent):
            name = event.anchor or ""
            if name in self.open_anchors:
                self.fatal(pos, f"alias '*{name}' refers to the value that contains it")
            if name not in self.anchors:
                self.fatal(pos, f"a value cannot start with '*' (YAML reads '*{name}' as an alias); put the value in quotes")
            shared, size, chars = self.anchors[name]
            self.count(pos, size, alias=True)
            self.count_chars(pos, chars, alias=True)
            self.add(shared, size, None, chars)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(self.stack) >= MAX_DEPTH:
                self.fatal(pos, f"nested more than {MAX_DEPTH} levels deep")
            self.count(pos, 1, alias=False)
            if event.anchor:
                self.open_anchors.add(event.anchor)
            self.stack.append(_Open(event, pos))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            done = self.stack.pop()
            built: Node = (
                Seq(done.pos, tuple(done.children)) if isinstance(done.event, yaml.SequenceStartEvent) else self.mapping(done)
            )
            anchor = done.event.anchor
            if anchor:
                self.open_anchors.discard(anchor)
            self.add(built, done.size, anchor, done.chars)

    def dropped(self, event: yaml.Event, pos: Pos) -> None:
        """Report a `!tag` or an unused `&anchor`: YAML drops it from the value, where the user meant it as text."""
        tag = getattr(event, "tag", None)
        if tag and isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            self.problems.error(
                pos, f"'{tag}' at the start of a value is read as a YAML tag and dropped; put the value in quotes"
            )
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            self.used.add(anchor or "")
        elif anchor:
            self.defined.setdefault(anchor, pos)
        if isinstance(event, yaml.StreamEndEvent):
            for name, where in self.defined.items():
                if name not in self.used:
                    self.problems.error(
                        where, f"'&{name}' at the start of a value is read as a YAML anchor and dropped; put the value in quotes"
                    )

    def mapping(self, done: _Open) -> Map:
        entries: list[tuple[Scalar, Node]] = []
        seen: dict[str, Pos] = {}
        kids = done.children
        for key, value in zip(kids[0::2], kids[1::2], strict=True):
            if not isinstance(key, Scalar):
                self.problems.error(key.pos, "a field name must be plain text, not a list or mapping")
                continue
            if key.value == "<<":
                self.problems.error(key.pos, "merge keys (<<) are not supported; write the fields out")
                continue
            if key.value in seen:
                first = seen[key.value]
                self.problems.error(key.pos, f"duplicate field '{key.value}' (first at line {first.line}); the second is ignored")
                continue
            seen[key.value] = key.pos
            entries.append((key, value))
        return Map(done.pos, tuple(entries))


# ------------------------------------------------------------------ syntax errors

_HINTS = (
    ("found character '\\t' that cannot start any token", "a tab character; indent with spaces, never tabs"),
    ("mapping values are not allowed here", "unexpected ':'; put the value in double quotes if it contains ': '"),
    ("could not find expected ':'", "expected 'name: value' here; is a ':' missing, or a quote left open?"),
    ("found unexpected end of stream", "the file ends inside a value; is a quote or bracket left open?"),
    ("expected ',' or ']'", "expected ',' or ']' in a [...] list; is a ']' or a closing quote missing?"),
    ("expected ',' or '}'", "expected ',' or '}' in a {...} mapping; is a '}' or a closing quote missing?"),
    ("expected <block end>", "the indentation here does not line up with the lines above"),
    ("did not find expected key", "the indentation here does not line up with the lines above"),
    ("did not find expected '-' indicator", "the indentation here does not line up with the list above"),
    ("found undefined tag handle", "a value cannot start with '!'; put it in quotes"),
    ("found character '@' that cannot start any token", "a value cannot start with '@'; put it in quotes"),
    ("found character '`' that cannot start any token", "a value cannot start with '`'; put it in quotes"),
    ("while scanning an alias", "a value cannot start with '*'; put it in quotes"),
    ("while scanning an anchor", "a value cannot start with '&'; put it in quotes"),
)

_CONTEXTS = (
    ("quoted scalar", "the quoted value starts"),
    ("flow sequence", "the [...] list starts"),
    ("flow mapping", "the {...} mapping starts"),
    ("block", "the block it belongs to starts"),
    ("simple key", "the name starts"),
)


_KEY_AT_START = re.compile(r"( *)(?:- +)?([A-Za-z_][\w-]*):(?:\s|$)")


def _indented_key(text: str, line: int, column: int) -> str | None:
    """When the ':' PyYAML did not expect is that of a name starting its line, indented further than the name on
    the line above it: a hint saying so (the line reads as part of the value above, not as a name of its own)."""
    lines = text.splitlines()
    if not 0 < line < len(lines):
        return None
    here = _KEY_AT_START.match(lines[line])
    if here is None or here.end(2) != column:
        return None
    for above in range(line - 1, -1, -1):
        if lines[above].strip() and not lines[above].lstrip().startswith("#"):
            prev = _KEY_AT_START.match(lines[above])
            if prev is None or here.start(2) <= prev.start(2):
                return None
            return (
                f"'{here.group(2)}:' is indented further than '{prev.group(2)}:' on line {above + 1}, so it reads as "
                f"part of that value; line the two names up (or put a value containing ': ' in double quotes)"
            )
    return None


def _syntax_message(exc: yaml.MarkedYAMLError, text: str = "") -> str:
    problem = exc.problem or exc.context or "invalid YAML"
    raw = f"{problem} {exc.context or ''}"
    for needle, hint in _HINTS:
        if needle in raw:
            mark = exc.problem_mark
            indented = _indented_key(text, mark.line, mark.column) if needle.startswith("mapping values") and mark else None
            problem = indented or hint
            break
    else:
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
    mark = exc.problem_mark
    ctx = exc.context_mark
    if ctx is not None and mark is not None and (ctx.line, ctx.column) != (mark.line, mark.column):
        what = next((f"{w} at" for needle, w in _CONTEXTS if needle in (exc.context or "")), "see")
        problem += f" ({what} line {ctx.line + 1}, column {ctx.column + 1})"
    return f"YAML syntax: {problem}"


# ------------------------------------------------------------------ files


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the user should see it: relative to the working directory when possible."""
    for root in (Path.cwd(), base):
        if root is None:
            continue
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except (ValueError, OSError, RuntimeError):
            continue
    return str(path)


MAX_NAME_BYTES = 255  # the longest file name most file systems allow


def contained(base: Path, name: str, where: str = "the content directory") -> tuple[Path | None, str]:
    """`base / name` when it lies inside `base` (links followed), else (None, why not, as a phrase).

    Why not: a name longer than a file system allows, a symbolic link that leads back to itself, or a
    path (or link) leading outside `base`, each said as such.
    """
    path = base / name
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in Path(name).parts):
        return None, f"the file name is longer than {MAX_NAME_BYTES} bytes, the most a file system allows"
    try:
        resolved = path.resolve()
        inside = resolved.is_relative_to(base.resolve())
    except RuntimeError:  # Python before 3.13 reports a link loop so
        return None, "is a symbolic link that leads back to itself (a loop)"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "is a symbolic link that leads back to itself (a loop)"
        return None, f"cannot be read: {exc.strerror or exc}"
    if not inside:
        return None, f"is outside {where}"
    return path, ""


def _line_col(data: bytes | str, index: int) -> tuple[int, int]:
    nl = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(nl, 0, index) + 1  # type: ignore[arg-type]
    col = index - (data.rfind(nl, 0, index) + 1) + 1  # type: ignore[arg-type]
    return line, col


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, turning every failure into a diagnostic naming the file."""
    shown = display_path(path)
    try:
        if not path.exists():
            raise BriefingError([error(Pos(shown), "no such file")])
        if not path.is_file():
            raise BriefingError([error(Pos(shown), "not a file")])
        size = path.stat().st_size
        if size > limit:
            raise BriefingError([error(Pos(shown), f"file is {size:,} bytes; the limit is {limit:,}")])
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise BriefingError([error(Pos(shown), f"cannot read file: {exc.strerror or exc}")]) from None
    if len(data) > limit:
        raise BriefingError([error(Pos(shown), f"file is over {limit:,} bytes, the limit")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise BriefingError([error(Pos(shown, line, col), "not valid UTF-8 text; save the file as UTF-8")]) from None
    return text.removeprefix("\ufeff")


def load_yaml(path: Path, out: Diagnostics, files: FileCache | None = None) -> Node:
    """Load one YAML file as a position-carrying node tree (an empty file is an empty mapping).

    Mistakes that leave a usable tree (a duplicate field: the first is kept) are reported to `out`;
    a file that gives no tree (unreadable, bad syntax, over a limit) is reported and stops the
    stage (`Diagnostics.stop`).  With `files` (the build's `Session.files`), a file is read once while
    it is unchanged: parse and check walk the same nodes, and `briefing watch` re-reads only what was saved.
    """
    try:
        if files is None:
            root, found = _read_yaml(path)
        else:  # kept by where the file is and where it is shown from (positions name it relative to the cwd)
            root, found = files.get("yaml", path, _read_yaml, key=f"{path.absolute()}\0{os.getcwd()}")
    except BriefingError as exc:
        out.stop(*exc.diagnostics)
    out.extend(found)
    return root


_FAST = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it: the same events, faster


def _read_yaml(path: Path) -> tuple[Node, tuple[Diagnostic, ...]]:
    return _load_text(display_path(path), read_text(path).replace("\r\n", "\n").replace("\r", "\n"))


def _load_text(shown: str, text: str) -> tuple[Node, tuple[Diagnostic, ...]]:
    """Nodes and non-fatal problems (BriefingError when the file gives no tree).  libyaml reads the file
    when it can; if it finds anything wrong, the pure-Python parser reads it again, so every message and
    position is PyYAML's own."""
    if _FAST is not None:
        fast = Diagnostics()
        builder = _Builder(shown, text, fast)
        try:
            for event in yaml.parse(text, Loader=_FAST):
                builder.feed(event)
        except _OverLimit:
            raise
        except Exception:  # noqa: BLE001 - read again below, where errors are worded
            pass
        else:
            return (builder.root if builder.root is not None else Map(Pos(shown, 1, 1), ())), tuple(fast)
    found = Diagnostics()
    builder = _Builder(shown, text, found)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        pos = _mark_pos(shown, exc.problem_mark or exc.context_mark)
        found.stop(error(pos, _syntax_message(exc, text)))
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        what = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise BriefingError(
            [error(Pos(shown, line, col), f"a control character ({what}) that YAML does not allow; delete it")]
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises the marked kinds above
        raise BriefingError([error(Pos(shown), f"YAML syntax: {exc}")]) from None
    return (builder.root if builder.root is not None else Map(Pos(shown, 1, 1), ())), tuple(found)
