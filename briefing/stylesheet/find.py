"""Where style sheets are, and how `extends:` chains are merged.

A sheet is named (`style: house`) or given as a path relative to the pack (`style: look/house.yaml`).
A name is looked up in the pack's own `styles/` folder first, then among the installed sheets.  A sheet
may say `extends: <name or path>`: the parent is read first and the sheet's own keys are laid over it,
mapping by mapping (a list replaces the parent's list whole).  Positions survive the merge, so a mistake
is reported in the file that made it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing.diagnostics import BriefingError, Diagnostics, Pos, error
from briefing.load import Map, Node, Scalar, display_path, load_yaml
from briefing.stylesheet.validate import did_you_mean

_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def installed_dir() -> Path:
    """styles/ beside the package in a checkout, or the copy installed inside the package."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "styles", here / "_styles"):
        if candidate.is_dir():
            return candidate
    return here.parent / "styles"


def pack_styles(pack_dir: Path | None) -> Path | None:
    return pack_dir / "styles" if pack_dir is not None else None


def available(pack_dir: Path | None = None) -> list[str]:
    """Names a pack can use: its own sheets and the installed ones."""
    dirs = [d for d in (pack_styles(pack_dir), installed_dir()) if d is not None and d.is_dir()]
    return sorted({p.stem for d in dirs for p in d.glob("*.yaml")})


def is_path(ref: str) -> bool:
    return "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml"))


@dataclass(frozen=True)
class Found:
    path: Path | None
    problem: str = ""


def find(ref: str, pack_dir: Path | None, base: Path | None = None, skip: Path | None = None) -> Found:
    """The sheet `ref` names.  `base`: the folder a path is relative to (the pack, or the extending sheet's
    folder); `skip`: the extending sheet itself, so a pack's `default.yaml` may extend the installed default."""
    ref = ref.strip()
    if is_path(ref):
        return _by_path(ref, pack_dir, base or pack_dir or Path.cwd())
    if not _NAME.match(ref):
        return Found(None, f"'{ref}' is not a style sheet name (letters, digits, '-', '_' and '.') or a path ending .yaml")
    dirs = [d for d in (pack_styles(pack_dir), installed_dir()) if d is not None]
    for d in dirs:
        candidate = d / f"{ref}.yaml"
        if candidate.is_file() and (skip is None or candidate.resolve() != skip.resolve()):
            if pack_dir is not None and d != installed_dir() and not _inside(candidate.resolve(), pack_dir.resolve()):
                return Found(
                    None,
                    f"style sheet '{ref}' is outside the pack (a link out of styles/); "
                    "keep the pack's style sheets inside its folder",
                )
            return Found(candidate)
    return Found(None, f"unknown style '{ref}'" + did_you_mean(ref, available(pack_dir), "styles available"))


def _by_path(ref: str, pack_dir: Path | None, base: Path) -> Found:
    path = (base / ref).resolve()
    fence = pack_dir.resolve() if pack_dir is not None and _inside(base.resolve(), pack_dir.resolve()) else None
    if fence is None and _inside(base.resolve(), installed_dir().resolve()):
        fence = installed_dir().resolve()
    if fence is not None and not _inside(path, fence):
        return Found(None, f"style sheet '{ref}' is outside the pack; keep the pack's style sheets inside its folder")
    if not path.is_file():
        return Found(None, f"style sheet '{ref}' not found (looked for {display_path(path)})")
    return Found(path)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


# ------------------------------------------------------------------ merging


def merge(parent: Map, child: Map) -> Map:
    """`child` laid over `parent`: mappings merge key by key, anything else (values, lists) replaces."""
    entries: list[tuple[Scalar, Node]] = []
    for k, v in parent.entries:
        over = child.get(k.value)
        if over is None:
            entries.append((k, v))
        elif isinstance(over, Map) and isinstance(v, Map):
            entries.append((k, merge(v, over)))
        else:
            entries.append((_key(child, k.value), over))
    known = {k.value for k, _ in parent.entries}
    entries.extend((k, v) for k, v in child.entries if k.value not in known)
    return Map(child.pos, tuple(entries))


def _key(m: Map, name: str) -> Scalar:
    return next(k for k, _ in m.entries if k.value == name)


def without(m: Map, name: str) -> Map:
    return Map(m.pos, tuple((k, v) for k, v in m.entries if k.value != name))


def read_map(path: Path) -> Map:
    """One sheet file's own mapping (not merged); any problem in it stops the sheet (BriefingError)."""
    problems = Diagnostics()
    root = load_yaml(path, problems)
    if problems:
        problems.stop()
    if not isinstance(root, Map):
        problems.stop(error(root.pos, "a style sheet is a mapping of sections (page:, fonts:, colours:, ...)"))
    return root


def chain(
    path: Path, pack_dir: Path | None, read: Callable[[Path], Map] = read_map, seen: tuple[Path, ...] = ()
) -> tuple[Map, tuple[Path, ...]]:
    """The sheet at `path` merged over everything it extends, and the files read (the sheet's first)."""
    own = read(path)
    node = own.get("extends")
    if node is None:
        return own, (path,)
    if not isinstance(node, Scalar) or not node.value.strip():
        raise BriefingError([error(node.pos, "'extends' must name one style sheet, such as 'extends: default'")])
    found = find(node.value, pack_dir, base=path.parent, skip=path)
    if found.path is None:
        raise BriefingError([error(node.pos, found.problem)])
    if found.path.resolve() in (*seen, path.resolve()):
        raise _circle((*seen, path.resolve()), found.path.resolve(), read)
    parent, files = chain(found.path, pack_dir, read, (*seen, path.resolve()))
    return merge(parent, without(own, "extends")), (path, *files)


def _circle(walked: tuple[Path, ...], again: Path, read: Callable[[Path], Map]) -> BriefingError:
    """The same error whichever sheet of the circle was asked for: told from, and at the `extends:` of,
    the sheet whose path sorts first."""
    ring = list(walked[walked.index(again) :])
    first = min(range(len(ring)), key=lambda i: display_path(ring[i]))
    ring = ring[first:] + ring[:first]
    order = " -> ".join(display_path(p) for p in (*ring, ring[0]))
    node = read(ring[0]).get("extends")
    return BriefingError(
        [
            error(
                node.pos if node is not None else Pos(display_path(ring[0])),
                f"style sheets extend each other in a circle: {order}",
            )
        ]
    )
