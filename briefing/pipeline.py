"""The stages in order, as one call: load -> parse -> check -> resolve -> render -> write.

The command line and the tests both come through here.  Rendering imports
ReportLab lazily, so checking a pack never pays for it.
"""

from __future__ import annotations

import os
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from briefing.check import CheckContext, check
from briefing.diagnostics import BriefingError, Diagnostic
from briefing.model import Pack
from briefing.parse import parse_pack
from briefing.resolve import resolve
from briefing.style import load_style
from briefing.write import write_atomic


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
    paper: str = "a4"
    sources_dir: Path | None = None
    greyscale: bool = False
    duplex: bool = False
    large_print: bool = False


@dataclass
class Checked:
    pack: Pack
    diagnostics: list[Diagnostic] = field(default_factory=list)

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

    def summary(self) -> str:
        return (f"{self.output}: {self.pages} pages, {self.notes} footnotes, {self.sources} sources, "
                f"{self.size / 1024:.0f} KB, {self.seconds:.2f} s")


def sorted_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    unique = list(dict.fromkeys(diagnostics))
    return sorted(unique, key=Diagnostic.sort_key)


def load_and_check(content_dir: Path, sources_dir: Path | None = None) -> Checked:
    """Parse and check a pack.  Raises BriefingError when it cannot even be parsed."""
    pack, problems = parse_pack(content_dir)
    diagnostics = list(problems)
    ids = {s.id for s in pack.sources}
    if pack.sources or ids:
        diagnostics.extend(check(pack, CheckContext(content_dir, sources_dir)))
    try:
        load_style(pack.meta.style, pack.meta.pos)
    except BriefingError as exc:
        diagnostics.extend(exc.diagnostics)
    return Checked(pack, sorted_diagnostics(diagnostics))


def output_path(pack: Pack, output: Path | None) -> Path:
    if output is not None:
        return output
    return Path("build") / f"{slugify(pack.meta.short_title or pack.meta.id)}.pdf"


def source_date_epoch() -> float | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return float(value) if value.isdigit() else None


def build(content_dir: Path, output: Path | None = None, options: BuildOptions | None = None) -> BuildReport:
    """Check, render and write one pack.  Raises BriefingError (nothing written) on any error."""
    options = options or BuildOptions()
    started = time.perf_counter()
    checked = load_and_check(content_dir, options.sources_dir)
    if checked.errors:
        raise BriefingError(checked.diagnostics)
    pack = checked.pack
    resolved = resolve(pack)
    sheet = load_style(pack.meta.style, pack.meta.pos)

    from briefing.render.document import Renderer, RenderOptions  # ReportLab loads only here

    result = Renderer(resolved, sheet, RenderOptions(
        paper=options.paper,
        greyscale=options.greyscale,
        duplex=options.duplex,
        scale=1.25 if options.large_print else 1.0,
        timestamp=source_date_epoch(),
    )).render()
    path = output_path(pack, output)
    write_atomic(path, result.pdf)
    return BuildReport(path, result.pages, result.notes, len(pack.sources), len(result.pdf),
                       time.perf_counter() - started, checked.diagnostics)
