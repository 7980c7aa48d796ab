"""Check rules for what a tagged PDF needs from the content to read well with a screen reader.

A table without a header row prints well enough, but its structure has data cells only: nothing tells a screen
reader what a column holds, and PDF/UA checkers (pdfua's UA-15-003) fail the PDF.  So `check` names each table
written without `header:`, where the author can add one.
"""

from __future__ import annotations

from briefing.diagnostics import Diagnostics
from briefing.model import Pack, Table, all_blocks
from briefing.sourcetexts import CheckContext


def tables_have_headers(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """Warn about each table written without a header row."""
    for block in all_blocks(pack):
        if isinstance(block, Table) and not block.header and block.rows:
            out.warning(
                block.pos,
                "this table has no 'header:' row, so a screen reader cannot say what each column holds and "
                "the PDF fails PDF/UA's check for table headers; add header: [...] naming the columns",
            )
