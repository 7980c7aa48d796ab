"""The few flowables ReportLab lacks: headings that feed the outline, contents
entries whose page numbers are filled in after the last page, and paragraphs
whose text is known only once earlier pages are laid out."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph, Spacer
from reportlab.platypus.paragraph import (
    ParagraphStyle,
    ParaLines,
    _handleBulletWidth,
    cleanBlockQuotedText,
    textTransformFrags,
)

from briefing.render import fonts, linebreak, paramarkup
from briefing.render.rlquick import processed_frags
from briefing.session import scoped
from briefing.stylesheet.schema import Contents

_UNCOMPARED = {"hyphenationLang": None, "parent": None}  # ParagraphPool.same_style: set per build


class ParagraphPool:
    """The paragraphs of the last build, for the next build in the same process to take back
    (`briefing watch`): a paragraph whose markup and style are unchanged comes back already parsed
    and line-broken.  Each is handed out at most once a build, since one paragraph in two places
    would be wrapped for one and drawn for the other.

    A paragraph comes back as a fresh one made from its markup and wrapped once would be: what it was
    made with, and its last line breaks, which depend only on its text, style and width (`Para.breakLines`
    starts every break from its own fragments).  Everything else the last build left on it is dropped:
    the tag and structure element of the last document, keep-with-next links to that build's flowables,
    ReportLab's marks of a page already tried.  So the same input makes the same bytes, whatever was
    built before it and wherever (another table, another layout) the paragraph was last."""

    _MADE = ("text", "frags", "style", "bulletText", "debug", "caseSensitive", "encoding")
    _WRAPPED = (
        "_source",
        "_wrapped",
        "blPara",
        "width",
        "height",
        "_wrapWidths",
        "_width_max",
        "_hyphenations",
        "_splitLongWordCount",
        "_briefing_note_numbers",
    )  # the last wrap's result; its markers (by text)
    _KEPT = frozenset(_MADE + _WRAPPED)

    def __init__(self) -> None:
        self.last: dict[tuple[Any, ...], list[Paragraph]] = {}
        self.this: dict[tuple[Any, ...], list[Paragraph]] = {}
        self.made: list[tuple[tuple[Any, ...], Paragraph]] = []  # what this build put, in order (render/checkpoint.py)
        self.reused = 0
        self._alike: dict[tuple[int, int], tuple[ParagraphStyle, ParagraphStyle, bool]] = {}  # same_style answers

    @staticmethod
    def key(text: str, style: ParagraphStyle, bullet: Any) -> tuple[Any, ...]:
        return text, repr(bullet), style.name

    @staticmethod
    def same_style(a: ParagraphStyle, b: ParagraphStyle) -> bool:
        """Every value equal; the hyphenator is a new function each build (the pool is cleared when the sheet changes).
        Compared as whole dicts with those two blanked: one C-level comparison, not a Python loop over 40 values."""
        va, vb = vars(a), vars(b)
        return a is b or (va.keys() == vb.keys() and {**va, **_UNCOMPARED} == {**vb, **_UNCOMPARED})

    def _same(self, a: ParagraphStyle, b: ParagraphStyle) -> bool:
        """`same_style(a, b)`, answered once a build for each pair of style objects (a few dozen pairs, hundreds
        of paragraphs: every style is compared value by value)."""
        known = self._alike.get((id(a), id(b)))
        if known is not None and known[0] is a and known[1] is b:
            return known[2]
        same = self.same_style(a, b)
        self._alike[(id(a), id(b))] = (a, b, same)
        return same

    def take(self, key: tuple[Any, ...], style: ParagraphStyle) -> Paragraph | None:
        kept = self.last.get(key, [])
        at = next((i for i in range(len(kept) - 1, -1, -1) if self._same(kept[i].style, style)), None)
        if at is None:
            return None
        para = kept.pop(at)
        if para.__dict__.get("_lines_cut"):  # its last lines were cut in place by a split (`Para.split`): break again
            for name in ("blPara", "_wrapped"):
                para.__dict__.pop(name, None)
        for name in [k for k in para.__dict__ if k not in self._KEPT]:
            del para.__dict__[name]
        self.reused += 1
        return para

    def put(self, key: tuple[Any, ...], para: Paragraph) -> None:
        self.this.setdefault(key, []).append(para)
        self.made.append((key, para))

    def next_build(self) -> None:
        """Call before each build: what the last build made becomes what this one may take."""
        if self.this:
            self.last, self.this = self.this, {}
        self.made = []
        self.reused = 0
        self._alike = {}

    def clear(self) -> None:
        """Forget everything (the style sheet changed: its hyphenation settings are not in the key)."""
        self.last, self.this, self.made = {}, {}, []
        self._alike = {}


# The pool of the build being rendered in this thread: a warm Session's (briefing/session.py), passed in by
# pipeline.build for the length of the render; None otherwise, so a one-off build never keeps paragraphs.
_POOL: ContextVar[ParagraphPool | None] = ContextVar("paragraph_pool", default=None)


def pooled(pool: ParagraphPool | None) -> contextlib.AbstractContextManager[None]:
    """Make and take back paragraphs through `pool` (None: make each afresh) while this block runs."""
    return scoped(_POOL, pool)


def current_pool() -> ParagraphPool | None:
    """The pool paragraphs are made through now, if any."""
    return _POOL.get()


class _Pooled(type):
    def __call__(cls, *args: Any, **kw: Any) -> Any:
        pool = _POOL.get()
        if pool is None or cls is not Para or len(args) != 2 or set(kw) - {"bulletText"}:
            return super().__call__(*args, **kw)  # split parts (frags=...) and subclasses are made afresh
        text, style = args
        if not isinstance(text, str) or style is None:
            return super().__call__(*args, **kw)
        key = pool.key(text, style, kw.get("bulletText"))
        para = pool.take(key, style)
        if para is None:
            para = super().__call__(*args, **kw)
        pool.put(key, para)
        return para


class Para(Paragraph, metaclass=_Pooled):
    """A Paragraph that remembers its last wrap: wrapped again at the same width (as tables, the
    footnote frame and keep-with-next checks do, several times a page), it answers at once.

    Line breaking is the costliest step of layout and its result depends only on the text, the
    style and the width, so the answer is the same; a split that drops the lines forces a rewrap.
    """

    def _setup(self, text: Any, style: ParagraphStyle, bulletText: Any, frags: Any, cleaner: Any) -> None:
        """ReportLab's set-up, with the markup read by render/paramarkup.py rather than html.parser (same fragments)."""
        if frags is None and isinstance(text, str):
            cleaned = text if cleaner is cleanBlockQuotedText and already_clean(text) else cleaner(text)
            parsed = paramarkup.parse(cleaned, style, self.caseSensitive)
            if parsed is not None:
                style, frags, bullet_frags = parsed
                textTransformFrags(frags, style)
                self.text, self.frags, self.style, self.debug = cleaned, frags, style, 0
                self.bulletText = bullet_frags or bulletText
                return
        super()._setup(text, style, bulletText, frags, cleaner)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        st = self.style
        key: Any = (availWidth, st, st.leftIndent, st.firstLineIndent, st.rightIndent, self.bulletText)
        if self.__dict__.get("_wrapped") == key and "blPara" in self.__dict__:
            return self.width, self.height
        cut = self._cut_lines(availWidth)
        self._wrapped = None
        size = super().wrap(availWidth, availHeight)
        d = self.__dict__
        if cut is not None and (was := _line_texts(cut)) is not None and _line_texts(d["blPara"]) != was:
            d["blPara"], d["height"] = cut, len(cut.lines) * st.leading
            size = (d["width"], d["height"])
        self._wrapped = key
        return size

    def _cut_lines(self, width: float) -> Any:
        """The lines the first part of a split was cut with (at `width`), or None.

        Broken again from its fragments, such a part can differ: ReportLab rejoins a word hyphenated
        at a line end wrongly ("more-" + "hyphenated" as "morehyphenated") and the part can gain a
        line, so it would be taller than the room it was cut for (a note refused although it fits)
        and print other text than the whole paragraph.  `wrap` keeps these lines when that happens."""
        d = self.__dict__
        if not d.get("_splitpara") or "_wrapped" in d or "blPara" not in d or d.get("width") != width:
            return None
        if getattr(d["blPara"], "kind", 0) != 1 or getattr(self.style, "autoLeading", "") not in ("", "off", None):
            return None
        return d["blPara"]

    def breakLines(self, width: Any) -> Any:
        """ReportLab's line breaking, after words too wide for any line are cut where they allow (linebreak.py).

        Every break starts from the paragraph's own fragments, as made (kept as `_source`, with the fallback
        fonts set), never from what an earlier break left in `frags`: ReportLab replaces them with the words
        of its last break, pieces included, and breaking those again at another width can differ from a
        fresh paragraph (a word cut for a narrower line set without the hyphen where a line ends inside it;
        'seven-' + 'and-a-half', broken at its hyphen, rejoined as 'sevenand-a-half').  So the lines at a
        width depend only on the text, the style and the width, whatever widths came before: a table tries
        its columns narrow, then wide, and a paragraph kept in a `ParagraphPool` comes back from another
        place or another layout."""
        d = self.__dict__
        frags: list[Any] | None = d.get("_source")
        if frags is None:
            frags = d["frags"]
            if not processed_frags(frags):  # characters a face lacks, in a font that has them
                frags = fonts.with_fallbacks(frags, getattr(self.style, "briefing_fonts", fonts.NO_FONTS))
            d["_source"] = frags
        widths = [float(w) for w in width] if isinstance(width, (list, tuple)) else [float(width)]
        _handleBulletWidth(self.bulletText, self.style, widths)
        lang = self.style.hyphenationLang
        try:
            words = linebreak.prepare(frags, widths, lang if callable(lang) else linebreak.fallback_hyphenator())
        except linebreak.NumberTooWide as exc:  # shown at this paragraph's YAML, even when measured looking ahead
            exc.pos = exc.pos or d.get("_briefing_pos") or d.get("title_pos")
            raise
        d["frags"] = frags if words is None else words
        bl = super().breakLines(width)
        if words is not None:
            linebreak.hyphen_at_line_ends(bl.lines, d["frags"])
        return bl

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """ReportLab's split, which makes the parts' fragments from this paragraph's line words and ends each line's
        last fragment with a space in place ('' becomes ' '): those lines are then no longer what a fresh break
        gives, so a `ParagraphPool` breaks this paragraph again before handing it out (a rebuild printed one
        line end as 'Tj T*' where a cold build printed 'Tj  T*')."""
        availWidth = self.__dict__.get("_split_width", availWidth)  # noqa: N806 - a table cell's content width
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if parts:
            self.__dict__["_lines_cut"] = True
        hand_on_lines(self, parts, availWidth)
        return parts

    def adopt_lines(self, lines: list[Any], width: float) -> None:
        """Take the lines a split of a longer paragraph left over, instead of breaking them again.

        Lines are broken greedily, so the words after a line break break into the same lines; a
        long paragraph split page by page would otherwise be broken again on every page (time
        quadratic in its length).  Only for lines of kind 1 at the same width and style.
        """
        st = self.style
        offset = getattr(lines[0], "sFW", None) if lines else None
        if offset:  # lines index the paragraph's word list, which the part starts part-way through
            lines = [line.clone(sFW=line.sFW - offset) for line in lines]
        self.blPara = ParaLines(kind=1, lines=lines)
        self.width = width
        self.height = len(lines) * st.leading
        self._wrapped = (width, st, st.leftIndent, st.firstLineIndent, st.rightIndent, self.bulletText)


def hand_on_lines(whole: Flowable, parts: list[Flowable], width: float) -> None:
    """Give a split paragraph's second part the lines already broken for it (`Para.adopt_lines`): broken again from
    the words the split left it, a word cut into pieces for a narrow column (linebreak.py) loses the hyphens at its
    line ends, and a long paragraph would be broken again on every page."""
    if len(parts) != 2 or not isinstance(whole, Para) or not isinstance(parts[1], Para):
        return
    bl, first = whole.__dict__.get("blPara"), getattr(parts[0], "blPara", None)
    st = whole.style
    if (
        bl is None
        or first is None
        or getattr(bl, "kind", 0) != 1
        or parts[1].style is not st
        or whole.__dict__.get("width") != width
        or getattr(st, "autoLeading", "") not in ("", "off", None)
    ):
        return
    parts[1].adopt_lines(bl.lines[len(first.lines) :], width)


def already_clean(text: str) -> bool:
    """Whether ReportLab's `cleanBlockQuotedText` would give `text` back as it is: it folds each line's white
    space to single spaces and joins the lines with spaces.  Printable text has no white space but the space
    (line ends, tabs and the Unicode spaces are not printable), so with no space at either end and no two in a
    row there is nothing to fold; markup.text has already folded the user's words."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def _line_texts(bl: Any) -> list[str] | None:
    if getattr(bl, "kind", 0) != 1:
        return None
    if not all(hasattr(line, "words") for line in bl.lines):
        return None
    return ["".join(getattr(w, "text", "") or "" for w in line.words) for line in bl.lines]


def own_frags(flowable: Flowable) -> list[Any]:
    """A paragraph's own fragments.  A Para broken before (in an earlier layout, or taken back from the paragraph
    pool) holds its last break's words in `frags` and keeps its own as `_source` (`Para.breakLines`)."""
    return getattr(flowable, "__dict__", {}).get("_source") or getattr(flowable, "frags", None) or []


class Heading(Para):
    """A heading: a PDF destination, an outline entry, and kept with what follows it."""

    def __init__(self, markup: str, style: ParagraphStyle, anchor: str, title: str, level: int, keep_lines: float) -> None:
        super().__init__(markup, style)
        self.anchor = anchor
        self.title = title  # plain text: the outline and contents never see markup
        self.level = level
        self.keep_lines = keep_lines
        self.keep_with_next: Flowable | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []  # a heading is never broken across pages

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkHorizontal(self.anchor, 0, self.height + self.style.fontSize * 0.3)
        canv.addOutlineEntry(self.title, self.anchor, self.level - 1, closed=self.level > 1)
        doc = canv._doctemplate
        doc.heading_pages[self.anchor] = canv.getPageNumber()
        super().draw()


class TocEntry(Flowable):
    """One contents line: number, title, dot leaders and a page number drawn from a form
    that is defined after the last page (no second layout pass)."""

    def __init__(
        self,
        number: str,
        title: Paragraph,
        anchor: str,
        number_width: float,
        page_width: float,
        font: str,
        size: float,
        indent: float,
        look: Contents,
    ) -> None:
        super().__init__()
        self.number = number
        self.title = title
        self.anchor = anchor
        self.number_width = number_width
        self.page_width = page_width
        self.font = font
        self.size = size
        self.indent = indent
        self.look = look  # the sheet's gaps and leader spacing
        self.spaceBefore = title.style.spaceBefore

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        tw = availWidth - self.indent - self.number_width - self.page_width - self.look.page_gap
        _, self.title_h = self.title.wrap(tw, availHeight)
        self.title_w = tw
        return availWidth, self.title_h

    def draw(self) -> None:
        canv = self.canv
        lead = self.title.style.leading
        base = self.title_h - lead + (lead - self.size) / 2 + self.size * 0.2  # the first line's baseline
        canv.saveState()
        canv.setFont(self.font, self.size)
        canv.setFillColor(self.title.style.textColor)
        canv.drawString(self.indent, base, self.number)
        self.title.drawOn(canv, self.indent + self.number_width, 0)
        lines = self.title.blPara.lines if getattr(self.title, "blPara", None) else []
        last = lines[-1] if lines else None
        spare = last[0] if isinstance(last, tuple) else getattr(last, "extraSpace", 0)
        end = self.indent + self.number_width + (self.title_w - spare if last is not None else 0) + self.look.leader_gap
        base -= lead * max(len(lines) - 1, 0)  # leaders and page number follow the title's last line
        dots_to = self.width - self.page_width - self.look.leader_gap
        step = self.look.leader_step
        x = end + (step - end % step)
        count = int((dots_to - x) // step)
        if count > 0:
            canv.saveState()  # the leaders' character spacing must not reach the page number's form
            leader = canv.beginText(x, base)
            leader.setCharSpace(step - canv.stringWidth(".", self.font, self.size))
            leader.textOut("." * count)
            canv.drawText(leader)
            canv.restoreState()
        canv.translate(self.width, base)
        canv.doForm(f"pg-{self.anchor}")
        canv.restoreState()
        canv.linkRect("", self.anchor, (0, 0, self.width, self.title_h), relative=1, thickness=0)


class Deferred(Flowable):
    """A paragraph whose markup is made when it is laid out (e.g. "cited on pages …")."""

    def __init__(self, make: Callable[[], str], style: ParagraphStyle) -> None:
        super().__init__()
        self.make = make
        self.style = style
        self._para: Paragraph | None = None

    def para(self) -> Paragraph:  # a Para: the sources' long addresses break (linebreak.py)
        if self._para is None:
            self._para = Para(self.make(), self.style)
        return self._para

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        w, h = self.para().wrap(availWidth, availHeight)
        return float(w), float(h)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        return list(self.para().split(availWidth, availHeight))

    def draw(self) -> None:
        self.para().drawOn(self.canv, 0, 0)


class Anchor(Flowable):
    """A zero-size flowable that records a named destination (e.g. the top of the cover)."""

    _ZEROSIZE = True

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.name, 0, 0)


class NoteFlush(Flowable):
    """The story's end: any note still running gets pages of its own (see `BriefingDoc._flush_notes`)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class BlockSpace(Spacer):
    """The space after a block (a list).  Like a typesetter's glue it goes at a page break: one that does not fit at a
    page's foot is not carried to the head of the next page (`BriefingDoc.handle_flowable` drops it there), where it
    would push the text down and count as the page's content, so that a page break after it left a page blank (the
    soak's 310181: a list's space alone on the page before the Sources)."""


def link_headings(story: list[Flowable]) -> None:
    """Each heading keeps with the flowable after it (never a heading alone at a page foot)."""
    for here, nxt in zip(story, story[1:], strict=False):
        if isinstance(here, Heading) and not isinstance(nxt, (PageBreak, NextPageTemplate)):
            here.keep_with_next = nxt
