"""The command line: `briefing build`, `briefing check`.

Problems print one a line as `file:line:column: error: message`; no traceback
reaches the user unless --debug is given.
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from briefing import __version__
from briefing.diagnostics import BriefingError, Diagnostic

app = typer.Typer(
    help="Turn a folder of YAML content into a printable PDF briefing pack with page-bottom footnotes.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: importing rich's formatter doubled the time of `briefing --help`
)


class Variant(str, enum.Enum):
    full = "full"
    summary = "summary"


class Paper(str, enum.Enum):
    a4 = "a4"
    letter = "letter"


class Format(str, enum.Enum):
    text = "text"
    json = "json"


ContentArg = Annotated[
    Optional[Path],
    typer.Argument(
        help="Folder holding pack.yaml and the section files. Default: the bundled default pack.",
        show_default=False,
        metavar="CONTENT_DIR",
    ),
]
SourcesOpt = Annotated[
    Optional[Path],
    typer.Option("--sources", help="Folder holding the sources' plain-text files (for quotation checks).", show_default=False),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show a full traceback on unexpected failures.")]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Write the PDF even under a name not ending in .pdf, or over a file that is not a PDF "
        "(never over the pack's own files, a folder or a device).",
    ),
]
ContentDirsArg = Annotated[
    Optional[list[Path]],
    typer.Argument(
        help="One or more pack folders (each holds pack.yaml). Several are built in parallel processes. "
        "Default: the bundled default pack.",
        show_default=False,
        metavar="CONTENT_DIR...",
    ),
]
OutputOpt = Annotated[
    Optional[str],
    typer.Option(
        "-o",
        "--output",
        help="Where to write the PDF (one pack only). Default: build/<slug>-<as-at date>[-summary].pdf.",
        show_default=False,
    ),
]
PaperOpt = Annotated[
    Optional[Paper],
    typer.Option("--paper", help="Paper size. Default: the style sheet's page size (A4).", show_default=False),
]
VariantOpt = Annotated[
    Variant,
    typer.Option(
        "--variant",
        help="full: the whole pack; summary: a handout of at most two pages from the parts marked summary.",
    ),
]
DuplexOpt = Annotated[
    bool,
    typer.Option("--duplex", help="Print on both sides: mirrored inner and outer margins, page numbers on the outer edge."),
]
GreyscaleOpt = Annotated[bool, typer.Option("--greyscale", help="Render every colour as grey, for black-and-white printers.")]
LargePrintOpt = Annotated[
    bool,
    typer.Option("--large-print", help="Clear-print large print: body text 14 pt or more, everything scaled and reflowed."),
]


def _print_diagnostics(diagnostics: list[Diagnostic], fmt: Format = Format.text, err: bool = True) -> None:
    """One line a problem (to stderr for build, stdout for check, whose report they are), or JSON on stdout."""
    if fmt is Format.json:
        rows = [
            {"file": d.pos.file, "line": d.pos.line, "column": d.pos.col, "severity": d.severity, "message": d.message}
            for d in diagnostics
        ]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for d in diagnostics:
        typer.echo(str(d), err=err)


def _content(path: Path | None) -> Path:
    from briefing.pipeline import default_content_dir

    return path if path is not None else default_content_dir()


def _fail_unexpected(exc: BaseException, debug: bool) -> None:
    if debug:
        raise exc
    typer.echo(f"briefing: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
    raise typer.Exit(3)


def _session(ctx: typer.Context) -> Any:
    """The warm state (briefing.session.Session) a caller passed as the command's context object, or None for a
    fresh one: the command line never passes one.  The tests that run many commands in one process pass one,
    so that the style sheet is read and checked once (`CliRunner().invoke(app, args, obj=Session())`)."""
    from briefing.session import Session

    return ctx.obj if isinstance(ctx.obj, Session) else None


def _output(raw: str | None, force: bool) -> Path | None:
    """The -o path, refused at once (exit 2, a plain message) if it names a folder, a device or pipe, a file in
    the way of the path, or (unless forced) something that is not a PDF."""
    if raw is None:
        return None
    from briefing.write import OutputError, check_output

    try:
        check_output(Path(raw), raw=raw, force=force)
    except OutputError as exc:
        typer.echo(f"briefing: {exc}; no PDF written", err=True)
        raise typer.Exit(2) from None
    return Path(raw)


@app.command()
def build(
    ctx: typer.Context,
    content_dirs: ContentDirsArg = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    paper: PaperOpt = None,
    variant: VariantOpt = Variant.full,
    duplex: DuplexOpt = False,
    greyscale: GreyscaleOpt = False,
    large_print: LargePrintOpt = False,
    sources: SourcesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Check each pack and, if it has no errors, write its PDF (atomically: a failed build keeps the old PDF).

    Prints one summary line a pack: pages, footnotes, sources, size and time.
    """
    from briefing.pipeline import BuildOptions, build_many

    dirs = content_dirs or [_content(None)]
    if output is not None and len(dirs) > 1:
        typer.echo("briefing: --output names one file; leave it out when building several packs", err=True)
        raise typer.Exit(2)
    options = BuildOptions(
        paper=paper.value if paper else None,
        sources_dir=sources,
        greyscale=greyscale,
        duplex=duplex,
        large_print=large_print,
        variant=variant.value,
        force=force,
    )
    out_path = _output(output, force)
    try:
        outcomes = build_many(dirs, out_path, options, debug=debug, session=_session(ctx))
    except KeyboardInterrupt:
        typer.echo("briefing: interrupted; no PDF written", err=True)
        raise typer.Exit(130) from None
    failed = 0
    for outcome in outcomes:
        for line in outcome.messages:
            typer.echo(line, err=True)
        if outcome.summary:
            typer.echo(outcome.summary)
        failed += outcome.code != 0
    if failed:
        raise typer.Exit(max(o.code for o in outcomes))


@app.command()
def check(
    ctx: typer.Context,
    content_dir: ContentArg = None,
    sources: SourcesOpt = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="text: one line a problem; json: an array for editors and CI.")
    ] = Format.text,
    debug: DebugOpt = False,
) -> None:
    """Validate a pack without rendering it. Exit 0 when clean (warnings allowed), 1 on errors."""
    from briefing.pipeline import load_and_check, sorted_diagnostics

    try:
        diagnostics = load_and_check(_content(content_dir), sources, session=_session(ctx)).diagnostics
    except BriefingError as exc:
        diagnostics = sorted_diagnostics(exc.diagnostics)
    except Exception as exc:  # noqa: BLE001 - no traceback for the user; --debug shows one
        _fail_unexpected(exc, debug)
        return
    _print_diagnostics(diagnostics, fmt, err=False)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = sum(1 for d in diagnostics if d.severity == "warning")
    if fmt is Format.text:
        typer.echo(f"briefing: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}", err=True)
    if errors:
        raise typer.Exit(1)


@app.command()
def email(
    ctx: typer.Context,
    content_dir: ContentArg = None,
    variant: Annotated[
        Variant, typer.Option("--variant", help="Which PDF to attach: the full pack or the summary handout.")
    ] = Variant.full,
    sources: SourcesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Build the PDF to attach, then print a plain-text cover note for an e-mail body (72 columns):
    a subject line (marking first), the summary points, key figures, and the attachment's name and size."""
    from briefing.email import cover_note
    from briefing.pipeline import BuildOptions, build_for_cli, output_path

    folder = _content(content_dir)
    options = BuildOptions(sources_dir=sources, variant=variant.value)
    outcome = build_for_cli(folder, None, options, debug, keep_pack=True, session=_session(ctx))
    if outcome.code or outcome.pack is None:
        for line in outcome.messages:
            typer.echo(line, err=True)
        raise typer.Exit(outcome.code or 3)
    pack = outcome.pack
    typer.echo(cover_note(pack, output_path(pack, None, variant.value), variant.value), nl=False)


@app.command()
def new(
    folder: Annotated[Path, typer.Argument(help="The new pack's folder (must not exist, or be empty).", metavar="DIR")],
    title: Annotated[str, typer.Option("--title", help="The pack's title.")] = "New briefing",
) -> None:
    """Create a starter pack (metadata, a source, a cited section, a timeline, a chart) that builds and checks cleanly."""
    from briefing.diagnostics import UsageError
    from briefing.starter import create_starter

    try:
        written = create_starter(folder, title)
    except UsageError as exc:
        typer.echo(f"briefing: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"created {folder} ({len(written)} files); build it with: briefing build {folder}")


@app.command()
def watch(
    content_dir: ContentArg = None,
    output: Annotated[
        Optional[str],
        typer.Option(
            "-o", "--output", help="Where to write the PDF. Default: build/<slug>-<as-at date>.pdf.", show_default=False
        ),
    ] = None,
    force: ForceOpt = False,
    paper: Annotated[
        Optional[Paper],
        typer.Option("--paper", help="Paper size. Default: the style sheet's page size (A4).", show_default=False),
    ] = None,
    sources: SourcesOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Build the pack, then rebuild it each time a file in it (or a source text or style sheet) is saved.

    Each rebuild prints the diagnostics and the summary line; a save with errors keeps the last good PDF. Ctrl-C stops.
    """
    import gc

    from briefing.pipeline import BuildOptions
    from briefing.watch import watch as run_watch

    folder = _content(content_dir)
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder; give the folder that holds pack.yaml"
        typer.echo(f"{folder}: error: content directory {what}", err=True)
        raise typer.Exit(1)
    out_path = _output(output, force)
    try:
        gc.enable()  # a long-running process: each rebuild pauses the collector only while it builds
        run_watch(
            folder,
            out_path,
            BuildOptions(paper=paper.value if paper else None, sources_dir=sources, force=force),
            echo=lambda line, err: typer.echo(line, err=err),
            debug=debug,
        )
    except KeyboardInterrupt:
        typer.echo("briefing: stopped watching", err=True)
        raise typer.Exit(130) from None
    typer.echo("briefing: stopped watching", err=True)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the content format, for editors that check YAML as you type.

    Save it (briefing schema > briefing.schema.json) and put
    `# yaml-language-server: $schema=briefing.schema.json` at the top of each pack file.
    """
    from briefing.schema import schema_text

    typer.echo(schema_text(), nl=False)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Turn a folder of YAML content into a printable PDF briefing pack with page-bottom footnotes."""


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that `finally` blocks (temporary files) run."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


def main() -> None:
    import gc
    import signal

    gc.disable()  # a command runs once and exits: no collector passes over its objects (pipeline.gc_paused)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("briefing: interrupted", err=True)
        sys.exit(130)
    except Terminated:
        typer.echo("briefing: terminated; no PDF written", err=True)
        sys.exit(143)
