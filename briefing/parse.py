"""Stage 2, parse: turn position-carrying YAML nodes into the typed model.

Every problem is collected (not raised at the first) so one run reports them
all, each at the line and column of the offending value.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from datetime import date as _date
from pathlib import Path

from briefing.diagnostics import BriefingError, Diagnostic, Pos, error
from briefing.hints import wrong_level
from briefing.images import place as place_picture
from briefing.inline import CiteCounter, InlineParser
from briefing.load import MAX_FILE_BYTES, Map, Node, Scalar, Seq, contained, display_path, load_yaml
from briefing.model import (
    CHART_KINDS,
    Axis,
    Block,
    Callout,
    Chart,
    ChartEvent,
    ChartKind,
    Cite,
    CiteRef,
    DataPoint,
    FiguresPanel,
    Image,
    KeyFact,
    KeyFacts,
    ListBlock,
    Pack,
    PackMeta,
    PanelFigure,
    Paragraph,
    PartialDate,
    People,
    Person,
    Phase,
    Quote,
    RichText,
    Section,
    Series,
    Source,
    SourceDate,
    Table,
    Timeline,
    TimelineChart,
    TimelineEntry,
    cites_in,
    date_span,
    last_worded,
    plain_text,
    with_block_cite,
)
from briefing.stylesheet.find import find as find_style

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
_URL = re.compile(r"^https?://[^\s\"'<>\\`]+$", re.IGNORECASE)
BLOCK_KINDS = ("paragraph", "bullets", "numbered", "quote", "key_facts", "table", "timeline", "people", "callout",
               "figures_panel", "chart", "timeline_chart", "image")


def _visible(text: str) -> bool:
    """Whether text has a character that prints (not only spaces, soft hyphens, zero-width or direction marks)."""
    return any(not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc", "Zs", "Zl", "Zp") for c in text)


class Fields:
    """Typed access to one YAML mapping, reporting unknown, missing and mistyped fields."""

    def __init__(self, parser: Parser, node: Node, what: str, allowed: tuple[str, ...]) -> None:
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
                hint = wrong_level(what, key.value) or (f"; did you mean '{near[0]}'?" if near
                                                        else f"; allowed: {', '.join(allowed)}")
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
            self.parser.report(node.pos, f"'{key}' must not be empty" + (" (it holds only invisible characters)"
                                                                         if node.value.strip() else ""))
            return None
        return node

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        node = self.scalar(key, required)
        return node.value.strip() if node is not None else default

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


class Parser:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.handout_only = False  # set by block() when it reads `summary: only`
        self.handout_never = False  # set by block() when it reads `summary: false`
        self.problems: list[Diagnostic] = []
        self.counter = CiteCounter()
        self.sections_seen = 0
        self.chart_points = 0

    def report(self, pos: Pos, message: str) -> None:
        self.problems.append(error(pos, message))

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
            self.report(pos, f"with this chart the pack's charts have over {MAX_PACK_CHART_POINTS:,} points and "
                             "events, the limit for a pack (each chart prints a data table too); show fewer")
        return True

    def _citations_counted(self, pos: Pos, before: int) -> None:
        """Report the text whose citations take the pack over MAX_CITATIONS (once)."""
        if before <= MAX_CITATIONS < self.counter.next:
            self.report(pos, f"with this text the pack has over {MAX_CITATIONS:,} citations, the limit for a pack "
                             "(each is a note marker); cite less often or make the pack shorter")

    # ------------------------------------------------------------ text

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

    # ------------------------------------------------------------ dates

    def date(self, node: Scalar | None, what: str) -> PartialDate | None:
        if node is None:
            return None
        value = node.value.strip()
        m = _DATE.match(value)
        if not m:
            self.report(node.pos, f"{what} '{value}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
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

    # ------------------------------------------------------------ pack

    def pack(self) -> Pack:
        pack_file = self.root / "pack.yaml"
        if not self.root.exists():
            raise BriefingError([error(Pos(display_path(self.root)), "content directory does not exist")])
        if not self.root.is_dir():
            raise BriefingError([error(Pos(display_path(self.root)), "not a directory; give the folder that holds pack.yaml")])
        if not pack_file.exists() and not pack_file.is_symlink():
            raise BriefingError([error(Pos(display_path(pack_file)), "no pack.yaml in the content directory")])
        _, problem = contained(self.root, "pack.yaml")
        if problem:
            raise BriefingError([error(Pos(display_path(pack_file)), f"pack.yaml {problem}; content files must be "
                                                                      "inside it")])
        top = Fields(self, load_yaml(pack_file, self.problems), "pack.yaml", ("pack", "sources", "sections"))
        empty = top.ok and not top.map.entries
        if empty:
            self.report(top.pos, "pack.yaml is empty: it needs 'pack' (the pack's details) and 'sections' (its files)")
        meta_node = top.node("pack")
        if meta_node is None:
            if top.ok and not empty:
                self.report(top.pos, "pack.yaml is missing required field 'pack'")
            reported, self.problems = self.problems, []  # no "missing title" etc. for a block that is not there
            meta = self.meta(Map(top.pos, ()))
            self.problems = reported
        else:
            meta = self.meta(meta_node)

        sources_node = top.node("sources")
        problems_before = len(self.problems)
        sources_path: Path | None = None
        if sources_node is None:
            sources_path, problem = contained(self.root, "sources.yaml")
            if sources_path is None:
                self.report(top.pos, f"sources.yaml {problem}; content files must be inside it")
                sources_node = Seq(top.pos, ())
            else:
                sources_node = self._file_field(sources_path, "sources", top.pos)
        elif isinstance(sources_node, Scalar):
            sources_path = self._content_path(sources_node)
            sources_node = (self._file_field(sources_path, "sources", sources_node.pos) if sources_path
                            else Seq(sources_node.pos, ()))
        sources = self.sources(sources_node)
        if not sources and isinstance(sources_node, Seq) and len(self.problems) == problems_before:
            self.report(sources_node.pos, "'sources' lists no sources; list every source the pack cites")

        sections: list[Section] = []
        files = top.seq("sections", required=not empty)
        total = _file_size(pack_file) + _file_size(sources_path)
        for item in files.items if files else ():
            if not isinstance(item, Scalar) or not item.value.strip():
                self.report(item.pos, "each entry of 'sections' must be a file name")
                continue
            path = self._content_path(item)
            if path is None:
                continue
            if not path.exists():
                self.report(item.pos, f"section file '{item.value.strip()}' does not exist")
                continue
            if path.is_dir():
                self.report(item.pos, f"'{item.value.strip()}' is a folder, not a section file")
                continue
            size = _file_size(path)
            total += size if size <= MAX_FILE_BYTES else 0  # a file over its own limit is reported as that
            if total > MAX_PACK_BYTES:
                self.report(item.pos, f"with this file the pack's YAML files come to over {MAX_PACK_BYTES:,} bytes, "
                                      "the limit for a whole pack (about 800 pages); make the pack shorter")
                break
            try:
                node = load_yaml(path, self.problems)
            except BriefingError as exc:
                self.problems.extend(exc.diagnostics)
                continue
            if isinstance(node, Map) and not node.entries:
                self.report(node.pos, "the section file is empty: give it a title and blocks")
                continue
            section = self.section(node, 1)
            if section is not None:
                sections.append(section)
        if files is not None and not files.items:
            self.report(files.pos, "'sections' lists no files")
        return Pack(meta, tuple(sources), tuple(sections), str(self.root))

    def _content_path(self, node: Scalar) -> Path | None:
        """A file named in pack.yaml; it must lie inside the content directory (else reported, None)."""
        name = node.value.strip()
        path, problem = contained(self.root, name)
        if path is None:
            hint = "; content files must be inside it" if problem.startswith("is outside") else ""
            self.report(node.pos, f"'{_shown_name(name)}' {problem}{hint}" if problem.startswith(("is ", "cannot"))
                        else f"'{_shown_name(name)}': {problem}")
        return path

    def _file_field(self, path: Path, key: str, pos: Pos) -> Node:
        if not path.exists():
            self.report(pos, f"no '{key}' in pack.yaml and no {path.name} in the content directory")
            return Seq(pos, ())
        try:
            node = load_yaml(path, self.problems)
        except BriefingError as exc:
            self.problems.extend(exc.diagnostics)
            return Seq(pos, ())
        f = Fields(self, node, path.name, (key,))
        inner = f.node(key)
        if inner is None:
            self.report(node.pos, f"{path.name} is missing required field '{key}'")
            return Seq(node.pos, ())
        return inner

    def meta(self, node: Node) -> PackMeta:
        f = Fields(self, node, "pack", (
            "id", "title", "short_title", "subtitle", "version", "as_at", "prepared_by", "contact", "audience",
            "marking", "language", "style", "keywords", "editorial_note", "do_not_print", "hyphenation",
        ))
        title = f.text("title", required=True)
        as_at = self.date(f.scalar("as_at", required=True), "as_at") or PartialDate(1970, 1, 1)
        keywords = self.str_list(f, "keywords")
        language = f.text("language", default="en-GB")
        if not re.match(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", language):
            node_l = f.scalar("language")
            self.report(node_l.pos if node_l else f.pos, f"language '{language}' is not a language tag such as en-GB")
        return PackMeta(
            id=f.text("id", required=True),
            title=title,
            short_title=f.text("short_title") or title,
            subtitle=f.text("subtitle"),
            version=f.text("version", required=True),
            as_at=as_at,
            prepared_by=f.text("prepared_by"),
            contact=f.text("contact"),
            audience=f.text("audience"),
            marking=f.text("marking"),
            language=language,
            style=self.style(f),
            keywords=keywords,
            editorial_note=self.rich_field(f, "editorial_note"),
            do_not_print=self.str_list(f, "do_not_print"),
            pos=f.pos,
            hyphenation=self.hyphenation(f),
        )

    def hyphenation(self, f: Fields) -> tuple[str, ...]:
        """`hyphenation: [ac-com-mo-da-tion, forecast]`: each word with its allowed breaks (none: never broken)."""
        seq = f.seq("hyphenation")
        out = []
        for item in seq.items if seq else ():
            word = item.value.strip() if isinstance(item, Scalar) else ""
            if not re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", word):
                self.report(item.pos, "each entry of 'hyphenation' is one word with a hyphen at each point where it "
                                      "may break, such as ac-com-mo-da-tion (no hyphen: never broken)")
                continue
            out.append(word)
        return tuple(out)

    def url(self, f: Fields) -> str:
        """A source's web address: printed as a link, so only a plain http(s) address is allowed."""
        node = f.scalar("url")
        value = node.value.strip() if node is not None else ""
        if node is not None and value and not _URL.match(value):
            self.report(node.pos, f"url '{value}' is not a web address: write it in full, starting https:// or http://")
            return ""
        return value

    def style(self, f: Fields) -> str:
        """The style sheet's name or path, reported at its own line when there is no such sheet (then: default).
        The sheet's contents are checked once, by briefing.style.load_style."""
        node = f.scalar("style")
        name = node.value.strip() if node is not None else ""
        if not name or node is None:
            return "default"
        found = find_style(name, self.root)
        if found.path is None:
            self.report(node.pos, found.problem)
            return "default"
        return name

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

    def sources(self, node: Node) -> list[Source]:
        if not isinstance(node, Seq):
            self.report(node.pos, "'sources' must be a list of sources")
            return []
        out: list[Source] = []
        for item in node.items:
            f = Fields(self, item, "a source", (
                "id", "kind", "title", "short", "author", "publisher", "date", "url", "accessed", "text", "notes",
            ))
            if not f.ok:
                continue
            id_node = f.scalar("id", required=True)
            source_id = id_node.value.strip() if id_node else ""
            if id_node and source_id and not _ID.match(source_id):
                self.report(id_node.pos, f"source id '{source_id}' may use only letters, digits, '-', '_' and '.'")
            date, _given = self.source_date(f)
            text_node = f.scalar("text")
            out.append(Source(
                id=source_id,
                kind=f.text("kind"),
                title=f.text("title", required=True),
                short=f.text("short"),
                author=f.text("author", default=_UNKNOWN),
                publisher=f.text("publisher", default=_UNKNOWN),
                date=date,
                url=self.url(f),
                accessed=self.date(f.scalar("accessed"), "accessed"),
                text=text_node.value.strip() if text_node else "",
                notes=f.text("notes"),
                pos=f.pos,
                text_pos=text_node.pos if text_node else None,
            ))
            if not _given:
                self.problems.append(Diagnostic(f.pos, "warning",
                                                f"source '{source_id}' has no date; write 'date: unknown' if none is stated"))
        return out

    # ------------------------------------------------------------ sections and blocks

    def section(self, node: Node, depth: int) -> Section | None:
        problems_before = len(self.problems)
        f = Fields(self, node, "a section", ("id", "title", "summary", "blocks", "sections"))
        if not f.ok:
            return None
        self.sections_seen += 1
        if self.sections_seen == MAX_SECTIONS + 1:
            self.report(f.pos, f"this is section {MAX_SECTIONS + 1:,} of the pack; the limit is {MAX_SECTIONS:,} "
                               "sections and subsections: merge some")
        title = f.text("title", required=True)
        id_node = f.scalar("id")
        section_id = id_node.value.strip() if id_node else ""
        if id_node and not _ID.match(section_id):
            self.report(id_node.pos, f"section id '{section_id}' may use only letters, digits, '-', '_' and '.'")
        blocks: list[Block] = []
        only: set[int] = set()
        never: set[int] = set()
        block_seq = f.seq("blocks")
        for item in block_seq.items if block_seq else ():
            self.handout_only = self.handout_never = False
            block = self.block(item)
            if block is not None:
                if self.handout_only:
                    only.add(len(blocks))
                if self.handout_never:
                    never.add(len(blocks))
                blocks.append(block)
        subsections: list[Section] = []
        sub_seq = f.seq("sections")
        if sub_seq is not None and depth >= 3:
            self.report(sub_seq.pos, "sections nest at most three levels (1.1.1)")
        for item in sub_seq.items if sub_seq and depth < 3 else ():
            sub = self.section(item, depth + 1)
            if sub is not None:
                subsections.append(sub)
        if not blocks and not subsections and len(self.problems) == problems_before:
            self.report(f.pos, f"section '{title}' is empty: give it blocks or sections")
        return Section(section_id, title, tuple(blocks), tuple(subsections), f.pos, f.flag("summary"), frozenset(only),
                       frozenset(never))

    def block(self, node: Node) -> Block | None:
        if not isinstance(node, Map):
            if isinstance(node, Scalar):
                self.report(node.pos, "a block must be a mapping such as 'paragraph: text'; did you forget 'paragraph: '?")
            else:
                self.report(node.pos, "a block must be a mapping such as 'paragraph: text'")
            return None
        names = [k.value for k, _ in node.entries]
        kinds = [k for k in names if k in BLOCK_KINDS]
        if len(kinds) != 1:
            if kinds:
                self.report(node.pos, f"a block has one kind, not {len(kinds)} ({', '.join(kinds)})")
                return None
            keys = [k for k in names if k not in ("cite", "summary")]
            near = difflib.get_close_matches(keys[0], BLOCK_KINDS, n=1, cutoff=0.6) if keys else []
            hint = f"; did you mean '{near[0]}'?" if near else f"; kinds: {', '.join(BLOCK_KINDS)}"
            where = node.entries[0][0].pos if node.entries else node.pos
            self.report(where, f"unknown block kind '{keys[0] if keys else ''}'{hint}")
            return None
        kind = kinds[0]
        f = Fields(self, node, f"a {kind} block", (kind, "cite", "summary"))
        only_node = f.scalar("summary")
        self.handout_only = only_node is not None and only_node.value.strip().lower() == "only"
        summary = self.handout_only or f.flag("summary")
        self.handout_never = only_node is not None and not summary and only_node.value.strip().lower() in ("false", "no")
        body = node.get(kind)
        assert body is not None
        if kind == "paragraph":
            text = self.rich(f.scalar(kind, required=True))
            return Paragraph(self.with_cite(text, f), node.pos, summary) if text else None
        if kind in ("bullets", "numbered"):
            return self.list_block(kind, f, node, summary)
        if kind == "quote":
            return self.quote(body, node, summary)
        if kind in ("figures_panel", "chart", "timeline_chart"):
            return self.figure_block(kind, body, f, node, summary)
        if kind == "image":
            return self.image(body, f, node, summary)
        block: Block | None
        if kind == "key_facts":
            block = self.key_facts(f, node, summary)
        elif kind == "table":
            block = self.table(body, node, summary)
        elif kind == "timeline":
            block = self.timeline(f, node, summary)
        elif kind == "people":
            block = self.people(f, node, summary)
        else:
            block = self.callout(body, node, summary)
        cite = self.cite_field(f)  # the block's own `cite:`, beside its kind: a marker at the block's end
        return with_block_cite(block, cite) if block is not None and cite is not None else block

    def _items(self, f: Fields, kind: str, limit: int = MAX_ENTRIES) -> tuple[Node, ...]:
        seq = f.seq(kind, required=True)
        if seq is not None and not seq.items:
            self.report(seq.pos, f"'{kind}' has no entries")
        if seq is not None and self.too_many(seq.pos, len(seq.items), limit, f"entries in '{kind}'",
                                             "split it, or put the full list in an annex or a spreadsheet"):
            return ()
        return seq.items if seq else ()

    def list_block(self, kind: str, f: Fields, node: Map, summary: bool) -> ListBlock | None:
        items: list[RichText] = []
        for item in self._items(f, kind):
            if isinstance(item, Scalar):
                items.append(self.rich(item))
            else:
                itf = Fields(self, item, "a list item", ("text", "cite"))
                items.append(self.with_cite(self.rich_field(itf, "text", required=True), itf))
        block_cite = self.cite_field(f)
        if block_cite and items:
            items[-1] = items[-1] + (block_cite,)
        return ListBlock(tuple(items), kind == "numbered", node.pos, summary) if items else None

    def quote(self, body: Node, node: Map, summary: bool) -> Quote | None:
        f = Fields(self, body, "a quote", ("text", "speaker", "role", "cite"))
        if not f.ok:
            return None
        text_node = f.scalar("text", required=True)
        text = self.rich(text_node)
        speaker = f.text("speaker", required=True)
        role = f.text("role")
        outer = Fields(self, node, "a quote block", ("quote", "cite", "summary"))
        cite = self.cite_field(f) or self.cite_field(outer)
        if cite is None:
            self.report(f.pos, "a quote needs 'cite': the source that published the words")
            return None
        if not text:
            return None
        return Quote(text, speaker, role, cite, node.pos, summary, text_node.pos if text_node else None)

    def key_facts(self, f: Fields, node: Map, summary: bool) -> KeyFacts | None:
        facts = []
        for item in self._items(f, "key_facts"):
            kf = Fields(self, item, "a key fact", ("label", "value", "cite"))
            if not kf.ok:
                continue
            label = self.rich_field(kf, "label", required=True)
            value = self.with_cite(self.rich_field(kf, "value", required=True), kf)
            facts.append(KeyFact(label, value, item.pos))
        return KeyFacts(tuple(facts), node.pos, summary) if facts else None

    def table(self, body: Node, node: Map, summary: bool) -> Table | None:
        f = Fields(self, body, "a table", ("caption", "header", "rows", "widths", "cite"))
        if not f.ok:
            return None
        caption = self.with_cite(self.rich_field(f, "caption"), f)
        header: tuple[RichText, ...] = ()
        hseq = f.seq("header")
        if hseq is not None:
            header = tuple(self._cell(c) for c in hseq.items)
        rows: list[tuple[RichText, ...]] = []
        row_pos: list[Pos] = []
        rseq = f.seq("rows", required=True)
        if rseq is not None and self.too_many(rseq.pos, len(rseq.items), MAX_ENTRIES, "rows in this table",
                                              "split it, or put the full table in an annex or a spreadsheet"):
            return None
        for row in rseq.items if rseq else ():
            if isinstance(row, Seq):
                rows.append(tuple(self._cell(c) for c in row.items))
            elif isinstance(row, Map):
                rf = Fields(self, row, "a table row", ("cells", "cite"))
                cseq = rf.seq("cells", required=True)
                cells = [self._cell(c) for c in (cseq.items if cseq else ())]
                if cells:  # the row's marker follows its last words, never alone in an empty cell
                    last = last_worded(tuple(cells))
                    cells[last] = self.with_cite(cells[last], rf)
                rows.append(tuple(cells))
            else:
                self.report(row.pos, "a table row must be a list of cells")
                continue
            row_pos.append(row.pos)
        if rseq is not None and not rows:
            self.report(rseq.pos, "the table has no rows")
            return None
        ncols = len(header) if header else max((len(r) for r in rows), default=0)
        for cells_of_row, pos in zip(rows, row_pos, strict=True):
            if len(cells_of_row) != ncols:
                self.report(pos, f"this row has {len(cells_of_row)} cells; the table has {ncols} columns")
        widths: tuple[float, ...] = ()
        wseq = f.seq("widths")
        if wseq is not None:
            try:
                widths = tuple(float(w.value) for w in wseq.items if isinstance(w, Scalar))
                if len(widths) != ncols or any(w <= 0 for w in widths):
                    raise ValueError
            except ValueError:
                self.report(wseq.pos, f"'widths' must be {ncols} positive numbers, one per column")
                widths = ()
        return Table(caption, header, tuple(rows), widths, node.pos, summary, tuple(row_pos))

    def _cell(self, node: Node) -> RichText:
        if isinstance(node, Scalar):
            return self.rich(node)
        self.report(node.pos, "a table cell must be text")
        return ()

    def timeline(self, f: Fields, node: Map, summary: bool) -> Timeline | None:
        entries = []
        for item in self._items(f, "timeline"):
            tf = Fields(self, item, "a timeline entry", ("date", "event", "cite", "inferred", "planned", "date_note"))
            if not tf.ok:
                continue
            date = self.date(tf.scalar("date", required=True), "date")
            event = self.with_cite(self.rich_field(tf, "event", required=True), tf)
            note = self.date_note(tf, ("inferred", "planned", "date_note"))
            if date is not None and event:
                entries.append(TimelineEntry(date, note, event, item.pos))
        return Timeline(tuple(entries), node.pos, summary) if entries else None

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

    def people(self, f: Fields, node: Map, summary: bool) -> People | None:
        people = []
        for item in self._items(f, "people"):
            pf = Fields(self, item, "a person", ("name", "role", "cite"))
            if not pf.ok:
                continue
            name = pf.text("name", required=True)
            role = self.with_cite(self.rich_field(pf, "role", required=True), pf)
            if name:
                people.append(Person(name, role, item.pos))
        return People(tuple(people), node.pos, summary) if people else None

    def callout(self, body: Node, node: Map, summary: bool) -> Callout | None:
        if isinstance(body, Scalar):
            return Callout("", self.rich(body), node.pos, summary)
        f = Fields(self, body, "a callout", ("title", "text", "cite"))
        text = self.with_cite(self.rich_field(f, "text", required=True), f)
        return Callout(f.text("title"), text, node.pos, summary) if text else None

    # ------------------------------------------------------------ figures

    def figure_block(self, kind: str, body: Node, outer: Fields, node: Map, summary: bool) -> Block | None:
        if kind == "figures_panel":
            return self.figures_panel(body, outer, node, summary)
        if kind == "chart":
            return self.chart(body, outer, node, summary)
        return self.timeline_chart(body, outer, node, summary)

    def figures_panel(self, body: Node, outer: Fields, node: Map, summary: bool) -> FiguresPanel | None:
        """`figures_panel:` a list of figures, or a mapping with `title` and `figures`."""
        title = ""
        items_node: Node | None = body
        if isinstance(body, Map):
            f = Fields(self, body, "a figures panel", ("title", "figures"))
            title = f.text("title")
            items_node = f.seq("figures", required=True)
        if items_node is None:
            return None
        if not isinstance(items_node, Seq):
            self.report(items_node.pos, "'figures_panel' must be a list of figures (lines starting with '- ')")
            return None
        figures: list[PanelFigure] = []
        for item in items_node.items:
            ff = Fields(self, item, "a panel figure", ("value", "label", "cite"))
            if not ff.ok:
                continue
            value = ff.text("value", required=True)
            label = self.with_cite(self.rich_field(ff, "label", required=True), ff)
            if value and label:
                figures.append(PanelFigure(value, label, item.pos))
        if not 3 <= len(items_node.items) <= 6:
            self.report(items_node.pos, f"a figures panel shows three to six figures, not {len(items_node.items)}")
            return None
        block_cite = self.cite_field(outer)
        if block_cite and figures:
            last = figures[-1]
            figures[-1] = PanelFigure(last.value, last.label + (block_cite,), last.pos)
        if len(figures) != len(items_node.items):
            return None
        return FiguresPanel(title, tuple(figures), node.pos, summary)

    def _figure_caption(self, f: Fields, outer: Fields, what: str) -> RichText:
        """A figure's caption with any block `cite:`; a figure must say where its data comes from."""
        caption = self.with_cite(self.with_cite(self.rich_field(f, "caption", required=True), f), outer)
        if f.ok and not cites_in(caption):
            self.report(f.pos, f"{what}'s caption must cite the source of its data: [@source-id] or 'cite:'")
        return caption

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

    def axis(self, f: Fields, key: str, values: bool) -> Axis | None:
        """`x_axis: Label` or `{label, unit, suffix, min, max}` (suffix, min and max for the value axis)."""
        node = f.node(key)
        if node is None or (isinstance(node, Scalar) and node.null):
            if f.ok:
                self.report(f.pos, f"a chart is missing required field '{key}' (the axis label, with its unit)")
            return None
        if isinstance(node, Scalar):
            label = node.value.strip()
            if not label:
                self.report(node.pos, f"'{key}' must not be empty")
            return Axis(label) if label else None
        allowed = ("label", "unit", "suffix", "min", "max") if values else ("label", "unit")
        af = Fields(self, node, f"'{key}'", allowed)
        if not af.ok:
            return None
        label = af.text("label", required=True)
        low, high = self._number(af.node("min"), "'min'"), self._number(af.node("max"), "'max'")
        for which, bound in (("min", low), ("max", high)):
            where = af.node(which)
            if bound is not None and not abs(bound) <= MAX_CHART_VALUE:
                self.report(where.pos if where is not None else af.pos,
                            f"'{key}' {which} {bound:g} is too large for a chart: the limit is "
                            f"±{MAX_CHART_VALUE:,.0f}")
                return None
        if low is not None and high is not None and low >= high:
            self.report(af.pos, f"'{key}' has min {low:g} not below max {high:g}")
            return None
        return Axis(label, af.text("unit"), af.text("suffix"), low, high) if label else None

    def series_list(self, f: Fields, kind: str) -> tuple[Series, ...] | None:
        seq = f.seq("series", required=True)
        if seq is None:
            return None
        if not seq.items:
            self.report(seq.pos, "'series' has no entries: give each series a name and points")
            return None
        out: list[Series] = []
        ok = True
        for item in seq.items:
            series = self.series(item)
            ok = ok and series is not None
            if series is not None:
                out.append(series)
        if not ok:
            return None
        points = sum(len(s.points) for s in out)
        if self.too_many(seq.pos, points, MAX_CHART_POINTS, "points in this chart",
                         "a page cannot show them apart; group or sample the data"):
            return None
        if self._chart_points_counted(seq.pos, points):
            return None
        dated = [p.date is not None for s in out for p in s.points]
        if kind == "line" and any(dated) and not all(dated):
            self.report(seq.pos, "a line chart's x values must be all dates (YYYY-MM) or all labels, not a mix")
            return None
        if kind == "bar":
            first = [p.x for p in out[0].points]
            for s in out[1:]:
                if [p.x for p in s.points] != first:
                    self.report(s.pos, f"series '{s.name}' must have the same x values, in the same order, "
                                       f"as series '{out[0].name}' ({', '.join(first)})")
                    return None
        return tuple(out)

    def series(self, node: Node) -> Series | None:
        sf = Fields(self, node, "a data series", ("name", "points"))
        if not sf.ok:
            return None
        name = sf.text("name", required=True)
        pseq = sf.seq("points", required=True)
        if pseq is not None and not pseq.items:
            self.report(pseq.pos, "'points' has no entries")
            return None
        points: list[DataPoint] = []
        ok = bool(name) and pseq is not None
        seen: dict[str, Pos] = {}
        for item in pseq.items if pseq else ():
            point = self.data_point(item)
            if point is None:
                ok = False
                continue
            if point.x in seen:
                self.report(point.pos, f"x value '{point.x}' appears twice in series '{name}' "
                                       f"(first at line {seen[point.x].line})")
                ok = False
            seen.setdefault(point.x, point.pos)
            points.append(point)
        return Series(name, tuple(points), sf.pos) if ok else None

    def data_point(self, node: Node) -> DataPoint | None:
        """A point: `[x, y]` or `{x: ..., y: ...}`; x is a label or a date (YYYY, YYYY-MM, YYYY-MM-DD)."""
        x_node: Node | None
        y_node: Node | None
        if isinstance(node, Seq):
            if len(node.items) != 2:
                self.report(node.pos, f"a point is [x, y]: two values, not {len(node.items)}")
                return None
            x_node, y_node = node.items
        else:
            pf = Fields(self, node, "a data point", ("x", "y"))
            if not pf.ok:
                return None
            x_node, y_node = pf.node("x"), pf.node("y")
            for key, value in (("x", x_node), ("y", y_node)):
                if value is None or (isinstance(value, Scalar) and value.null):
                    self.report(pf.pos, f"the data point is missing its '{key}' value")
                    return None
        if not isinstance(x_node, Scalar) or not x_node.value.strip():
            where = x_node.pos if x_node is not None else node.pos
            self.report(where, "a point's x value must be text: a label or a date")
            return None
        if isinstance(y_node, Scalar) and (y_node.null or not y_node.value.strip()):
            self.report(y_node.pos, "the point has no y value; leave unknown values out and say so in the note")
            return None
        y = self._number(y_node, "the y value")
        if y is None:
            return None
        if not math.isfinite(y) or abs(y) > MAX_CHART_VALUE:
            self.report(y_node.pos if isinstance(y_node, Scalar) else node.pos,
                        f"the y value is too large for a chart: the limit is ±{MAX_CHART_VALUE:,.0f}")
            return None
        x = x_node.value.strip()
        date = self.date(x_node, "x") if _DATE.match(x) else None
        if _DATE.match(x) and date is None:
            return None
        assert isinstance(y_node, Scalar)
        return DataPoint(x, date, y, y_node.value.strip(), x_node.pos)

    def chart(self, body: Node, outer: Fields, node: Map, summary: bool) -> Chart | None:
        f = Fields(self, body, "a chart", ("kind", "title", "x_axis", "y_axis", "series", "caption", "alt", "note", "cite"))
        if not f.ok:
            return None
        kind_node = f.scalar("kind", required=True)
        kind = kind_node.value.strip() if kind_node else ""
        chart_kind: ChartKind | None = next((k for k in CHART_KINDS if k == kind), None)
        if kind_node is not None and chart_kind is None:
            self.report(kind_node.pos, f"chart kind '{kind}' is not one of: {', '.join(CHART_KINDS)}")
        title = f.text("title", required=True)
        x_axis = self.axis(f, "x_axis", values=False)
        y_axis = self.axis(f, "y_axis", values=True)
        series = self.series_list(f, kind)
        caption = self._figure_caption(f, outer, "a chart")
        alt = f.text("alt", required=True)
        note = self.rich_field(f, "note")
        if chart_kind is None or not (title and alt and caption) or x_axis is None or y_axis is None or not series:
            return None
        return Chart(chart_kind, title, x_axis, y_axis, series, caption, alt, note, node.pos, summary)

    def timeline_chart(self, body: Node, outer: Fields, node: Map, summary: bool) -> TimelineChart | None:
        f = Fields(self, body, "a timeline chart", ("title", "events", "phases", "caption", "alt", "note", "data_table", "cite"))
        if not f.ok:
            return None
        title = f.text("title", required=True)
        events: list[ChartEvent] = []
        items = self._items(f, "events", MAX_CHART_EVENTS)
        events_seq = f.seq("events")
        if items and events_seq is not None and self._chart_points_counted(events_seq.pos, len(items)):
            return None
        for item in items:
            ef = Fields(self, item, "a timeline chart event", ("date", "label", "inferred", "planned", "cite"))
            if not ef.ok:
                continue
            date = self.date(ef.scalar("date", required=True), "date")
            label = self.with_cite(self.rich_field(ef, "label", required=True), ef)
            if date is not None and label:
                events.append(ChartEvent(date, label, self.date_note(ef, ("inferred", "planned"), bare=True), item.pos))
        phases: list[Phase] = []
        pseq = f.seq("phases")
        for item in pseq.items if pseq else ():
            pf = Fields(self, item, "a phase", ("label", "from", "to", "inferred"))
            if not pf.ok:
                continue
            name = pf.text("label", required=True)
            start = self.date(pf.scalar("from", required=True), "from")
            end = self.date(pf.scalar("to"), "to") if pf.has("to") else start
            if start is not None and end is not None and date_span(end)[1] <= date_span(start)[0]:
                self.report(item.pos, f"phase '{name}' ends ({end.iso()}) before it starts ({start.iso()})")
                continue
            if name and start is not None and end is not None:
                phases.append(Phase(name, start, end, pf.text("inferred"), item.pos))
        caption = self._figure_caption(f, outer, "a timeline chart")
        alt = f.text("alt", required=True)
        note = self.rich_field(f, "note")
        data_table = f.flag("data_table") if f.has("data_table") else True
        if not (title and events and caption and alt):
            return None
        return TimelineChart(title, tuple(events), tuple(phases), caption, alt, note, data_table, node.pos, summary)


    # ------------------------------------------------------------ pictures

    def image(self, body: Node, outer: Fields, node: Map, summary: bool) -> Image | None:
        """`image:` a picture file in the pack, with alt text and an optional (citing) caption."""
        f = Fields(self, body, "an image", ("file", "alt", "caption", "width", "cite"))
        if not f.ok:
            return None
        file_node = f.scalar("file", required=True)
        path = None
        if file_node is not None:
            name = file_node.value.strip()
            path, problem = place_picture(self.root, name, "the pack's folder")
            if path is None:
                self.report(file_node.pos, f"image '{_shown_name(name)}' {problem}")
        alt = f.text("alt", required=True)
        caption = self.with_cite(self.with_cite(self.rich_field(f, "caption"), f), outer)
        if caption and not plain_text(caption).strip():
            where = f.node("caption") or f.node("cite") or outer.node("cite")
            self.report(where.pos if where is not None else f.pos, "an image's citation needs a caption to print "
                                                                     "it after: add 'caption:'")
            return None
        width = self._share(f.node("width"))
        if path is None or file_node is None or not alt or width is None:
            return None
        return Image(file_node.value.strip(), str(path), alt, caption, width, node.pos, file_node.pos, summary)

    def _share(self, node: Node | None) -> float | None:
        """`width:` a share of the text width, above 0 and at most 1 (default 1)."""
        if node is None or (isinstance(node, Scalar) and node.null):
            return 1.0
        value = self._number(node, "'width'")
        if value is None:
            return None
        if not 0 < value <= 1:
            self.report(node.pos, f"'width' is the share of the text width the picture may take: more than 0 "
                                  f"and at most 1 (0.5 is half), not {value:g}")
            return None
        return value


def _file_size(path: Path | None) -> int:
    try:
        return path.stat().st_size if path is not None else 0
    except OSError:
        return 0


def _shown_name(name: str, limit: int = 80) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def parse_pack(root: Path) -> tuple[Pack, list[Diagnostic]]:
    """Load and parse a content directory; structural errors come back as diagnostics."""
    parser = Parser(root)
    pack = parser.pack()
    return pack, parser.problems


