"""Stage 3, check: rules over the parsed pack, each its own function.

A rule takes the pack, the check context and the collector it reports to
(`Diagnostics`); it never raises and never renders.  `build` runs the same rules and refuses to
render while any error remains.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from briefing import accessible, foreign_markup, packfolder
from briefing.diagnostics import BriefingError, Diagnostics, Pos
from briefing.fidelity import FIDELITY_RULES
from briefing.filecache import FileCache
from briefing.images import pictures_readable
from briefing.load import (
    Map,
    Node,
    Scalar,
    Seq,
    contained,
    display_path,
    load_yaml,
)
from briefing.locate import locate, words_pattern
from briefing.model import (
    Cite,
    Emph,
    ListBlock,
    Pack,
    Paragraph,
    Quote,
    RichText,
    Strong,
    XRef,
    all_blocks,
    block_texts,
    cites_in,
    plain_text,
    walk_sections,
)
from briefing.printed import address_problems, bidi_controls, char_name, fold_pieces, name_pattern, quick_fold
from briefing.quotes import find_quote
from briefing.sourcetexts import (
    MAX_SOURCE_TEXTS_BYTES,
    CheckContext,
    read_source_text,
    source_text_place,
    text_absent,
    texts_of,
    texts_over_budget,
)
from briefing.suggest import Suggester

Rule = Callable[[Pack, CheckContext, Diagnostics], None]  # reports what it finds to the collector


def _all_texts(pack: Pack) -> Iterator[RichText]:
    for block in all_blocks(pack):
        yield from block_texts(block)


def _xrefs(text: RichText) -> Iterator[XRef]:
    for node in text:
        if isinstance(node, XRef):
            yield node
        elif isinstance(node, (Strong, Emph)):
            yield from _xrefs(node.children)


def duplicate_source_ids(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    seen: dict[str, int] = {}
    for source in pack.sources:
        if source.id in seen:
            out.error(source.pos, f"duplicate source id '{source.id}' (first defined at line {seen[source.id]})")
        else:
            seen[source.id] = source.pos.line


def duplicate_section_ids(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    seen: dict[str, Pos] = {}
    for section in walk_sections(pack.sections):
        if not section.id:
            continue
        if section.id in seen:  # the id's own line and column are looked up only for an error (a regex each)
            first = _id_pos(seen[section.id], section.id, ctx)
            out.error(_id_pos(section.pos, section.id, ctx), f"duplicate section id '{section.id}' (first used at {first})")
        else:
            seen[section.id] = section.pos


def _id_pos(pos: Pos, ident: str, ctx: CheckContext) -> Pos:
    return locate(pos, rf"\bid:\s*[\"']?(?P<at>{re.escape(ident)})(?![\w.-])", 4, ctx.files)


def citations_resolve(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    ids = [s.id for s in pack.sources]
    known = set(ids)
    suggest = Suggester(ids)
    for text in _all_texts(pack):
        for cite in cites_in(text):
            for ref in cite.refs:
                if ref.source not in known:
                    near = suggest.closest(ref.source)
                    hint = f"; did you mean '{near}'?" if near else ""
                    out.error(ref.pos, f"citation of unknown source '{ref.source}'{hint}")


def cross_references_resolve(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    if any(node is None for node, kind in _pack_files(Path(pack.root), ctx.files) if kind == "section"):
        return  # a section file that cannot be read has been reported; its ids are unknown, not missing
    ids = [s.id for s in walk_sections(pack.sections) if s.id]
    known = set(ids)
    suggest = Suggester(ids)
    for text in _all_texts(pack):
        for xref in _xrefs(text):
            if xref.target not in known:
                near = suggest.closest(xref.target)
                hint = f"; did you mean '{near}'?" if near else ""
                out.error(xref.pos, f"reference to unknown section '{xref.target}'{hint}")


def sources_cited(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    if not pack.sections:
        return  # nothing could cite them yet; the missing sections are the problem
    cited = {ref.source for text in _all_texts(pack) for cite in cites_in(text) for ref in cite.refs}
    for source in pack.sources:
        if source.id and source.id not in cited:
            out.warning(source.pos, f"source '{source.id}' is never cited")


def statements_cited(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """Factual paragraphs and list items should carry a citation."""
    for block in all_blocks(pack):
        if isinstance(block, Paragraph) and not cites_in(block.text) and len(plain_text(block.text)) > 40:
            out.warning(block.pos, "paragraph has no citation")
        if isinstance(block, ListBlock):
            for item in block.items:
                words = plain_text(item)
                if not cites_in(item) and len(words) > 40:
                    where = locate(block.pos, words_pattern(words), files=ctx.files)
                    out.warning(where, f"list item has no citation: '{words[:40]}…'")


def adjacent_citations(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """`[@a] [@b]` makes two notes printed ¹,²; one note citing both is usually what was meant."""
    for text in _all_texts(pack):
        for before, after in zip(text, text[1:], strict=False):
            if isinstance(before, Cite) and isinstance(after, Cite):
                refs = (*before.refs, *after.refs)
                ids = "; ".join(f"@{r.source}, {r.locator}" if r.locator else f"@{r.source}" for r in refs)
                out.warning(after.pos, f"two citations side by side print as two notes; write [{ids}] for one note citing both")


MAX_TITLE_CHARS = 200  # a section title longer than this cannot sit on a contents line and a page as a heading


def titles_fit(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """A section title must fit the contents page and a heading: reported at the title, in its own file."""
    for section in walk_sections(pack.sections):
        if len(section.title) > MAX_TITLE_CHARS:
            where = locate(section.pos, r"\btitle:\s*(?P<at>\S)", 4, ctx.files)
            out.error(
                where,
                f"the section title is {len(section.title):,} characters; the limit is {MAX_TITLE_CHARS} "
                "(put the detail in the section's first paragraph)",
            )


def sources_folder_exists(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    if ctx.sources_dir is not None and not ctx.sources_dir.is_dir():
        what = "is not a directory" if ctx.sources_dir.exists() else "does not exist"
        out.error(Pos(display_path(ctx.sources_dir)), f"sources directory {what} (given with --sources)")


def source_files_exist(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """Each source's `text:` file is inside the folder it must be in, exists, and is readable UTF-8."""
    if ctx.sources_dir is not None and not ctx.sources_dir.is_dir():
        return  # one error for the folder, from sources_folder_exists
    named = [s for s in pack.sources if s.text]
    if ctx.sources_dir is None and named and not ctx.building and all(text_absent(s, ctx) for s in named):
        # None of the texts is in the pack (a publisher's text is often kept out of it): one line, not one a source.
        which = "the source text named is not" if len(named) == 1 else f"none of the {len(named)} source texts named is"
        out.note(
            named[0].text_pos or named[0].pos,
            f"quotations not checked: {which} in the pack's folder; give the folder that holds them with --sources DIR",
        )
        return
    over = texts_over_budget(pack, ctx)
    for source in pack.sources:
        if not source.text:
            continue
        path, problem = source_text_place(source.text, ctx)
        pos = source.text_pos or source.pos
        if path is None:
            shown = _shorten(source.text, 80)
            if not problem.startswith(("is ", "cannot ")):
                out.error(pos, f"source text '{shown}': {problem}")
            elif ctx.sources_dir is None and problem.startswith("is outside"):
                out.error(pos, f"source text '{shown}' {problem}; give its folder with --sources")
            else:
                out.error(pos, f"source text '{shown}' {problem}")
        elif not path.exists():
            if ctx.sources_dir is None and ctx.building:
                continue
            if ctx.sources_dir is None:
                out.warning(
                    pos,
                    f"source text '{source.text}' not found in the content directory; "
                    "give its folder with --sources to check quotations",
                )
            else:
                out.error(pos, f"source text '{source.text}' not found in {display_path(ctx.sources_dir)}")
        elif path in over:
            out.error(
                pos,
                f"source text '{source.text}': with this file the pack's source texts come to over "
                f"{MAX_SOURCE_TEXTS_BYTES:,} bytes, the limit for all of them together; shorten the "
                "texts to the parts the pack quotes",
            )
            over -= {path}  # once for each file
        else:
            _, problem = read_source_text(path, ctx.files)
            if problem:
                out.error(pos, f"source text '{source.text}': {problem}")


# ------------------------------------------------------------------ quotations


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _misquote(quoted: str, texts: list[tuple[str, str, str]]) -> str:
    """'' when `quoted` is verbatim in one of the texts, else what to tell the user."""
    if not texts:
        return ""
    misses = []
    for source_id, name, text in texts:
        match = find_quote(quoted, text)
        if match.found:
            return ""
        misses.append((source_id, name, match))
    source_id, name, match = misses[0]
    closest = f"; closest passage: “{_shorten(match.closest)}”" if match.closest else ""
    return f"not found verbatim in source '{source_id}' ({name}): {match.difference}{closest}"


def quotations_verbatim(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """A quotation must be found, word for word, in a source it cites that has a text file.

    Only white space, quote-mark, apostrophe and dash styles may differ (quotes.normalise).
    """
    for block in all_blocks(pack):
        if not isinstance(block, Quote):
            continue
        texts = texts_of((r.source for r in block.cite.refs), pack, ctx)
        problem = _misquote(plain_text(block.text), texts)
        if problem:
            out.warning(block.text_pos or block.pos, f"quotation {problem}")


_INLINE_QUOTE = re.compile(r"“([^“”]+)”")


def inline_quotations_verbatim(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """Words in “quote marks” in running text must be in a source that the same text cites."""
    for block in all_blocks(pack):
        if isinstance(block, Quote):
            continue
        for text in block_texts(block):
            cites = cites_in(text)
            if not cites:
                continue
            texts = texts_of((r.source for c in cites for r in c.refs), pack, ctx)
            for quoted in _INLINE_QUOTE.findall(plain_text(text)):
                problem = _misquote(quoted, texts)
                if problem:
                    where = locate(block.pos, "“" + words_pattern(quoted), files=ctx.files)
                    out.warning(where, f"quoted words “{_shorten(quoted, 60)}” {problem}")


# ------------------------------------------------------------------ names that must not be printed

# Values that are never printed: ids, file names, settings, citations' source ids.
_UNPRINTED_KEYS = frozenset({"id", "do_not_print", "style", "language", "file"})  # file: an image's file name
# Fields whose values print as they are, without inline markup.
_ADDRESS_KEYS = {"url": "web address", "contact": "e-mail address"}


@dataclass(frozen=True)
class Printed:
    """A scalar that reaches the PDF, the field it belongs to, and whether its inline markup is rendered."""

    scalar: Scalar
    key: str
    markup: bool = True


def _printed_scalars(node: Node, in_sources: bool, top: bool = False, key: str = "") -> Iterator[Printed]:
    """Every scalar of a content file that can reach the PDF, with its position."""
    if isinstance(node, Scalar):
        yield Printed(node, key)
    elif isinstance(node, Seq):
        for item in node.items:
            yield from _printed_scalars(item, in_sources, key=key)
    elif isinstance(node, Map):
        for k, value in node.entries:
            name = k.value
            if name == "cite":
                yield from (Printed(s, "locator", markup=False) for s in _cite_locators(value))
                continue
            if (
                name in _UNPRINTED_KEYS
                or (in_sources and name == "text")
                or (top and name == "sections")
                or (top and name == "sources" and isinstance(value, Scalar))
            ):
                continue
            yield from _printed_scalars(value, in_sources or (top and name == "sources"), key=name)


def _cite_locators(node: Node) -> Iterator[Scalar]:
    items = node.items if isinstance(node, Seq) else (node,)
    for item in items:
        if isinstance(item, Map):
            locator = item.get("locator")
            if isinstance(locator, Scalar):
                yield locator


def _load(path: Path, files: FileCache) -> Node | None:
    """A content file's nodes, as parse read them (None when it cannot be loaded: parse has reported why)."""
    try:
        return load_yaml(path, Diagnostics(), files)  # its problems are parse's to report
    except BriefingError:
        return None


def _pack_files(root: Path, files: FileCache) -> list[tuple[Node | None, str]]:
    """Each content file pack.yaml names, loaded, with its kind: "pack", "sources" or "section".

    Files that are missing or outside the content directory are left out (parse reports them).
    """
    top = _load(root / "pack.yaml", files)
    if not isinstance(top, Map):
        return []
    out: list[tuple[Node | None, str]] = [(top, "pack")]
    names: list[tuple[str, str]] = []
    sources = top.get("sources")
    if sources is None:
        names.append(("sources.yaml", "sources"))
    elif isinstance(sources, Scalar):
        names.append((sources.value.strip(), "sources"))
    listed = top.get("sections")
    names += [(n.value.strip(), "section") for n in (listed.items if isinstance(listed, Seq) else ()) if isinstance(n, Scalar)]
    for name, kind in names:
        path, _ = contained(root, name)
        try:
            if path is None or not path.is_file():
                continue
        except OSError:
            continue
        out.append((_load(path, files), kind))
    return out


def do_not_print(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """Names the pack must never print (children, private individuals) are errors wherever they appear.

    The rule reads the content files themselves, not the model, so it sees every value that can
    reach the PDF (titles, blocks, speakers, people, source titles and notes, citation locators,
    keywords in the PDF's metadata, any new block kind) and reports each at its own line and column.
    It matches what is printed, not what is typed (briefing.printed): markup rendered, invisible
    characters removed, look-alike letters folded and overridden runs read in display order, so
    `**Jane** Roe`, "Ja\u00adne Roe" and a Cyrillic "Jаne Roe" are all caught.
    """
    names = [n for n in dict.fromkeys(pack.meta.do_not_print) if n.strip()]
    patterns = [(n, p) for n, p in ((n, name_pattern(n)) for n in names) if p is not None]
    if not patterns:
        return
    for root, kind in _pack_files(Path(pack.root), ctx.files):
        if root is None:
            continue
        for printed in _printed_scalars(root, kind == "sources", top=kind == "pack"):
            value = printed.scalar.value
            quick = quick_fold(value)
            if quick is not None and not any(pattern.search(quick) for _, pattern in patterns):
                continue  # nothing like a name here: skip the character-by-character fold
            seen: set[tuple[int, int]] = set()
            for piece in fold_pieces(value, printed.markup):
                for name, pattern in patterns:
                    for m in pattern.finditer(piece.text):
                        a, b = piece.span(m.start(), m.end())
                        if (a, b) not in seen:
                            seen.add((a, b))
                            out.error(printed.scalar.pos_of(value[a:b]), f"'{name}' is on the pack's do-not-print list")


def printed_characters(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """No printed value may reorder what the reader sees, and no address may hide or disguise a character.

    A direction override or isolate (U+202A-U+202E, U+2066-U+2069) makes "\u202e0001\u202c" show as "1000";
    an address with a zero-width character or letters from two scripts passes for another address.
    """
    for root, kind in _pack_files(Path(pack.root), ctx.files):
        if root is None:
            continue
        for printed in _printed_scalars(root, kind == "sources", top=kind == "pack"):
            value = printed.scalar.value
            for ch in dict.fromkeys(c for _, c in bidi_controls(value)):
                out.error(
                    printed.scalar.pos_of(ch),
                    f"the value holds {char_name(ch)}, which changes the order in which the text around it is shown; remove it",
                )
            address = _ADDRESS_KEYS.get(printed.key)
            if address:
                for problem in address_problems(value, address):
                    out.error(printed.scalar.pos, problem)


def characters_printable(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """A character no font of the style sheet has (neither a regular face nor a fallback) would print as an
    empty box, silently changing a name: an error at the character, saying how to add a font that has it.

    An error, not a warning: the PDF would look complete but read wrong, and the fix (a fallback font in
    the style sheet, or the name written in a script the fonts cover) is the author's to make."""
    from briefing import glyphs

    sheet = ctx.sheet
    if sheet is None:
        return  # the sheet has errors, reported where it was loaded
    try:
        covered, missing = glyphs.sheet_coverage(sheet)
    except (glyphs.FontNotFound, OSError):
        return  # a missing face is reported where the sheet is loaded
    for problem in missing:
        out.error(pack.meta.pos, f"style sheet '{sheet.name}': {problem}")
    for root, kind in _pack_files(Path(pack.root), ctx.files):
        if root is None:
            continue
        for printed in _printed_scalars(root, kind == "sources", top=kind == "pack"):
            scalar = printed.scalar
            if scalar.value.isascii():
                continue
            lacking = glyphs.uncovered(scalar.value, covered)
            if lacking:
                shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in lacking[:6]) + (" …" if len(lacking) > 6 else "")
                out.error(
                    scalar.pos_of(lacking[0]),
                    f"no font of style sheet '{sheet.name}' has {shown}: it would "
                    "print as an empty box; name a font that has it under fallback_fonts: in the style sheet "
                    "(docs/content-format.md lists the scripts the default fonts cover)",
                )


RULES: tuple[Rule, ...] = (
    duplicate_source_ids,
    duplicate_section_ids,
    titles_fit,
    citations_resolve,
    cross_references_resolve,
    sources_cited,
    statements_cited,
    adjacent_citations,
    packfolder.files_listed,
    sources_folder_exists,
    source_files_exist,
    quotations_verbatim,
    inline_quotations_verbatim,
    do_not_print,
    printed_characters,
    pictures_readable,  # briefing/images.py
    accessible.tables_have_headers,
    foreign_markup.foreign_markup,
    *FIDELITY_RULES,  # briefing/fidelity.py: attribution, numbers, plausible sources
    characters_printable,
)


# Rules that only repeat one missing-sources error once per citation when the source list failed to load.
NEEDS_SOURCES: frozenset[Rule] = frozenset({citations_resolve, statements_cited})


def check(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """Run every rule, each reporting to `out`."""
    for rule in RULES:
        if not pack.sources and rule in NEEDS_SOURCES:
            continue  # parse has already said the sources are missing; do not report every citation again
        rule(pack, ctx, out)
