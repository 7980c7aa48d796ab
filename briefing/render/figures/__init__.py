"""Figures: a key-figures panel, charts of data series and a timeline drawn to scale.

The content says what to draw (model.FiguresPanel, Chart, TimelineChart); every
size, shade, pattern and font comes from the style sheet's `figures:` section.
Where each mark and word goes is pure geometry (briefing/geometry/, no ReportLab);
this package draws it.  Graphics are vector (reportlab.graphics) and set their
words in the pack's registered fonts, so every font in the PDF stays embedded.

Nothing relies on hue.  Series and phases differ in shade (neighbours at least
3:1) and in pattern, every fill is outlined, and every mark is labelled in
words.  Each figure's data is also printed as text, in a table beside or
under it (or, for a timeline, in the timeline table the content puts next to
it), and its alt text travels with the drawing as the /Alt of a
marked-content sequence: the nearest an untagged PDF comes to alt text.

A figure's title, drawing, caption and note sit in one single-cell table, so
they never part, and the caption's citation marker puts its footnote on the
figure's page.

Modules: look (the style sheet's figures section), shapes (drawing primitives),
frame (number, frame, data table, panel), charts, timeline.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from briefing.model import Chart, FiguresPanel, TimelineChart
from briefing.render.figures.charts import chart
from briefing.render.figures.frame import Host, panel
from briefing.render.figures.look import Look
from briefing.render.figures.shapes import pdf_text_string
from briefing.render.figures.timeline import timeline_chart

FIGURE_BLOCKS = (FiguresPanel, Chart, TimelineChart)
FigureBlock = FiguresPanel | Chart | TimelineChart

__all__ = ["FIGURE_BLOCKS", "FigureBlock", "pdf_text_string", "render_figure"]


def render_figure(r: Host, block: FigureBlock, above: float = 0.0) -> list[Flowable]:
    """The flowables for one figure block; `above`: the height of the headings it is kept with."""
    look = Look.of(r.styles, block.pos)
    if isinstance(block, FiguresPanel):
        return panel(r, look, block)
    if isinstance(block, Chart):
        return chart(r, look, block, above)
    return timeline_chart(r, look, block, above)
