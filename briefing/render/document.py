"""The document template: page furniture, the note area, forms filled in after the last page,
metadata, and the story (cover, editorial note, contents, sections, sources)."""

from __future__ import annotations

import calendar
import functools
import gc
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.utils import TimeStamp
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from briefing import __version__
from briefing.dates import format_date
from briefing.diagnostics import BriefingError, Pos, error
from briefing.model import Chart, Image, Section, TimelineChart
from briefing.render.blocks import BlockRenderer, NumberTooWide
from briefing.render.checkpoint import Checkpoint, Checkpoints, adopt, carry_kept, carry_on, kept_layouts
from briefing.render.compact import compact
from briefing.render.floats import FirstOutOfOrder, Floats, NotesReordered, lay_out, mark, printed_order
from briefing.render.flowables import Anchor, Deferred, Heading, NoteFlush, Para, TocEntry, current_pool, link_headings
from briefing.render.frame import FootnoteFrame
from briefing.render.furniture import PageFurniture
from briefing.render.images import LogoArt
from briefing.render.markup import link_markup, paragraphs, segments_markup, text
from briefing.render.notes import NoteArea, continued_style, note_style
from briefing.render.rlquick import install as quicker_helpers
from briefing.render.selfcheck import LayoutLog, story_positions, verify
from briefing.render.styles import Styles
from briefing.render.tagging import attach, finish, tag_notes
from briefing.render.unplaceable import layout_reason, opens_blank_page
from briefing.render.widths import install as remember_widths
from briefing.resolve import Note, Resolved, SectionRef, SourceEntry
from briefing.style import MM, StyleSheet
from briefing.variants import HANDOUT_PAGES, handout_source_entries, refuse_long_handout

PAPER = {"a4": A4, "letter": LETTER}
_COLLECT_PAGES = 300  # a full garbage collection costs 25-40 ms: worth it only for long documents
remember_widths()  # ReportLab's string widths, each measured once (widths.py)
quicker_helpers()  # sameFrag and getAscentDescent without exceptions (rlquick.py)
_NOTE_CACHE = 512  # note paragraphs kept for re-planning; a long pack's notes would otherwise all stay in memory


@dataclass(frozen=True)
class RenderOptions:
    paper: str = "a4"
    greyscale: bool = False
    duplex: bool = False
    scale: float = 1.0
    timestamp: float | None = None  # seconds since the epoch; None: the pack's as_at date
    variant: str = "full"  # full, or summary: the short handout
    min_size: float = 0.0  # smallest size for reading text (large print)


@dataclass
class RenderResult:
    pdf: bytes
    pages: int
    notes: int


def _timestamp(seconds: float) -> TimeStamp:
    ts = TimeStamp(invariant=1)
    lt = time.gmtime(seconds)
    ts.t, ts.lt, ts.YMDhms, ts.dhh, ts.dmm, ts.tzname = seconds, lt, tuple(lt)[:6], 0, 0, "UTC"
    return ts


class BriefingDoc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, ctx: Renderer, first: bool = False, **kw: Any) -> None:
        self.ctx = ctx
        self.note_area = ctx.note_area
        self.heading_pages: dict[str, int] = {}
        self.page_sides: dict[int, str] = {}
        self._current_pos: Pos | None = None
        self.past_handout: Pos | None = None  # the block being laid out when a handout first ran past its pages
        self.layout_log = LayoutLog()
        self.floats = Floats(free=ctx.renumber is not None)  # a figure held back while text fills its page (floats.py)
        self.first_out_of_order = FirstOutOfOrder(first, ctx.note_keys, printed_order)  # ends a first layout (floats.py)
        self.pool_mark = 0
        if first and ctx.renumber is not None:  # a second layout may carry on from where a figure was held
            self.floats.on_hold = self._checkpoint
        super().__init__(buffer, **kw)

    def _checkpoint(self, flowables: list[Flowable]) -> None:
        self.ctx.checkpoints.on_hold(self, flowables)  # a figure that cites is about to be held (checkpoint.py)

    def beforeDocument(self) -> None:
        canv = self.canv
        canv._doc._timeStamp = _timestamp(self.ctx.timestamp)
        canv.setViewerPreference("DisplayDocTitle", "true")
        canv.showOutline()
        attach(canv)  # tagged PDF: marked content from here on (tagging.py)

    def beforePage(self) -> None:
        # Mirror the text block on verso pages (duplex).  Done here rather than with alternating
        # page templates: reportlab 5.1's autoNextPageTemplate skips every other switch.
        self.body_frame().begin_page(self.note_area, self.ctx._left(self.page))

    def afterPage(self) -> None:
        frame = self.body_frame()
        frame.fill_notes(self.note_area)
        self.layout_log.notes_drawn((e.para for e in self.note_area.page_entries()), self.page)
        tag_notes(self.canv, self.note_area)  # after fill_notes: the page's notes are final
        frame.end_page(self.note_area, self.canv)
        self.ctx.checkpoints.page_done(self.page)

    def afterFlowable(self, flowable: Flowable) -> None:
        self.layout_log.placed(flowable, self.page, self.body_frame().available_width)
        self.first_out_of_order.check(self.layout_log.order, self.floats.floated)
        if self.page > HANDOUT_PAGES and self.past_handout is None and self.ctx.handout_limited:  # the first block past
            self.past_handout = getattr(flowable, "_briefing_pos", None) or self._current_pos

    def body_frame(self) -> FootnoteFrame:
        return self.pageTemplate.frames[0]  # type: ignore[no-any-return]

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if self.floats.on_hold is not None:  # what the pool made up to here (a checkpoint's, not the fit test's)
            self.pool_mark = len(pool.made) if (pool := current_pool()) is not None else 0
        if flowables and flowables is not self._hanging:
            self.floats.arrange(flowables, self.page, self.body_frame(), self.canv)
        if flowables and isinstance(flowables[0], NoteFlush):
            self._flush_notes(flowables)
            return
        if flowables and opens_blank_page(flowables[0], self.body_frame().at_top, self._curPageFlowableCount):
            del flowables[0]
            return
        pos = getattr(flowables[0], "_briefing_pos", None) if flowables else None
        if pos is not None:
            self._current_pos = pos
        super().handle_flowable(flowables)

    def _flush_notes(self, flowables: list[Flowable]) -> None:
        """The story has ended: notes still running continue on pages of their own, never cut off."""
        frame = self.body_frame()
        frame.fill_notes(self.note_area)
        if not self.note_area.pending:
            del flowables[0]
            return
        if frame.at_top and not self.note_area.page_entries():
            raise LayoutError("a note's remainder does not fit on an empty page")
        self._curPageFlowableCount += 1  # a page of notes is not an empty page
        flowables.insert(0, PageBreak())


class Renderer(PageFurniture):
    """Builds the story from a resolved pack and lays it out in one pass."""

    def __init__(
        self,
        resolved: Resolved,
        sheet: StyleSheet,
        options: RenderOptions,
        renumber: Callable[[tuple[int, ...]], Resolved] | None = None,
    ) -> None:
        self.renumber = renumber  # resolve again, numbering the notes in a printed order (floats.py); None: never
        self.resolved = resolved
        self.meta = resolved.pack.meta
        self.sheet = sheet
        self.options = options
        self.handout_limited = options.variant == "summary" and options.scale == 1 and not options.min_size  # large: any
        self.styles = Styles(sheet, options.greyscale, options.scale, options.min_size, resolved.pack.meta.hyphenation)
        self.pagesize = PAPER[options.paper]
        self.typed = typed = sheet.typed
        page = typed.page
        if options.duplex:  # recto pages: inner margin on the left; verso pages mirror it
            ml, mr = page.margin_inner_mm * MM, page.margin_outer_mm * MM
        else:
            ml, mr = page.margin_left_mm * MM, page.margin_right_mm * MM
        self.margins = (ml, mr, page.margin_top_mm * MM, page.margin_bottom_mm * MM)
        self.width = self.pagesize[0] - ml - mr
        self.blocks = BlockRenderer(resolved, self.styles, self.width, self.pagesize[1] - self.margins[2] - self.margins[3])
        self.notes_by_number: dict[int, Note] = {n.number: n for n in resolved.notes.values()}
        self.note_keys = {n.number: key for key, n in resolved.notes.items()}
        as_at = self.meta.as_at
        self.timestamp = (
            options.timestamp
            if options.timestamp is not None
            else float(calendar.timegm((as_at.year, as_at.month or 1, as_at.day or 1, 0, 0, 0)))
        )
        fn = self.styles.para("footnote")
        fn_split = note_style(fn)
        self._note_style = fn_split
        fn_split.firstLineIndent = -(fn_split.leftIndent or 12)  # the number hangs in the margin of the note
        foot = typed.footnotes
        self.note_area = NoteArea(
            make_note=self.make_note,
            width=self.width,
            rule_gap=foot.separator_gap * options.scale,
            note_gap=foot.note_gap * options.scale,
            rule_fraction=foot.separator_width,
            rule_colour=self.styles.hex("rule"),
            min_split_lines=foot.min_split_lines,
            leading=fn.leading,
            rule_width=foot.rule_width,
            max_carry_fraction=foot.max_carry_fraction,
            continued_style=continued_style(fn_split),
            page_sources={n.number: tuple(r.source.id for r in n.refs) for n in resolved.notes.values()},
            run_in=Paragraph("", self.styles.para("footnote_run_in")) if options.variant == "summary" else None,
        )
        self._note_cache: dict[tuple[int, bool], tuple[Paragraph, str]] = {}
        self.checkpoints = Checkpoints()  # a first layout's copy of itself at a figure held (checkpoint.py)

    # ------------------------------------------------------------ notes

    def note_markup(self, note: Note, ibid: bool) -> str:
        link = self.styles.hex("link")
        body = segments_markup(note.ibid if ibid and note.ibid is not None else note.text, link)
        n = note.number
        return f'<a name="{note.anchor}"/><a href="#{note.marker_anchor}" color="{link}">{n}</a>&nbsp;&nbsp;{body}'

    def make_note(self, number: int, ibid: bool) -> tuple[Paragraph, str]:
        key = (number, ibid)
        if key not in self._note_cache:
            note = self.notes_by_number[number]
            para = Para(self.note_markup(note, ibid), self._note_style)
            self._note_cache[key] = (para, self.resolved.ibid.key(note))  # the note area applies the Ibid. policy
            if len(self._note_cache) > _NOTE_CACHE:  # notes are placed in order: the oldest are done with
                del self._note_cache[next(iter(self._note_cache))]
        return self._note_cache[key]

    # ------------------------------------------------------------ story

    def heading(self, title: str, anchor: str, level: int, number: str = "", pos: Pos | None = None) -> Heading:
        st = self.styles.para(f"h{level}")
        shown = f"{number}&nbsp;&nbsp;{text(title)}" if number else text(title)
        keep = self.styles.para("body").leading * self.typed.spacing.heading_keep_lines
        outline = f"{number} {title}" if number else title
        heading = Heading(shown, st, anchor, outline, level, keep)
        heading.title_pos = pos  # type: ignore[attr-defined]  # a number too wide for it is shown at its title
        return heading

    def cover(self) -> list[Flowable]:
        m, look = self.meta, self.typed.cover
        out: list[Flowable] = [Anchor("cover"), *LogoArt.cover_of(self, look.top_space_mm * MM * self.options.scale)]
        out.append(Paragraph(text(m.title), self.styles.para("cover_title")))
        if m.subtitle:
            out.append(Paragraph(text(m.subtitle), self.styles.para("cover_subtitle")))
        rows = [
            ("Reference", f"{m.id}, version {m.version}"),
            ("Correct as at", format_date(m.as_at)),
            ("Prepared by", m.prepared_by or "not stated"),
            ("Contact", m.contact or "not stated"),
            ("Prepared for", m.audience or "not stated"),
        ]
        if m.marking:
            rows.append(("Handling", m.marking.upper()))
        label, value = self.styles.para("cover_label"), self.styles.para("cover_value")
        table = Table(
            [[Paragraph(text(a), label), Paragraph(text(b), value)] for a, b in rows],
            colWidths=[self.width * look.label_width, self.width * (1 - look.label_width)],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    *self.blocks.base_commands(),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEABOVE", (0, 0), (-1, 0), look.top_rule_width, self.styles.colour("heading")),
                    ("LINEBELOW", (0, 0), (-1, -1), look.rule_width, self.styles.colour("table_grid")),
                    ("TOPPADDING", (0, 0), (-1, -1), look.top_padding),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), look.bottom_padding),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),  # flush with the text block
                ]
            )
        )
        out.append(table)
        return out

    def editorial(self) -> list[Flowable]:
        if not self.meta.editorial_note:
            return []
        out: list[Flowable] = [self.heading("About this pack", "about", 1)]
        for chunk in paragraphs(self.meta.editorial_note):
            out.append(Paragraph(self.blocks.markup(chunk), self.styles.para("note_text")))
        return out

    def contents(self, refs: list[SectionRef]) -> list[Flowable]:
        out: list[Flowable] = [self.heading("Contents", "contents", 1)]
        # one column for the page numbers, so every entry's leaders end at the same point
        look = self.typed.contents
        page_width = max(self.styles.para(f"toc{level}").fontSize for level in (1, 2, 3)) * look.page_column
        for ref in refs:
            level = min(ref.level, 3)
            st = self.styles.para(f"toc{level}")
            width = st.fontSize * (look.number_column + look.number_column_per_level * ref.number.count("."))
            title = Para(f'<a href="#{ref.anchor}">{text(ref.title)}</a>', st)
            title.title_pos = ref.pos  # type: ignore[attr-defined]  # a number too wide for it is shown at its title
            entry = TocEntry(
                ref.number,
                title,
                ref.anchor,
                width + look.number_gap,
                page_width,
                st.fontName,
                st.fontSize,
                st.leftIndent,
                look,
            )
            out.append(entry)
            self.toc_anchors.append(ref.anchor)
        return out

    def section(self, section: Section, stacked: tuple[Flowable, ...] = ()) -> list[Flowable]:
        """A section's heading, blocks and subsections.  `stacked`: the headings right above this one (of
        sections with no blocks of their own); the first block is kept with all of them on one page."""
        ref = self.resolved.section_ref(section)
        heading = self.heading(section.title, ref.anchor, min(ref.level, 3), ref.number, ref.pos)
        headings = (*stacked, heading)
        out: list[Flowable] = [heading]
        for block in section.blocks:
            above = sum(self._kept_height(h) for h in headings) if isinstance(block, (Image, Chart, TimelineChart)) else 0.0
            out.extend(mark(block, self.blocks.block(block, above)))
            headings = ()
        for sub in section.sections:
            out.extend(self.section(sub, headings))
            headings = ()
        return out

    def _kept_height(self, heading: Flowable) -> float:
        """The room a heading takes above what it is kept with: its lines and the space on both sides."""
        return float(heading.wrap(self.width, self.blocks.height)[1] + heading.getSpaceBefore() + heading.getSpaceAfter())

    def sources(self, ref: SectionRef) -> list[Flowable]:
        out: list[Flowable] = [self.heading(ref.title, ref.anchor, 1, ref.number)]
        intro = (
            "Every source the pack draws on, in full. Where a source does not state its author, publisher "
            "or date, the entry says so rather than guess. The pages given are those whose notes cite the source."
        )
        out.append(Paragraph(text(intro), self.styles.para("note_text")))
        st = self.styles.para("reference")
        st.firstLineIndent = -st.leftIndent
        for entry in self.resolved.source_entries:
            out.append(Deferred(functools.partial(self.source_entry, entry), st))
        return out

    def source_entry(self, entry: SourceEntry) -> str:
        """An entry of the Sources list, once the pages citing it are known."""
        link, source = self.styles.hex("link"), entry.source
        parts = [f"[{entry.number}]&nbsp;&nbsp;<b>{text(entry.short)}</b>. {text(entry.full)}."]
        if not entry.author_stated:
            parts.append("Author not stated.")
        if source.url:
            parts.append(link_markup(source.url, link) + ".")
        else:
            parts.append("No web address given.")
        if entry.accessed:
            parts.append(text(entry.accessed) + ".")
        if source.notes:
            parts.append(text(source.notes.rstrip(".")) + ".")
        pages = sorted(self.note_area.source_pages.get(source.id, ()))
        if pages:
            label = "Cited on page" if len(pages) == 1 else "Cited on pages"
            links = ", ".join(f'<a href="#page{p}" color="{link}">{p}</a>' for p in pages)
            parts.append(f"<i>{label} {links}.</i>")
        return " ".join(parts)

    def summary_story(self) -> list[Flowable]:
        """The handout: a title block, the marked content, and a compact source list; no cover or contents."""
        m = self.meta
        story: list[Flowable] = [Anchor("cover"), Paragraph(text(m.title), self.styles.para("handout_title"))]
        facts = [f"{m.id}, version {m.version}", f"correct as at {format_date(m.as_at)}"]
        if m.audience:
            facts.append(f"for {m.audience}")
        story.append(Paragraph(text("Summary handout · " + " · ".join(facts)), self.styles.para("handout_meta")))
        for section in self.resolved.pack.sections:
            story += self.section(section)
        entries = "; ".join(text(e) for e in handout_source_entries(self.resolved.cited_sources))
        story += [
            Para(f"<b>Sources</b> (full references in the notes): {entries}.", self.styles.para("reference_compact")),
            NoteFlush(),
        ]
        link_headings(story)
        return story

    def story(self) -> list[Flowable]:
        self.toc_anchors: list[str] = []
        if self.options.variant == "summary":
            return self.summary_story()
        sections = self.resolved.pack.sections
        refs = self.resolved.contents()
        story: list[Flowable] = [NextPageTemplate("body"), *self.cover(), PageBreak()]
        editorial = self.editorial()
        if editorial:
            story += [*editorial, PageBreak()]
        story += [*self.contents(refs), PageBreak()]
        for section in sections:
            story += self.section(section)
        story += [PageBreak(), *self.sources(self.resolved.sources_section), NoteFlush()]
        link_headings(story)
        return story

    # ------------------------------------------------------------ build

    def render(self) -> RenderResult:
        """Lay the pack out, again with the notes numbered as printed if a figure floated past citing text."""
        return lay_out(self, Renderer)

    def render_once(self, first: bool = False, resume: Checkpoint | None = None) -> RenderResult:
        """Lay the story out once: from the first page, or carrying on the first layout's copy `resume` of itself
        (checkpoint.py) when this story places the same up to where it was taken."""
        rl_config.useA85 = 0  # plain Flate streams: ASCII85 would make every page a quarter larger
        m = self.meta
        made: list[Flowable] | None = None
        if resume is not None:
            story = self.story()
            resumed = adopt(resume, self, story)
            if resumed is not None:
                rest = story[resume.placed :]
                return self._finish(resumed, story, lambda: carry_on(resumed, rest))
        elif first and self.renumber is not None and (layouts := kept_layouts()) is not None and layouts.kept is not None:
            made = self.story()  # a watch build: carry on a first layout of an earlier build if it places the same
            carried, placed = carry_kept(layouts, self, made)
            if carried is not None:
                return self._finish(carried, made, lambda: carry_on(carried, made[placed:]))
        buffer = io.BytesIO()
        doc = BriefingDoc(
            buffer,
            self,
            first,
            pagesize=self.pagesize,
            leftMargin=self.margins[0],
            rightMargin=self.margins[1],
            topMargin=self.margins[2],
            bottomMargin=self.margins[3],
            title=m.title,
            author=m.prepared_by or "not stated",
            subject=m.subtitle or m.title,
            keywords=list(m.keywords),
            creator=f"briefing {__version__}",
            producer=f"briefing {__version__} (ReportLab)",
            lang=m.language,
            invariant=1,
            initialFontName=self.styles.font("serif"),
        )
        doc._doSave = 0
        doc.addPageTemplates(
            [
                PageTemplate("cover", [self._frame("cover")], onPage=self.on_cover),
                PageTemplate("body", [self._frame("body")], onPage=self.on_body, onPageEnd=self._page_anchor),
            ]
        )
        story = made if made is not None else self.story()
        if self.options.variant == "summary":
            doc.pageTemplates = doc.pageTemplates[1:]  # every handout page carries the running header
        if first and self.renumber is not None:
            self.checkpoints.start(story)
        return self._finish(doc, story, lambda: doc.build(story))

    def _finish(self, doc: BriefingDoc, story: list[Flowable], build: Callable[[], None]) -> RenderResult:
        m = self.meta
        expected = story_positions(story)
        try:
            build()
        except (LayoutError, NumberTooWide) as exc:  # a number is never cut across lines (render/linebreak.py)
            pos = (exc.pos if isinstance(exc, NumberTooWide) else None) or doc._current_pos or m.pos
            reason = str(exc) if isinstance(exc, NumberTooWide) else doc.body_frame().failure or layout_reason(exc)
            raise BriefingError([error(pos, f"this block cannot be laid out on the page: {reason}")]) from None
        # Notes numbered for a figure that floated may find it not floating: the new numbers changed which note
        # gives a source's full reference, so the figure's notes grew shorter and it fit (floats.py, lay_out).
        numbered_for_float = bool(doc.floats.floated or self.resolved.printed)
        if numbered_for_float and (printed := printed_order(doc.layout_log.order, self.note_keys)) is not None:
            raise NotesReordered(printed)
        refuse_long_handout(self.handout_limited, doc.page, doc.past_handout or doc._current_pos or m.pos)
        self.checkpoints.drop()
        verify(doc.layout_log, self.note_area.drawn, self.notes_by_number, expected)
        self.define_forms(doc)
        finish(doc.canv, m.language)  # the structure tree of the tagged PDF (tagging.py)
        # The PDF's bytes straight from ReportLab: canv.save() would write them into `buffer` and
        # getvalue() copy them again, two more copies of a 60 MB file at the peak of a long pack.
        raw = doc.canv.getpdfdata()
        pages = doc.page
        del doc, story
        if pages > _COLLECT_PAGES:  # a long document: free ReportLab's objects before compaction (peak memory)
            gc.collect()
        return RenderResult(compact(raw), pages, len(self.resolved.notes))
