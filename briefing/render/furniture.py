"""The page furniture of the document template: running header and footer, marking, page numbers, and the
forms filled in once the last page is known ('Page X of Y', the contents' page numbers).  A mixin of
`document.Renderer`, whose attributes it reads."""

from __future__ import annotations

from typing import Any

from briefing.dates import format_date
from briefing.render.frame import FootnoteFrame
from briefing.render.images import LogoArt
from briefing.style import MM


class PageFurniture:
    """Drawn on every page (`on_cover`, `on_body`, `_page_anchor` are the page templates' hooks)."""

    meta: Any
    styles: Any
    typed: Any
    options: Any
    margins: tuple[float, float, float, float]
    pagesize: tuple[float, float]
    width: float
    toc_anchors: list[str]

    def _left(self, page: int) -> float:
        """The left edge of the text block: mirrored on verso (even) pages when printing duplex."""
        ml, mr, _, _ = self.margins
        return mr if self.options.duplex and page % 2 == 0 else ml

    def _frame(self, ident: str) -> FootnoteFrame:
        _, _, mt, mb = self.margins
        return FootnoteFrame(
            self._left(1),
            mb,
            self.width,
            self.pagesize[1] - mt - mb,
            id=ident,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    def _marking(
        self, canv: Any, y: float, block: tuple[float, float] | None = None, clear: tuple[float, float] | None = None
    ) -> None:
        """The handling marking, centred on the page, or on the text block (`block`: its left and right edges) and
        moved along its line off the words already there (`clear`: their left and right ends) by an em.  Centred on
        the page it overprinted the footer's version line on duplex verso pages in large print (the soak's
        90008-large-duplex: the block is 5 mm off the page's centre there, toward the version's end)."""
        if not self.meta.marking:
            return
        st = self.styles.para("marking")
        words = self.meta.marking.upper()
        x = self.pagesize[0] / 2 if block is None else (block[0] + block[1]) / 2
        if clear is not None:
            half, gap = canv.stringWidth(words, st.fontName, st.fontSize) / 2, float(st.fontSize)
            a, b = clear
            if x - half < b + gap and a - gap < x + half:
                x = b + gap + half if (a + b) / 2 < x else a - gap - half
        canv.setFont(st.fontName, st.fontSize)
        canv.setFillColor(st.textColor)
        canv.drawCentredString(x, y, words)

    def _furniture_y(self) -> tuple[float, float]:
        _, _, mt, mb = self.margins
        top = self.pagesize[1] - mt + self.typed.page.header_gap_mm * MM
        bottom = mb - self.typed.page.footer_gap_mm * MM
        return top, bottom

    def on_cover(self, canv: Any, doc: Any) -> None:
        canv.saveState()
        top, bottom = self._furniture_y()
        self._marking(canv, top)
        self._marking(canv, bottom)
        canv.restoreState()

    def on_body(self, canv: Any, doc: Any) -> None:
        canv.saveState()
        page = canv.getPageNumber()
        left = self._left(page)
        right = left + self.width
        top, bottom = self._furniture_y()
        st = self.styles.para("header")
        canv.setFont(st.fontName, st.fontSize)
        canv.setFillColor(st.textColor)
        outer_left = self.options.duplex and page % 2 == 0
        if outer_left:
            canv.drawRightString(right, top, self.meta.short_title)
        else:
            canv.drawString(left, top, self.meta.short_title)
        LogoArt.header_of(self, canv, left, right, top, on_left=outer_left)  # the end the short title is not at
        rules = self.typed.furniture
        canv.setStrokeColor(self.styles.colour("rule"))
        canv.setLineWidth(rules.rule_width)
        canv.line(left, top - rules.header_rule_gap, right, top - rules.header_rule_gap)
        footer_rule = bottom + st.fontSize + rules.footer_rule_gap
        canv.line(left, footer_rule, right, footer_rule)
        version = f"Version {self.meta.version} · as at {format_date(self.meta.as_at)}"
        canv.setFont(st.fontName, st.fontSize)
        canv.setFillColor(st.textColor)
        if outer_left:
            canv.drawRightString(right, bottom, version)
            canv.translate(left, bottom)
            doc.page_sides[page] = "left"
        else:
            canv.drawString(left, bottom, version)
            canv.translate(right, bottom)
            doc.page_sides[page] = "right"
        canv.doForm(f"pageno{page}")
        canv.restoreState()
        canv.saveState()
        title_w = canv.stringWidth(self.meta.short_title, st.fontName, st.fontSize)
        version_w = canv.stringWidth(version, st.fontName, st.fontSize)
        self._marking(canv, top, (left, right), (right - title_w, right) if outer_left else (left, left + title_w))
        self._marking(canv, bottom, (left, right), (right - version_w, right) if outer_left else (left, left + version_w))
        canv.restoreState()

    def define_forms(self, doc: Any) -> None:
        """Fill in page numbers once the page count is known: 'Page X of Y' and the contents."""
        canv = doc.canv
        total = doc.page
        st = self.styles.para("header")
        for page, side in doc.page_sides.items():
            label = f"Page {page} of {total}"
            width = canv.stringWidth(label, st.fontName, st.fontSize)
            x0 = 0 if side == "left" else -width
            canv.beginForm(f"pageno{page}", lowerx=x0 - 1, lowery=-4, upperx=x0 + width + 1, uppery=st.fontSize + 2)
            canv.setFont(st.fontName, st.fontSize)
            canv.setFillColor(st.textColor)
            canv.drawString(x0, 0, label)
            canv.endForm()
        toc = self.styles.para("toc2")
        for anchor in self.toc_anchors:
            label = str(doc.heading_pages.get(anchor, "?"))
            width = canv.stringWidth(label, toc.fontName, toc.fontSize)
            canv.beginForm(f"pg-{anchor}", lowerx=-width - 1, lowery=-4, upperx=1, uppery=toc.fontSize + 2)
            canv.setFont(toc.fontName, toc.fontSize)
            canv.setFillColor(toc.textColor)
            canv.drawRightString(0, 0, label)
            canv.endForm()

    def _page_anchor(self, canv: Any, doc: Any) -> None:
        canv.bookmarkPage(f"page{canv.getPageNumber()}")
