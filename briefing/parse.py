"""Stage 2, parse: turn position-carrying YAML nodes into the typed model: the pack, its sources,
sections and blocks here; the figures in parse_figures.py; shared readers and limits in parse_base.py.

Every problem is collected (not raised at the first) so one run reports them
all, each at the line and column of the offending value.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from briefing.diagnostics import BriefingError, Diagnostics, Pos, error
from briefing.filecache import FileCache
from briefing.load import MAX_FILE_BYTES, Map, Node, Scalar, Seq, contained, display_path, load_yaml
from briefing.model import (
    Block,
    Callout,
    KeyFact,
    KeyFacts,
    ListBlock,
    Pack,
    PackMeta,
    Paragraph,
    PartialDate,
    People,
    Person,
    Quote,
    RichText,
    Section,
    Source,
    Table,
    Timeline,
    TimelineEntry,
    last_worded,
    with_block_cite,
)
from briefing.parse_base import (
    _ID,
    _UNKNOWN,
    BLOCK_KINDS,
    MAX_ENTRIES,
    MAX_PACK_BYTES,
    MAX_SECTIONS,
    Fields,
    _file_size,
    _shown_name,
)
from briefing.parse_figures import FigureParser
from briefing.stylesheet.find import find as find_style

__all__ = ["BLOCK_KINDS", "MAX_PACK_BYTES", "Fields", "Parser", "parse_pack"]


class Parser(FigureParser):
    def pack(self) -> Pack:
        pack_file = self.root / "pack.yaml"
        if not self.root.exists():
            self.problems.stop(error(Pos(display_path(self.root)), "content directory does not exist"))
        if not self.root.is_dir():
            self.problems.stop(error(Pos(display_path(self.root)), "not a directory; give the folder that holds pack.yaml"))
        if not pack_file.exists() and not pack_file.is_symlink():
            self.problems.stop(error(Pos(display_path(pack_file)), "no pack.yaml in the content directory"))
        _, problem = contained(self.root, "pack.yaml")
        if problem:
            self.problems.stop(error(Pos(display_path(pack_file)), f"pack.yaml {problem}; content files must be "
                                                                    "inside it"))
        top = Fields(self, load_yaml(pack_file, self.problems, self.files), "pack.yaml", ("pack", "sources", "sections"))
        empty = top.ok and not top.map.entries
        if empty:
            self.report(top.pos, "pack.yaml is empty: it needs 'pack' (the pack's details) and 'sections' (its files)")
        meta_node = top.node("pack")
        if meta_node is None:
            if top.ok and not empty:
                self.report(top.pos, "pack.yaml is missing required field 'pack'")
            reported, self.problems = self.problems, Diagnostics()  # no "missing title" etc. for a block that is not there
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
                node = load_yaml(path, self.problems, self.files)
            except BriefingError:  # reported
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
            node = load_yaml(path, self.problems, self.files)
        except BriefingError:  # reported
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
                self.problems.warning(f.pos, f"source '{source_id}' has no date; write 'date: unknown' if none is stated")
        return out

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


def parse_pack(root: Path, out: Diagnostics, files: FileCache | None = None) -> Pack:
    """Load and parse a content directory, reporting every problem to `out`; stops (BriefingError) only when
    there is no pack to parse (no folder, no readable pack.yaml).  `files`: the build's Session.files."""
    return Parser(root, out, files).pack()
