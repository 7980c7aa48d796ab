"""What every figure shares: its number, the single-cell table that keeps title, drawing, caption and
note together, the data printed as a table; and the key-figures panel."""

from __future__ import annotations

from typing import Protocol

from reportlab.platypus import Flowable, Table, TableStyle

from briefing.diagnostics import Pos
from briefing.model import Chart, FiguresPanel, RichText, TimelineChart
from briefing.render.columns import column_widths, number_needs, proportional, widest_number
from briefing.render.figures.look import Look
from briefing.render.flowables import Para as Paragraph  # long words and addresses break inside their cell
from briefing.render.markup import text
from briefing.render.styles import Styles
from briefing.resolve import Resolved


class Host(Protocol):
    """What a figure needs from the block renderer (render/blocks.py), without importing it."""

    resolved: Resolved
    styles: Styles
    width: float
    height: float  # the text block's height

    def markup(self, rich: RichText) -> str: ...

    def base_commands(self) -> list[tuple[object, ...]]: ...

    def _grid_style(self, header: bool, stripes: bool = True) -> TableStyle: ...


def figure_number(r: Host, block: Chart | TimelineChart) -> int:
    """Numbered by resolve, in reading order over the sections being rendered (a variant's own)."""
    return block.number


def cell_table(r: Host, parts: list[Flowable], width: float) -> Table:
    table = Table([[parts]], colWidths=[width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *r.base_commands(),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _words(r: Host, look: Look, number: int, title: str, caption: RichText, note: RichText) -> tuple[Paragraph, list[Flowable]]:
    """The title above a figure, and its caption and note below."""
    title_p = Paragraph(f"Figure {number}. {text(title)}", look.para("figure_title"))
    tail: list[Flowable] = [Paragraph(r.markup(caption), look.para("figure_caption"))]
    if note:
        tail.append(Paragraph(f"Note: {r.markup(note)}", look.para("figure_note")))
    return title_p, tail


def room_for_drawing(
    r: Host, look: Look, number: int, title: str, caption: RichText, note: RichText, above: float = 0.0
) -> float:
    """The tallest a figure's drawing may be: a page less `above` (the headings it is kept with, as they are set:
    none where text comes before it, which may part from it), the figure's title, caption and note, its spacing,
    and room for the notes the caption and note cite (`note_room`: they must start on the figure's page), so the
    figure moves whole and never parts from its title or caption."""
    from briefing.model import cites_in

    title_p, tail = _words(r, look, number, title, caption, note)
    words = sum(p.wrap(r.width, r.height)[1] + p.getSpaceBefore() + p.getSpaceAfter() for p in [title_p, *tail])
    notes = note_room(r, len(cites_in(caption)) + len(cites_in(note)))
    spacing = look.length("space_before") + look.length("space_after")
    return float(r.height - above - words - notes - spacing)


def note_room(r: Host, notes: int, whole: bool = False) -> float:
    """Room for `notes` notes that must start on a figure's page, and the rule above them: three lines a note, or
    with `whole` the most lines a note that cannot split takes (one short of two least parts, `min_split_lines`
    each; also three in the default sheet).  A picture leaves the whole (it scales to any size: the soak's seed
    211, refused); a chart three lines, as its plot must keep its height (with room for two whole notes of
    five lines the plot of the soak's 200169 in large print on letter paper was squeezed flat)."""
    if not notes:
        return 0.0
    lines = 2 * r.styles.sheet.typed.footnotes.min_split_lines - 1 if whole else 3
    return notes * lines * r.styles.para("footnote").leading + 2 * float(r.styles.sheet.number("footnotes", "separator_gap")) + 4


def framed(
    r: Host, look: Look, number: int, title: str, bodies: list[Flowable], caption: RichText, note: RichText
) -> list[Flowable]:
    """Title above, caption and note below; each body (a part of the picture) may start a new page,
    but the title stays with the first and the caption with the last."""
    title_p, tail = _words(r, look, number, title, caption, note)
    groups: list[list[Flowable]] = [[b] for b in bodies]
    groups[0].insert(0, title_p)
    groups[-1].extend(tail)
    out: list[Flowable] = [cell_table(r, g, r.width) for g in groups]
    for part in out:
        part.spaceBefore = look.length("space_before")
    out[-1].spaceAfter = look.length("space_after")
    return out


def data_cells(r: Host, look: Look, header: list[str], rows: list[list[RichText | str]]) -> list[list[Flowable]]:
    """The figure's data as rows of paragraphs, the header first."""
    head: list[Flowable] = [Paragraph(text(h), look.para("figure_table_head")) for h in header]
    body: list[list[Flowable]] = [
        [Paragraph(r.markup(c) if isinstance(c, tuple) else text(c), look.para("figure_table")) for c in row] for row in rows
    ]
    return [head, *body]


def cell_padding(r: Host) -> float:
    """A table cell's padding, both sides together (the grid style's)."""
    return 2 * r.styles.sheet.typed.spacing.table_padding * r.styles.scale


def numbers_fit(r: Host, cells: list[list[Flowable]], widths: list[float], width: float) -> bool:
    """Whether a table `width` wide gives every number in `cells` room (render/columns.py)."""
    return proportional(widths, width, number_needs(cells, cell_padding(r))[0]) is not None


def data_table(r: Host, look: Look, cells: list[list[Flowable]], widths: list[float], width: float, pos: Pos) -> Table:
    """The figure's data as text, in the pack's table look (smaller type); every number given room."""
    table = Table(
        cells, colWidths=column_widths(cells, widths, width, cell_padding(r), pos), repeatRows=1, hAlign="LEFT", splitByRow=1
    )
    table.setStyle(r._grid_style(header=True))
    table.spaceAfter = look.length("space_after")
    return table


# ---------------------------------------------------------------- key-figures panel


def panel(r: Host, look: Look, block: FiguresPanel) -> list[Flowable]:
    gap = look.length("panel", "gap")
    pad = look.length("panel", "padding")
    values = [Paragraph(text(f.value), look.para("panel_value")) for f in block.figures]
    columns = _panel_columns(r, max(1, min(int(look.number("panel", "columns")), len(block.figures))), values, 2 * pad + gap)
    fill = look.colour(look.value("panel", "fill"))
    rule = look.colour(look.value("panel", "rule"))
    white = look.colour("#ffffff")
    out: list[Flowable] = []
    if block.title:
        out.append(Paragraph(text(block.title), look.para("panel_title")))
    rows = [list(zip(block.figures, values, strict=True))[i : i + columns] for i in range(0, len(block.figures), columns)]
    for n, row in enumerate(rows):
        cells: list[list[Flowable]] = [[value, Paragraph(r.markup(f.label), look.para("panel_label"))] for f, value in row]
        cells += [[] for _ in range(columns - len(row))]
        table = Table([cells], colWidths=[r.width / columns] * columns, hAlign="LEFT")
        commands: list[tuple[object, ...]] = [
            *r.base_commands(),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad + gap / 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad + gap / 2),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ("BACKGROUND", (0, 0), (len(row) - 1, 0), fill),
            ("LINEABOVE", (0, 0), (len(row) - 1, 0), look.length("panel", "rule_width"), rule),
            # white gaps between figures, drawn last so they cut the fill and the rule
            ("LINEBEFORE", (0, 0), (0, 0), gap / 2, white),
            ("LINEAFTER", (0, 0), (-1, 0), gap, white),
        ]
        table.setStyle(TableStyle(commands))
        table.spaceAfter = gap if n < len(rows) - 1 else look.length("space_after")
        if n == 0:
            table.spaceBefore = look.length("space_before") * look.typed.panel.title_space
        out.append(table)
    if block.title:
        out[0].keep_with_next = out[1]  # type: ignore[attr-defined]
        out[0].keep_lines = 0  # type: ignore[attr-defined]
    return out


def _panel_columns(r: Host, most: int, values: list[Flowable], padding: float) -> int:
    """The most columns, up to `most`, whose width holds every figure's value whole: a number is never cut
    across lines ("£1,234,-" over "567"), so a panel of long figures takes fewer to a row (render/columns.py)."""
    need = max(widest_number(v)[0] for v in values) + padding
    return next((c for c in range(most, 1, -1) if r.width / c >= need), 1)
