"""Source texts: where a source's `text:` file is, and what it says (read once while unchanged).

The check stage compares quotations with these texts (check.py) and looks for attributions and
numbers in them (fidelity.py); both read them through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.diagnostics import BriefingError
from briefing.filecache import FileCache
from briefing.load import MAX_SOURCE_TEXT_BYTES, contained, display_path, read_text
from briefing.model import Pack, Source

if TYPE_CHECKING:
    from briefing.style import StyleSheet


@dataclass(frozen=True)
class CheckContext:
    content_dir: Path
    sources_dir: Path | None = None  # where source `text:` files live, when given on the command line
    building: bool = False  # a build without --sources does not nag about source texts it was not asked to read
    sheet: StyleSheet | None = None  # the pack's style sheet as checked (None when it has errors, reported there)
    files: FileCache = field(default_factory=FileCache, compare=False)  # the build's Session.files
    # texts_over_budget's answer for the pack being checked (worked out once a check, not once a quotation)
    budget: list[tuple[Pack, frozenset[Path]]] = field(default_factory=list, compare=False, repr=False)
    # source_text_place's answers by file name: a check asks once a quotation (hundreds of times a pack),
    # and each answer resolves three paths, a system call per path component
    places: dict[str, tuple[Path | None, str]] = field(default_factory=dict, compare=False, repr=False)


def source_text_path(name: str, ctx: CheckContext) -> Path | None:
    """Resolve a source's `text:` file: in --sources when given, else inside the content directory only."""
    return source_text_place(name, ctx)[0]


def source_text_place(name: str, ctx: CheckContext) -> tuple[Path | None, str]:
    """A source's `text:` file, resolved, or None and why it cannot be used (outside, a link loop, too long).
    Worked out once a check (`ctx.places`)."""
    if name not in ctx.places:
        base = ctx.sources_dir or ctx.content_dir
        where = "the content directory" if ctx.sources_dir is None else display_path(ctx.sources_dir)
        path, problem = contained(base, name, where)
        ctx.places[name] = (path.resolve() if path is not None else None), problem
    return ctx.places[name]


def text_absent(source: Source, ctx: CheckContext) -> bool:
    """The source's text file would be inside the folder it must be in, but is not there."""
    path = source_text_path(source.text, ctx)
    return path is not None and not path.exists()


def read_source_text(path: Path, files: FileCache | None = None) -> tuple[str | None, str]:
    """(text, "") or (None, why it cannot be used); with `files` (the build's Session.files) read once while
    the file is unchanged."""
    try:
        path.stat()
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"
    return files.get("source text", path, _read) if files is not None else _read(path)


def _read(path: Path) -> tuple[str | None, str]:
    try:
        return read_text(path, MAX_SOURCE_TEXT_BYTES), ""
    except BriefingError as exc:
        d = exc.diagnostics[0]
        where = f" (line {d.pos.line}, column {d.pos.col})" if d.pos.line else ""
        return None, f"{d.message}{where}"


# All the source texts a pack reads, together: three at the limit for one.  Each is held in memory with an
# index of about 14 bytes a character while quotations are checked; more would not fit in 1 GB.
MAX_SOURCE_TEXTS_BYTES = 3 * MAX_SOURCE_TEXT_BYTES


def texts_over_budget(pack: Pack, ctx: CheckContext) -> frozenset[Path]:
    """The source text files past MAX_SOURCE_TEXTS_BYTES, counted in the order sources.yaml lists them:
    these are reported (check.py) and never read.  Worked out once for the pack being checked."""
    if ctx.budget and ctx.budget[0][0] is pack:
        return ctx.budget[0][1]
    total, over, seen = 0, set(), set()
    for source in pack.sources:
        path = source_text_path(source.text, ctx) if source.text else None
        if path is None or path in seen or not path.is_file():
            continue
        seen.add(path)
        total += path.stat().st_size
        if total > MAX_SOURCE_TEXTS_BYTES:
            over.add(path)
    ctx.budget[:] = [(pack, frozenset(over))]
    return ctx.budget[0][1]


def texts_of(ids: Iterable[str], pack: Pack, ctx: CheckContext) -> list[tuple[str, str, str]]:
    """(source id, file name, text) for each cited source whose text file can be read (within the budget)."""
    over = texts_over_budget(pack, ctx)
    by_id = {s.id: s for s in pack.sources}
    out = []
    for source_id in dict.fromkeys(ids):
        source = by_id.get(source_id)
        if source is None or not source.text:
            continue
        path = source_text_path(source.text, ctx)
        if path is None or not path.is_file() or path in over:
            continue
        text, _ = read_source_text(path, ctx.files)
        if text is not None:
            out.append((source_id, source.text, text))
    return out
