"""Check rule: every YAML file beside the pack's own is one the pack reads.

A section file is in the PDF only when pack.yaml's `sections:` lists it.  A file written into the pack's
folder and never listed (a new section, a copy made to edit) would be left out of the PDF without a word,
and the reader of the printed pack could not tell.  So a `.yaml` or `.yml` file in the pack's folder, or in
a folder holding a listed section file, that the pack does not read (as pack.yaml, its sources, a section or
its style sheet) is named with a warning.
"""

from __future__ import annotations

from pathlib import Path

from briefing.diagnostics import Diagnostics, Pos
from briefing.load import display_path
from briefing.model import Pack
from briefing.sourcetexts import CheckContext
from briefing.stylesheet.find import find, is_path

_YAML = (".yaml", ".yml")


def files_listed(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """Warn about each YAML file in the pack's folders that nothing in the pack reads."""
    if not pack.files:
        return  # a pack made in code, not read from a folder
    read = {Path(f) for f in pack.files} | _style_files(pack, ctx)
    folders = {Path(pack.root).resolve(), *(Path(s.pos.file).resolve().parent for s in pack.sections if s.pos.file)}
    for folder in sorted(folders):
        for path in _yaml_files(folder):
            if path.resolve() not in read:
                out.warning(
                    Pos(display_path(path), 1, 1),
                    f"'{path.name}' is not listed under 'sections' in pack.yaml, so it is not in the PDF; "
                    "list it there, or move it out of the pack's folder",
                )


def _style_files(pack: Pack, ctx: CheckContext) -> set[Path]:
    """The style sheet files the pack reads: the checked sheet's chain, or the file `style:` names."""
    files = {p.resolve() for p in ctx.sheet.files} if ctx.sheet is not None else set()
    if is_path(pack.meta.style):
        found = find(pack.meta.style, Path(pack.root))
        if found.path is not None:
            files.add(found.path.resolve())
    return files


def _yaml_files(folder: Path) -> list[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [p for p in entries if p.suffix.lower() in _YAML and not p.name.startswith(".") and p.is_file()]
