"""The command line: `briefing build`, `briefing check`.

Problems print one a line as `file:line:column: error: message`; no traceback
reaches the user unless --debug is given.
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from briefing import __version__
from briefing.diagnostics import BriefingError, Diagnostic

app = typer.Typer(
    help="Turn a folder of YAML content into a printable PDF briefing pack with page-bottom footnotes.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class Paper(str, enum.Enum):
    a4 = "a4"
    letter = "letter"


class Format(str, enum.Enum):
    text = "text"
    json = "json"


ContentArg = Annotated[
    Optional[Path],
    typer.Argument(help="Folder holding pack.yaml and the section files. Default: the bundled default pack.",
                   show_default=False, metavar="CONTENT_DIR"),
]
SourcesOpt = Annotated[
    Optional[Path],
    typer.Option("--sources", help="Folder holding the sources' plain-text files (for quotation checks).",
                 show_default=False),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show a full traceback on unexpected failures.")]


def _print_diagnostics(diagnostics: list[Diagnostic], fmt: Format = Format.text) -> None:
    if fmt is Format.json:
        rows = [{"file": d.pos.file, "line": d.pos.line, "column": d.pos.col, "severity": d.severity,
                 "message": d.message} for d in diagnostics]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for d in diagnostics:
        typer.echo(str(d), err=True)


def _content(path: Path | None) -> Path:
    from briefing.pipeline import default_content_dir

    return path if path is not None else default_content_dir()


def _fail_unexpected(exc: BaseException, debug: bool) -> None:
    if debug:
        raise exc
    typer.echo(f"briefing: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
    raise typer.Exit(3)


@app.command()
def build(
    content_dir: ContentArg = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Where to write the PDF. Default: build/<slug>.pdf.",
                                                   show_default=False)] = None,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size.")] = Paper.a4,
    sources: SourcesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Check a pack and, if it has no errors, write its PDF (atomically: a failed build keeps the old PDF)."""
    from briefing.pipeline import BuildOptions
    from briefing.pipeline import build as run_build

    try:
        report = run_build(_content(content_dir), output, BuildOptions(paper=paper.value, sources_dir=sources))
    except BriefingError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = sum(1 for d in exc.diagnostics if d.severity == "error")
        typer.echo(f"briefing: build failed with {errors} error{'s' if errors != 1 else ''}; no PDF written", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        typer.echo("briefing: interrupted; no PDF written", err=True)
        raise typer.Exit(130) from None
    except Exception as exc:  # noqa: BLE001 - the one place that turns surprises into a clean exit
        _fail_unexpected(exc, debug)
        return
    _print_diagnostics(report.diagnostics)
    typer.echo(report.summary())


@app.command()
def check(
    content_dir: ContentArg = None,
    sources: SourcesOpt = None,
    fmt: Annotated[Format, typer.Option("--format", help="text: one line a problem; json: an array for editors and CI.")] = Format.text,
    debug: DebugOpt = False,
) -> None:
    """Validate a pack without rendering it. Exit 0 when clean (warnings allowed), 1 on errors."""
    from briefing.pipeline import load_and_check

    try:
        checked = load_and_check(_content(content_dir), sources)
        diagnostics = checked.diagnostics
    except BriefingError as exc:
        diagnostics = exc.diagnostics
    except Exception as exc:  # noqa: BLE001
        _fail_unexpected(exc, debug)
        return
    _print_diagnostics(diagnostics, fmt)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    if fmt is Format.text:
        typer.echo(f"briefing: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}",
                   err=True)
    if errors:
        raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Turn a folder of YAML content into a printable PDF briefing pack with page-bottom footnotes."""


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("briefing: interrupted", err=True)
        sys.exit(130)
