"""Reading a built PDF the way a reader would check it: where markers, notes, rules and headings are."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pypdf

from tests import pdfread

FOOTNOTE_MAX_SIZE = 9.0  # notes are 8.5 pt; body text is larger


@dataclass
class PageInfo:
    number: int  # 1-based
    height: float
    rule_y: float | None  # the note separator, from the top of the page (pdfplumber coordinates)
    footer_y: float
    markers: list[tuple[int, float, int, float]] = field(default_factory=list)  # (n, top, dest_page, dest_top)
    note_starts: list[tuple[int, float]] = field(default_factory=list)  # (n, top)
    body_chars_below_rule: int = 0
    lowest_body_bottom: float = 0.0
    text: str = ""


def _version(path: Path | str) -> tuple[str, int, int]:
    st = Path(path).stat()
    return str(path), st.st_mtime_ns, st.st_size


def plumber(path: Path | str) -> pdfread.PlumberPDF:
    """The PDF's pages as pdfplumber shows them (glyphs, lines, words, text: tests/pdfread.py, the same values at a
    third of pdfplumber's cost), read once per file version: the many tests that read the same shared PDF (the
    default pack, the stress pack) share one reading.  Do not change it."""
    return _plumber(*_version(path))


@functools.lru_cache(maxsize=8)
def _plumber(path: str, _mtime_ns: int, _size: int) -> pdfread.PlumberPDF:
    return pdfread.open(path)


@functools.lru_cache(maxsize=4)
def _real_plumber(path: str, _mtime_ns: int, _size: int) -> pdfplumber.PDF:
    return pdfplumber.open(path)


def pypdf_texts(path: Path | str) -> list[str]:
    """pypdf's text of every page, extracted once per file version."""
    return _pypdf_texts(*_version(path))


@functools.lru_cache(maxsize=8)
def _pypdf_texts(path: str, _mtime_ns: int, _size: int) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def plumber_pages_with(path: Path | str, *phrases: str) -> list[pdfplumber.page.Page]:
    """The pdfplumber pages whose glyphs, in drawing order, spell one of `phrases` (found in `plumber`'s reading,
    cached and shared with other tests of the PDF; pypdf's text cost three times as much and picked the same
    pages of the default pack in five variants): only the pages a test looks at are parsed by pdfplumber, the
    slow reader (these tests read rectangles and curves too, which tests/pdfread.py does not)."""
    pages = _real_plumber(*_version(path)).pages
    texts = ("".join(c["text"] for c in page.chars) for page in plumber(path).pages)
    return [pages[i] for i, text in enumerate(texts) if any(p in text for p in phrases)]


def inspect(path: Path, footnote_max: float = FOOTNOTE_MAX_SIZE) -> list[PageInfo]:
    """The pages of a PDF as a reader would check them; read once per file version (tests read a PDF many times)."""
    st = Path(path).stat()
    return _inspect(str(path), st.st_mtime_ns, st.st_size, footnote_max)


@functools.lru_cache(maxsize=16)
def _inspect(path: str, _mtime_ns: int, _size: int, footnote_max: float) -> list[PageInfo]:
    reader = pypdf.PdfReader(str(path))
    page_index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    out: list[PageInfo] = []
    for i, page in enumerate(plumber(path).pages):
        h = page.height
        horizontal = sorted((ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5), key=lambda ln: ln["top"])
        footer_y = horizontal[-1]["top"] if horizontal else h
        # the note separator is the only 0.5 pt rule between the header and footer rules
        inner = [ln for ln in horizontal[1:-1] if abs(float(ln.get("linewidth", 0)) - 0.5) < 0.01]
        rule_y = inner[0]["top"] if inner else None
        info = PageInfo(i + 1, h, rule_y, footer_y, text=page.extract_text() or "")
        header_y = horizontal[0]["top"] if horizontal else 0.0
        for ch in page.chars:
            if ch["top"] <= header_y or ch["top"] >= footer_y or not ch["text"].strip():
                continue
            if ch["size"] > footnote_max:
                info.lowest_body_bottom = max(info.lowest_body_bottom, ch["bottom"])
                if rule_y is not None and ch["top"] > rule_y:
                    info.body_chars_below_rule += 1
        if rule_y is not None:
            words = page.extract_words()
            left = min((w["x0"] for w in words if w["top"] > rule_y and w["top"] < footer_y), default=0)
            for w in words:
                if rule_y < w["top"] < footer_y and abs(w["x0"] - left) < 1.0 and w["text"].isdigit():
                    info.note_starts.append((int(w["text"]), w["top"]))
        annots = reader.pages[i].get("/Annots") or []
        # the page's digits by their centres, in drawing order: a marker is the digits inside its link's box
        digits = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c["text"]) for c in page.chars if c["text"].isdigit()]
        for a in annots:
            a = a.get_object()
            dest = a.get("/Dest")
            if not dest or a.get("/Subtype") != "/Link" or len(dest) < 4 or dest[1] != "/XYZ":
                continue
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            top = h - y1
            if rule_y is not None and top > rule_y:
                continue  # a link inside the notes (back to the marker)
            words = "".join(text for cx, cy, text in digits if x0 <= cx <= x1 and h - y1 <= cy <= h - y0)
            if not re.fullmatch(r"\d+", words.strip()):
                continue
            dest_page = page_index.get(dest[0].idnum, -1) + 1
            dest_top = float(reader.pages[dest_page - 1].mediabox.height) - float(dest[3]) if dest_page > 0 else -1
            info.markers.append((int(words.strip()), top, dest_page, dest_top))
        out.append(info)
    # A marker is a link whose destination lies in a note area (below some page's note rule).
    for info in out:
        info.markers = [
            m for m in info.markers if 0 < m[2] <= len(out) and out[m[2] - 1].rule_y is not None and m[3] > out[m[2] - 1].rule_y
        ]
    return out


def outline_titles(path: Path) -> list[tuple[str, int]]:
    reader = pypdf.PdfReader(str(path))
    out: list[tuple[str, int]] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.append((str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return out
