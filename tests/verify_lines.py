"""The verifier's line count of text split over pages: no paragraph, caption, list item or note leaves a single line
alone on a page (a widow or an orphan).

Which text is one paragraph comes from the tagged PDF's structure tree: an element whose marked content (its
MCIDs) is on two pages or more was split.  How many lines each part has comes from the page's content stream:
the distinct text-line positions (ReportLab sets each line with Td, T* or Tm) of the glyphs drawn inside that
MCID.  Superscript note markers are raised with Ts, which moves no line, so they are not counted as lines.
Only the split elements' pages are read, with qpdf (pikepdf), so this costs a few milliseconds a pack."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pikepdf

from tests.pdfread import Matrix, _mult

SPLITTABLE = ("/P", "/Caption", "/Note", "/LBody")  # text the engine splits with two lines at least on each side
IN_CELLS = ("/TD", "/TH")  # a table row cut inside its cells has rules of its own (render/rowsplit.py)


def lone_lines(pdf: Path) -> list[tuple[int, str, list[tuple[int, int]]]]:
    """(page, element kind, [(page, lines), ...]) for each split element with a part of one line."""
    with pikepdf.open(str(pdf)) as doc:
        return lone_lines_in(doc)


def lone_lines_in(doc: pikepdf.Pdf) -> list[tuple[int, str, list[tuple[int, int]]]]:
    """`lone_lines` of a PDF already open (tests/verify_tree.py reads its other structure checks from it)."""
    root = doc.Root.get("/StructTreeRoot")
    if root is None:
        return []
    number = {p.objgen: i + 1 for i, p in enumerate(doc.pages)}
    split: list[tuple[str, list[tuple[int, int]]]] = []
    _walk(root, "/Document", number, split)
    counted: dict[int, dict[int, int]] = {}
    out = []
    for kind, marks in split:
        parts: dict[int, int] = defaultdict(int)
        for page, mcid in marks:
            if page not in counted:
                counted[page] = _lines_by_mcid(doc.pages[page - 1])
            parts[page] += counted[page].get(mcid, 0)
        shown = sorted(parts.items())
        if any(n == 1 for _, n in shown):
            out.append((shown[0][0], kind, shown))
    return out


def _walk(elem: Any, parent: str, number: dict[tuple[int, int], int], out: list[tuple[str, list[tuple[int, int]]]]) -> None:
    for kid in _kids(elem):
        if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
            continue
        kind = str(kid.S)
        if kind in SPLITTABLE and parent not in IN_CELLS:
            marks = _marks(kid, number)
            if len({page for page, _ in marks}) > 1:
                out.append((kind, marks))
        _walk(kid, kind, number, out)


def _kids(elem: Any) -> list[Any]:
    k = elem.get("/K")
    return list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []


def _marks(elem: Any, number: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """The element's own marked content, as (page, MCID): an integer on the element's /Pg, or a marked-content
    reference with its own page."""
    page = elem.get("/Pg")
    out = []
    for kid in _kids(elem):
        if isinstance(kid, int) and page is not None:
            out.append((number[page.objgen], int(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR" and "/Pg" in kid:
            out.append((number[kid.Pg.objgen], int(kid.MCID)))
    return out


def _lines_by_mcid(page: pikepdf.Page) -> dict[int, int]:
    """For each MCID on the page, how many text lines its glyphs are set on (distinct baselines, to 0.5 pt)."""
    properties = page.obj.get("/Resources", {}).get("/Properties", {})
    lines: dict[int, set[float]] = defaultdict(set)
    marked: list[int | None] = []
    ctm: Matrix = (1, 0, 0, 1, 0, 0)
    saved: list[Matrix] = []
    line: Matrix = (1, 0, 0, 1, 0, 0)
    leading = 0.0
    for operands, operator in pikepdf.parse_content_stream(page):  # type: ignore[misc]
        op = str(operator)
        if op == "BDC":
            props = operands[1]
            if isinstance(props, pikepdf.Name):
                props = properties.get(str(props), {})
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            marked.append(int(mcid) if mcid is not None else None)
        elif op == "BMC":
            marked.append(None)
        elif op == "EMC" and marked:
            marked.pop()
        elif op == "q":
            saved.append(ctm)
        elif op == "Q" and saved:
            ctm = saved.pop()
        elif op == "cm":
            ctm = _mult(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif op == "BT":
            line = (1, 0, 0, 1, 0, 0)
        elif op == "Tm":
            line = tuple(float(v) for v in operands)  # type: ignore[assignment]
        elif op in ("Td", "TD"):
            tx, ty = float(operands[0]), float(operands[1])
            leading = -ty if op == "TD" else leading
            line = _mult((1, 0, 0, 1, tx, ty), line)
        elif op == "TL":
            leading = float(operands[0])
        elif op in ("T*", "'", '"'):
            line = _mult((1, 0, 0, 1, 0, -leading), line)
        if op in ("Tj", "TJ", "'", '"'):
            mcid = next((m for m in reversed(marked) if m is not None), None)
            if mcid is not None:
                lines[mcid].add(round(_mult(line, ctm)[5] * 2) / 2)
    return {mcid: len(ys) for mcid, ys in lines.items()}
