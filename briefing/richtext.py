"""Inline rich text, the model's leaves: words, bold, italic, citations (footnote markers) and
cross-references, and the walks over them.  `model.py` builds blocks of it; it knows nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Union

from briefing.diagnostics import Pos


@dataclass(frozen=True)
class Str:
    text: str


@dataclass(frozen=True)
class Strong:
    children: RichText


@dataclass(frozen=True)
class Emph:
    children: RichText


@dataclass(frozen=True)
class CiteRef:
    source: str
    locator: str = ""
    pos: Pos = field(default=Pos(""), compare=False)


@dataclass(frozen=True)
class Cite:
    """A footnote marker.  `key` is unique in the pack; resolve maps it to a note number."""

    refs: tuple[CiteRef, ...]
    key: int
    pos: Pos = field(default=Pos(""), compare=False)


@dataclass(frozen=True)
class XRef:
    """A reference to a section by id, printed as "section 3.2"."""

    target: str
    pos: Pos = field(default=Pos(""), compare=False)


Inline = Union[Str, Strong, Emph, Cite, XRef]
RichText = tuple[Inline, ...]


def plain_text(text: RichText, xref: Callable[[XRef], str] | None = None) -> str:
    """The words of rich text without markers (for the contents, outline and checks); with `xref`,
    cross-references as the words it gives (resolve's labels), else left out."""
    out: list[str] = []
    for node in text:
        if isinstance(node, Str):
            out.append(node.text)
        elif isinstance(node, (Strong, Emph)):
            out.append(plain_text(node.children, xref))
        elif isinstance(node, XRef) and xref is not None:
            out.append(xref(node))
    return "".join(out)


def cites_in(text: RichText) -> list[Cite]:
    out: list[Cite] = []
    for node in text:
        if isinstance(node, Cite):
            out.append(node)
        elif isinstance(node, (Strong, Emph)):
            out.extend(cites_in(node.children))
    return out


def map_inline(text: RichText, f: Callable[[str], str]) -> RichText:
    """`text` with `f` applied to the words of every plain run, inside bold and italic too."""
    out: list[Inline] = []
    for node in text:
        if isinstance(node, Str):
            out.append(Str(f(node.text)))
        elif isinstance(node, Strong):
            out.append(Strong(map_inline(node.children, f)))
        elif isinstance(node, Emph):
            out.append(Emph(map_inline(node.children, f)))
        else:
            out.append(node)
    return tuple(out)
