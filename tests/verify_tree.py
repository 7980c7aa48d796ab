"""The verifier's checks read from the tagged PDF's structure tree: a table's or figure's caption kept with what it
captions, a table's header row kept with its first row, and no split text leaving a single line
(tests/verify_lines.py).  One pikepdf (qpdf) reading serves them
all: the tree is walked in C++ objects, where pypdf decoded every object stream of the tree in Python (about
50 ms a generated pack, the verifier's dearest reading after the glyphs).

An element's pages are those its marked content is on: an MCID on its own /Pg, a marked-content reference
(/MCR) with its page, and its descendants' pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf

from tests.verify_lines import lone_lines_in

Found = tuple[str, int | None, str]  # (property, page, what is wrong): tests/verify.py makes them Failures


def tree_failures(pdf: Path) -> list[Found]:
    """The captions of tables, then of figures, then the header rows, then the lone lines, each in document order."""
    with pikepdf.open(str(pdf)) as doc:
        root = doc.Root.get("/StructTreeRoot")
        if root is None:  # an untagged PDF has no structure tree
            return []
        number = page_numbers(doc)
        out = _captions(root, number) + _figure_captions(root, number) + _header_rows(root, number)
        out += _pages_without_content(root, number)
        out += [
            ("no-lone-line", page, f"a {kind[1:]} split over pages leaves a single line: lines by page {parts}")
            for page, kind, parts in lone_lines_in(doc)
        ]
        return out


def page_numbers(doc: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    """Each page object's number (1-based), by its object id."""
    return {p.obj.objgen: i + 1 for i, p in enumerate(doc.pages)}


def _captions(root: Any, number: dict[tuple[int, int], int]) -> list[Found]:
    """Each /Table's first /Caption and the table's first cell, by their pages."""
    out: list[Found] = []
    for table in elements(root, "/Table"):
        kids = kids_of(table)
        captions = [k for k in kids if is_kind(k, "/Caption")]
        body = [k for k in kids if is_kind(k, "/THead") or is_kind(k, "/TBody") or is_kind(k, "/TR")]
        if not captions or not body:
            continue
        printed = sorted(set(pages_of(captions[0], number)))
        starts = min((p for b in body for p in pages_of(b, number)), default=None)
        if printed and starts is not None and not _captioned(printed, starts):
            text = f"a table's caption is on pages {printed} and the table starts on page {starts}"
            out.append(("caption-with-table", printed[0], text))
    return out


def _header_rows(root: Any, number: dict[tuple[int, int], int]) -> list[Found]:
    """Each table whose header row, on one page, is on a page before its first row starts: the header left alone
    at a page's foot (under its heading or caption), its rows a page on.  The pages of the first /TR and of the
    rows after it.  A header row cut inside its cells (taller than a page) is left out: its last part may fill a
    page (generated packs 1024 and 4099 in large print)."""
    out: list[Found] = []
    for i, table in enumerate(elements(root, "/Table"), 1):
        parts = kids_of(table)
        if not any(is_kind(k, "/THead") for k in parts):
            continue
        rows = [r for k in parts if is_kind(k, "/THead") or is_kind(k, "/TBody") for r in kids_of(k) if is_kind(r, "/TR")]
        header = pages_of(rows[0], number) if rows else []
        rest = [p for r in rows[1:] for p in pages_of(r, number)]
        if len(set(header)) == 1 and rest and header[0] < min(rest):
            text = f"table {i}'s header row is on page {header[0]} and its first row starts on page {min(rest)}"
            out.append(("header-with-row", header[0], text))
    return out


def _pages_without_content(root: Any, number: dict[tuple[int, int], int]) -> list[Found]:
    """Each page none of whose content is tagged: everything on it is furniture (header, footer, a table header
    repeated from the page before, all artifacts).  A reader turns to a page that says nothing, and a screen
    reader skips it; the verifier's other properties, reading the tree, cannot see it (a table's header repeated
    alone at the head of a page)."""
    tagged = set(pages_of(root, number))
    return [("page-has-content", page, "nothing on the page is tagged content") for page in sorted(set(number.values()) - tagged)]


def _figure_captions(root: Any, number: dict[tuple[int, int], int]) -> list[Found]:
    """In each /Div holding a /Figure, its /Caption and where the /Figure starts."""
    out: list[Found] = []
    for div in elements(root, "/Div"):
        kids = kids_of(div)
        captions = [sorted(set(pages_of(k, number))) for k in kids if is_kind(k, "/Caption")]
        drawn = sorted({p for k in kids if is_kind(k, "/Figure") for p in pages_of(k, number)})
        if not drawn or not captions or not captions[0]:
            continue
        if captions[0][-1] != drawn[0]:  # a figure's title is above its drawing: never left at a page's foot
            text = f"a figure's caption is on pages {captions[0]} and the figure starts on page {drawn[0]}"
            out.append(("caption-with-figure", captions[0][0], text))
    return out


def _captioned(printed: list[int], starts: int) -> bool:
    """A table's caption's last part is on the page where the table starts, or the whole caption is on the page
    before: the caption may be split under its heading like a paragraph, and when the table cannot start on the
    caption's page (the caption's notes, or notes continued from earlier pages, fill it) the caption stays whole
    there with its heading.  (A figure's title has no such allowance: `_figure_captions`.)"""
    return printed[-1] == starts or (len(printed) == 1 and starts == printed[0] + 1)


def is_kind(obj: Any, kind: str) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == kind


def kids_of(elem: Any) -> list[Any]:
    k = elem.get("/K")
    return list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []


def elements(elem: Any, kind: str) -> list[Any]:
    """Every structure element of `kind` under `elem`, in document order."""
    out = []
    for k in kids_of(elem):
        if isinstance(k, pikepdf.Dictionary) and "/S" in k:
            out += [k] if k.get("/S") == kind else []
            out += elements(k, kind)
    return out


def pages_of(elem: Any, number: dict[tuple[int, int], int]) -> list[int]:
    """The pages an element's content is on: its own /Pg (when it marks content) and its descendants'."""
    pages = []
    kids = kids_of(elem)
    page = elem.get("/Pg")
    if page is not None and any(not isinstance(k, pikepdf.Dictionary) or k.get("/Type") == "/MCR" for k in kids):
        pages.append(number[page.objgen])
    for k in kids:
        if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR" and "/Pg" in k:
            pages.append(number[k.Pg.objgen])
        elif isinstance(k, pikepdf.Dictionary) and "/S" in k:
            pages += pages_of(k, number)
    return pages
