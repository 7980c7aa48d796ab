"""A geometric verifier for any built PDF: reads the pages as a reader would and names what is wrong.

`verify(pdf, layout, expect)` returns a list of `Failure`s, each tagged with the property it breaks
(see `PROPERTIES`), so that a soak can count them.  It reads only the PDF (pdfminer's reading of glyphs and
rules, tests/pdfread.py; pikepdf for links and the outline; the structure tree for captions and text split over
pages, tests/verify_tree.py) and, for what the PDF must contain, the generator's `Expect`; it never asks briefing
how it laid the pages out.

How things are recognised:
- a note rule: a 0.5 pt grey horizontal line starting at the text block's left edge, a third of
  the text width long (or the full width, above a continued note); the lowest such line on a page;
- a marker: a link above the rule whose text is digits and whose destination lies below some
  page's note rule; a note start: a link below the rule whose text is the note's number (the
  number links back to its marker);
- the text block: the page less the style sheet's margins (mirrored on verso pages when duplex,
  the handout margins for the summary); header and footer lines are the only text allowed outside
  it, on their two baselines.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pikepdf

from briefing.style import SheetCache, load_style, looks_for
from tests.verify_sources import cited_pages_failures, note_source_failures, printed_notes
from tests.verify_tree import tree_failures

PROPERTIES = (
    "build",  # the build succeeded
    "all-citations-printed",  # one marker per citation in the content
    "marker-printed-once",  # no note number printed twice as a marker
    "marker-whole",  # the digits of a marker are its note's whole number
    "markers-separated",  # two markers side by side are not read as one number
    "markers-in-order",  # markers first appear 1, 2, 3 ... in reading order
    "note-on-marker-page",  # each marker's note starts below the rule on the marker's page
    "notes-in-order",  # note numbers read 1..N down the note areas, each once
    "no-body-below-rule",  # nothing but notes below the note rule
    "inside-text-block",  # no glyph outside the text block except the header and footer lines
    "no-overlapping-text",  # no two glyphs drawn over each other
    "glyphs-in-font",  # every glyph exists in the font it is set in
    "contents-pages",  # the contents' page numbers are where the headings land
    "heading-not-stranded",  # a heading is never the last thing on its page
    "caption-with-table",  # a table's caption ends where the table starts (or, whole, on the page before)
    "no-lone-line",  # a paragraph, caption, list item or note split over pages keeps two lines on each page
    "caption-with-figure",  # a chart's or timeline's caption (its title, above it) ends where its drawing starts
    "header-with-row",  # a table's header row ends on the page where its first row starts
    "page-has-content",  # every page holds tagged content, not furniture alone (a repeated table header alone)
    "sources-present",  # every cited source's title token is printed
    "sources-cited-pages",  # each Sources entry's "Cited on pages" are the pages where its notes start
    "note-names-its-sources",  # each note names its citation's sources (Ibid.: the note before it on the page, one source)
    "page-numbers",  # each page's footer says "Page i of N", N the pages there are (the cover has no footer)
    "note-tails-present",  # every note's last word is printed
)

TOL = 1.0  # points


@dataclass(frozen=True)
class Failure:
    prop: str
    page: int | None
    detail: str

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        return f"{self.prop}: {where}{self.detail}"


@dataclass(frozen=True)
class Layout:
    """What the verifier must know of how the PDF was asked for (not how it came out)."""

    variant: str = "full"  # full or summary
    duplex: bool = False
    large_print: bool = False
    style: str = "default"
    pack_dir: str = ""  # where a pack's own sheet (`style: house`, styles/house.yaml) is found

    @staticmethod
    def of(options: Any, content: Path | None = None) -> Layout:
        """From briefing.pipeline.BuildOptions, and the pack's folder for the sheet its pack.yaml names."""
        if content is None:
            return Layout(options.variant, options.duplex, options.large_print)
        return Layout(options.variant, options.duplex, options.large_print, pack_style(content), str(content))


def _yaml(path: Path) -> Any:
    """A YAML file's data as yaml.safe_load reads it, by libyaml where PyYAML has it (as briefing/load.py does): the
    same values, about five times faster (required_of reads every section file of each pack it is given)."""
    import yaml

    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def pack_style(content: Path) -> str:
    """The style sheet a pack's pack.yaml names (`default` when none)."""
    meta = _yaml(content / "pack.yaml") or {}
    return str((meta.get("pack") or {}).get("style") or "default")


@dataclass
class Link:
    rect: tuple[float, float, float, float]  # x0, top, x1, bottom (pdfplumber coordinates)
    text: str
    dest_page: int  # 1-based; 0 when the destination is not a page position
    dest_top: float
    size: float = 0.0
    dest_left: float | None = None


@dataclass
class Page:
    number: int
    width: float
    height: float
    chars: list[dict[str, Any]]
    left: float
    right: float
    rule: float | None = None  # top of the note rule
    footer_rule: float | None = None  # top of the rule above the footer line
    header_rule: float | None = None  # top of the rule below the running header
    links: list[Link] = field(default_factory=list)
    markers: list[tuple[int, Link]] = field(default_factory=list)
    note_starts: list[tuple[int, float, float, float]] = field(default_factory=list)  # (n, top, x0, size)
    text: str = ""


# ---------------------------------------------------------------- reading the PDF


_SHEETS = SheetCache()  # the verifier reads the sheets of many packs: each file read and checked once while unchanged


@lru_cache(maxsize=8)
def _margins(style: str, summary: bool = False, pack_dir: str = "") -> dict[str, float]:
    # the handout's margins are in its look sheet
    sheet = load_style(style, pack_dir=Path(pack_dir) if pack_dir else None, looks=looks_for(summary=summary), cache=_SHEETS)
    keys = (
        "margin_left_mm",
        "margin_right_mm",
        "margin_inner_mm",
        "margin_outer_mm",
        "margin_top_mm",
        "margin_bottom_mm",
        "header_gap_mm",
        "footer_gap_mm",
        "marking_edge_mm",
    )
    return {k: sheet.mm(k) for k in keys}


def _block_x(layout: Layout, number: int, width: float) -> tuple[float, float]:
    m = _margins(layout.style, layout.variant == "summary", layout.pack_dir)
    if layout.variant == "summary":
        ml, mr = m["margin_left_mm"], m["margin_right_mm"]
    elif layout.duplex:
        ml, mr = m["margin_inner_mm"], m["margin_outer_mm"]
        if number % 2 == 0:
            ml, mr = mr, ml
    else:
        ml, mr = m["margin_left_mm"], m["margin_right_mm"]
    return ml, width - mr


def _find_rule(page: Page, lines: list[dict[str, Any]]) -> float | None:
    w = page.right - page.left
    found = None
    for ln in lines:
        if abs(ln["top"] - ln["bottom"]) > 0.5 or abs(float(ln.get("linewidth") or 0) - 0.5) > 0.05:
            continue
        if abs(ln["x0"] - page.left) > TOL:
            continue
        length = ln["x1"] - ln["x0"]
        if min(abs(length - w), abs(length - w * 0.33)) > 3:
            continue
        if found is None or ln["top"] > found:
            found = ln["top"]
    return found


def _links(annots: Any, page: Page, ids: dict[tuple[int, int], int], heights: list[float]) -> list[Link]:
    """The page's link annotations (`annots`, its /Annots array, read by pikepdf), each with the glyphs inside
    its box and where it lands (`ids`: each page object's number and generation to its index)."""
    out = []
    # the printed glyphs by the height of their centre, to find those inside each link without a scan of the page
    centres = sorted(((c["top"] + c["bottom"]) / 2, i) for i, c in enumerate(page.chars) if c["text"].strip())
    heights_of_centres = [y for y, _ in centres]
    for a in annots if annots is not None else ():
        if a.get("/Subtype") != "/Link":
            continue
        x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
        rect = (min(x0, x1), page.height - max(y0, y1), max(x0, x1), page.height - min(y0, y1))
        band = centres[bisect_left(heights_of_centres, rect[1] - 0.5) : bisect_right(heights_of_centres, rect[3] + 0.5)]
        inside = [
            page.chars[i]
            for i in sorted(i for _, i in band)
            if rect[0] - 0.5 <= (page.chars[i]["x0"] + page.chars[i]["x1"]) / 2 <= rect[2] + 0.5
        ]
        text = "".join(c["text"] for c in sorted(inside, key=lambda c: (round(c["top"]), c["x0"])))
        if not text.strip().isdigit():  # a marker's link box may reach into the line above (tight leading)
            whole = [c for c in inside if rect[1] <= (c["top"] + c["bottom"]) / 2 <= rect[3]]  # no tolerance
            digits = "".join(c["text"] for c in sorted(whole, key=lambda c: c["x0"]))
            own = [c for c in inside if c["text"].isdigit()]
            if not digits.isdigit() and own:  # a glyph of the line above with its centre just inside the box
                top = min(c["top"] for c in own)
                if all((c["top"] + c["bottom"]) / 2 < top for c in inside if not c["text"].isdigit()):
                    digits = "".join(c["text"] for c in sorted(own, key=lambda c: c["x0"]))
            text = digits if digits.isdigit() else text
        dest_page, dest_top, dest_left = _landing(a.get("/Dest"), ids, heights)
        size = max((c["size"] for c in inside), default=0.0)
        out.append(Link(rect, text, dest_page, dest_top, size, dest_left))
    return out


def _landing(dest: Any, ids: dict[tuple[int, int], int], heights: list[float]) -> tuple[int, float, float | None]:
    """Where an explicit `[page /XYZ left top zoom]` destination lands: its page (1-based; 0 for any other kind
    of destination, -1 +1 = 0 for a page not in the document), its top (down from the page's top; -1 when
    unknown) and its left (None when unknown)."""
    if not isinstance(dest, pikepdf.Array) or len(dest) < 4 or dest[1] != "/XYZ":
        return 0, -1.0, None
    target = dest[0]
    dest_page = ids.get(target.objgen, -1) + 1 if isinstance(target, pikepdf.Object) and target.is_indirect else 0
    dest_top = heights[dest_page - 1] - float(dest[3]) if dest_page > 0 and dest[3] is not None else -1.0
    return dest_page, dest_top, float(dest[2]) if dest[2] is not None else None


def _pages(pdf: Path) -> Iterator[tuple[float, float, list[dict[str, Any]], list[dict[str, Any]]]]:
    """Each page's size, glyphs and straight lines, as pdfminer (pdfplumber's engine) reads them: tests/pdfread.py,
    which gives pdfminer's floats at a third of its cost (pdfplumber's own object layer would cost twice as much
    again, and the verifier needs none of it)."""
    from tests.pdfread import pages

    return pages(pdf)


def baseline_rows(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Glyphs grouped by baseline, top to bottom (superscripts join the line they are raised from)."""
    rows: list[list[dict[str, Any]]] = []
    for c in sorted(chars, key=lambda c: c["matrix"][5], reverse=True):
        if rows and rows[-1][0]["matrix"][5] - c["matrix"][5] < 0.45 * max(c["size"], rows[-1][0]["size"]):
            rows[-1].append(c)
        else:
            rows.append([c])
    return rows


def text_lines(chars: list[dict[str, Any]]) -> list[str]:
    """The page's text as lines, top to bottom (`baseline_rows`), spaced where there is a gap."""
    out = []
    for row in baseline_rows(chars):
        text, last = "", None
        for c in sorted(row, key=lambda c: c["x0"]):
            if last is not None and c["x0"] - last["x1"] > 0.2 * c["size"] and not text.endswith(" "):
                text += " "
            text += c["text"]
            last = c
        out.append(text)
    return out


def read(pdf: Path, layout: Layout) -> tuple[list[Page], list[tuple[str, int, float]]]:
    """The PDF's pages as the verifier reads them, and its outline (title, page, top of each entry).  The
    objects are read with pikepdf (qpdf), which costs a tenth of what pypdf did."""
    with pikepdf.open(pdf) as doc:
        ids = {page.obj.objgen: i for i, page in enumerate(doc.pages)}
        heights = [float(page.mediabox[3]) - float(page.mediabox[1]) for page in doc.pages]
        pages: list[Page] = []
        for i, (width, height, chars, lines) in enumerate(_pages(pdf)):
            left, right = _block_x(layout, i + 1, width)
            page = Page(i + 1, width, height, chars, left, right)
            page.rule = _find_rule(page, lines)
            furniture = [
                ln["top"]
                for ln in lines
                if abs(float(ln.get("linewidth") or 0) - 0.4) < 0.05
                and abs(ln["x0"] - page.left) < TOL
                and abs(ln["x1"] - page.right) < TOL
            ]
            page.footer_rule = max(furniture) if len(furniture) >= 2 else None
            page.header_rule = min(furniture) if len(furniture) >= 2 else None
            page.text = "\n".join(text_lines(chars))
            pages.append(page)
        for page, pdf_page in zip(pages, doc.pages, strict=True):
            page.links = _links(pdf_page.obj.get("/Annots"), page, ids, heights)
        outline = _outline(doc, ids, heights)
    for page in pages:
        for link in page.links:
            number = link.text.strip()
            if not re.fullmatch(r"\d+", number):
                continue
            below = page.rule is not None and link.rect[1] > page.rule
            if below:
                page.note_starts.append((int(number), link.rect[1], link.rect[0], link.size))
            elif 0 < link.dest_page <= len(pages):
                target = pages[link.dest_page - 1]
                if target.rule is not None and link.dest_top > target.rule:
                    page.markers.append((int(number), link))
    return pages, outline


# ---------------------------------------------------------------- properties


def _note_at(pages: list[Page], link: Link) -> int | None:
    """The number of the note that starts where a marker's link lands."""
    if not 0 < link.dest_page <= len(pages):
        return None
    near = [
        (abs(top - link.dest_top) + dx, n)
        for n, top, x0, _ in pages[link.dest_page - 1].note_starts
        if abs(top - link.dest_top) < 6 and (dx := abs(x0 - link.dest_left) if link.dest_left is not None else 0) < 4
    ]
    return min(near)[1] if near else None


def _markers(pages: list[Page], expect_notes: int | None) -> list[Failure]:
    out: list[Failure] = []
    seen: dict[int, int] = {}
    order: list[int] = []
    for page in pages:
        starts = {n for n, _, _, _ in page.note_starts}
        for n, link in page.markers:
            target = _note_at(pages, link)
            if target is not None and target != n:
                out.append(Failure("marker-whole", page.number, f"a marker printed '{n}' links to note {target}"))
                continue
            if n in seen:
                out.append(Failure("marker-printed-once", page.number, f"marker {n} printed again (first on page {seen[n]})"))
                continue
            seen[n] = page.number
            order.append(n)
            if link.dest_page != page.number:
                out.append(Failure("note-on-marker-page", page.number, f"note {n}'s marker links to page {link.dest_page}"))
            elif n not in starts:
                out.append(Failure("note-on-marker-page", page.number, f"note {n} does not start on its marker's page"))
    expected = list(range(1, len(order) + 1))
    if order != expected:
        bad = next((i for i, (a, b) in enumerate(zip(order, expected, strict=False)) if a != b), len(expected))
        out.append(Failure("markers-in-order", None, f"markers read {order[max(0, bad - 2) : bad + 4]} near position {bad + 1}"))
    if expect_notes is not None and len(order) != expect_notes:
        out.append(Failure("all-citations-printed", None, f"{len(order)} markers printed for {expect_notes} citations"))
    out.extend(_adjacent_markers(pages))
    return out


def _adjacent_markers(pages: list[Page]) -> list[Failure]:
    out = []
    for page in pages:
        rects = sorted((link.rect for _, link in page.markers), key=lambda r: (round(r[1]), r[0]))
        for a, b in zip(rects, rects[1:], strict=False):
            if abs(a[1] - b[1]) < 1 and 0 <= b[0] - a[2] < 1.0:
                between = [c for c in page.chars if a[2] - 0.2 <= c["x0"] < b[0] and a[1] - 1 <= c["top"] <= a[3]]
                if not between:
                    out.append(Failure("markers-separated", page.number, "two markers printed as one run of digits"))
    return out


def _notes(pages: list[Page]) -> list[Failure]:
    order = [n for page in pages for n, _, _, _ in sorted(page.note_starts, key=lambda s: (round(s[1], 1), s[2]))]
    if order != list(range(1, len(order) + 1)):
        dup = sorted({n for n in order if order.count(n) > 1})
        what = f"note numbers repeated: {dup[:5]}" if dup else f"note areas read {order[:12]}{'...' if len(order) > 12 else ''}"
        for i, (a, b) in enumerate(zip(order, range(1, len(order) + 1), strict=False)):
            if a != b:
                what += f"; first out of order at position {i + 1}: {order[max(0, i - 2) : i + 3]}"
                break
        return [Failure("notes-in-order", None, what)]
    return []


def _note_size(pages: list[Page]) -> float:
    return max((size for page in pages for _, _, _, size in page.note_starts), default=8.5)


def _below_rule(pages: list[Page], furniture: dict[str, float]) -> list[Failure]:
    note_size = _note_size(pages)
    out = []
    for page in pages:
        if page.rule is None:
            continue
        foot = page.footer_rule if page.footer_rule is not None else page.height - furniture["footer_rule"]
        bad = [
            c
            for c in page.chars
            if c["text"].strip() and page.rule < c["top"] < foot and (c["size"] > note_size + 0.3 or "Serif" not in c["fontname"])
        ]
        if bad:
            sample = "".join(c["text"] for c in bad[:30])
            out.append(Failure("no-body-below-rule", page.number, f"{len(bad)} body glyphs below the note rule: {sample!r}"))
    return out


def _furniture(layout: Layout, height: float) -> dict[str, float]:
    m = _margins(layout.style, False, layout.pack_dir)
    return {
        "top": m["margin_top_mm"],
        "bottom": height - m["margin_bottom_mm"],
        "header_base": m["margin_top_mm"] - m["header_gap_mm"],
        "footer_base": height - (m["margin_bottom_mm"] - m["footer_gap_mm"]),
        "footer_rule": m["margin_bottom_mm"] - m["footer_gap_mm"] + 8.5 + 2,  # from the bottom edge
    }


def _outside(pages: list[Page], layout: Layout) -> list[Failure]:
    out = []
    for page in pages:
        f = _furniture(layout, page.height)
        bad = []
        for c in page.chars:
            if not c["text"].strip():
                continue
            base = page.height - c["matrix"][5]
            furniture = abs(base - f["header_base"]) < TOL or abs(base - f["footer_base"]) < TOL
            slack = TOL + c["size"] * 0.3  # a glyph's box reaches above its cap height and below its baseline
            sideways = c["x0"] < page.left - TOL or c["x1"] > page.right + TOL
            if sideways or not furniture and (c["top"] < f["top"] - slack or c["bottom"] > f["bottom"] + slack):
                bad.append(c)
        if bad:
            far = max(max(c["x1"] - page.right, page.left - c["x0"], f["top"] - c["top"], c["bottom"] - f["bottom"]) for c in bad)
            sample = "".join(c["text"] for c in bad[:40])
            out.append(
                Failure(
                    "inside-text-block",
                    page.number,
                    f"{len(bad)} glyphs outside the text block ({_where(page, bad, sample)}), up to {far:.0f} pt: {sample!r}",
                )
            )
    return out


def _where(page: Page, bad: list[dict[str, Any]], sample: str) -> str:
    """Which kind of text crossed the margin, to tell failure classes apart."""
    what = "address" if re.search(r"[/?&=%]", sample) else "word"
    c = bad[0]
    if page.rule is not None and c["top"] > page.rule:
        return f"{what} in a note"
    if "Sans" in c["fontname"]:
        return f"{what} in a table, figure or heading"
    return f"{what} in body text"


def _box(c: dict[str, Any], height: float) -> tuple[float, float, float, float]:
    """The glyph's core: its advance less a little at each side, from the baseline to about x-height."""
    base = height - c["matrix"][5]
    w = c["x1"] - c["x0"]
    return c["x0"] + 0.2 * w, base - 0.6 * c["size"], c["x1"] - 0.2 * w, base - 0.05 * c["size"]


Box = tuple[float, float, float, float]


def overlapping_pairs(boxes: list[Box]) -> set[tuple[int, int]]:
    """Every pair of boxes (x0, y0, x1, y1) whose insides meet, by index, the lower first.  The boxes go in bands
    24 pt tall (a box in each band it reaches), and each band is swept left to right keeping the boxes that have
    not ended yet: a glyph meets the one or two before it, not the whole band (a grid of 24 pt squares compared
    every pair in a square, twice the time)."""
    bands: dict[int, list[int]] = defaultdict(list)
    for i, b in enumerate(boxes):
        for gy in range(int(b[1] // 24.0), int(b[3] // 24.0) + 1):
            bands[gy].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in bands.values():
        members.sort(key=lambda i: boxes[i][0])
        live: list[int] = []
        for i in members:
            a = boxes[i]
            live = [j for j in live if boxes[j][2] > a[0]]  # ended before this one starts: never again
            for j in live:
                b = boxes[j]
                if b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                    pairs.add((min(i, j), max(i, j)))
            live.append(i)
    return pairs


def _overlaps(pages: list[Page]) -> list[Failure]:
    out = []
    for page in pages:
        chars = [c for c in page.chars if c["text"].strip()]
        pairs = overlapping_pairs([_box(c, page.height) for c in chars])
        if pairs:
            sample = ", ".join(f"{chars[i]['text']}/{chars[j]['text']}" for i, j in sorted(pairs)[:8])
            where = (
                "contents page"
                if "Contents" in page.text.split("\n")[:3]
                else "table or figure"
                if any(chars[i]["fontname"].endswith(("Sans-Regular", "SansPro-Regular", "SansPro-Semibold")) for i, _ in pairs)
                else "text"
            )
            out.append(Failure("no-overlapping-text", page.number, f"{len(pairs)} overlapping glyph pairs ({where}): {sample}"))
    return out


@cache
def _face_coverage(path: str, stamp: tuple[int, int]) -> tuple[str, frozenset[int]]:
    """A font file's name and the characters it has glyphs for (`stamp`, its mtime and size: a file changed is
    read again)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    face = TTFontFile(path)
    return face.name.decode() if isinstance(face.name, bytes) else str(face.name), frozenset(face.charToGlyph)


def _coverage(style: str, pack_dir: str = "") -> dict[str, frozenset[int]]:
    out: dict[str, frozenset[int]] = {}
    for family in load_style(style, pack_dir=Path(pack_dir) if pack_dir else None, cache=_SHEETS).typed.fonts.values():
        for path in {family.face(name).path for name in ("regular", "bold", "italic", "bold_italic")}:
            stat = Path(path).stat()
            name, cover = _face_coverage(str(path), (stat.st_mtime_ns, stat.st_size))
            out[name] = cover
    return out


def _glyphs(pages: list[Page], layout: Layout) -> list[Failure]:
    cover = _coverage(layout.style, layout.pack_dir)
    out = []
    for page in pages:
        missing: dict[str, set[str]] = defaultdict(set)
        for c in page.chars:
            font = c["fontname"].split("+")[-1]
            fc = cover.get(font)
            if c["text"] == "\x00" or (len(c["text"]) == 1 and c["text"].strip() and fc is not None and ord(c["text"]) not in fc):
                missing[font].add("\\x00 (unknown)" if c["text"] == "\x00" else c["text"])
        for font, chars in sorted(missing.items()):
            out.append(
                Failure(
                    "glyphs-in-font",
                    page.number,
                    f"{font} has no glyph for: {' '.join(sorted(chars)[:20])} (printed as an empty box)",
                )
            )
    return out


_TOC = re.compile(r"^(\d+(?:\.\d+)*)\s+(.*?)\s*(?:[.…]\s*)+(\d+)$")  # the page number comes after the leaders
# ... or with none, when the title's last line fills the space before it: taken only when no later line
# continues the entry (a wrapped title's first line may end in a number, "... in 2006")
_TOC_BARE = re.compile(r"^(\d+(?:\.\d+)*)\s+(.*?)\s+(\d+)$")


def _outline(doc: pikepdf.Pdf, ids: dict[tuple[int, int], int], heights: list[float]) -> list[tuple[str, int, float]]:
    """Each outline entry in reading order (an entry, then its children): its title, the page it lands on (1 when
    it lands on none) and its top (down from the page's top; 0 when unknown)."""
    out: list[tuple[str, int, float]] = []
    outlines = doc.Root.get("/Outlines")
    item = outlines.get("/First") if outlines is not None else None
    stack: list[Any] = []
    while item is not None or stack:
        if item is None:
            item = stack.pop()
            continue
        page, top, _ = _landing(item.get("/Dest"), ids, heights)
        page = max(page, 1)
        out.append((str(item.get("/Title", "")), page, top if page and top >= 0 else 0.0))
        if item.get("/First") is not None:
            stack.append(item.get("/Next"))
            item = item.get("/First")
        else:
            item = item.get("/Next")
    return out


def _contents(pages: list[Page], outline: list[tuple[str, int, float]], expect_headings: list[str] | None) -> list[Failure]:
    where = {title.split(" ", 1)[0]: page for title, page, _ in outline if re.match(r"^\d", title)}
    toc_pages = [page for title, page, _ in outline if title == "Contents"]
    if not toc_pages:
        return [] if expect_headings is None else [Failure("contents-pages", None, "no contents page")]
    first = toc_pages[0]
    after = min((p for _, p, _ in outline if p > first), default=first + 1)
    entries: dict[str, int] = {}
    pending = ""
    bare: re.Match[str] | None = None
    for page in pages[first - 1 : max(after - 1, first)]:
        for line in page.text.split("\n"):
            line = line.strip()
            if re.match(r"^\d+(\.\d+)*\s", line):
                if bare is not None:
                    entries[bare.group(1)] = int(bare.group(3))
                pending, bare = line, None
            elif pending:
                pending += " " + line
            else:
                continue
            m = _TOC.match(pending)
            if m:
                entries[m.group(1)] = int(m.group(3))
                pending, bare = "", None
            elif bare is None:
                bare = _TOC_BARE.match(pending)
        if bare is not None:  # the page ends: the entry did not go on
            entries[bare.group(1)] = int(bare.group(3))
            pending, bare = "", None
    out = []
    for number, page_no in entries.items():
        landed = where.get(number)
        if landed is None:
            out.append(Failure("contents-pages", first, f"contents entry {number} has no heading in the outline"))
            continue
        if landed != page_no:
            out.append(Failure("contents-pages", first, f"contents says {number} is on page {page_no}; it is on {landed}"))
            continue
        lines = pages[landed - 1].text.split("\n")
        if not any(ln.strip().startswith(number + " ") or ln.strip() == number for ln in lines):
            out.append(Failure("contents-pages", landed, f"heading {number} is not printed on page {landed}"))
    for number in expect_headings or []:
        if number.count(".") <= 1 and number not in entries:
            out.append(Failure("contents-pages", first, f"section {number} is missing from the contents"))
    return out


def _stranded(pdf: Path, pages: list[Page], outline: list[tuple[str, int, float]], furniture_of: Any) -> list[Failure]:
    out = []
    for title, page_no, top in outline:
        if not re.match(r"^\d", title) or top <= 0:
            continue
        page = pages[page_no - 1]
        f = furniture_of(page.height)
        floor = page.rule if page.rule is not None else f["bottom"]
        last = _heading_bottom(page.chars, title, top, floor)
        below = [c for c in page.chars if c["text"].strip() and c["top"] > last + 1 and c["bottom"] < floor]
        if not below and page_no < len(pages) and not _drawn_below(pdf, page_no, last, floor):
            out.append(Failure("heading-not-stranded", page_no, f"heading {title[:40]!r} is the last thing on its page"))
    return out


def _drawn_below(pdf: Path, page_no: int, top: float, floor: float) -> bool:
    """Whether a picture (an image, or an SVG's shapes) is drawn on the page below `top` and above `floor`: a
    heading over a picture without a caption has no text after it, yet is not left alone."""
    import pdfplumber

    with pdfplumber.open(str(pdf), pages=[page_no]) as doc:
        page = doc.pages[0]
        drawn = [*page.images, *page.rects, *page.curves]
        return any(d["top"] > top + 1 and d["bottom"] < floor and d["bottom"] - d["top"] > 1 for d in drawn)


def _squeezed(text: str) -> str:
    """Text compared without spaces, hyphens (a wrapped heading may be hyphenated) or soft hyphens."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def _heading_bottom(chars: list[dict[str, Any]], title: str, top: float, floor: float) -> float:
    """The top of the heading's last printed line: its first line, then each next line in the heading's face and
    size while the lines so far do not yet spell the whole title.  A line after the title in that face (a large
    print caption shares the heading's face and size) is what follows the heading, not more of it."""
    near = [c for c in chars if top - 2 <= c["top"] < top + 30 and c["text"].strip()]
    first = min((c["top"] for c in near), default=top)
    face = {(c["fontname"], round(c["size"], 1)) for c in near if abs(c["top"] - first) < 1}
    lines: dict[float, list[dict[str, Any]]] = {}
    for c in chars:
        if c["text"].strip() and c["top"] > first - 1 and c["bottom"] < floor:
            lines.setdefault(round(c["top"]), []).append(c)
    whole, printed, last = _squeezed(title), "", first
    for at in sorted(lines):
        line = sorted(lines[at], key=lambda c: c["x0"])
        if printed and (len(printed) >= len(whole) or any((c["fontname"], round(c["size"], 1)) not in face for c in line)):
            break
        printed += _squeezed("".join(c["text"] for c in line))
        last = line[0]["top"]
    return last


def _page_numbers(pages: list[Page]) -> list[Failure]:
    """Every page's footer says "Page i of N" once, i its place and N the pages there are; the cover (page 1 of a
    full pack) may have no footer at all."""
    out = []
    for page in pages:
        said = re.findall(r"Page (\d+) of (\d+)", page.text)
        if said == [(str(page.number), str(len(pages)))] or (page.number == 1 and not said):
            continue
        out.append(Failure("page-numbers", page.number, f"the footer reads {said or 'no page number'}"))
    return out


def _present(pages: list[Page], words: list[str], prop: str, what: str) -> list[Failure]:
    text = re.sub(r"\s+", "", "".join(c["text"] for p in pages for c in p.chars))
    text = text.replace("-", "").replace("\u00ad", "")
    missing = [w for w in words if re.sub(r"\s+", "", w).replace("-", "").replace("\u00ad", "") not in text]
    if missing:
        return [Failure(prop, None, f"{len(missing)} of {len(words)} {what} not printed: {missing[:6]}")]
    return []


def verify(pdf: Path, layout: Layout | None = None, expect: Any = None) -> list[Failure]:
    """Every property failure of one PDF.  `expect` is a tests.generate.Expect, or None to skip the
    checks that need to know the content (counts, tokens, tails, headings)."""
    layout = layout or Layout()
    pages, outline = read(pdf, layout)
    furniture = _furniture(layout, pages[0].height)
    out: list[Failure] = []
    out += _markers(pages, expect.notes if expect is not None else None)
    out += _notes(pages)
    out += _below_rule(pages, furniture)
    out += _outside(pages, layout)
    out += _overlaps(pages)
    out += _glyphs(pages, layout)
    if layout.variant != "summary":
        out += _contents(pages, outline, expect.headings if expect is not None else None)
        out += _stranded(pdf, pages, outline, lambda h: _furniture(layout, h))
    out += [Failure(*found) for found in tree_failures(pdf)]  # captions and lone lines, from the structure tree
    out += _page_numbers(pages)
    if expect is not None:
        out += _present(pages, expect.sources, "sources-present", "source tokens")
        out += _present(pages, expect.tails, "note-tails-present", "note tails")
        if getattr(expect, "made_up_titles", True):
            notes = printed_notes(pages)
            out += [Failure(*found) for found in note_source_failures(notes, expect.tail_sources, expect.sources)]
            if layout.variant != "summary":
                out += [Failure(*found) for found in cited_pages_failures(pages, outline, notes, expect.sources)]
    return out


# ---------------------------------------------------------------- building and verifying one pack

VARIANTS = ("full", "summary", "duplex", "large", "letter")
# The other options and their pairings: a soak takes them with --variants, `python -m tests.verify` with --variant.
MORE_VARIANTS = ("greyscale", "large-summary", "large-duplex", "large-letter", "duplex-letter")
HANDOUTS = ("summary", "large-summary")  # the variants that build the summary handout


def options_for(variant: str) -> Any:
    from briefing.pipeline import BuildOptions

    return {
        "full": BuildOptions(),
        "summary": BuildOptions(variant="summary"),
        "duplex": BuildOptions(duplex=True),
        "large": BuildOptions(large_print=True),
        "letter": BuildOptions(paper="letter"),
        "greyscale": BuildOptions(greyscale=True),
        "large-summary": BuildOptions(large_print=True, variant="summary"),
        "large-duplex": BuildOptions(large_print=True, duplex=True),
        "large-letter": BuildOptions(large_print=True, paper="letter"),
        "duplex-letter": BuildOptions(duplex=True, paper="letter"),
    }[variant]


def build_flags(variant: str) -> str:
    """The `briefing build` options of a variant, as typed (" --large-print --variant summary")."""
    o = options_for(variant)
    flags = [
        " --variant summary" if o.variant == "summary" else "",
        " --duplex" if o.duplex else "",
        " --large-print" if o.large_print else "",
        " --greyscale" if o.greyscale else "",
        f" --paper {o.paper}" if o.paper else "",
    ]
    return "".join(flags)


def build_and_verify(content: Path, pdf: Path, variant: str, expect: Any = None) -> list[Failure]:
    """Build `content` in one variant (in this process) and verify the PDF; a refused build is a failure."""
    from briefing.diagnostics import BriefingError
    from briefing.pipeline import build

    options = options_for(variant)
    try:
        build(content, pdf, options)
    except BriefingError as exc:
        errors = [d for d in exc.diagnostics if d.severity == "error"]
        if variant in HANDOUTS and len(errors) == 1 and "the summary handout would take" in errors[0].message:
            return []  # content marked for more than two pages: refusing the handout is right (issue 13)
        first = str((errors or list(exc.diagnostics))[0]) if exc.diagnostics else "no diagnostics"  # the error, not a warning
        return [Failure("build", None, re.sub(r"^\S*/", "", first))]
    except Exception as exc:  # noqa: BLE001 - a crash is a failure to count, not a reason to stop a soak
        return [Failure("build", None, f"internal error: {type(exc).__name__}: {exc}")]
    return verify(pdf, Layout.of(options, content), expect)


# ---------------------------------------------------------------- what any pack's YAML requires

_CITE_RE = re.compile(r"\[@([^\]]*)\]")
# Fields that are never rich text (a citation there would print literally).
_PLAIN = frozenset(
    (
        "id",
        "alt",
        "kind",
        "date",
        "from",
        "to",
        "inferred",
        "date_note",
        "widths",
        "summary",
        "speaker",
        "name",
        "title",
        "x_axis",
        "y_axis",
        "points",
        "data_table",
    )
)


@dataclass
class Required:
    """What a pack's YAML says its PDF must contain: the same fields as tests.generate.Expect."""

    notes: int
    tails: list[str]
    sources: list[str]
    headings: list[str]
    made_up_titles: bool = False  # each title starts with its own made-up word (a generated pack, shrunk or not)
    tail_sources: dict[str, list[str]] = field(default_factory=dict)  # as tests.generate.Expect's


def _last_word(locator: str) -> str:
    words = locator.split()
    return words[-1].rstrip(".,;:)”’\"'") if words else ""


def _cite_value(value: Any) -> tuple[list[str], str]:
    """(source ids, tail) of a `cite:` field in any of its documented forms."""
    items = value if isinstance(value, list) else [value]
    ids, tail = [], ""
    for item in items:
        if isinstance(item, dict):
            ids.append(str(item.get("source", "")))
            tail = _last_word(str(item.get("locator") or ""))
        else:
            ids.append(str(item))
            tail = ""
    return ids, tail


def _inline(text: str) -> list[tuple[list[str], str]]:
    out = []
    for m in _CITE_RE.finditer(text):
        ids, tail = [], ""
        for part in m.group(1).split(";"):
            source, _, locator = part.strip().partition(",")
            ids.append(source.strip().removeprefix("@").strip())
            tail = _last_word(locator)
        out.append((ids, tail))
    return out


def _node_notes(node: Any, out: list[tuple[list[str], str]]) -> None:
    """Citations in a block's YAML, in document order of the YAML (counts and tails, not numbering)."""
    if isinstance(node, str):
        out.extend(_inline(node))
    elif isinstance(node, list):
        for item in node:
            _node_notes(item, out)
    elif isinstance(node, dict):
        quote = node.get("quote")
        for key, value in node.items():
            if key == "cite":
                if value in (None, [], ""):
                    continue  # no citation (briefing check reports an empty cite)
                if isinstance(quote, dict) and quote.get("cite") is not None:
                    continue  # a quote's own cite wins over the block's: one attribution note
                out.append(_cite_value(value))
            elif key not in _PLAIN:
                _node_notes(value, out)


def required_of(root: Path, variant: str = "full") -> Required:
    """Work out from a pack's YAML alone (not briefing's parser) what its PDF in `variant` must show."""
    pack = _yaml(root / "pack.yaml")
    sources = _yaml(root / "sources.yaml")["sources"]
    notes: list[tuple[list[str], str]] = []
    headings: list[str] = []

    def marked(node: dict[str, Any]) -> bool:
        return node.get("summary") is True or str(node.get("summary")).lower() in ("true", "only")

    def has_marks(section: dict[str, Any]) -> bool:
        return any(marked(b) for b in section.get("blocks") or []) or any(
            marked(s) or has_marks(s) for s in section.get("sections") or []
        )

    def walk(section: dict[str, Any], number: str, inherited: bool) -> None:
        """The documented rule: a section marked for the handout brings all its blocks unless some are
        marked, then only those; `summary: only` blocks are for the handout alone."""
        headings.append(number)
        blocks = section.get("blocks") or []
        subs = section.get("sections") or []
        if variant not in HANDOUTS:
            _node_notes([b for b in blocks if str(b.get("summary")).lower() != "only"], notes)
            for i, sub in enumerate(subs, 1):
                walk(sub, f"{number}.{i}", False)
            return
        here = marked(section) or inherited
        marked_blocks = any(marked(b) for b in blocks)
        _node_notes([b for b in blocks if (here and not marked_blocks) or marked(b)], notes)
        children_marked = any(marked(s) or has_marks(s) for s in subs)
        for i, sub in enumerate(subs, 1):
            walk(sub, f"{number}.{i}", here and not children_marked and not marked_blocks)

    for i, name in enumerate(pack["sections"], 1):
        walk(_yaml(root / name), str(i), False)
    cited = {s for ids, _ in notes for s in ids}
    tokens = [str(s["title"]).split()[0] for s in sources if s["id"] in cited]
    title = {str(s["id"]): str(s["title"]).split()[0] for s in sources}
    generated = pack.get("pack", {}).get("prepared_by") == "tests/generate.py" and len(set(title.values())) == len(title)
    once = [t for _, t in notes if t and sum(1 for _, u in notes if u == t) == 1]  # a shrunk pack's may be plain words
    tails = {t: [title[i] for i in ids if i in title] for ids, t in notes if t in once}
    return Required(len(notes), [t for _, t in notes if t], tokens, headings if variant not in HANDOUTS else [], generated, tails)


def main(argv: list[str] | None = None) -> int:
    """`python -m tests.verify PACK [--variant V] [--pdf OUT]`: build a pack, print what is wrong."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tests.verify", description=main.__doc__)
    parser.add_argument("pack", type=Path)
    parser.add_argument("--variant", choices=(*VARIANTS, *MORE_VARIANTS), default="full")
    parser.add_argument("--pdf", type=Path, default=Path("/tmp/verify.pdf"))
    args = parser.parse_args(argv)
    failures = build_and_verify(args.pack, args.pdf, args.variant, required_of(args.pack, args.variant))
    for f in failures:
        print(f)
    print(f"{len(failures)} failures ({args.pdf})")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
