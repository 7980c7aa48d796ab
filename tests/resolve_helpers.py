"""Small packs and PDF reading for the resolve tests: what a reader sees of markers, notes and references."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf

from briefing.pipeline import BuildOptions, build
from tests import pdfread
from tests.packs import write_pack
from tests.pdfinspect import inspect

SOURCES = [
    {
        "id": "a",
        "kind": "report",
        "title": "Alpha report",
        "short": "Alpha",
        "author": "unknown",
        "publisher": "unknown",
        "date": "unknown",
    },
    {
        "id": "b",
        "kind": "press release",
        "title": "Better child protection pledge for city",
        "short": "Pledge",
        "author": "unknown",
        "publisher": "Birmingham City Council",
        "date": "2010-07",
        "url": "https://example.org/release",
        "accessed": "2026-11-01",
    },
    {
        "id": "c",
        "kind": "report",
        "title": "Gamma report",
        "short": "Gamma",
        "author": "Gamma Board",
        "publisher": "Gamma Board",
        "date": "2010",
    },
    {
        "id": "d",
        "kind": "report",
        "title": "Delta report",
        "short": "Delta",
        "author": "unknown",
        "publisher": "unknown",
        "date": "unknown",
    },
    {
        "id": "e",
        "kind": "report",
        "title": "Epsilon report",
        "short": "Epsilon",
        "author": "unknown",
        "publisher": "unknown",
        "date": "unknown",
    },
    {
        "id": "f",
        "kind": "report",
        "title": "Zeta report",
        "short": "Zeta",
        "author": "unknown",
        "publisher": "unknown",
        "date": "unknown",
    },
]


def build_pack(tmp: Path, sections: list[dict[str, Any]], variant: str = "full", **meta: Any) -> Path:
    """Write `sections` as a pack citing SOURCES and build it; the PDF's path."""
    root = write_pack(tmp / "pack", sections, SOURCES, **meta)
    out = tmp / f"out-{variant}.pdf"
    build(root, out, BuildOptions(variant=variant))
    return out


@dataclass(frozen=True)
class Marker:
    """A footnote marker as printed: its number, page, where it sits and the note page it links to."""

    number: int
    page: int
    x0: float
    top: float
    target_page: int


def markers(pdf: Path) -> list[Marker]:
    """Every link to a footnote drawn in the body, in reading order (page, then line, then left to right)."""
    reader = pypdf.PdfReader(str(pdf))
    index = {p.indirect_reference.idnum: i + 1 for i, p in enumerate(reader.pages)}
    out: list[Marker] = []
    rules = {info.number: info.rule_y for info in inspect(pdf)}
    with pdfread.open(str(pdf)) as doc:
        for n, (page, plumb) in enumerate(zip(reader.pages, doc.pages, strict=True), 1):
            height = float(page.mediabox.height)
            for annot in page.get("/Annots") or []:
                a = annot.get_object()
                dest = a.get("/Dest")
                if a.get("/Subtype") != "/Link" or not dest:
                    continue
                x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
                chars = [
                    c
                    for c in plumb.chars
                    if x0 - 0.5 <= (c["x0"] + c["x1"]) / 2 <= x1 + 0.5
                    and height - y1 - 0.5 <= (c["top"] + c["bottom"]) / 2 <= height - y0 + 0.5
                ]
                digits = "".join(c["text"] for c in chars if c["text"].isdigit())
                rule = rules[n]
                if not digits or (rule is not None and height - y1 > rule):
                    continue  # a note's number links back to its marker
                target = index.get(dest[0].idnum, 0)
                target_rule = rules.get(target)
                if len(dest) < 4 or dest[3] is None or target_rule is None or height - float(dest[3]) < target_rule:
                    continue  # a link to a section or a page, not to a note
                out.append(Marker(int(digits), n, x0, round(height - y1, 1), target))
    return sorted(out, key=lambda m: (m.page, m.top // 4, m.x0))


def page_texts(pdf: Path) -> list[str]:
    with pdfread.open(str(pdf)) as doc:
        return [p.extract_text(y_tolerance=5) or "" for p in doc.pages]  # superscripts join their line


def note_lines(pdf: Path) -> dict[int, list[str]]:
    """The notes printed under each page's note rule: number -> the text of each copy printed (first line)."""
    rules = {info.number: (info.rule_y, info.footer_y) for info in inspect(pdf)}
    out: dict[int, list[str]] = {}
    with pdfread.open(str(pdf)) as doc:
        for n, page in enumerate(doc.pages, 1):
            rule, footer = rules[n]
            if rule is None:
                continue
            lines: dict[int, list[dict[str, Any]]] = {}
            for ch in page.chars:
                if rule < ch["top"] < footer - 2:
                    lines.setdefault(round(ch["top"]), []).append(ch)
            for _, chars in sorted(lines.items()):
                chars.sort(key=lambda c: c["x0"])
                words = "".join(
                    c["text"] if i == 0 or c["x0"] - chars[i - 1]["x1"] < 1.0 else " " + c["text"] for i, c in enumerate(chars)
                )
                m = re.match(r"(\d+) (.*)", words)
                if m:
                    out.setdefault(int(m.group(1)), []).append(m.group(2))
    return out


def whole_text(pdf: Path) -> str:
    """Every page's words, lines joined by single spaces (a phrase is found wherever a line breaks it)."""
    return " ".join(" ".join(page_texts(pdf)).split())
