"""Seeded random packs that `briefing check` accepts, for proving the build on content nobody here wrote.

`generate(seed, root)` writes a pack mixing every block kind, citations in every position (first and
last word, list items, quotations, table cells and headers of tables that split, captions, panel
labels, block-level `cite:`), notes from a few words to longer than a page, 1 to 60 sources, long
addresses, long words, headings at every level and several scripts (Latin with accents, Greek,
Welsh, Polish, Vietnamese).  It returns what a correct PDF must contain (`Expect`, one for the full
pack and one for the summary handout), worked out from the YAML it wrote, never from briefing's own
parse, so a citation the build drops is seen as missing.

Every note that has a locator ends with a unique made-up word (a "tail"), and every source title
starts with one (a "token"): the verifier looks for them in the PDF's text.  Tokens are six plain
letters, shorter than the hyphenation minimum, so no line break ever splits them.

`Knobs` sets the size: the default keeps a pack to a few pages so that a hundred build in the
normal test run; `Knobs.large()` is for the soak.

    python -m tests.generate SEED DIR [--large] [--pictures] [--styles]    # write a pack, print its expectations
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from briefing.load import MAX_VALUE_CHARS

# ---------------------------------------------------------------- vocabulary

WORDS = (
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
    "complaint",
    "process",
    "and",
    "paperwork",
    "between",
    "departments",
    "failed",
    "to",
    "carry",
    "concerns",
    "forward",
    "housing",
    "officers",
    "placed",
    "families",
    "in",
    "temporary",
    "accommodation",
    "across",
    "the",
    "borough",
    "with",
    "rising",
    "costs",
    "and",
    "fewer",
    "homes",
    "available",
    "each",
    "year",
    "inspectors",
    "noted",
    "delays",
    "in",
    "assessments",
    "visits",
    "schools",
    "health",
    "services",
    "police",
    "and",
    "voluntary",
    "groups",
    "shared",
    "information",
    "late",
    "budget",
    "pressures",
    "staffing",
    "vacancies",
    "caseloads",
    "training",
    "supervision",
)

# Words in the scripts the default fonts are said to cover.
SCRIPT_WORDS = {
    "latin": [
        "Émilie",
        "Lefèvre",
        "José",
        "Núñez",
        "café",
        "naïve",
        "Åsa",
        "Øystein",
        "Müller",
        "façade",
        "señora",
        "Françoise",
        "Škoda",
        "rôle",
        "déjà",
        "Zoë",
        "Björk",
        "coöperation",
    ],
    "greek": [
        "Αθηνά",
        "Παπαδοπούλου",
        "Δημοτικό",
        "Συμβούλιο",
        "έκθεση",
        "παιδιά",
        "Θεσσαλονίκη",
        "Ελλάδα",
        "κοινωνική",
        "υπηρεσία",
    ],
    "welsh": [
        "Cyngor",
        "Sir",
        "Ynys",
        "Môn",
        "Gwynedd",
        "ŵyr",
        "dŷ",
        "Pen-y-bont",
        "ar",
        "Ogwr",
        "Caerdydd",
        "Llŷn",
        "Siân",
        "Rhŷs",
        "Ceredigion",
    ],
    "polish": [
        "Łódź",
        "Zażółć",
        "gęślą",
        "jaźń",
        "Wojewódzki",
        "Sąd",
        "Gdańsk",
        "Kraków",
        "Małgorzata",
        "Wróbel",
        "świadczenia",
        "rodzinę",
    ],
    "vietnamese": [
        "Nguyễn",
        "Thị",
        "Minh",
        "Khai",
        "Hồ",
        "Chí",
        "Ủy",
        "ban",
        "nhân",
        "dân",
        "Quận",
        "Đống",
        "Đa",
        "trẻ",
        "em",
        "Trần",
        "Hưng",
        "Đạo",
    ],
}

LONG_WORDS = [
    "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch",
    "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz",
    "antidisestablishmentarianism",
    "Przeciwdziałaniedyskryminacjiwsamorządach",
    "Κοινωνικοοικονομικοπολιτισμικής",
    "supercalifragilisticexpialidocious-and-then-some-more-hyphenated-words",
    "pneumonoultramicroscopicsilicovolcanoconiosis",
]

NAMES = [
    "Hilary Thompson",
    "Tony Howell",
    "Émilie Lefèvre",
    "Αθηνά Παπαδοπούλου",
    "Siân Rhŷs",
    "Małgorzata Wróbel",
    "Nguyễn Thị Minh Khai",
    "José Núñez",
    "Øystein Åsa",
    "Gwenllian ap Dafydd",
]
ROLES = [
    "Chair of the safeguarding board",
    "Strategic Director for Children",
    "Housing officer",
    "Independent reviewer",
    "Cabinet member for housing",
    "Prif Weithredwr",
    "Dyrektor wydziału",
    "Trưởng phòng",
    "Διευθύντρια",
    "Head of temporary accommodation",
]
KINDS = ["news report", "press release", "official report", "statistical release", "committee minutes", "letter"]
PUBLISHERS = [
    "unknown",
    "Birmingham City Council",
    "Cyngor Gwynedd",
    "Urząd Miasta Łodzi",
    "Ủy ban nhân dân Quận Đống Đa",
    "Δήμος Θεσσαλονίκης",
    "Department for Education",
    "The Local Gazette",
]

_CONS, _VOWELS = "bdgklmnprstvz", "aeiou"


# ---------------------------------------------------------------- knobs and expectations


@dataclass(frozen=True)
class Knobs:
    """How big and how hard a pack is.  Probabilities are per citation, block or word."""

    sections: tuple[int, int] = (1, 2)
    subsections: float = 0.4  # chance a section has subsections (and those, sub-subsections)
    blocks: tuple[int, int] = (1, 3)
    sources: tuple[int, int] = (1, 12)
    many_sources: float = 0.05  # chance of 30 to 60 sources
    words: tuple[int, int] = (6, 35)  # a paragraph's length
    long_note: float = 0.02  # a note longer than a page
    medium_note: float = 0.03  # a note of a few hundred words
    locator: float = 0.7  # a citation carries a locator (and so a tail word)
    long_word: float = 0.01  # per word
    script_word: float = 0.08  # per word
    long_url: float = 0.25  # per source with an address
    table_rows: tuple[int, int] = (1, 5)
    split_table: float = 0.1  # a table long enough to run over a page
    header_cite: float = 0.05  # a citation in a table's header row
    block_cite: float = 0.15  # a block-level `cite:` on blocks that take one
    adjacent_cites: float = 0.04  # "[@a] [@b]" side by side
    long_title: float = 0.12  # a heading long enough to wrap in the contents
    summary: float = 0.7  # the pack marks a section for the handout
    pictures: float = 0.0  # a block is an `image:` (0 draws nothing from the random stream: older seeds keep their packs)
    house_style: bool = False  # the pack brings its own sheet (styles/house.yaml), its measures drawn at random

    @staticmethod
    def of(large: bool = False, pictures: bool = False, styles: bool = False) -> Knobs:
        """The knobs the command lines name: `--large`, `--pictures` (a block in seven is a picture file),
        `--styles` (a house style sheet of other margins, sizes and spacing)."""
        knobs = Knobs.large() if large else Knobs()
        return replace(knobs, pictures=1 / 7 if pictures else 0.0, house_style=styles)

    @staticmethod
    def large() -> Knobs:
        return Knobs(
            sections=(2, 6),
            subsections=0.5,
            blocks=(2, 7),
            sources=(3, 60),
            many_sources=0.2,
            words=(10, 120),
            long_note=0.03,
            medium_note=0.08,
            table_rows=(2, 14),
            split_table=0.2,
        )


@dataclass
class Note:
    sources: list[str]
    tail: str = ""  # the note's last word when it ends with a locator


@dataclass
class Expect:
    """What a correct PDF of one variant contains."""

    notes: int
    tails: list[str]  # each note's last word (notes with a locator)
    sources: list[str]  # every cited source's title token
    headings: list[str]  # section numbers, in order ("1", "1.1", ...)
    tail_sources: dict[str, list[str]] = field(default_factory=dict)  # a note's tail -> its sources' title tokens


@dataclass
class Generated:
    root: Path
    seed: int
    full: Expect
    summary: Expect | None  # None: nothing is marked for the handout

    def expect(self, variant: str) -> Expect:
        return (self.summary or self.full) if variant in ("summary", "large-summary") else self.full


@dataclass(frozen=True)
class Picture:
    name: str  # relative to the pack's folder
    width: int  # pixels (or the SVG's units)
    height: int
    colour: int  # 0xRRGGBB

    def write(self, root: Path) -> None:
        """A plain picture of its size: a coloured field with a darker band, the same bytes for the same seed."""
        path = root / self.name
        path.parent.mkdir(parents=True, exist_ok=True)
        rgb = ((self.colour >> 16) & 255, (self.colour >> 8) & 255, self.colour & 255)
        if path.suffix == ".svg":
            fill = f"#{self.colour:06x}"
            path.write_text(
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{self.height}">'
                f'<rect width="{self.width}" height="{self.height}" fill="{fill}"/>'
                f'<rect y="{self.height // 3}" width="{self.width}" height="{self.height // 3}" fill="#333333"/></svg>\n',
                encoding="utf-8",
            )
            return
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (self.width, self.height), rgb)
        ImageDraw.Draw(image).rectangle((0, self.height // 3, self.width, 2 * self.height // 3), fill=(51, 51, 51))
        image.save(path, "JPEG" if path.suffix == ".jpg" else "PNG", **({"quality": 80} if path.suffix == ".jpg" else {}))


@dataclass
class _Section:
    data: dict[str, Any]
    notes: list[Note] = field(default_factory=list)
    subs: list[_Section] = field(default_factory=list)
    summary: bool = False


# ---------------------------------------------------------------- the generator


class Generator:
    def __init__(self, seed: int, knobs: Knobs) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.k = knobs
        self.used_tokens: set[str] = set()
        self.notes: list[Note] = []  # the notes of the section being written
        self.source_ids: list[str] = []
        self.section_ids: list[str] = []
        self.uncited: list[str] = []
        self.pictures: list[Picture] = []  # the picture files the pack's `image:` blocks name, written with the pack

    # ------------------------------------------------------------ words

    def token(self, capital: bool = False) -> str:
        while True:
            t = "".join(self.rng.choice(_CONS) + self.rng.choice(_VOWELS) for _ in range(3))
            if t not in self.used_tokens:
                self.used_tokens.add(t)
                return t.capitalize() if capital else t

    def word(self) -> str:
        r = self.rng.random()
        if r < self.k.long_word:
            return self.rng.choice(LONG_WORDS)
        if r < self.k.long_word + self.k.script_word:
            return self.rng.choice(SCRIPT_WORDS[self.rng.choice(list(SCRIPT_WORDS))])
        return self.rng.choice(WORDS)

    def words(self, lo: int, hi: int) -> list[str]:
        return [self.word() for _ in range(self.rng.randint(lo, hi))]

    def phrase(self, lo: int = 3, hi: int = 9) -> str:
        return " ".join(self.words(lo, hi))

    def url(self) -> str:
        host = self.rng.choice(["www.gov.uk", "example.org", "www.llyw.cymru", "data.example.net"])
        parts = [self.token() for _ in range(self.rng.randint(1, 3))]
        url = f"https://{host}/" + "/".join(parts)
        if self.rng.random() < self.k.long_url:
            keys = ["keywords", "organisations%5B%5D", "order", "page", "content_store_document_type", "filter"]
            query = "&".join(
                f"{self.rng.choice(keys)}={'-'.join(self.token() for _ in range(self.rng.randint(2, 6)))}"
                for _ in range(self.rng.randint(3, 7))
            )
            url += "/" + "".join(self.token() for _ in range(self.rng.randint(4, 12))) + "?" + query
        return url

    def date(self, lo: int = 1995, hi: int = 2025) -> str:
        y = self.rng.randint(lo, hi)
        r = self.rng.random()
        if r < 0.3:
            return str(y)
        m = self.rng.randint(1, 12)
        if r < 0.65:
            return f"{y}-{m:02d}"
        return f"{y}-{m:02d}-{self.rng.randint(1, calendar.monthrange(y, m)[1]):02d}"

    # ------------------------------------------------------------ citations

    def _locator(self) -> tuple[str, str]:
        """A locator and its tail word ("" for none)."""
        if self.rng.random() >= self.k.locator:
            return "", ""
        r = self.rng.random()
        if r < self.k.long_note:
            n = self.rng.randint(900, 1500)
        elif r < self.k.long_note + self.k.medium_note:
            n = self.rng.randint(120, 400)
        else:
            n = self.rng.randint(0, 8)
        tail = self.token()
        lead = self.rng.choice(["p.", "para", "section", "table", "paras"]) + f" {self.rng.randint(1, 300)}"
        body = " ".join(w.replace(";", "").replace("]", "") for w in self.words(n, n)) if n else ""
        return " ".join(x for x in (lead, body, tail) if x), tail

    def _pick_sources(self) -> list[str]:
        count = 1 if self.rng.random() < 0.85 else self.rng.randint(2, 3)
        picked: list[str] = []
        for _ in range(count):
            s = self.uncited.pop(self.rng.randrange(len(self.uncited))) if self.uncited else self.rng.choice(self.source_ids)
            if s not in picked:
                picked.append(s)
        return picked

    def inline(self) -> str:
        """`[@a, loc]` or `[@a; @b, loc]`, recorded as one note."""
        ids = self._pick_sources()
        refs, tail = [], ""
        for i, s in enumerate(ids):
            loc, t = self._locator()
            refs.append(f"@{s}, {loc}" if loc else f"@{s}")
            if i == len(ids) - 1:
                tail = t
        self.notes.append(Note(ids, tail))
        return "[" + "; ".join(refs) + "]"

    def cite_field(self) -> Any:
        """A `cite:` value in one of its documented forms, recorded as one note."""
        ids = self._pick_sources()
        forms: list[Any] = []
        tail = ""
        for i, s in enumerate(ids):
            loc, t = self._locator()
            forms.append({"source": s, "locator": loc} if loc else s)
            if i == len(ids) - 1:
                tail = t
        self.notes.append(Note(ids, tail))
        if len(forms) == 1:
            return forms[0]
        return forms

    def text(self, lo: int | None = None, hi: int | None = None, cites: int | None = None) -> str:
        """Words with citations at the first word, the last word and in between, some bold or italic; within
        briefing's limit on one value (several long notes in one paragraph can pass it: then drawn again)."""
        for attempt in range(6):
            noted = len(self.notes)
            made = self._text(lo, hi, cites if attempt < 5 else 0)
            if len(made) <= MAX_VALUE_CHARS:
                return made
            del self.notes[noted:]  # the notes of a text thrown away
        return made

    def _text(self, lo: int | None, hi: int | None, cites: int | None) -> str:
        lo = self.k.words[0] if lo is None else lo
        hi = self.k.words[1] if hi is None else hi
        words = self.words(max(lo, 1), max(hi, 1))
        if self.rng.random() < 0.15 and len(words) > 3:
            i = self.rng.randrange(len(words) - 2)
            mark = self.rng.choice(["**", "*"])
            words[i] = mark + words[i]
            words[i + 1] = words[i + 1] + mark
        if self.rng.random() < 0.08 and self.section_ids:
            words.insert(self.rng.randrange(len(words) + 1), f"(see [#{self.rng.choice(self.section_ids)}])")
        if self.rng.random() < 0.03:
            words.insert(self.rng.randrange(len(words) + 1), self.url())
        n = self.rng.choice([0, 1, 1, 1, 2, 3]) if cites is None else cites
        slots = sorted({self.rng.choice([0, 1, len(words), len(words), self.rng.randrange(len(words) + 1)]) for _ in range(n)})
        out: list[str] = []
        for i, w in enumerate(words + [""]):
            while slots and slots[0] == i:
                slots.pop(0)
                marker = self.inline()
                if self.rng.random() < self.k.adjacent_cites:
                    marker += " " + self.inline()
                if i == 0:
                    out.append(marker)
                else:
                    out[-1] = out[-1] + marker
            if w:
                out.append(w)
        sentence = " ".join(out).strip()
        sentence = sentence[0].upper() + sentence[1:]
        return sentence if sentence.endswith("]") or self.rng.random() < 0.3 else sentence + "."

    def maybe_cite(self, block: dict[str, Any], p: float | None = None) -> dict[str, Any]:
        if self.rng.random() < (self.k.block_cite if p is None else p):
            block["cite"] = self.cite_field()
        return block

    # ------------------------------------------------------------ blocks

    def block(self) -> dict[str, Any]:
        if self.k.pictures and self.rng.random() < self.k.pictures:
            return self.b_image()
        kinds = ["paragraph"] * 6 + [
            "bullets",
            "numbered",
            "quote",
            "key_facts",
            "table",
            "table",
            "timeline",
            "people",
            "callout",
            "figures_panel",
            "chart",
            "timeline_chart",
        ]
        return getattr(self, "b_" + self.rng.choice(kinds))()  # type: ignore[no-any-return]

    def b_paragraph(self) -> dict[str, Any]:
        return self.maybe_cite({"paragraph": self.text()}, 0.1)

    def _items(self) -> list[Any]:
        items: list[Any] = []
        for _ in range(self.rng.randint(1, 6)):
            if self.rng.random() < 0.3:
                items.append({"text": self.text(2, 14, cites=0), "cite": self.cite_field()})
            else:
                items.append(self.text(2, 20, cites=self.rng.choice([0, 1, 1, 2])))
        return items

    def b_bullets(self) -> dict[str, Any]:
        return self.maybe_cite({"bullets": self._items()})

    def b_numbered(self) -> dict[str, Any]:
        return self.maybe_cite({"numbered": self._items()})

    def b_quote(self) -> dict[str, Any]:
        lines = self.rng.choice([(5, 30), (5, 30), (40, 90), (150, 260)])
        quote: dict[str, Any] = {"text": self.text(*lines, cites=self.rng.choice([0, 0, 1])), "speaker": self.rng.choice(NAMES)}
        if self.rng.random() < 0.7:
            quote["role"] = self.rng.choice(ROLES)
        if self.rng.random() < 0.8:
            quote["cite"] = self.cite_field()
            return {"quote": quote}
        return {"quote": quote, "cite": self.cite_field()}

    def b_key_facts(self) -> dict[str, Any]:
        facts = []
        for _ in range(self.rng.randint(1, 6)):
            fact: dict[str, Any] = {
                "label": self.text(1, 8, cites=self.rng.choice([0, 0, 0, 1])),
                "value": self.text(1, 12, cites=self.rng.choice([0, 0, 1])),
            }
            if self.rng.random() < 0.6:
                fact["cite"] = self.cite_field()
            facts.append(fact)
        return self.maybe_cite({"key_facts": facts})

    def b_table(self) -> dict[str, Any]:
        cols = self.rng.randint(2, 5)
        table: dict[str, Any] = {}
        if self.rng.random() < 0.6:
            table["caption"] = self.text(2, 10, cites=self.rng.choice([0, 1]))
        if self.rng.random() < 0.8:
            table["header"] = [
                self.text(1, 3, cites=1 if self.rng.random() < self.k.header_cite else 0).rstrip(".") for _ in range(cols)
            ]
        lo, hi = self.k.table_rows
        n = self.rng.randint(25, 45) if self.rng.random() < self.k.split_table else self.rng.randint(lo, hi)
        rows: list[Any] = []
        for _ in range(n):
            # a cell of many words in a narrow column can make one row taller than a page, which no
            # layout can place: cells get fewer words the more columns there are
            longest = 20 if cols <= 3 else 10
            cells = [self.text(1, self.rng.choice([3, 6, longest]), cites=self.rng.choice([0, 0, 0, 1])) for _ in range(cols)]
            if self.rng.random() < 0.25:
                rows.append({"cells": cells, "cite": self.cite_field()})
            else:
                rows.append(cells)
        table["rows"] = rows
        if self.rng.random() < 0.4:
            table["widths"] = [self.rng.randint(1 if cols <= 3 else 2, 4) for _ in range(cols)]
        if self.rng.random() < 0.2:
            table["cite"] = self.cite_field()
        return self.maybe_cite({"table": table})

    def b_timeline(self) -> dict[str, Any]:
        entries = []
        for _ in range(self.rng.randint(1, 8)):
            entry: dict[str, Any] = {"date": self.date(), "event": self.text(2, 18, cites=self.rng.choice([0, 0, 1]))}
            r = self.rng.random()
            if r < 0.15:
                entry["inferred"] = self.phrase(2, 6)
            elif r < 0.25:
                entry["date_note"] = "or later"
            if self.rng.random() < 0.5:
                entry["cite"] = self.cite_field()
            entries.append(entry)
        return self.maybe_cite({"timeline": entries})

    def b_people(self) -> dict[str, Any]:
        people = []
        for _ in range(self.rng.randint(1, 6)):
            person: dict[str, Any] = {"name": self.rng.choice(NAMES), "role": self.text(2, 12, cites=self.rng.choice([0, 0, 1]))}
            if self.rng.random() < 0.6:
                person["cite"] = self.cite_field()
            people.append(person)
        return self.maybe_cite({"people": people})

    def b_callout(self) -> dict[str, Any]:
        body: dict[str, Any] = {"text": self.text(8, 50)}
        if self.rng.random() < 0.7:
            body["title"] = self.phrase(2, 5).capitalize()
        if self.rng.random() < 0.2:
            body["cite"] = self.cite_field()
        return self.maybe_cite({"callout": body})

    def b_figures_panel(self) -> dict[str, Any]:
        figures = []
        for _ in range(self.rng.randint(3, 6)):
            figure: dict[str, Any] = {
                "value": self.rng.choice(["18", "53", "10 of 12", "23% → 15%", "£1.2m", "7"]),
                "label": self.text(2, 10, cites=self.rng.choice([0, 0, 1])),
            }
            if self.rng.random() < 0.5:
                figure["cite"] = self.cite_field()
            figures.append(figure)
        panel: dict[str, Any] = {"figures": figures}
        if self.rng.random() < 0.5:
            panel["title"] = self.phrase(2, 4).capitalize()
        return self.maybe_cite({"figures_panel": panel})

    def b_chart(self) -> dict[str, Any]:
        kind = self.rng.choice(["bar", "line"])
        n = self.rng.randint(2, 12 if kind == "line" else 7)
        if kind == "line" and self.rng.random() < 0.6:
            start = self.rng.randint(1995, 2015)
            months = sorted(self.rng.sample(range(12 * 10), n))
            xs: list[str] = [f"{start + m // 12}-{m % 12 + 1:02d}" for m in months]
        else:
            xs = []
            while len(xs) < n:
                label = self.phrase(1, 3).capitalize()
                if label not in xs:
                    xs.append(label)
        series = []
        for i in range(self.rng.randint(1, 3)):
            series.append(
                {
                    "name": f"{self.phrase(1, 2).capitalize()} {i + 1}",
                    "points": [[x, str(round(self.rng.uniform(0, 500), self.rng.choice([0, 1])))] for x in xs],
                }
            )
        y_axis: dict[str, Any] = {"label": self.phrase(1, 3).capitalize()}
        if self.rng.random() < 0.5:
            y_axis["unit"] = "%"
            y_axis["suffix"] = "%"
        chart: dict[str, Any] = {
            "kind": kind,
            "title": self.phrase(3, 10).capitalize(),
            "x_axis": self.phrase(1, 3).capitalize(),
            "y_axis": y_axis,
            "series": series,
            "caption": "Source: " + self.text(2, 8, cites=1),
            "alt": f"{kind.capitalize()} chart. " + self.phrase(5, 15) + ".",
        }
        if self.rng.random() < 0.3:
            chart["note"] = self.phrase(3, 12).capitalize() + "."
        return self.maybe_cite({"chart": chart})

    def b_timeline_chart(self) -> dict[str, Any]:
        events = []
        for _ in range(self.rng.randint(1, 8)):
            event: dict[str, Any] = {"date": self.date(2000, 2012), "label": self.text(1, 6, cites=0)}
            if self.rng.random() < 0.15:
                event["inferred"] = "year inferred"
            if self.rng.random() < 0.3:
                event["cite"] = self.cite_field()
            events.append(event)
        chart: dict[str, Any] = {
            "title": self.phrase(3, 8).capitalize(),
            "caption": self.text(2, 10, cites=1),
            "alt": "A time line. " + self.phrase(4, 12) + ".",
            "events": events,
        }
        if self.rng.random() < 0.3:
            a, b = sorted(self.rng.sample(range(2000, 2013), 2))
            chart["phases"] = [{"label": self.phrase(1, 2).capitalize(), "from": str(a), "to": str(b)}]
        if self.rng.random() < 0.3:
            chart["data_table"] = False
        return self.maybe_cite({"timeline_chart": chart})

    def b_image(self) -> dict[str, Any]:
        """A picture of any shape (a wide banner to a tall strip), PNG, JPEG or SVG, with a caption (numbered, a
        figure that floats) or without, at full or part width."""
        w, h = self.rng.choice([(600, 150), (400, 300), (300, 300), (200, 400), (120, 480), (800, 60), (60, 60)])
        kind = self.rng.choice(["png", "png", "jpg", "svg"])
        picture = Picture(f"pics/p{len(self.pictures) + 1}-{self.token()}.{kind}", w, h, self.rng.randrange(1 << 24))
        self.pictures.append(picture)
        body: dict[str, Any] = {"file": picture.name, "alt": f"A picture. {self.phrase(4, 14)}."}
        if self.rng.random() < 0.7:
            body["caption"] = self.text(2, 12, cites=self.rng.choice([0, 1, 1, 2]))
            if "[@" not in body["caption"] and self.rng.random() < 0.5:
                return {"image": body, "cite": self.cite_field()}
        if self.rng.random() < 0.3:
            body["width"] = self.rng.choice([0.3, 0.5, 0.8])
        return {"image": body}

    # ------------------------------------------------------------ structure

    def title(self) -> str:
        if self.rng.random() < self.k.long_title:
            words = self.phrase(12, 22).capitalize().split()
            while len(" ".join(words)) > 200:  # briefing check's limit on a section title (MAX_TITLE_CHARS)
                words.pop()
            return " ".join(words)
        return self.phrase(1, 6).capitalize()

    def section(self, depth: int) -> _Section:
        data: dict[str, Any] = {}
        sid = f"sec-{self.token()}"
        if self.rng.random() < 0.5:
            data["id"] = sid
        data["title"] = self.title()
        self.notes = []
        blocks = [self.block() for _ in range(self.rng.randint(*self.k.blocks))]
        sec = _Section(data, self.notes)
        if blocks:
            data["blocks"] = blocks
        if depth < 3 and self.rng.random() < self.k.subsections:
            subs = [self.section(depth + 1) for _ in range(self.rng.randint(1, 2))]
            data["sections"] = [s.data for s in subs]
            sec.subs = subs
        if "id" in data:
            self.section_ids.append(sid)
        return sec

    def sources(self) -> list[dict[str, Any]]:
        lo, hi = self.k.sources
        n = self.rng.randint(30, 60) if self.rng.random() < self.k.many_sources else self.rng.randint(lo, hi)
        out = []
        for i in range(n):
            token = self.token(capital=True)
            title = f"{token} {self.phrase(1, 9)}"
            source: dict[str, Any] = {"id": f"s{i + 1}", "kind": self.rng.choice(KINDS), "title": title}
            if self.rng.random() < 0.3:
                source["short"] = f"{token} {self.phrase(1, 2)}"
            source["author"] = self.rng.choice(["unknown", *NAMES])
            source["publisher"] = self.rng.choice(PUBLISHERS)
            r = self.rng.random()
            if r < 0.2:
                source["date"] = "unknown"
            elif r < 0.3:
                source["date"] = {"value": str(self.rng.randint(2000, 2020)), "inferred": self.phrase(3, 8)}
            else:
                source["date"] = self.date()
            if self.rng.random() < 0.6:
                source["url"] = self.url()
                if self.rng.random() < 0.5:
                    source["accessed"] = self.date(2020, 2026) if self.rng.random() < 0.3 else "2026-11-01"
            if self.rng.random() < 0.2:
                source["notes"] = self.phrase(3, 12).capitalize() + "."
            out.append(source)
        self.source_ids = [s["id"] for s in out]
        self.uncited = list(self.source_ids)
        return out


def _walk(sections: list[_Section], prefix: str = "") -> list[tuple[str, _Section]]:
    out = []
    for i, s in enumerate(sections, 1):
        number = f"{prefix}{i}"
        out.append((number, s))
        out.extend(_walk(s.subs, number + "."))
    return out


def _expect(sections: list[_Section], tokens: dict[str, str]) -> Expect:
    walked = _walk(sections)
    notes = [n for _, s in walked for n in s.notes]
    cited = {src for n in notes for src in n.sources}
    return Expect(
        len(notes),
        [n.tail for n in notes if n.tail],
        [tokens[s] for s in tokens if s in cited],
        [number for number, _ in walked],
        {n.tail: [tokens[s] for s in n.sources] for n in notes if n.tail},
    )


def generate(seed: int, root: Path, knobs: Knobs | None = None) -> Generated:
    """Write pack `seed` into `root` (created) and say what its PDFs must contain."""
    g = Generator(seed, knobs or Knobs())
    sources = g.sources()
    sections = [g.section(1) for _ in range(g.rng.randint(*g.k.sections))]
    if g.uncited:  # every source is cited somewhere: a closing paragraph cites the rest
        g.notes = sections[-1].notes
        last = sections[-1].data.setdefault("blocks", [])
        while g.uncited:
            last.append({"paragraph": g.text(4, 12, cites=1)})
    summary_sections: list[_Section] = []
    if g.rng.random() < g.k.summary:
        chosen = g.rng.choice(sections)
        chosen.data["summary"] = True
        summary_sections = [chosen]
    tokens = {s["id"]: s["title"].split()[0] for s in sources}
    meta: dict[str, Any] = {
        "id": f"GEN-{seed}",
        "title": f"Generated pack {seed}: " + g.phrase(2, 6),
        "short_title": f"Pack {seed}",
        "version": "1.0",
        "as_at": "2026-11-23",
        "prepared_by": "tests/generate.py",
        "language": "en-GB",
    }
    if g.rng.random() < 0.3:
        meta["editorial_note"] = g.phrase(10, 40).capitalize() + "."
    if g.rng.random() < 0.2:
        meta["marking"] = "OFFICIAL-SENSITIVE"
    root.mkdir(parents=True, exist_ok=True)
    names = []
    for i, sec in enumerate(sections, 1):
        name = f"{i:02d}-s.yaml"
        _dump(root / name, sec.data)
        names.append(name)
    if g.k.house_style:
        meta["style"] = "house"
    _dump(root / "pack.yaml", {"pack": meta, "sections": names})
    _dump(root / "sources.yaml", {"sources": sources})
    for picture in g.pictures:
        picture.write(root)
    if g.k.house_style:
        (root / "styles").mkdir(exist_ok=True)
        _dump(root / "styles" / "house.yaml", house_style(seed))
    summary = _expect(summary_sections, tokens) if summary_sections else None
    if summary is not None:  # the handout numbers its sections afresh from 1
        summary = replace(summary, headings=[])
    return Generated(root, seed, _expect(sections, tokens), summary)


def house_style(seed: int) -> dict[str, Any]:
    """A sheet extending the default with other margins, text sizes, leading and spacing, drawn from a stream of
    its own (the pack's content is the one the seed writes without it).  Fonts, colours and rules stay: the
    verifier reads the note rule by its width."""
    rng = random.Random(seed * 7919 + 17)

    def pick(lo: float, hi: float, step: float = 0.5) -> float:
        return round(round(rng.uniform(lo, hi) / step) * step, 2)

    def text(size: float, ratio: tuple[float, float]) -> dict[str, float]:
        return {"size": size, "leading": round(size * rng.uniform(*ratio), 1)}

    body = pick(9, 14)
    note = pick(7, 10)
    h1 = pick(max(body + 2, 14), 26)
    page = {k: pick(12, 45, 1) for k in ("margin_left_mm", "margin_right_mm", "margin_inner_mm", "margin_outer_mm")}
    page |= {"margin_top_mm": pick(18, 40, 1), "margin_bottom_mm": pick(18, 40, 1)}
    return {
        "extends": "default",
        "page": page,
        "text": {
            "body": {**text(body, (1.15, 1.5)), "space_after": pick(2, 10)},
            "bullet": text(body, (1.15, 1.5)),
            "footnote": text(note, (1.15, 1.4)),
            "h1": text(h1, (1.1, 1.3)),
            "h2": text(pick(body, h1), (1.1, 1.3)),
            "h3": text(pick(body, body + 3), (1.1, 1.3)),
            "table": text(pick(8, 11), (1.2, 1.4)),
            "quote": text(pick(9, 13), (1.2, 1.4)),
        },
        "spacing": {"block": pick(2, 12), "heading_keep_lines": rng.choice([2, 3, 4])},
        "footnotes": {
            "min_split_lines": rng.choice([2, 2, 3]),
            "max_carry_fraction": pick(0.4, 0.8, 0.05),
            "note_gap": pick(0, 4),
        },
        "figures": {"chart": {"height": pick(120, 260, 5)}},
    }


def expectations(pack: Generated) -> dict[str, Any]:
    return {"seed": pack.seed, "full": asdict(pack.full), "summary": asdict(pack.summary) if pack.summary else None}


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seed", type=int)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--pictures", action="store_true", help="some blocks are pictures (image: blocks)")
    parser.add_argument("--styles", action="store_true", help="the pack brings a house style sheet")
    args = parser.parse_args()
    pack = generate(args.seed, args.dir, Knobs.of(args.large, args.pictures, args.styles))
    print(json.dumps(expectations(pack), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
