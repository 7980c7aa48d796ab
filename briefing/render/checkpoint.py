"""A second layout that starts where the first held its figure, instead of from the first page.

When a figure floats past text citing later notes, the notes are numbered again in printed order and the pack
is laid out again (floats.py, `lay_out`).  Everything placed before that figure was printed in number order, so
the new numbers leave it as it was: the second layout repeats the first one's pages up to the figure, the same
flowables on the same pages, drawn into the same bytes.  So the first layout keeps a copy of its whole state
(the document template, its canvas with the pages so far, the note area, the fonts' subsets) at the moment it
holds a figure that cites (`take`), and the second layout carries on from that copy with its own story from the
figure on (`resume`), as if it had laid out the pages before the figure itself.

The copy is taken when the figure has been found not to fit, before it is held (it is still at the head of the
story): the second layout offers its own figure to the page afresh.  The fit test left note paragraphs in the
renderer's cache, numbered as the first layout numbered them: the second layout takes over only the cached notes
the pages so far show, which the check below proves unchanged.  The copy is used only when the second layout's
story is, up to that figure, the first one's (the same flowables: kind, text, style, position in the pack,
markers), citing the same notes under the same numbers with the same text (`Checkpoint.matches`), and no
flowable placed before the figure was kept with it or with anything after it (a heading before the figure
measured it, with its notes numbered the old way: `_looked_ahead`).  Otherwise the second layout starts from the
first page, as it always did.  The copy is a pickle of the state read back (`_copy`), sharing the renderer (made
the second layout's own in `adopt`), fonts, paragraph styles, module-level singletons and the paragraphs of notes
finished on pages already ended (`_finished_notes`: no layout touches them again).

A copy costs a deep copy of the document so far; a first layout copies only at a citing figure it holds, and
then only at a page at least twice as far on as the last copy's, so a long pack's copies cost at most about
twice one copy at its last page (`worth_taking`).

`briefing watch` keeps a copy from one build to the next (`KeptLayouts`, in the session): when a build's story
is, up to the figure its first layout holds, the last build's (the save changed something after the figure),
that first layout keeps what makes its copy (`Kept`: the pickle and what it shares) beside the copy its second
layout carries on.  The next build's first layout, if its story places the same up to that figure (the same
`Checkpoint.matches`), reads the pickle back into a copy of its own and carries it on (`adopt(first=True)`):
it holds the figure again, takes its own copy there for its second layout, and ends at the first marker out
of order, as a first layout from the first page would.  So a save in the pages after the figure lays out
neither the pages before it twice nor once.  A kept pickle shares no note paragraph (the next build's pool may
take those and change them), only what a copy always shares; it is dropped with the paragraphs when the style
sheet or the pack's word breaks change (its styles and hyphenation are the old ones).
"""

from __future__ import annotations

import contextlib
import gc
import io
import pickle
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import NextPageTemplate, Paragraph, Table
from reportlab.platypus.doctemplate import PageBegin
from reportlab.platypus.flowables import PageBreakIfNotEmpty
from reportlab.platypus.paragraph import ParagraphStyle

from briefing.render.flowables import current_pool
from briefing.render.notes import note_numbers
from briefing.render.tagger import NONE
from briefing.session import scoped

_MAX_PAGE = 200  # beyond this the copy would hold a document too large to keep twice (peak memory)


@dataclass
class Checkpoint:
    """The first layout's state just before it held a figure, and what it must match to be carried on."""

    doc: Any  # the document template, copied (its canvas, frames, note area, layout log with it)
    note_cache: dict[tuple[int, bool], tuple[Paragraph, str]]  # the renderer's note paragraphs, copied with it
    placed: int  # how many of the story's flowables were placed before the figure
    story: list[Any]  # their signatures (`signature`)
    notes: dict[int, tuple[Any, ...]]  # every note the pages so far show: number -> (key, markups, Ibid. key)
    page: int
    made: list[tuple[Any, Paragraph]]  # the paragraphs the layout put in the paragraph pool (note paragraphs), copied
    kept: Kept | None = None  # what makes this copy again, for the next build of a watch session (`Kept`)

    def matches(self, story: list[Any], notes: dict[int, tuple[Any, ...]]) -> bool:
        """Whether a story, and its notes as `note_facts` gives them, place the same up to the figure."""
        if len(story) <= self.placed:
            return False
        if any(notes.get(n) != facts for n, facts in self.notes.items()):
            return False
        return [signature(f) for f in story[: self.placed]] == self.story


@dataclass
class Kept:
    """A first layout's copy of itself at a figure it held, kept by a watch session for its next builds: the pickle
    and what it shares, read back into a copy of its own (`checkpoint`) by a first layout whose story places the
    same up to that figure (`matches`), which then carries it on instead of laying out those pages again."""

    data: bytes
    table: dict[int, Any]  # what the pickle shares, by id (`_dump`), but the renderer
    renderer: int  # the id the pickle knows the renderer by: the renderer reading it back stands for it
    md5_id: int  # the document's running MD5 in the table: each copy read back gets a copy of `md5`
    md5: Any
    fonts: list[TTFont]  # the fonts whose states for the document the pickle holds, in order
    placed: int
    story: list[tuple[Any, ...]]
    notes: dict[int, tuple[Any, ...]]
    page: int

    def matches(self, story: list[Any], notes: dict[int, tuple[Any, ...]]) -> bool:
        return Checkpoint(None, {}, self.placed, self.story, self.notes, self.page, []).matches(story, notes)

    def checkpoint(self, renderer: Any) -> Checkpoint | None:
        """A copy of the state kept, read back for `renderer` (None when it cannot be).  The copy's references
        to the renderer that made it are to `renderer` (`adopt` puts it in their places anyway): so the kept
        copy does not keep that build's renderer, its story and its own copies alive."""
        table = {**self.table, self.md5_id: self.md5.copy(), self.renderer: renderer}
        try:
            copied, cache, made = _restore(_load(self.data, table), self.fonts)
        except Exception:  # noqa: BLE001 - as in `take`: no copy, the layout starts from the first page
            return None
        return Checkpoint(copied, cache, self.placed, self.story, self.notes, self.page, made)


@dataclass
class KeptLayouts:
    """What a watch session keeps of its first layouts from one build to the next (briefing/session.py): the last
    first layout's story as signed, and a copy of a first layout at its held figure (`Kept`).  A build keeps a
    copy only when its story differs from the last build's after the figure, not before (the edit came later in
    the pack): the next save is then likely later too, and a copy kept costs a pickle that shares nothing."""

    kept: Kept | None = None
    signed: list[tuple[Any, ...]] | None = None

    def clear(self) -> None:
        self.kept, self.signed = None, None


_LAYOUTS: ContextVar[KeptLayouts | None] = ContextVar("kept_layouts", default=None)


def keeping_layouts(layouts: KeptLayouts | None) -> contextlib.AbstractContextManager[None]:
    """First layouts keep copies in `layouts`, and carry them on, while this block runs (None: neither)."""
    return scoped(_LAYOUTS, layouts)


def kept_layouts() -> KeptLayouts | None:
    return _LAYOUTS.get()


def _same_for(a: list[tuple[Any, ...]] | None, b: list[tuple[Any, ...]]) -> int:
    """How many flowables two stories, as signed, begin with alike (-1 when there is no first)."""
    if a is None:
        return -1
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def worth_taking(last: Checkpoint | None, page: int) -> bool:
    """A copy at `page`: the first, or at least twice as far on as the last (so copies cost O(pages) in all)."""
    if page > _MAX_PAGE:
        return False
    return last is None or page >= 2 * last.page


def signature(flowable: Any) -> tuple[Any, ...]:
    """What makes a flowable of the story place and draw as it does, for comparing two builds' stories."""
    inner: tuple[Any, ...] = ()
    if isinstance(flowable, Table):
        inner = tuple(_cell(v) for row in flowable._cellvalues for v in row)  # noqa: SLF001
    text = flowable.text if isinstance(flowable, Paragraph) else getattr(flowable, "_text", None)
    style = getattr(getattr(flowable, "style", None), "name", None)
    return (type(flowable).__name__, text, style, getattr(flowable, "_briefing_pos", None), tuple(note_numbers(flowable)), inner)


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_cell(v) for v in value)
    if isinstance(value, (str, int, float)) or value is None:
        return value
    return signature(value)


# What a copy shares with the layout it copies, by type: the renderer (replaced by the second layout's own in
# `resume`), the fonts (one state per document, copied below), the paragraph styles (read only once made; their
# hyphenator is a closure no copy can make) and module-level objects compared by identity (ReportLab's PageBegin,
# the tagger's NONE).  Anything else a copy meets that pickle cannot make (a closure) fails the copy: no checkpoint.
_TABLE: ContextVar[dict[int, Any]] = ContextVar("checkpoint_shared")


def _lookup(key: int) -> Any:
    return _TABLE.get()[key]


def _shared(obj: Any) -> tuple[Any, ...]:
    table = _TABLE.get()
    table.setdefault(id(obj), obj)
    return _lookup, (id(obj),)


def _shared_if_singleton(obj: Any) -> Any:
    if obj is PageBegin or obj is NONE:
        return _shared(obj)
    return obj.__reduce_ex__(5)


def _copy(root: Any, renderer: type, extra: dict[int, Any]) -> Any:
    """A deep copy of `root` (pickled and read back: several times quicker than copy.deepcopy) sharing what
    `_shared` names, renderers (of type `renderer`), and `extra` (id -> what stands for it in the copy)."""
    data, table = _dump(root, renderer, extra)
    return _load(data, table)


def _dump(root: Any, renderer: type, extra: dict[int, Any]) -> tuple[bytes, dict[int, Any]]:
    """`root` pickled, and the table of what the pickle shares (`_load` reads it back with that table)."""
    table = dict(extra)
    token = _TABLE.set(table)
    try:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = {  # type: ignore[misc]
            renderer: _shared,
            TTFont: _shared,
            ParagraphStyle: _shared,
            type(PageBegin): _shared_if_singleton,
            type(NONE): _shared_if_singleton,
            **{type(v): _shared_extra for v in extra.values()},
        }
        pickler.dump(root)
        return buffer.getvalue(), table
    finally:
        _TABLE.reset(token)


def _load(data: bytes, table: dict[int, Any]) -> Any:
    token = _TABLE.set(table)
    try:
        return pickle.loads(data)
    finally:
        _TABLE.reset(token)


def _shared_extra(obj: Any) -> Any:
    if id(obj) in _TABLE.get():
        return _lookup, (id(obj),)
    return obj.__reduce_ex__(5)


def take(
    doc: Any,
    renderer: Any,
    story: list[Any],
    signed: list[tuple[Any, ...]],
    flowables: list[Any],
    made: list[tuple[Any, Paragraph]],
    keep: bool = False,
) -> Checkpoint | None:
    """A copy of the layout as it is, the figure `flowables[0]` about to be offered to the page (None when the
    rest of the story is not a tail of `story`, or a flowable placed looked ahead past the figure, or the copy
    meets something it cannot make: the second layout then starts from the first page).  With `keep`, the copy
    also keeps what makes another copy of the same state later (`Checkpoint.kept`: for the next watch build,
    `Kept`); it then shares no note paragraph with this layout, since the next build's pool may take those."""
    placed = len(story) - len(flowables)
    if placed <= 0 or any(a is not b for a, b in zip(story[placed:], flowables, strict=True)):
        return None
    if _looked_ahead(story, placed):
        return None
    pdf = doc.canv._doc  # noqa: SLF001
    fonts = _fonts(pdf)
    shared = {} if keep else {id(p): p for p in _finished_notes(doc.note_area, renderer._note_cache)}  # noqa: SLF001
    md5 = pdf.signature.copy()  # the document's running MD5 (for its /ID) is copied by its own method
    try:
        data, table = _dump(
            (
                doc,
                renderer._note_cache,
                [f.state[pdf] for f in fonts],  # noqa: SLF001
                _ids(doc.note_area),
                made,
            ),
            type(renderer),
            {id(pdf.signature): md5.copy(), **shared},
        )
        copied, cache, made = _restore(_load(data, table), fonts)
    except Exception:  # noqa: BLE001 - a state the copy cannot make (a closure, a structure too deep): no checkpoint
        return None
    numbers = sorted({n for n, _page in doc.layout_log.order})
    checkpoint = Checkpoint(copied, cache, placed, signed[:placed], note_facts(renderer, numbers), doc.page, made)
    if keep:
        kept_table = {k: v for k, v in table.items() if v is not renderer}
        checkpoint.kept = Kept(
            data, kept_table, id(renderer), id(pdf.signature), md5, fonts, placed, checkpoint.story, checkpoint.notes, doc.page
        )
    return checkpoint


def _restore(loaded: Any, fonts: list[TTFont]) -> tuple[Any, dict[tuple[int, bool], tuple[Paragraph, str]], Any]:
    """A copy read back (`_load`) made whole: the fonts' states for its document, its note area's caches keyed."""
    copied, cache, states, ids, made = loaded
    for font, state in zip(fonts, states, strict=True):
        font.state[copied.canv._doc] = state  # noqa: SLF001
    _rekey(copied.note_area, ids)
    return copied, cache, made


def _finished_notes(area: Any, cache: dict[tuple[int, bool], tuple[Paragraph, str]]) -> list[Paragraph]:
    """The note paragraphs the copy may share rather than copy: those of notes whose last part was drawn on a page
    already ended.  Nothing touches them again: the layout going on past the figure plans, measures and draws only
    notes it has not finished (their markers come later), and so does the layout carrying on the copy.  They
    were half of a copy's size (the default pack: 0.5 of 1 MB pickled)."""
    done = {placed.number for placed in area.drawn if placed.final}
    return [para for (number, _ibid), (para, _source) in cache.items() if number in done]


def _looked_ahead(story: list[Any], placed: int) -> bool:
    """Whether a flowable placed keeps with one not placed yet (a heading with the figure): it was measured, with
    its notes as numbered then, to decide where what is placed went."""
    later = {id(f) for f in story[placed:]}
    for f in story[:placed]:
        seen = 0
        follower = getattr(f, "keep_with_next", None)
        while follower is not None and seen < 100:
            if id(follower) in later:
                return True
            follower, seen = getattr(follower, "keep_with_next", None), seen + 1
    return False


def note_facts(renderer: Any, numbers: Iterable[int]) -> dict[int, tuple[Any, ...]]:
    """Each note as the note area sets it: its citation's key and the note (its number, sources, text whole and
    as Ibid.; the renderer makes its paragraph from these alone)."""
    notes, keys = renderer.notes_by_number, renderer.note_keys
    return {n: (keys.get(n), notes.get(n)) for n in numbers}


def _fonts(pdf: Any) -> list[TTFont]:
    return [f for f in pdfmetrics._fonts.values() if isinstance(f, TTFont) and pdf in f.state]  # noqa: SLF001


def _ids(area: Any) -> dict[int, Any]:
    """The paragraphs the note area's caches are keyed by (by id), copied with the area to key the copies."""
    out = {k[0]: v[0].para for k, v in area._splits.items()}  # noqa: SLF001  # the entry split holds its paragraph
    for key in area._run_in_cache:  # noqa: SLF001
        for e in area.page_entries():
            if any(i == id(e.para) for _, i in key):
                out[id(e.para)] = e.para
    return out


def _rekey(area: Any, ids: dict[int, Any]) -> None:
    """The note area's caches are keyed by their paragraphs' ids: key them by the copies' ids."""
    area._splits = {(id(ids[k[0]]), *k[1:]): v for k, v in area._splits.items() if k[0] in ids}  # noqa: SLF001
    area._run_in_cache = {
        tuple((n, id(ids[i])) for n, i in key): v  # noqa: SLF001
        for key, v in area._run_in_cache.items()
        if all(i in ids for _, i in key)
    }  # noqa: SLF001


@dataclass
class Checkpoints:
    """A renderer's first layout as far as carrying it on goes: its story as made, and the copy it keeps."""

    story: list[Any] | None = None  # the story as made, before layout consumes it (None: not a first layout)
    signed: list[tuple[Any, ...]] = field(default_factory=list)  # `signature` of each of its flowables
    pool_start: int = 0  # how many paragraphs the pool had been given when the story was made
    taken: Checkpoint | None = None  # the latest copy
    same_for: int = -1  # how many flowables the story begins with as the last build's first layout did (watch)
    carried: Kept | None = None  # the copy an earlier build kept, which this first layout carries on (watch)

    def start(self, story: list[Any]) -> None:
        """A first layout is about to lay out `story`."""
        self.story, self.signed = list(story), [signature(f) for f in story]
        pool = current_pool()
        self.pool_start = len(pool.made) if pool is not None else 0
        layouts = kept_layouts()
        if layouts is not None:
            self.same_for = _same_for(layouts.signed, self.signed)
            layouts.signed = self.signed

    def on_hold(self, doc: Any, flowables: list[Any]) -> None:
        """A figure that cites is about to be held: keep a copy of the layout here (`take`), at most one."""
        if self.story is None or not worth_taking(self.taken, doc.page):
            return
        placed = len(self.story) - len(flowables)
        if self.carried is not None and placed == self.carried.placed and not _looked_ahead(self.story, placed):
            # this layout carried on that copy from here, the figure at its head: its state now is the copy's
            taken, self.carried = self.carried.checkpoint(doc.ctx), None
        else:
            pool = current_pool()
            made = pool.made[self.pool_start : doc.pool_mark] if pool is not None else []  # not what the fit test made
            layouts = kept_layouts()
            keep = layouts is not None and self.same_for >= placed  # the story alike up to the figure
            taken = take(doc, doc.ctx, self.story, self.signed, flowables, made, keep)
            if taken is not None and layouts is not None and taken.kept is not None:
                layouts.kept = taken.kept
        if taken is not None:
            if self.taken is not None:  # the copy replaced is a web of cycles: free it now (the build runs with
                self.taken = None  # automatic collection off, pipeline.gc_paused)
                gc.collect()
            self.taken = taken

    def page_done(self, page: int) -> None:
        """No copy past `_MAX_PAGE`: let go of the story (it kept every flowable of a long pack alive)."""
        if page >= _MAX_PAGE and self.story is not None:
            self.story, self.signed = None, []

    def drop(self) -> None:
        """The layout is the last: free a copy taken for a second one, before the PDF is written (peak memory)."""
        unused = self.taken is not None and self.taken.doc is not None
        self.story, self.signed, self.taken = None, [], None
        if unused:
            gc.collect()


def adopt(cp: Checkpoint, renderer: Any, story: list[Any], first: bool = False) -> Any:
    """The first layout's copy made `renderer`'s (a second layout's, or with `first` another build's first layout's:
    its notes, page furniture, note paragraphs), or None when its story does not place as the first one did up to
    the copy.  A first layout carried on still ends at the first marker out of order and copies itself at the
    figure it holds, as the layout copied was about to."""
    if cp.doc is None or not cp.matches(story, note_facts(renderer, cp.notes)):
        return None
    doc, cp.doc = cp.doc, None  # carried on once
    doc.ctx = renderer
    area = doc.note_area
    area.make_note, area.page_sources = renderer.make_note, renderer.note_area.page_sources
    renderer.note_area = area
    doc.first_out_of_order.keys = renderer.note_keys
    if not first:
        doc.first_out_of_order.active = False
        doc.floats.on_hold = None
    for template in doc.pageTemplates:
        for hook in ("onPage", "onPageEnd"):
            fn = getattr(template, hook)
            if isinstance(getattr(fn, "__self__", None), type(renderer)):
                setattr(template, hook, getattr(renderer, fn.__name__))
    renderer._note_cache = {k: v for k, v in cp.note_cache.items() if k[0] in cp.notes}  # noqa: SLF001
    pool = current_pool()
    if pool is not None:  # the paragraphs a second layout from the first page would have given the pool by now
        for key, para in cp.made:
            pool.put(key, para)
    return doc


def carry_kept(layouts: KeptLayouts, renderer: Any, story: list[Any]) -> tuple[Any, int]:
    """A first layout's document carrying on the copy `layouts` kept, made `renderer`'s, and how many flowables of
    `story` it placed; (None, 0) when the story does not place as the kept copy's did up to it (which is then
    dropped: a later build's story will not either, unless an edit is undone)."""
    kept, layouts.kept = layouts.kept, None
    if kept is None or not kept.matches(story, note_facts(renderer, kept.notes)):
        return None, 0
    copy = kept.checkpoint(renderer)
    if copy is None:
        return None, 0
    layouts.kept = kept  # still good for a next build whose story is the same up to its figure
    renderer.checkpoints.start(story)
    renderer.checkpoints.carried = kept  # read back again at the figure for the second layout
    doc = adopt(copy, renderer, story, first=True)
    return doc, copy.placed


def carry_on(doc: Any, flowables: list[Any]) -> None:
    """Carry on a copied layout with `flowables`: ReportLab's `BaseDocTemplate.build` from its loop on."""
    canv = doc.canv
    try:
        canv._doctemplate = doc  # noqa: SLF001
        while len(flowables):
            if doc._hanging and doc._hanging[-1] is PageBegin and isinstance(flowables[0], PageBreakIfNotEmpty):  # noqa: SLF001
                npt = flowables[0].nextTemplate
                if npt and not doc._samePT(npt):  # noqa: SLF001
                    npt = NextPageTemplate(npt)
                    npt.apply(doc)
                    doc._setPageTemplate()  # noqa: SLF001
                del flowables[0]
            doc.clean_hanging()
            doc.handle_flowable(flowables)
    finally:
        del canv._doctemplate  # noqa: SLF001
    canv._doc.info = doc._savedInfo  # noqa: SLF001
    doc._endBuild()  # noqa: SLF001
