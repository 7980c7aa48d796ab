"""Parse, the sections and their blocks: a section file's title, summary marks and nested sections, and each
block kind but the figures (parse_figures.py) read into its model class.  Pack discovery is in parse.py."""

from __future__ import annotations

import difflib

from briefing.diagnostics import Pos
from briefing.load import Map, Node, Scalar, Seq
from briefing.model import (
    Block,
    Callout,
    KeyFact,
    KeyFacts,
    ListBlock,
    Paragraph,
    People,
    Person,
    Quote,
    RichText,
    Section,
    Table,
    Timeline,
    TimelineEntry,
    last_worded,
    with_block_cite,
)
from briefing.parse_base import (
    _ID,
    BLOCK_KINDS,
    MAX_ENTRIES,
    MAX_SECTIONS,
    Fields,
)
from briefing.parse_figures import FigureParser


class BlockParser(FigureParser):
    """Reads sections and blocks; `Parser` (parse.py) adds the pack around them."""

    def section(self, node: Node, depth: int) -> Section | None:
        problems_before = len(self.problems)
        f = Fields(self, node, "a section", ("id", "title", "summary", "blocks", "sections"))
        if not f.ok:
            return None
        self.sections_seen += 1
        if self.sections_seen == MAX_SECTIONS + 1:
            self.report(
                f.pos,
                f"this is section {MAX_SECTIONS + 1:,} of the pack; the limit is {MAX_SECTIONS:,} "
                "sections and subsections: merge some",
            )
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
        title_node = f.node("title")
        return Section(
            section_id,
            title,
            tuple(blocks),
            tuple(subsections),
            f.pos,
            f.flag("summary"),
            frozenset(only),
            frozenset(never),
            title_pos=title_node.pos if title_node is not None else None,
        )

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
        if rseq is not None and self.too_many(
            rseq.pos,
            len(rseq.items),
            MAX_ENTRIES,
            "rows in this table",
            "split it, or put the full table in an annex or a spreadsheet",
        ):
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
