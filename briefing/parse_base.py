"""Parse's shared ground: the limits, typed access to one YAML mapping (`Fields`), and the value readers
(text, citations, dates, numbers, lists, addresses) that the pack, block and figure parsers share (`ParserBase`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date as _date
from pathlib import Path

from briefing.diagnostics import Diagnostics, Pos
from briefing.filecache import FileCache
from briefing.hints import wrong_level
from briefing.inline import CiteCounter, InlineParser
from briefing.load import MAX_FILE_BYTES, Map, Node, Scalar, Seq
from briefing.model import (
    Cite,
    CiteRef,
    PartialDate,
    RichText,
    SourceDate,
)
from briefing.partialdate import written_date

# All the pack's YAML files together (pack.yaml, sources.yaml, the section files): about 800 pages, built
# in about 30 s on one core; more would take longer than anyone waits for a build.
MAX_PACK_BYTES = MAX_FILE_BYTES
# Counts that layout time grows with, beyond what any briefing needs (README: Limits; benchmarks/limits.py).
MAX_ENTRIES = 1_000  # rows of a table, items of a list, entries of a timeline, key facts, people
MAX_CHART_POINTS = 1_000  # all the series of one chart together
MAX_CHART_EVENTS = 500  # events of one timeline chart
MAX_PACK_CHART_POINTS = 5_000  # points and events of all the charts of a pack (each chart has a data table too)
MAX_SECTIONS = 1_000  # sections and subsections of a pack, each a heading and a contents line
MAX_CITATIONS = 10_000  # citations in a pack, each a note marker
MAX_CHART_VALUE = 1e15  # values and axis bounds: far beyond any real figure, far below float overflow in the layout
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_UNKNOWN = "unknown"
_INLINE_MARK = re.compile(r"\[[@#][^\]\n]*\]")  # a citation or cross-reference, as rich text writes them
_URL = re.compile(r"^https?://[^\s\"'<>\\`]+$", re.IGNORECASE)
BLOCK_KINDS = (
    "paragraph",
    "bullets",
    "numbered",
    "quote",
    "key_facts",
    "table",
    "timeline",
    "people",
    "callout",
    "figures_panel",
    "chart",
    "timeline_chart",
    "image",
)


def _visible(text: str) -> bool:
    """Whether text has a character that prints (not only spaces, soft hyphens, zero-width or direction marks)."""
    return any(not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc", "Zs", "Zl", "Zp") for c in text)


def no_marks(parser: ParserBase, node: Scalar, key: str) -> None:
    """Report a citation or cross-reference written in a plain-text field: it would print as typed, and the note
    or link the writer meant would be missing without a word."""
    found = _INLINE_MARK.search(node.value)
    if found is None:
        return
    mark = found.group()
    if mark.startswith("[@"):
        what, where = "a citation", "in the caption or the text, or in the block's 'cite:'"
    else:
        what, where = "a cross-reference", "in running text (a paragraph, a caption, a list item)"
    parser.report(node.pos_of(mark), f"'{key}' is plain text, so {what} '{mark}' here would print as typed; put it {where}")


class Fields:
    """Typed access to one YAML mapping, reporting unknown, missing and mistyped fields."""

    def __init__(self, parser: ParserBase, node: Node, what: str, allowed: tuple[str, ...]) -> None:
        self.parser = parser
        self.what = what
        self.ok = isinstance(node, Map)
        self.map = node if isinstance(node, Map) else Map(node.pos, ())
        self.pos = node.pos
        self.misspelt: set[str] = set()  # allowed fields the unknown ones look like (not also "missing")
        if not self.ok:
            parser.report(node.pos, f"{what} must be a mapping of fields (name: value)")
            return
        for key, _ in self.map.entries:
            if key.value not in allowed:
                near = difflib.get_close_matches(key.value, allowed, n=1, cutoff=0.6)
                self.misspelt.update(near)
                hint = wrong_level(what, key.value) or (
                    f"; did you mean '{near[0]}'?" if near else f"; allowed: {', '.join(allowed)}"
                )
                parser.report(key.pos, f"unknown field '{key.value}' in {what}{hint}")

    def node(self, key: str) -> Node | None:
        return self.map.get(key)

    def missing(self, key: str, required: bool) -> None:
        """Report a required field that is absent, unless an unknown field was already reported as its misspelling."""
        if required and self.ok and key not in self.misspelt:
            self.parser.report(self.pos, f"{self.what} is missing required field '{key}'")

    def has(self, key: str) -> bool:
        return self.map.get(key) is not None

    def present(self, key: str, required: bool) -> Node | None:
        """The field's node, or None (reporting it when required) if it is absent or null."""
        node = self.map.get(key)
        if node is None or (isinstance(node, Scalar) and node.null):
            self.missing(key, required)
            return None
        return node

    def scalar(self, key: str, required: bool = False) -> Scalar | None:
        node = self.present(key, required)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.parser.report(node.pos, f"'{key}' must be text, not a {'list' if isinstance(node, Seq) else 'mapping'}")
            return None
        if required and not _visible(node.value):
            self.parser.report(
                node.pos, f"'{key}' must not be empty" + (" (it holds only invisible characters)" if node.value.strip() else "")
            )
            return None
        return node

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        """A plain-text field (a title, a name, alt text): its value, stripped."""
        node = self.scalar(key, required)
        if node is None:
            return default
        no_marks(self.parser, node, key)
        return node.value.strip()

    def seq(self, key: str, required: bool = False) -> Seq | None:
        node = self.present(key, required)
        if node is None:
            return None
        if not isinstance(node, Seq):
            self.parser.report(node.pos, f"'{key}' must be a list (lines starting with '- ')")
            return None
        return node

    def flag(self, key: str) -> bool:
        node = self.scalar(key)
        if node is None:
            return False
        value = node.value.strip().lower()
        if value in ("true", "yes"):
            return True
        if value not in ("false", "no"):
            self.parser.report(node.pos, f"'{key}' must be true or false, not '{node.value}'")
        return False


class ParserBase:
    """Problems, counters and the value readers shared by the pack, block and figure parsers."""

    def __init__(self, root: Path, problems: Diagnostics, files: FileCache | None = None) -> None:
        self.root = root
        self.files = files  # the build's Session.files: each file read once while unchanged
        self.handout_only = False  # set by block() when it reads `summary: only`
        self.handout_never = False  # set by block() when it reads `summary: false`
        self.problems = problems  # where every problem found is reported
        self.counter = CiteCounter()
        self.sections_seen = 0
        self.chart_points = 0

    def report(self, pos: Pos, message: str) -> None:
        self.problems.error(pos, message)

    def too_many(self, pos: Pos, count: int, limit: int, what: str, fix: str) -> bool:
        """Report a count over its limit at `pos`; True when it is over."""
        if count <= limit:
            return False
        self.report(pos, f"{count:,} {what}; the limit is {limit:,}: {fix}")
        return True

    def _chart_points_counted(self, pos: Pos, count: int) -> bool:
        """Report the chart whose points take the pack over MAX_PACK_CHART_POINTS; True when over."""
        before = self.chart_points
        self.chart_points += count
        if self.chart_points <= MAX_PACK_CHART_POINTS:
            return False
        if before <= MAX_PACK_CHART_POINTS:
            self.report(
                pos,
                f"with this chart the pack's charts have over {MAX_PACK_CHART_POINTS:,} points and "
                "events, the limit for a pack (each chart prints a data table too); show fewer",
            )
        return True

    def _citations_counted(self, pos: Pos, before: int) -> None:
        """Report the text whose citations take the pack over MAX_CITATIONS (once)."""
        if before <= MAX_CITATIONS < self.counter.next:
            self.report(
                pos,
                f"with this text the pack has over {MAX_CITATIONS:,} citations, the limit for a pack "
                "(each is a note marker); cite less often or make the pack shorter",
            )

    def rich(self, node: Scalar | None) -> RichText:
        if node is None:
            return ()
        before = self.counter.next
        parsed = InlineParser(self.counter, node.pos_of, self.problems).parse(node.value.strip())
        self._citations_counted(node.pos, before)
        return parsed

    def rich_field(self, fields: Fields, key: str, required: bool = False) -> RichText:
        return self.rich(fields.scalar(key, required))

    def cite_field(self, fields: Fields, key: str = "cite") -> Cite | None:
        """A block-level `cite:` value: an id, a {source, locator} mapping, or a list of them."""
        node = fields.node(key)
        if node is None or (isinstance(node, Scalar) and node.null):
            return None
        items = node.items if isinstance(node, Seq) else (node,)
        refs: list[CiteRef] = []
        problems_before = len(self.problems)
        for item in items:
            if isinstance(item, Scalar):
                source = item.value.strip().removeprefix("@")
                if not _ID.match(source):
                    self.report(item.pos, f"'{item.value}' is not a source id (letters, digits, '-', '_' or '.')")
                    continue
                refs.append(CiteRef(source, "", item.pos))
            else:
                f = Fields(self, item, "a citation", ("source", "locator"))
                src = f.scalar("source", required=True)
                if src is not None:
                    refs.append(CiteRef(src.value.strip().removeprefix("@"), f.text("locator"), src.pos))
        if not refs:
            if len(self.problems) == problems_before:
                self.report(node.pos, f"'{key}' names no source")
            return None
        cite = Cite(tuple(refs), self.counter.take(), node.pos)
        self._citations_counted(node.pos, cite.key - 1)
        return cite

    def with_cite(self, text: RichText, fields: Fields) -> RichText:
        cite = self.cite_field(fields)
        return text + (cite,) if cite else text

    def date(self, node: Scalar | None, what: str) -> PartialDate | None:
        if node is None:
            return None
        value = node.value.strip()
        m = _DATE.match(value)
        if not m:
            iso = written_date(value)
            hint = f" (here {iso})" if iso else ""
            self.report(node.pos, f"{what} '{value}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY{hint}")
            return None
        year, month, day = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
        if year < 1:
            self.report(node.pos, f"{what} '{value}' has no year 0; write a year from 0001")
            return None
        if m.group(2) and not 1 <= month <= 12:
            self.report(node.pos, f"{what} '{value}' has no month {month}")
            return None
        if m.group(3) and day == 0:
            self.report(node.pos, f"{what} '{value}' has no day 0; write YYYY-MM if the day is not known")
            return None
        if day:
            try:
                _date(year, month, day)
            except ValueError:
                self.report(node.pos, f"{what} '{value}' is not a real day")
                return None
        return PartialDate(year, month, day)

    def source_date(self, fields: Fields) -> tuple[SourceDate, bool]:
        """(date, given): `given` is False when the field is absent (a check warns)."""
        node = fields.node("date")
        if node is None:
            return SourceDate(), False
        if isinstance(node, Scalar):
            if node.value.strip().lower() == _UNKNOWN:
                return SourceDate(), True
            return SourceDate(self.date(node, "date")), True
        f = Fields(self, node, "an inferred date", ("value", "inferred"))
        value = self.date(f.scalar("value", required=True), "date")
        reason = f.text("inferred", required=True)
        return SourceDate(value, reason or "reason not given"), True

    def date_note(self, f: Fields, keys: tuple[str, ...], bare: bool = False) -> str:
        """What is printed after a timeline date: `inferred: reason` ("inferred: reason"), `planned: true` or
        `planned: reason` for a date still to come ("planned", "planned: reason"), or a free `date_note`; one of
        them.  `bare`: an inferred reason without its "inferred: " (a chart event prints the reason alone)."""
        given = [k for k in keys if f.scalar(k) is not None]
        for extra in given[1:]:
            node = f.scalar(extra)
            assert node is not None
            self.report(node.pos, f"give one of {', '.join(repr(k) for k in keys)}, not both '{given[0]}' and '{extra}'")
        if not given:
            return ""
        key, value = given[0], f.text(given[0])
        if key == "planned":
            return "planned" if value.lower() in ("true", "yes", "") else f"planned: {value}"
        if key == "inferred" and not bare:
            return f"inferred: {value}" if value else ""
        return value

    def _items(self, f: Fields, kind: str, limit: int = MAX_ENTRIES) -> tuple[Node, ...]:
        seq = f.seq(kind, required=True)
        if seq is not None and not seq.items:
            self.report(seq.pos, f"'{kind}' has no entries")
        if seq is not None and self.too_many(
            seq.pos, len(seq.items), limit, f"entries in '{kind}'", "split it, or put the full list in an annex or a spreadsheet"
        ):
            return ()
        return seq.items if seq else ()

    def _number(self, node: Node | None, what: str) -> float | None:
        """A number as YAML text: 25, 16.9, -3, 2,000.  Units belong in the axis, not the value."""
        if node is None or (isinstance(node, Scalar) and node.null):
            return None
        if not isinstance(node, Scalar):
            self.report(node.pos, f"{what} must be a number, not a {'list' if isinstance(node, Seq) else 'mapping'}")
            return None
        value = node.value.strip()
        if not _NUMBER.match(value):
            hint = "; put units in the axis's 'unit' or 'suffix'" if re.search(r"\d", value) else ""
            self.report(node.pos, f"{what} '{value}' is not a number{hint}")
            return None
        return float(value.replace(",", ""))

    def str_list(self, f: Fields, key: str) -> tuple[str, ...]:
        node = f.node(key)
        if node is None or (isinstance(node, Scalar) and node.null):
            return ()
        if isinstance(node, Scalar):
            return tuple(s.strip() for s in node.value.split(",") if s.strip())
        seq = f.seq(key)
        out = []
        for item in seq.items if seq else ():
            if isinstance(item, Scalar):
                out.append(item.value.strip())
            else:
                self.report(item.pos, f"each entry of '{key}' must be text")
        return tuple(out)

    def url(self, f: Fields) -> str:
        """A source's web address: printed as a link, so only a plain http(s) address is allowed."""
        node = f.scalar("url")
        value = node.value.strip() if node is not None else ""
        if node is not None and value and not _URL.match(value):
            self.report(node.pos, f"url '{value}' is not a web address: write it in full, starting https:// or http://")
            return ""
        return value


def _shown_name(name: str, limit: int = 80) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _file_size(path: Path | None) -> int:
    try:
        return path.stat().st_size if path is not None else 0
    except OSError:
        return 0
