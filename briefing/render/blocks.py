"""Content blocks to flowables.  Everything visual comes from the style sheet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Table, TableStyle

from briefing.dates import format_date
from briefing.diagnostics import BriefingError, Pos, error
from briefing.model import (
    Block,
    Callout,
    Cite,
    Image,
    KeyFacts,
    ListBlock,
    People,
    Quote,
    RichText,
    Timeline,
    XRef,
)
from briefing.model import Paragraph as ParagraphBlock
from briefing.model import (
    Table as TableBlock,
)
from briefing.render import glue
from briefing.render.columns import column_widths
from briefing.render.figures import FIGURE_BLOCKS, render_figure
from briefing.render.flowables import BlockSpace
from briefing.render.flowables import Para as Paragraph  # remembers its line breaks
from briefing.render.images import image_block
from briefing.render.linebreak import NumberTooWide as NumberTooWide  # document.py catches it from here
from briefing.render.markup import text, to_markup
from briefing.render.styles import Styles
from briefing.render.tagging import tag_block
from briefing.resolve import Resolved
from briefing.stylesheet.schema import Sheet

glue.install()  # footnote markers never split from their word (render/glue.py)


@dataclass
class BlockRenderer:
    resolved: Resolved
    styles: Styles
    width: float
    height: float = 700.0  # the text block's height: no picture is taller

    # ------------------------------------------------------------ text

    def markup(self, rich: RichText) -> str:
        return to_markup(rich, self._note_number, self._xref, self.styles.hex("link"))

    def _note_number(self, cite: Cite) -> int:
        return self.resolved.note_for(cite).number

    def _xref(self, xref: XRef) -> tuple[str, str | None]:
        return self.resolved.xref_label(xref)

    @property
    def sheet(self) -> Sheet:
        """The typed style sheet: every measure below comes from it."""
        return self.styles.sheet.typed

    def para(self, rich: RichText, style: str, **overrides: object) -> Paragraph:
        return Paragraph(self.markup(rich), self.styles.para(style, **overrides))

    # ------------------------------------------------------------ blocks

    def block(self, block: Block, above: float = 0.0) -> list[Flowable]:
        """A block's flowables; `above`: the height of the headings it is kept with (room a picture leaves them)."""
        try:
            flowables = self._block(block, above)
        except NumberTooWide as exc:  # measured while the block is made (a figure's title or caption)
            raise BriefingError([error(block.pos, f"this block cannot be laid out on the page: {exc}")]) from None
        for f in flowables:
            f._briefing_pos = block.pos  # type: ignore[attr-defined]
        tag_block(block, flowables)  # its place in the PDF's structure tree (tagging.py)
        return flowables

    def _block(self, block: Block, above: float = 0.0) -> list[Flowable]:
        if isinstance(block, ParagraphBlock):
            return [self.para(block.text, "body")]
        if isinstance(block, ListBlock):
            return self.list_block(block)
        if isinstance(block, Quote):
            return self.quote(block)
        if isinstance(block, KeyFacts):
            return self.key_facts(block)
        if isinstance(block, TableBlock):
            return self.table(block)
        if isinstance(block, Timeline):
            return self.timeline(block)
        if isinstance(block, People):
            return self.people(block)
        if isinstance(block, Callout):
            return self.callout(block)
        if isinstance(block, FIGURE_BLOCKS):
            return render_figure(self, block, above)
        if isinstance(block, Image):
            return image_block(self, block, self.height, Path(self.resolved.pack.root), self.styles.greyscale, above)
        raise TypeError(block)  # pragma: no cover

    def list_block(self, block: ListBlock) -> list[Flowable]:
        out: list[Flowable] = []
        st = self.styles.para("bullet")
        for i, item in enumerate(block.items, 1):
            bullet = f"{i}." if block.ordered else "•"
            p = Paragraph(self.markup(item), st, bulletText=bullet)
            out.append(p)
        spacer = BlockSpace(1, self.sheet.spacing.block * self.styles.scale)
        return out + [spacer]

    def quote(self, block: Quote) -> list[Flowable]:
        quoted = Paragraph(f"“{self.markup(block.text)}”", self.styles.para("quote"))
        who = ", ".join(x for x in (block.speaker, block.role) if x)
        attribution = Paragraph(f"— {text(who)}{self.markup((block.cite,))}", self.styles.para("attribution"))
        quoted.keep_with_next = attribution  # type: ignore[attr-defined]
        quoted.keep_lines = self.styles.para("attribution").leading  # type: ignore[attr-defined]
        return [quoted, attribution]

    def base_commands(self) -> list[tuple[object, ...]]:
        """Every table names the pack's font, or ReportLab falls back to an unembedded Helvetica."""
        return [("FONTNAME", (0, 0), (-1, -1), self.styles.font("sans"))]

    def _grid_style(self, header: bool, stripes: bool = True) -> TableStyle:
        pad = self.sheet.spacing.table_padding * self.styles.scale
        look = self.sheet.tables
        commands: list[tuple[object, ...]] = [
            *self.base_commands(),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * look.top_padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ("LINEBELOW", (0, 0), (-1, -1), look.grid_width, self.styles.colour("table_grid")),
        ]
        if header:
            commands += [
                ("BACKGROUND", (0, 0), (-1, 0), self.styles.colour("table_header_fill")),
                ("LINEBELOW", (0, 0), (-1, 0), look.header_rule_width, self.styles.colour("heading")),
            ]
        if stripes:
            start = 1 if header else 0
            commands.append(("ROWBACKGROUNDS", (0, start), (-1, -1), [None, self.styles.colour("table_stripe_fill")]))
        return TableStyle(commands)

    def _table(self, rows: list[list[Flowable]], widths: tuple[float, ...] | list[float], header: bool, pos: Pos) -> Table:
        pad = self.sheet.spacing.table_padding * self.styles.scale
        col_widths = column_widths(rows, widths, self.width, 2 * pad, pos)  # room for every number (columns.py)
        table = Table(rows, colWidths=col_widths, repeatRows=1 if header else 0, hAlign="LEFT", splitByRow=1)
        table.setStyle(self._grid_style(header))
        table.spaceAfter = self.sheet.spacing.block * self.styles.scale * self.sheet.tables.space_after
        return table

    def key_facts(self, block: KeyFacts) -> list[Flowable]:
        rows: list[list[Flowable]] = [[self.para(f.label, "table"), self.para(f.value, "table_head")] for f in block.facts]
        return [self._table(rows, self.sheet.tables.key_facts_columns, header=False, pos=block.pos)]

    def table(self, block: TableBlock) -> list[Flowable]:
        out: list[Flowable] = []
        if block.caption:
            out.append(Paragraph(f"Table {block.number}. {self.markup(block.caption)}", self.styles.para("caption")))
        rows: list[list[Flowable]] = []
        if block.header:
            rows.append([self.para(c, "table_head") for c in block.header])
        rows += [[self.para(c, "table") for c in row] for row in block.rows]
        ncols = max(len(r) for r in rows)
        for r in rows:
            r.extend(Paragraph("", self.styles.para("table")) for _ in range(ncols - len(r)))
        widths = list(block.widths) if block.widths else [1.0] * ncols
        out.append(self._table(rows, widths, header=bool(block.header), pos=block.pos))
        if block.caption:
            out[0].keep_with_next = out[1]  # type: ignore[attr-defined]
            out[0].keep_lines = self.styles.para("table").leading * self.sheet.tables.caption_keep_rows  # type: ignore[attr-defined]
        return out

    def timeline(self, block: Timeline) -> list[Flowable]:
        head = [Paragraph("Date", self.styles.para("table_head")), Paragraph("Event", self.styles.para("table_head"))]
        rows: list[list[Flowable]] = [head]
        for e in block.entries:
            event = self.markup(e.event)
            if e.date_note:
                event += f"<br/><i>Date: {text(e.date_note)}</i>"
            rows.append(
                [
                    Paragraph(f"<b>{text(format_date(e.date))}</b>", self.styles.para("table")),
                    Paragraph(event, self.styles.para("table")),
                ]
            )
        return [self._table(rows, self.sheet.tables.timeline_columns, header=True, pos=block.pos)]

    def people(self, block: People) -> list[Flowable]:
        head = [Paragraph("Name", self.styles.para("table_head")), Paragraph("Role at the time", self.styles.para("table_head"))]
        rows: list[list[Flowable]] = [head]
        for p in block.people:
            rows.append([Paragraph(f"<b>{text(p.name)}</b>", self.styles.para("table")), self.para(p.role, "table")])
        return [self._table(rows, self.sheet.tables.people_columns, header=True, pos=block.pos)]

    def callout(self, block: Callout) -> list[Flowable]:
        cell: list[Flowable] = []
        if block.title:
            cell.append(Paragraph(text(block.title), self.styles.para("callout_title")))
        cell.append(self.para(block.text, "callout"))
        pad = self.sheet.spacing.callout_padding * self.styles.scale
        look = self.sheet.callout
        fill: Color = self.styles.colour("callout_fill")
        table = Table([[cell]], colWidths=[self.width], hAlign="LEFT")  # a callout moves whole, never split
        table.setStyle(
            TableStyle(
                [
                    *self.base_commands(),
                    ("BACKGROUND", (0, 0), (-1, -1), fill),
                    ("LINEBEFORE", (0, 0), (0, -1), look.bar_width, self.styles.colour("callout_border")),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad * look.left_padding),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), pad),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                ]
            )
        )
        table.spaceBefore = table.spaceAfter = self.sheet.spacing.block * self.styles.scale * look.space
        return [table]
