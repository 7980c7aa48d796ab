"""Writing small packs for tests: a pack is a dict of file name -> YAML-able data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SOURCES = [
    {
        "id": "alpha",
        "kind": "news report",
        "title": "Alpha report on the matter",
        "author": "unknown",
        "publisher": "unknown",
        "date": "unknown",
    },
    {
        "id": "beta",
        "kind": "press release",
        "title": "Beta council statement",
        "publisher": "Beta Council",
        "date": "2010-07",
        "url": "https://example.org/beta?a=1&b=2",
    },
    {
        "id": "gamma",
        "kind": "official report",
        "title": "Gamma review",
        "short": "Gamma review",
        "author": "Gamma Board",
        "publisher": "Gamma Board",
        "date": {"value": "2010", "inferred": "reports a 2010 event"},
    },
]


def meta(**over: Any) -> dict[str, Any]:
    data = {
        "id": "TEST-1",
        "title": "A test pack",
        "short_title": "Test pack",
        "version": "1.0",
        "as_at": "2026-11-23",
        "prepared_by": "The test suite",
        "language": "en-GB",
        "editorial_note": "Prepared from the listed sources only.",
    }
    data.update(over)
    return data


def write_pack(root: Path, sections: list[dict[str, Any]], sources: list[dict[str, Any]] | None = None, **meta_over: Any) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    files = []
    for i, section in enumerate(sections, 1):
        name = f"{i:02d}.yaml"
        (root / name).write_text(yaml.safe_dump(section, allow_unicode=True, sort_keys=False), encoding="utf-8")
        files.append(name)
    pack = {"pack": meta(**meta_over), "sections": files}
    (root / "pack.yaml").write_text(yaml.safe_dump(pack, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "sources.yaml").write_text(
        yaml.safe_dump({"sources": sources or SOURCES}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return root


WORDS = [
    "the",
    "council",
    "review",
    "found",
    "that",
    "agencies",
    "had",
    "lost",
    "sight",
    "of",
    "the",
    "child",
    "while",
    "the",
    "complaint",
    "process",
    "and",
    "the",
    "paperwork",
    "between",
    "departments",
    "failed",
    "to",
    "carry",
    "concerns",
    "forward",
]


def sentence(i: int, cite: str = "") -> str:
    words = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(14 + i % 9)]
    text = " ".join(words).capitalize()
    return f"{text} {cite}." if cite else f"{text}."


def stress_sections(scale: int = 1) -> list[dict[str, Any]]:
    """A pack built to stress the footnote layout: long split paragraphs full of markers, a page with
    many notes, a table with markers that splits, a note longer than half a page, 300+ notes."""
    ids = ["alpha", "beta", "gamma"]
    long_paragraphs = []
    for p in range(6 * scale):
        parts = [sentence(p * 40 + s, f"[@{ids[(p + s) % 3]}, para {s}]" if s % 2 == 0 else "") for s in range(40)]
        long_paragraphs.append({"paragraph": " ".join(parts)})
    many_notes = {"paragraph": " ".join(f"Point {k} [@{ids[k % 3]}, p. {k}]." for k in range(14))}
    rows = [[f"Row {r}", f"Value {r} [@{ids[r % 3]}]", sentence(r, f"[@{ids[(r + 1) % 3]}, row {r}]")] for r in range(60 * scale)]
    table = {
        "table": {
            "caption": "A long table that splits [@alpha]",
            "header": ["Item", "Value", "Detail"],
            "rows": rows,
            "widths": [1, 1, 3],
        }
    }
    long_locator = "a long note: " + " ".join(sentence(i) for i in range(60))
    long_note = {"paragraph": f"This statement carries a note longer than half a page [@beta, {long_locator}]."}
    bullets = {"bullets": [sentence(i, f"[@{ids[i % 3]}]") for i in range(20)]}
    quote = {"quote": {"text": "Words said in public.", "speaker": "A Speaker", "role": "Chair", "cite": "gamma"}}
    timeline = {
        "timeline": [{"date": f"20{10 + i % 10:02d}-{1 + i % 12:02d}", "event": sentence(i, "[@alpha]")} for i in range(25)]
    }
    return [
        {"id": "long", "title": "Long paragraphs", "blocks": long_paragraphs[:3] + [many_notes] + long_paragraphs[3:]},
        {
            "id": "tables",
            "title": "Tables and lists",
            "blocks": [table, bullets, quote],
            "sections": [{"title": "A subsection", "blocks": [long_note, timeline]}],
        },
        {
            "id": "more",
            "title": "More text",
            "blocks": long_paragraphs[:4]
            + [{"callout": {"title": "Sources differ", "text": "One says this [@alpha]; another that [@beta]."}}],
        },
    ]


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old`, which must occur once in the file, with `new`."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
