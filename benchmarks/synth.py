"""Synthetic briefing packs shaped like the default pack (content/), scaled up.

One "copy" (scale 1) mirrors the default pack's shape: 9 sections with 34
subsections, 42 paragraphs of about 45 words with one or two inline
citations, 26 quotations, 8 tables, 7 callouts, 4 key-figure tables, 4
who's-who tables, 4 bulleted and 2 numbered lists, a timeline of 8 events,
3 sources, about 240 footnotes and 25-30 pages.  When the parser knows the
figure kinds (`chart` in briefing.parse.BLOCK_KINDS), each copy also has a
figures panel, a timeline chart, two bar charts and a line chart, as the
default pack does.  Scale N repeats that shape N times (9N sections, 3N
sources), with different words, so a 100x pack is about 2,700 pages.

The text is generated, deterministic and neutral: no real names or events.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_TEXT = (
    "the review found that agencies had lost sight of the child while complaints about the service and the "
    "records kept between departments failed to carry concerns forward across several months so that "
    "managers could not see the whole picture when decisions about visits assessments and referrals were "
    "made by staff who were often new to the team and carried heavy caseloads under considerable pressure "
    "from the volume of work arriving each week from schools health visitors police and members of the "
    "public who had raised questions about welfare attendance and safety at home"
)
WORDS = tuple(_TEXT.split(" "))

NAMES = ("Alex Morgan", "Sam Patel", "Jordan Lee", "Chris Okafor", "Robin Shaw", "Taylor Reid", "Jamie Hughes")
ROLES = (
    "Chair of the review panel",
    "Director of children's services",
    "Cabinet member for children",
    "Independent reviewer",
    "Head of safeguarding",
    "Chief executive",
    "Lead member for scrutiny",
)

# Blocks of one copy, in the order they are dealt out to the 43 section bodies (9 sections + 34 subsections).
RECIPE = (
    ["paragraph"] * 42
    + ["quote"] * 26
    + ["table"] * 8
    + ["callout"] * 7
    + ["key_facts"] * 4
    + ["people"] * 4
    + ["bullets"] * 4
    + ["numbered"] * 2
    + ["timeline"]
)
SUBSECTIONS = (3, 4, 4, 4, 4, 4, 4, 4, 3)  # 34, as in the default pack
FIGURE_KINDS = ("figures_panel", "timeline_chart", "chart", "chart", "chart")


def has_figures() -> bool:
    """Whether this checkout's parser knows the figure block kinds."""
    from briefing.parse import BLOCK_KINDS

    return "chart" in BLOCK_KINDS


def _month(i: int) -> str:
    return f"{2006 + i // 2}-{1 + (i * 5) % 12:02d}"


class _Writer:
    """Deterministic text: a linear congruential sequence over a fixed vocabulary."""

    def __init__(self, seed: int) -> None:
        self.state = seed * 2654435761 % 2**32 or 1

    def next(self, n: int) -> int:
        self.state = (self.state * 1103515245 + 12345) % 2**31
        return (self.state >> 8) % n

    def words(self, count: int) -> str:
        return " ".join(WORDS[self.next(len(WORDS))] for _ in range(count))

    def sentence(self, count: int, cite: str = "") -> str:
        text = self.words(count).capitalize()
        return f"{text} {cite}." if cite else f"{text}."


class _Copy:
    """One copy of the default pack's shape; `r` numbers the copy (its sources and ids are its own)."""

    def __init__(self, r: int, figures: bool) -> None:
        self.r = r
        self.w = _Writer(r + 1)
        self.figures = figures
        self.sources = [f"s{r}-report", f"s{r}-news", f"s{r}-release"]
        self.ids: list[str] = []

    def src(self, k: int | None = None) -> str:
        # The first source dominates, as the review news report does in the default pack (so "Ibid." occurs).
        k = self.w.next(6) if k is None else k
        return self.sources[0 if k < 3 else 1 if k < 5 else 2]

    def cite(self, locator: bool = False) -> str:
        if locator:
            return f"[@{self.src()}, p. {1 + self.w.next(40)}]"
        return f"[@{self.src()}]"

    # ------------------------------------------------------------ blocks

    def paragraph(self) -> dict[str, Any]:
        n = 2 + self.w.next(2)  # two or three sentences, about 45 words, one or two citations
        parts = []
        for s in range(n):
            cite = self.cite(locator=s == 1) if s == 0 or s == n - 1 else ""
            parts.append(self.w.sentence(12 + self.w.next(9), cite))
        if self.ids and self.w.next(5) == 0:
            parts.append(f"See also [#{self.ids[self.w.next(len(self.ids))]}].")
        if self.w.next(4) == 0:
            parts[0] = f"**{parts[0].split(' ', 1)[0]}** {parts[0].split(' ', 1)[1]}"
        return {"paragraph": " ".join(parts)}

    def quote(self) -> dict[str, Any]:
        k = self.w.next(len(NAMES))
        return {
            "quote": {"text": self.w.sentence(18 + self.w.next(20)), "speaker": NAMES[k], "role": ROLES[k], "cite": self.src()}
        }

    def table(self) -> dict[str, Any]:
        rows: list[Any] = []
        for i in range(3 + self.w.next(3)):
            cells = [self.w.words(3).capitalize(), str(10 + self.w.next(90)), self.w.sentence(6 + self.w.next(8))]
            rows.append({"cells": cells, "cite": self.src()} if i % 2 else cells[:2] + [cells[2] + " " + self.cite()])
        return {
            "table": {
                "caption": f"{self.w.words(4).capitalize()} {self.cite()}",
                "header": ["Measure", "Figure", "Detail"],
                "rows": rows,
                "widths": [2, 1, 3],
            }
        }

    def callout(self) -> dict[str, Any]:
        return {
            "callout": {
                "title": "Sources differ",
                "text": f"{self.w.sentence(14, self.cite())} {self.w.sentence(14, f'[@{self.sources[2]}]')}",
            }
        }

    def key_facts(self) -> dict[str, Any]:
        return {
            "key_facts": [
                {"label": self.w.words(5).capitalize(), "value": str(1 + self.w.next(99)), "cite": self.src()}
                for _ in range(8 + self.w.next(3))
            ]
        }

    def people(self) -> dict[str, Any]:
        out = []
        for i in range(5 + self.w.next(3)):
            k = (i + self.w.next(len(NAMES))) % len(NAMES)
            entry: dict[str, Any] = {"name": NAMES[k], "role": f"{ROLES[k]}, {self.w.words(4)}"}
            if i % 5:
                entry["cite"] = self.src()
            out.append(entry)
        return {"people": out}

    def bullets(self, key: str = "bullets") -> dict[str, Any]:
        items: list[Any] = []
        for i in range(4 + self.w.next(4)):
            text = self.w.sentence(10 + self.w.next(10))
            items.append({"text": text, "cite": self.src()} if i % 2 else text[:-1] + " " + self.cite() + ".")
        return {key: items}

    def timeline(self) -> dict[str, Any]:
        events = []
        for i in range(8):
            event: dict[str, Any] = {"date": _month(i), "event": self.w.sentence(10 + self.w.next(8)), "cite": self.src()}
            if i == 6:
                event["inferred"] = "the source gives the month after a dated event"
            events.append(event)
        return {"timeline": events}

    def figure(self, kind: str, index: int) -> dict[str, Any]:
        cite = f"[@{self.sources[2]}]"
        if kind == "figures_panel":
            figures = [{"value": str(3 + self.w.next(50)), "label": self.w.words(8), "cite": self.src()} for _ in range(6)]
            return {"figures_panel": {"title": "At a glance", "figures": figures}}
        if kind == "timeline_chart":
            events = [{"date": _month(i), "label": self.w.words(5).capitalize()} for i in range(8)]
            phases = [
                {"label": "Concerns", "from": "2006-01", "to": "2008-02"},
                {"label": "Review", "from": "2008-05", "to": "2009"},
            ]
            return {
                "timeline_chart": {
                    "title": self.w.words(7).capitalize(),
                    "caption": f"{self.w.sentence(12)} {cite}",
                    "alt": self.w.sentence(30),
                    "data_table": True,
                    "events": events,
                    "phases": phases,
                }
            }
        line = index == 4
        points = (
            [[f"2009-{m:02d}", str(10 + self.w.next(20))] for m in (2, 5, 8, 11)]
            if line
            else [[self.w.words(2).capitalize() + f" {j}", str(5 + self.w.next(40))] for j in range(3)]
        )
        return {
            "chart": {
                "kind": "line" if line else "bar",
                "title": self.w.words(8).capitalize(),
                "x_axis": "Month" if line else "Period",
                "y_axis": {"label": self.w.words(3).capitalize(), "unit": "days", "max": 60},
                "series": [{"name": self.w.words(2).capitalize(), "points": points}],
                "caption": f"Source: {self.w.words(6)} {cite}.",
                "alt": self.w.sentence(25),
                "note": self.w.sentence(10),
            }
        }

    def block(self, kind: str) -> dict[str, Any]:
        if kind == "numbered":
            return self.bullets("numbered")
        return getattr(self, kind)()  # type: ignore[no-any-return]

    # ------------------------------------------------------------ sections

    def sections(self) -> list[dict[str, Any]]:
        recipe = list(RECIPE)
        # Deal blocks out in a fixed shuffled order so every section gets a mix.
        order = sorted(range(len(recipe)), key=lambda i: (i * 37) % len(recipe))
        blocks = [recipe[i] for i in order]
        bodies: list[list[dict[str, Any]]] = [[] for _ in range(len(SUBSECTIONS) + sum(SUBSECTIONS))]
        for i, kind in enumerate(blocks):
            bodies[i % len(bodies)].append(self.block(kind))
        if self.figures:
            for j, kind in enumerate(FIGURE_KINDS):
                bodies[(j * 9 + 1) % len(bodies)].append(self.figure(kind, j))
        out: list[dict[str, Any]] = []
        b = 0
        for s, nsub in enumerate(SUBSECTIONS):
            sid = f"c{self.r}-s{s}"
            section: dict[str, Any] = {"id": sid, "title": self.w.words(3 + self.w.next(3)).capitalize(), "blocks": bodies[b]}
            b += 1
            subs = []
            for k in range(nsub):
                subs.append({"id": f"{sid}-{k}", "title": self.w.words(2 + self.w.next(4)).capitalize(), "blocks": bodies[b]})
                b += 1
            section["sections"] = subs
            self.ids.append(sid)
            out.append(section)
        return out

    def source_list(self) -> list[dict[str, Any]]:
        r = self.r
        return [
            {
                "id": self.sources[0],
                "kind": "official report",
                "title": f"Serious case review {r + 1}: overview report",
                "short": f"Review {r + 1}",
                "author": f"Safeguarding board {r + 1}",
                "publisher": f"Safeguarding board {r + 1}",
                "date": {"value": "2010", "inferred": "reports events of March 2010"},
                "url": f"https://example.org/review/{r + 1}",
                "accessed": "2026-11-23",
            },
            {
                "id": self.sources[1],
                "kind": "news report",
                "title": f"Review {r + 1} finds missed chances",
                "author": "unknown",
                "publisher": "unknown",
                "date": "unknown",
            },
            {
                "id": self.sources[2],
                "kind": "press release",
                "title": f"Council statement {r + 1}",
                "publisher": f"Council {r + 1}",
                "date": "2010-07",
                "url": f"https://example.org/council/{r + 1}?a=1&b=2",
            },
        ]


def pack_data(scale: int, figures: bool | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(sections, sources) of a pack `scale` times the default pack's size."""
    figures = has_figures() if figures is None else figures
    sections: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    for r in range(scale):
        copy = _Copy(r, figures)
        sections += copy.sections()
        sources += copy.source_list()
    return sections, sources


def write_pack(root: Path, scale: int, figures: bool | None = None) -> Path:
    """Write a synthetic pack to `root` (created); returns `root`."""
    sections, sources = pack_data(scale, figures)
    root.mkdir(parents=True, exist_ok=True)
    names = []
    for i, section in enumerate(sections, 1):
        name = f"{i:04d}.yaml"
        (root / name).write_text(yaml.safe_dump(section, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
        names.append(name)
    meta = {
        "id": f"BENCH-{scale}",
        "title": f"A synthetic briefing pack, {scale}x",
        "short_title": f"Benchmark {scale}x",
        "subtitle": "Generated text in the default pack's shape",
        "version": "1.0",
        "as_at": "2026-11-23",
        "prepared_by": "benchmarks/synth.py",
        "language": "en-GB",
        "keywords": ["benchmark"],
        "editorial_note": "Generated for timing the build.\n\nThe words mean nothing; the shape is the default pack's.",
    }
    (root / "pack.yaml").write_text(
        yaml.safe_dump({"pack": meta, "sections": names}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (root / "sources.yaml").write_text(
        yaml.safe_dump({"sources": sources}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return root
