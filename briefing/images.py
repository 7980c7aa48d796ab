"""Picture files a pack names (an `image:` block, a style sheet's `logo:`): where they may be, and whether
they can be read.  No ReportLab here: `briefing check` uses this without loading the layout.

A picture's path is relative to a folder (the pack's, or the style sheet's) and may not leave it: an
absolute path or a `..` part is refused as written, and a symbolic link leading out of the folder is
refused once followed.  A file is read only to learn its kind and size (PNG and JPEG through Pillow,
which comes with ReportLab; SVG through svglib, ReportLab's SVG route), so a missing, truncated or
misnamed file is an error with its position, never a traceback in the layout.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Protocol

from briefing.diagnostics import Diagnostics
from briefing.filecache import FileCache
from briefing.load import contained
from briefing.model import Image, Pack, walk_sections

KINDS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}
MAX_IMAGE_BYTES = 20 * 1024 * 1024  # a scanned A4 page at 300 dpi is a few MB; a picture bigger than this is a mistake
MAX_PIXELS = 40_000_000  # 40 megapixels: decoding more would take hundreds of MB for a picture a page wide
_PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG"}


@dataclass(frozen=True)
class Picture:
    """A picture file that was found and read: its kind and its natural size (pixels, or SVG points)."""

    path: Path
    kind: str  # png, jpeg or svg
    width: float
    height: float


def place(folder: Path, name: str, where: str) -> tuple[Path | None, str]:
    """The file `name` inside `folder`, or None and why not (a phrase that follows the quoted name).

    `where`: how to name the folder in a message ("the pack's folder", "the style sheet's folder")."""
    name = name.strip()
    if not name:
        return None, "is empty: give the picture's file name"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return None, "has a control character in it (such as a NUL or a line break); no file is named so"
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or PureWindowsPath(name).drive:
        return None, f"is an absolute path; give a path relative to {where}"
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        return None, f"goes up out of {where} with '..'; keep pictures inside it"
    path, problem = contained(folder, name, where)
    if path is None:
        if problem.startswith("is outside"):
            return None, f"is a symbolic link leading outside {where}; keep pictures inside it"
        return None, problem
    suffix = path.suffix.lower()
    if suffix not in KINDS:
        return None, "is not a PNG, JPEG or SVG file (the name must end .png, .jpg, .jpeg or .svg)"
    try:
        if not path.exists():
            return None, "does not exist"
        if not path.is_file():
            return None, "is not a file"
        size = path.stat().st_size
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"
    if size > MAX_IMAGE_BYTES:
        return None, f"is {size:,} bytes; the limit for a picture is {MAX_IMAGE_BYTES:,}"
    return path, ""


def probe(path: Path, svg_root: Path | None = None) -> tuple[Picture | None, str]:
    """Read `path` far enough to know it is a picture of its kind (fully decoded, for PNG and JPEG, so a
    truncated file is caught here and not while drawing).  `svg_root`: the folder an SVG's own
    references to other files must stay inside."""
    kind = KINDS[path.suffix.lower()]
    if kind == "svg":
        return _probe_svg(path, svg_root or path.parent)
    return _probe_raster(path, kind)


def _probe_raster(path: Path, kind: str) -> tuple[Picture | None, str]:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format != _PIL_FORMATS[kind]:
                    found = f"a {image.format} image" if image.format else "not an image Pillow reads"
                    return None, f"is named as a {kind.upper()} file but is {found}"
                if image.width * image.height > MAX_PIXELS:
                    return None, (f"is {image.width} x {image.height} pixels; the limit is {MAX_PIXELS:,} pixels (scale it down)")
                image.load()
                return Picture(path, kind, float(image.width), float(image.height)), ""
    except UnidentifiedImageError:
        return None, f"is not a {kind.upper()} image (the file is damaged, or of another kind)"
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return None, f"is too large to decode safely (more than {MAX_PIXELS:,} pixels)"
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        return None, f"cannot be read as a {kind.upper()} image: {_reason(exc)}"


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__


class _Collect(logging.Handler):
    """svglib reports what it could not read through logging: kept, for the error message."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def load_svg(path: Path, root: Path) -> tuple[Any, str]:
    """The SVG drawn as a ReportLab Drawing (vectors), or None and why not.  References the SVG makes to
    other files are refused outside `root`; XML entities are never resolved."""
    from svglib import svglib

    log = logging.getLogger("svglib.svglib")
    collect = _Collect()
    log.addHandler(collect)
    propagate, log.propagate = log.propagate, False  # nothing printed: the message becomes the error
    try:
        node = svglib.load_svg_file(str(path), resolve_entities=False)
        if node is None or not isinstance(node.tag, str) or node.tag.rsplit("}", 1)[-1] != "svg":
            detail = f" ({collect.messages[0]})" if collect.messages else ""
            return None, f"is not an SVG image: it has no <svg> element{detail}"
        drawing = svglib.SvgRenderer(str(path), external_reference_root=str(root)).render(node)
    except Exception as exc:  # noqa: BLE001 - svglib raises many kinds on malformed input; each is the file's fault
        return None, f"cannot be read as an SVG image: {type(exc).__name__}: {_reason(exc)}"
    finally:
        log.removeHandler(collect)
        log.propagate = propagate
    refused = [m for m in collect.messages if m.startswith("Refusing")]
    if refused:  # svglib leaves such a reference out; the picture would print without it
        return None, (
            f"refers to a file it may not use: {refused[0].rstrip('.')} (an SVG may use only files inside "
            "the pack's folder, or the style sheet's for a logo, named by relative paths)"
        )
    if drawing is None:
        return None, "cannot be read as an SVG image"
    if not all(0 < float(v) < 1e7 for v in (drawing.width, drawing.height)):  # also not NaN or endless
        return None, ("is an SVG image without a usable size: give its <svg> element a width and height (or a viewBox) above 0")
    return drawing, ""


def _probe_svg(path: Path, root: Path) -> tuple[Picture | None, str]:
    drawing, problem = load_svg(path, root)
    if drawing is None:
        return None, problem
    return Picture(path, "svg", float(drawing.width), float(drawing.height)), ""


# ------------------------------------------------------------ the check rule


class _Context(Protocol):
    """What the rule needs of check's CheckContext (not imported: the style sheet checks read images too)."""

    @property
    def files(self) -> FileCache: ...


def pictures_readable(pack: Pack, ctx: _Context, out: Diagnostics) -> None:
    """Every `image:` file is a PNG, JPEG or SVG that can be read (parse has checked where it is): a damaged
    or misnamed file is an error at its `file:` line, found before anything is drawn.  A check rule (check.RULES)."""
    root = str(Path(pack.root).resolve())
    for block in (b for section in walk_sections(pack.sections) for b in section.blocks):
        if not isinstance(block, Image):
            continue
        path = Path(block.path)
        try:
            path.stat()
        except OSError as exc:
            out.error(block.file_pos, f"image '{block.file}' cannot be read: {exc.strerror or exc}")
            continue
        problem = ctx.files.get("picture", path, lambda p: probe(p, Path(root))[1], key=(str(path.absolute()), root))
        if problem:
            out.error(block.file_pos, f"image '{block.file}' {problem}")
