"""Stage 3, check: rules over the parsed pack, each its own function.

A rule takes the pack (and the check context) and returns diagnostics; it
never raises and never renders.  `build` runs the same rules and refuses to
render while any error remains.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from briefing.diagnostics import Diagnostic, error, warning
from briefing.load import display_path
from briefing.model import (
    Block,
    Pack,
    Paragraph,
    ListBlock,
    Quote,
    RichText,
    XRef,
    Strong,
    Emph,
    block_texts,
    cites_in,
    plain_text,
    walk_sections,
)


@dataclass(frozen=True)
class CheckContext:
    content_dir: Path
    sources_dir: Path | None = None  # where source `text:` files live, when given on the command line


Rule = Callable[[Pack, CheckContext], Iterator[Diagnostic]]


def _all_blocks(pack: Pack) -> Iterator[Block]:
    for section in walk_sections(pack.sections):
        yield from section.blocks


def _all_texts(pack: Pack) -> Iterator[RichText]:
    for block in _all_blocks(pack):
        yield from block_texts(block)


def _xrefs(text: RichText) -> Iterator[XRef]:
    for node in text:
        if isinstance(node, XRef):
            yield node
        elif isinstance(node, (Strong, Emph)):
            yield from _xrefs(node.children)


def duplicate_source_ids(pack: Pack, ctx: CheckContext) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    for source in pack.sources:
        if source.id in seen:
            yield error(source.pos, f"duplicate source id '{source.id}' (first defined at line {seen[source.id]})")
        else:
            seen[source.id] = source.pos.line


def duplicate_section_ids(pack: Pack, ctx: CheckContext) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for section in walk_sections(pack.sections):
        if not section.id:
            continue
        if section.id in seen:
            yield error(section.pos, f"duplicate section id '{section.id}' (first used in {seen[section.id]})")
        else:
            seen[section.id] = f"{section.pos.file}:{section.pos.line}"


def citations_resolve(pack: Pack, ctx: CheckContext) -> Iterator[Diagnostic]:
    ids = [s.id for s in pack.sources]
    known = set(ids)
    for text in _all_texts(pack):
        for cite in cites_in(text):
            for ref in cite.refs:
                if ref.source not in known:
                    near = difflib.get_close_matches(ref.source, ids, n=1, cutoff=0.6)
                    hint = f"; did you mean '{near[0]}'?" if near else ""
                    yield error(ref.pos, f"citation of unknown source '{ref.source}'{hint}")


def cross_references_resolve(pack: Pack, ctx: CheckContext) -> Iterator[Diagnostic]:
    ids = [s.id for s in walk_sections(pack.sections) if s.id]
    for text in _all_texts(pack):
        for xref in _xrefs(text):
            if xref.target not in ids:
                near = difflib.get_close_matches(xref.target, ids, n=1, cutoff=0.6)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                yield error(xref.pos, f"reference to unknown section '{xref.target}'{hint}")


def sources_cited(pack: Pack, ctx: CheckContext) -> Iterator[Diagnostic]:
    cited = {ref.source for text in _all_texts(pack) for cite in cites_in(text) for ref in cite.refs}
    for source in pack.sources:
        if source.id and source.id not in cited:
            yield warning(source.pos, f"source '{source.id}' is never cited")


def statements_cited(pack: Pack, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Factual paragraphs and list items should carry a citation."""
    for block in _all_blocks(pack):
        if isinstance(block, Paragraph) and not cites_in(block.text) and len(plain_text(block.text)) > 40:
            yield warning(block.pos, "paragraph has no citation")
        if isinstance(block, ListBlock):
            for item in block.items:
                if not cites_in(item) and len(plain_text(item)) > 40:
                    yield warning(block.pos, f"list item has no citation: '{plain_text(item)[:40]}…'")


def source_files_exist(pack: Pack, ctx: CheckContext) -> Iterator[Diagnostic]:
    for source in pack.sources:
        if not source.text:
            continue
        path = source_text_path(source.text, ctx)
        pos = source.text_pos or source.pos
        if path is None:
            yield error(pos, f"source text '{source.text}' is outside the content directory; give its folder with --sources")
        elif not path.is_file():
            if ctx.sources_dir is None:
                yield warning(pos, f"source text '{source.text}' not found in the content directory; give its folder with --sources to check quotations")
            else:
                yield error(pos, f"source text '{source.text}' not found in {display_path(ctx.sources_dir)}")


def do_not_print(pack: Pack, ctx: CheckContext) -> Iterator[Diagnostic]:
    """Names the pack must never print (children, private individuals) are errors wherever they appear."""
    names = [n for n in pack.meta.do_not_print if n]
    if not names:
        return
    patterns = [(n, re.compile(r"\b" + re.escape(n) + r"\b", re.IGNORECASE)) for n in names]
    for section in walk_sections(pack.sections):
        for block in section.blocks:
            words = " ".join(plain_text(t) for t in block_texts(block))
            if isinstance(block, Quote):
                words += f" {block.speaker} {block.role}"
            for name, pattern in patterns:
                if pattern.search(words):
                    yield error(block.pos, f"'{name}' is on the pack's do-not-print list")
        for name, pattern in patterns:
            if pattern.search(section.title):
                yield error(section.pos, f"'{name}' is on the pack's do-not-print list")


def source_text_path(name: str, ctx: CheckContext) -> Path | None:
    """Resolve a source's `text:` file: in --sources when given, else inside the content directory only."""
    base = ctx.sources_dir or ctx.content_dir
    path = (base / name).resolve()
    try:
        path.relative_to(base.resolve())
    except ValueError:
        return None
    return path


RULES: tuple[Rule, ...] = (
    duplicate_source_ids,
    duplicate_section_ids,
    citations_resolve,
    cross_references_resolve,
    sources_cited,
    statements_cited,
    source_files_exist,
    do_not_print,
)


def check(pack: Pack, ctx: CheckContext) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in RULES:
        out.extend(rule(pack, ctx))
    return out
