"""The stages in order, as one call: load -> parse -> check -> resolve -> render -> write.

The command line and the tests both come through here.  Rendering imports
ReportLab lazily, so checking a pack never pays for it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from briefing.check import check
from briefing.diagnostics import BriefingError, Diagnostic, Diagnostics, UsageError, error
from briefing.model import Pack, Section, walk_sections
from briefing.parse import parse_pack
from briefing.resolve import resolve
from briefing.session import Session
from briefing.sourcetexts import CheckContext
from briefing.style import StyleSheet, check_pack_sheets, load_style, looks_for
from briefing.variants import full_sections, handout_warnings, summary_sections
from briefing.write import check_output, write_atomic


def default_content_dir() -> Path:
    """content/ in a checkout, or the copy installed inside the package by `pip install .`."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "content", here / "_content"):
        if (candidate / "pack.yaml").is_file():
            return candidate
    return here.parent / "content"


def slugify(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "briefing"


@dataclass(frozen=True)
class BuildOptions:
    paper: str | None = None  # a4 or letter; None: the style sheet's page size
    sources_dir: Path | None = None
    greyscale: bool = False
    duplex: bool = False
    large_print: bool = False
    variant: str = "full"
    force: bool = False  # write a name without .pdf, or over a file that is not a PDF


@dataclass
class Checked:
    pack: Pack
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sheet: StyleSheet | None = None  # the pack's style sheet, checked (None when it has errors)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


@dataclass(frozen=True)
class BuildReport:
    output: Path
    pages: int
    notes: int
    sources: int
    size: int
    seconds: float
    diagnostics: list[Diagnostic]
    pack: Pack | None = field(default=None, repr=False, compare=False)  # what was built (the e-mail note reads it)

    def summary(self) -> str:
        return (
            f"{self.output}: {_count(self.pages, 'page')}, {_count(self.notes, 'footnote')}, "
            f"{_count(self.sources, 'source')}, {self.size / 1024:.0f} KB, {self.seconds:.2f} s"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def sorted_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    unique = list(dict.fromkeys(diagnostics))
    return sorted(unique, key=Diagnostic.sort_key)


def load_and_check(
    content_dir: Path,
    sources_dir: Path | None = None,
    building: bool = False,
    looks: tuple[str, ...] = (),
    session: Session | None = None,
) -> Checked:
    """Parse and check a pack and its style sheet (with `looks` laid over it), every stage reporting to one
    collector.  Raises BriefingError when the pack cannot even be parsed.  `session`: what earlier builds
    kept (briefing watch's); by default a fresh one, so each file is still read once."""
    session = session if session is not None else Session()
    out = Diagnostics()
    pack = parse_pack(content_dir, out, session.files)
    sheet = None
    with contextlib.suppress(BriefingError):  # reported to `out`; Checked.sheet stays None
        sheet = load_style(pack.meta.style, pack.meta.pos, content_dir, looks, session.sheets, out)
    check(pack, CheckContext(content_dir, sources_dir, building, sheet, session.files), out)
    handout_warnings(pack, out)
    check_pack_sheets(content_dir, pack.meta.style, out, session.sheets)
    return Checked(pack, sorted_diagnostics(out.items), sheet)


def output_name(pack: Pack, variant: str = "full") -> str:
    """`<slug>-<as-at date>[-summary].pdf`: a name that says what and when, fit to attach to an e-mail."""
    suffix = "" if variant == "full" else f"-{variant}"
    return f"{slugify(pack.meta.short_title or pack.meta.id)}-{pack.meta.as_at.iso()}{suffix}.pdf"


def output_path(pack: Pack, output: Path | None, variant: str = "full") -> Path:
    if output is not None:
        return output
    return Path("build") / output_name(pack, variant)


# The latest time a PDF date can hold (9999-12-31T23:59:59Z).
_MAX_EPOCH = 253_402_300_799


def source_date_epoch() -> float | None:
    """SOURCE_DATE_EPOCH as a timestamp, None when unset; a UsageError when it is not whole seconds since 1970."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or int(value) > _MAX_EPOCH:
        raise UsageError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (such as 1700000000), not '{value[:40]}'"
        )
    return float(value)


def pack_files(pack: Pack, sources_dir: Path | None) -> list[Path]:
    """The files a pack is read from: an output must never replace one of them."""
    from briefing.sourcetexts import source_text_path

    root = Path(pack.root)
    files = {root / "pack.yaml", root / "sources.yaml", Path(pack.meta.pos.file)}
    files.update(Path(s.pos.file) for s in walk_sections(pack.sections) if s.pos.file)
    files.update(Path(s.pos.file) for s in pack.sources if s.pos.file)
    ctx = CheckContext(root, sources_dir)
    for source in pack.sources:
        path = source_text_path(source.text, ctx) if source.text else None
        if path is not None:
            files.add(path)
    return sorted(files)


def build(
    content_dir: Path, output: Path | None = None, options: BuildOptions | None = None, session: Session | None = None
) -> BuildReport:
    """Check, render and write one pack.  Raises BriefingError (nothing written) on any error in the pack,
    UsageError (nothing written) when the output path or the environment will not do.  `session`: the warm
    state `briefing watch` keeps from build to build; by default a fresh one, dropped at the end."""
    options = options or BuildOptions()
    session = session if session is not None else Session()
    started = time.perf_counter()
    timestamp = source_date_epoch()
    looks = looks_for(options.variant == "summary", options.large_print, options.greyscale)
    checked = load_and_check(content_dir, options.sources_dir, building=True, looks=looks, session=session)
    if checked.errors or checked.sheet is None:
        raise BriefingError(checked.diagnostics)
    pack = checked.pack
    path = output_path(pack, output, options.variant)
    check_output(path, protected=pack_files(pack, options.sources_dir), force=options.force)
    if _inside(path, content_dir) and path.suffix.lower() != ".pdf":
        raise UsageError(f"'{path}' is inside the pack's folder and is not a PDF; write the PDF somewhere else")
    sections = _sections(pack, options.variant, checked.diagnostics)
    resolved = resolve(pack, sections, sources_section=options.variant != "summary")
    sheet = checked.sheet
    applied = sheet.typed.output  # the looks asked for (--large-print, --greyscale) are in the sheet

    from briefing.render.document import Renderer, RenderOptions  # ReportLab loads only here

    try:
        with _warm(session, sheet, pack.meta.hyphenation):
            result = Renderer(
                resolved,
                sheet,
                RenderOptions(
                    paper=options.paper or sheet.typed.page.size.lower(),
                    greyscale=applied.greyscale,
                    duplex=options.duplex,
                    scale=applied.scale,
                    min_size=applied.min_size,
                    timestamp=timestamp,
                    variant=options.variant,
                ),
                renumber=lambda printed: resolve(pack, sections, options.variant != "summary", printed),
            ).render()
    except BriefingError as exc:  # a layout error: keep the check's warnings with it
        raise BriefingError([*checked.diagnostics, *exc.diagnostics]) from None
    write_atomic(path, result.pdf)
    return BuildReport(
        path,
        result.pages,
        result.notes,
        len(pack.sources),
        len(result.pdf),
        time.perf_counter() - started,
        checked.diagnostics,
        pack,
    )


@contextlib.contextmanager
def _warm(session: Session, sheet: StyleSheet, word_breaks: tuple[str, ...]) -> Iterator[None]:
    """What the render may take from the session and keep in it (nothing, unless it is a watch session's): the
    paragraphs already broken, the deflated streams and font subsets, a first layout's copy of itself."""
    from briefing.render.checkpoint import KeptLayouts, keeping_layouts
    from briefing.render.deflated import Streams, keeping
    from briefing.render.flowables import ParagraphPool, pooled

    with (
        pooled(session.paragraph_pool(ParagraphPool, sheet, word_breaks)),
        keeping(session.stream_memo(Streams)),
        keeping_layouts(session.layout_memo(KeptLayouts)),
    ):
        yield


def _sections(pack: Pack, variant: str, diagnostics: list[Diagnostic]) -> tuple[Section, ...]:
    """The sections the variant prints; an error when a summary would be empty."""
    sections = summary_sections(pack) if variant == "summary" else full_sections(pack)
    if not sections:
        message = "nothing is marked 'summary: true', so the summary handout would be empty"
        raise BriefingError([*diagnostics, error(pack.meta.pos, message)])
    return sections


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


@dataclass(frozen=True)
class Outcome:
    """What building one pack printed: diagnostics and failure lines, the summary line, an exit code."""

    content_dir: str
    code: int
    messages: list[str]
    summary: str = ""
    pack: Pack | None = field(default=None, repr=False, compare=False)  # the pack built, when asked for (keep_pack)


def build_for_cli(
    content_dir: Path,
    output: Path | None,
    options: BuildOptions,
    debug: bool = False,
    keep_pack: bool = False,
    session: Session | None = None,
) -> Outcome:
    """Build one pack, turning every failure into printed lines (a traceback only with `debug`).  With
    `keep_pack` the outcome carries the pack as built, so a caller need not load and check it again;
    `session` is passed to `build`."""
    try:
        with gc_paused():
            report = build(content_dir, output, options, session)
    except BriefingError as exc:
        errors = sum(1 for d in exc.diagnostics if d.severity == "error")
        lines = [str(d) for d in sorted_diagnostics(exc.diagnostics)]
        lines.append(f"briefing: {content_dir}: build failed with {errors} error{'s' if errors != 1 else ''}; no PDF written")
        return Outcome(str(content_dir), 1, lines)
    except UsageError as exc:
        return Outcome(str(content_dir), 2, [f"briefing: {exc}; no PDF written"])
    except Exception as exc:  # noqa: BLE001 - no traceback reaches the user unless asked for
        if debug:
            raise
        return Outcome(
            str(content_dir),
            3,
            [f"briefing: {content_dir}: internal error: {type(exc).__name__}: {exc} (run with --debug for details)"],
        )
    return Outcome(
        str(content_dir), 0, [str(d) for d in report.diagnostics], report.summary(), report.pack if keep_pack else None
    )


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No automatic garbage collection while a pack builds.  A build makes millions of objects that live until
    it ends and few reference cycles: the collector's passes over the live objects were 8-10% of a cold build's
    CPU time at 1x and 13-20% at 10x and 20x, and freed little (peak memory without them: +2 MB at 1x, +18 MB at
    10x, +27 MB at 20x).  A long document still collects once before compaction (render/document.py).  The
    command line turns the collector off for the whole process (cli.main) except in `watch`."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_many(
    dirs: list[Path], output: Path | None, options: BuildOptions, debug: bool = False, session: Session | None = None
) -> list[Outcome]:
    """Build packs, several at once in separate processes; one pack's failure never touches another's.
    `session` (warm state a caller keeps) serves a single pack, built in this process.

    If a worker process dies (killed, out of memory), the pool is broken for every pack still in it; each of
    those is built again in a process of its own, so only the pack whose build kills its process fails.
    """
    if len(dirs) == 1:
        return [build_for_cli(dirs[0], output, options, debug, session=session)]
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    workers = min(len(dirs), os.cpu_count() or 1)
    outcomes: list[Outcome | None] = [None] * len(dirs)
    with ProcessPoolExecutor(max_workers=workers, initializer=gc.enable) as pool:
        futures = [pool.submit(build_for_cli, d, None, options, debug) for d in dirs]
        for i, future in enumerate(futures):
            with contextlib.suppress(BrokenProcessPool):  # built again below, alone
                outcomes[i] = future.result()
    for i, d in enumerate(dirs):
        if outcomes[i] is None:
            outcomes[i] = _build_alone(d, options, debug)
    return [o for o in outcomes if o is not None]


def _build_alone(content_dir: Path, options: BuildOptions, debug: bool) -> Outcome:
    """Build one pack in a process of its own; a process that dies is reported for that pack alone."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, initializer=gc.enable) as pool:
        try:
            return pool.submit(build_for_cli, content_dir, None, options, debug).result()
        except BrokenProcessPool:
            return Outcome(
                str(content_dir),
                3,
                [f"briefing: {content_dir}: the build process stopped unexpectedly (killed, or out of memory); no PDF written"],
            )
