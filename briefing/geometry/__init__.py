"""Pure geometry for figures: where every mark and label of a chart or timeline goes.

Nothing here imports ReportLab.  Text is measured through a `Measure` function the writer
passes in (ReportLab's stringWidth for the PDF writer), so another writer (HTML, SVG) can reuse the
layout, and the tests check it without drawing: no two labels overlap and nothing leaves its box.
"""
