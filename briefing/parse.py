"""Stage 2, parse: turn position-carrying YAML nodes into the typed model.

Every problem is collected (not raised at the first) so one run reports them
all, each at the line and column of the offending value.
"""

from __future__ import annotations

import difflib
import re
from datetime import date as _date
from pathlib import Path

from briefing.diagnostics import BriefingError, Diagnostic, Pos, error
from briefing.inline import CiteCounter, InlineParser
from briefing.load import Map, Node, Scalar, Seq, display_path, load_yaml
from briefing.model import (
    Block,
    Callout,
    Cite,
    CiteRef,
    KeyFact,
    KeyFacts,
    ListBlock,
    Pack,
    PackMeta,
    PartialDate,
    People,
    Person,
    Paragraph,
    Quote,
    RichText,
    Section,
    Source,
    SourceDate,
    Table,
    Timeline,
    TimelineEntry,
)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_UNKNOWN = "unknown"
BLOCK_KINDS = ("paragraph", "bullets", "numbered", "quote", "key_facts", "table", "timeline", "people", "callout")


class Fields:
    """Typed access to one YAML mapping, reporting unknown, missing and mistyped fields."""

    def __init__(self, parser: Parser, node: Node, what: str, allowed: tuple[str, ...]) -> None:
        self.parser = parser
        self.what = what
        self.ok = isinstance(node, Map)
        self.map = node if isinstance(node, Map) else Map(node.pos, ())
        self.pos = node.pos
        if not self.ok:
            parser.report(node.pos, f"{what} must be a mapping of fields (name: value)")
            return
        for key, _ in self.map.entries:
            if key.value not in allowed:
                near = difflib.get_close_matches(key.value, allowed, n=1, cutoff=0.6)
                hint = f"; did you mean '{near[0]}'?" if near else f"; allowed: {', '.join(allowed)}"
                parser.report(key.pos, f"unknown field '{key.value}' in {what}{hint}")

    def node(self, key: str) -> Node | None:
        return self.map.get(key)

    def has(self, key: str) -> bool:
        return self.map.get(key) is not None

    def scalar(self, key: str, required: bool = False) -> Scalar | None:
        node = self.map.get(key)
        if node is None or (isinstance(node, Scalar) and node.null):
            if required and self.ok:
                self.parser.report(self.pos, f"{self.what} is missing required field '{key}'")
            return None
        if not isinstance(node, Scalar):
            self.parser.report(node.pos, f"'{key}' must be text, not a {'list' if isinstance(node, Seq) else 'mapping'}")
            return None
        if required and not node.value.strip():
            self.parser.report(node.pos, f"'{key}' must not be empty")
            return None
        return node

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        node = self.scalar(key, required)
        return node.value.strip() if node is not None else default

    def seq(self, key: str, required: bool = False) -> Seq | None:
        node = self.map.get(key)
        if node is None or (isinstance(node, Scalar) and node.null):
            if required and self.ok:
                self.parser.report(self.pos, f"{self.what} is missing required field '{key}'")
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
        self.problems: list[Diagnostic] = []
        self.counter = CiteCounter()

    def report(self, pos: Pos, message: str) -> None:
        self.problems.append(error(pos, message))

    # ------------------------------------------------------------ text

    def rich(self, node: Scalar | None) -> RichText:
        if node is None:
            return ()
        return InlineParser(self.counter, node.pos_of, self.problems).parse(node.value.strip())

    def rich_field(self, fields: Fields, key: str, required: bool = False) -> RichText:
        return self.rich(fields.scalar(key, required))

    def cite_field(self, fields: Fields, key: str = "cite") -> Cite | None:
        """A block-level `cite:` value: an id, a {source, locator} mapping, or a list of them."""
        node = fields.node(key)
        if node is None or (isinstance(node, Scalar) and node.null):
            return None
        items = node.items if isinstance(node, Seq) else (node,)
        refs: list[CiteRef] = []
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
            if not isinstance(node, Seq) or not node.items:
                self.report(node.pos, f"'{key}' names no source")
            return None
        return Cite(tuple(refs), self.counter.take(), node.pos)

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
        if m.group(2) and not 1 <= month <= 12:
            self.report(node.pos, f"{what} '{value}' has no month {month}")
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
        if not pack_file.exists():
            raise BriefingError([error(Pos(display_path(pack_file)), "no pack.yaml in the content directory")])
        top = Fields(self, load_yaml(pack_file), "pack.yaml", ("pack", "sources", "sections"))
        meta_node = top.node("pack")
        if meta_node is None:
            self.report(top.pos, "pack.yaml is missing required field 'pack'")
            meta_node = Map(top.pos, ())
        meta = self.meta(meta_node)

        sources_node = top.node("sources")
        if sources_node is None:
            sources_node = self._file_field(self.root / "sources.yaml", "sources", top.pos)
        elif isinstance(sources_node, Scalar):
            sources_node = self._file_field(self._content_path(sources_node), "sources", sources_node.pos)
        sources = self.sources(sources_node)

        sections: list[Section] = []
        files = top.seq("sections", required=True)
        for item in files.items if files else ():
            if not isinstance(item, Scalar) or not item.value.strip():
                self.report(item.pos, "each entry of 'sections' must be a file name")
                continue
            path = self._content_path(item)
            try:
                node = load_yaml(path)
            except BriefingError as exc:
                self.problems.extend(exc.diagnostics if path.exists() else [error(item.pos, f"section file '{item.value}' does not exist")])
                continue
            section = self.section(node, 1)
            if section is not None:
                sections.append(section)
        if files is not None and not files.items:
            self.report(files.pos, "'sections' lists no files")
        return Pack(meta, tuple(sources), tuple(sections), str(self.root))

    def _content_path(self, node: Scalar) -> Path:
        return self.root / node.value.strip()

    def _file_field(self, path: Path, key: str, pos: Pos) -> Node:
        if not path.exists():
            self.report(pos, f"no '{key}' in pack.yaml and no {path.name} in the content directory")
            return Seq(pos, ())
        try:
            node = load_yaml(path)
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
            "marking", "language", "style", "keywords", "editorial_note", "do_not_print",
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
            style=f.text("style", default="default"),
            keywords=keywords,
            editorial_note=self.rich_field(f, "editorial_note"),
            do_not_print=self.str_list(f, "do_not_print"),
            pos=f.pos,
        )

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
                url=f.text("url"),
                accessed=self.date(f.scalar("accessed"), "accessed"),
                text=text_node.value.strip() if text_node else "",
                notes=f.text("notes"),
                pos=f.pos,
                text_pos=text_node.pos if text_node else None,
            ))
            if not _given:
                self.problems.append(Diagnostic(f.pos, "warning", f"source '{source_id}' has no date; write 'date: unknown' if none is stated"))
        return out

    # ------------------------------------------------------------ sections and blocks

    def section(self, node: Node, depth: int) -> Section | None:
        f = Fields(self, node, "a section", ("id", "title", "summary", "blocks", "sections"))
        if not f.ok:
            return None
        title = f.text("title", required=True)
        id_node = f.scalar("id")
        section_id = id_node.value.strip() if id_node else ""
        if id_node and not _ID.match(section_id):
            self.report(id_node.pos, f"section id '{section_id}' may use only letters, digits, '-', '_' and '.'")
        blocks: list[Block] = []
        block_seq = f.seq("blocks")
        for item in block_seq.items if block_seq else ():
            block = self.block(item)
            if block is not None:
                blocks.append(block)
        subsections: list[Section] = []
        sub_seq = f.seq("sections")
        if sub_seq is not None and depth >= 3:
            self.report(sub_seq.pos, "sections nest at most three levels (1.1.1)")
        for item in sub_seq.items if sub_seq and depth < 3 else ():
            sub = self.section(item, depth + 1)
            if sub is not None:
                subsections.append(sub)
        if not blocks and not subsections:
            self.report(f.pos, f"section '{title}' is empty: give it blocks or sections")
        return Section(section_id, title, tuple(blocks), tuple(subsections), f.pos, f.flag("summary"))

    def block(self, node: Node) -> Block | None:
        if not isinstance(node, Map):
            if isinstance(node, Scalar):
                self.report(node.pos, "a block must be a mapping such as 'paragraph: text'; did you forget 'paragraph: '?")
            else:
                self.report(node.pos, "a block must be a mapping such as 'paragraph: text'")
            return None
        kinds = [k for k in node.keys() if k in BLOCK_KINDS]
        if len(kinds) != 1:
            if kinds:
                self.report(node.pos, f"a block has one kind, not {len(kinds)} ({', '.join(kinds)})")
                return None
            keys = [k for k in node.keys() if k not in ("cite", "summary")]
            near = difflib.get_close_matches(keys[0], BLOCK_KINDS, n=1, cutoff=0.6) if keys else []
            hint = f"; did you mean '{near[0]}'?" if near else f"; kinds: {', '.join(BLOCK_KINDS)}"
            where = node.entries[0][0].pos if node.entries else node.pos
            self.report(where, f"unknown block kind '{keys[0] if keys else ''}'{hint}")
            return None
        kind = kinds[0]
        f = Fields(self, node, f"a {kind} block", (kind, "cite", "summary"))
        summary = f.flag("summary")
        body = node.get(kind)
        assert body is not None
        if kind == "paragraph":
            text = self.rich(f.scalar(kind, required=True))
            return Paragraph(self.with_cite(text, f), node.pos, summary) if text else None
        if kind in ("bullets", "numbered"):
            return self.list_block(kind, f, node, summary)
        if kind == "quote":
            return self.quote(body, node, summary)
        if kind == "key_facts":
            return self.key_facts(f, node, summary)
        if kind == "table":
            return self.table(body, node, summary)
        if kind == "timeline":
            return self.timeline(f, node, summary)
        if kind == "people":
            return self.people(f, node, summary)
        return self.callout(body, node, summary)

    def _items(self, f: Fields, kind: str) -> tuple[Node, ...]:
        seq = f.seq(kind, required=True)
        if seq is not None and not seq.items:
            self.report(seq.pos, f"'{kind}' has no entries")
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
        for row in rseq.items if rseq else ():
            if isinstance(row, Seq):
                rows.append(tuple(self._cell(c) for c in row.items))
            elif isinstance(row, Map):
                rf = Fields(self, row, "a table row", ("cells", "cite"))
                cseq = rf.seq("cells", required=True)
                cells = [self._cell(c) for c in (cseq.items if cseq else ())]
                if cells:
                    cells[-1] = self.with_cite(cells[-1], rf)
                rows.append(tuple(cells))
            else:
                self.report(row.pos, "a table row must be a list of cells")
                continue
            row_pos.append(row.pos)
        if rseq is not None and not rows:
            self.report(rseq.pos, "the table has no rows")
            return None
        ncols = len(header) if header else max((len(r) for r in rows), default=0)
        for row, pos in zip(rows, row_pos):
            if len(row) != ncols:
                self.report(pos, f"this row has {len(row)} cells; the table has {ncols} columns")
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
            tf = Fields(self, item, "a timeline entry", ("date", "event", "cite", "inferred", "date_note"))
            if not tf.ok:
                continue
            date = self.date(tf.scalar("date", required=True), "date")
            event = self.with_cite(self.rich_field(tf, "event", required=True), tf)
            inferred = tf.text("inferred")
            note = f"inferred: {inferred}" if inferred else tf.text("date_note")
            if date is not None and event:
                entries.append(TimelineEntry(date, note, event, item.pos))
        return Timeline(tuple(entries), node.pos, summary) if entries else None

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


def parse_pack(root: Path) -> tuple[Pack, list[Diagnostic]]:
    """Load and parse a content directory; structural errors come back as diagnostics."""
    parser = Parser(root)
    pack = parser.pack()
    return pack, parser.problems


