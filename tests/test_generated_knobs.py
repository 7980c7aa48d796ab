"""What generated packs of the newer shapes found, each read back from the PDF.

Pictures (`python -m tests.generate SEED DIR --pictures`): a tall picture right under a heading was sized for an
empty page, so the heading could not stay with it and was left alone at the foot of the page before (refused by
the layout self-check, exit 3: seed 5); and a timeline chart drew a cross-reference in an event's label as
nothing ("Complaint (see )."; seed 15, large print).

House styles (`--styles`: the pack brings styles/house.yaml with other margins, sizes and spacing): the verifier
now reads the pack's own sheet for its margins and fonts, and reads a note marker whose link box reaches into the
line above (tight leading: seed 36 in large print)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pdfplumber
import yaml
from PIL import Image

from briefing.pipeline import BuildOptions, build
from tests import pdfread
from tests.generate import Knobs, generate
from tests.packs import sentence, write_pack
from tests.test_chart_table_beside import LONG, deep_chart
from tests.verify import build_and_verify, required_of

LONG_TITLE = "Placements " + " ".join(sentence(i).rstrip(".") for i in range(2))  # a heading of two or three lines


def tall_picture(root: Path, name: str) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 400), (200, 60, 200)).save(buffer, "PNG")
    (root / name).write_bytes(buffer.getvalue())


def picture_block(name: str) -> dict[str, Any]:
    return {"image": {"file": name, "alt": "A tall picture in two colours."}}


def heading_and_picture_pages(pdf: Path, title_word: str) -> tuple[int, list[int]]:
    with pdfplumber.open(str(pdf)) as doc:
        heading = max(p.page_number for p in doc.pages if title_word in (p.extract_text() or ""))  # not the contents
        return heading, [p.page_number for p in doc.pages if p.images]


def test_a_tall_picture_under_stacked_headings_stays_with_them(tmp_path: Path) -> None:
    """A section with no blocks of its own, then its subsection whose first block is a picture taller than the page
    allows: the picture is made small enough to go under both headings on one page."""
    sections = [
        {"title": "Opening", "blocks": [{"paragraph": f"{sentence(0)} [@alpha]"}]},
        {
            "title": "OUTERWORD " + LONG_TITLE,
            "sections": [{"title": "INNERWORD " + LONG_TITLE, "blocks": [picture_block("tall.png")]}],
        },
    ]
    root = write_pack(tmp_path / "pack", sections)
    tall_picture(root, "tall.png")
    pdf = tmp_path / "out.pdf"
    assert build_and_verify(root, pdf, "large") == []  # heading-not-stranded among the rest; a refusal is a failure
    outer, pictures = heading_and_picture_pages(pdf, "OUTERWORD")
    inner, _ = heading_and_picture_pages(pdf, "INNERWORD")
    assert outer == inner and pictures == [outer], "both headings and the picture share a page"


def test_generated_packs_with_pictures_verify_clean(tmp_path: Path) -> None:
    """Seed 5 in A4 and seed 15 in large print, as the generator writes them with pictures."""
    for seed, variant in ((5, "full"), (15, "large")):
        pack = generate(seed, tmp_path / str(seed), Knobs.of(pictures=True))
        failures = build_and_verify(pack.root, tmp_path / f"{seed}.pdf", variant, pack.expect(variant))
        assert failures == [], f"{seed} {variant}: {failures[:3]}"


def test_a_timeline_charts_event_label_prints_its_cross_reference(tmp_path: Path) -> None:
    chart = {
        "timeline_chart": {
            "title": "Events",
            "caption": "Dates as the review gives them [@alpha].",
            "alt": "A time line of two events.",
            "data_table": False,
            "events": [
                {"date": "2006-05", "label": "Referral (see [#later])."},
                {"date": "2008-02", "label": "Visit."},
            ],
        }
    }
    root = write_pack(
        tmp_path / "pack",
        [
            {"title": "First", "blocks": [chart]},
            {"id": "later", "title": "Later", "blocks": [{"paragraph": f"{sentence(1)} [@alpha]"}]},
        ],
    )
    pdf = tmp_path / "out.pdf"
    build(root, pdf, BuildOptions())
    with pdfread.open(str(pdf)) as doc:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in doc.pages)
    assert "Referral (see section 2)." in text
    assert "(see )" not in text
    assert yaml.safe_load((root / "01.yaml").read_text(encoding="utf-8"))["blocks"][0] == chart  # the label as written


def test_generated_packs_with_a_house_style_verify_clean(tmp_path: Path) -> None:
    """Seed 36 with pictures and its house style (12.9 mm left margin, 9.5 pt body on 11 pt leading) in large print
    and in A4."""
    pack = generate(36, tmp_path / "36", Knobs.of(pictures=True, styles=True))
    assert (pack.root / "styles" / "house.yaml").is_file()
    for variant in ("large", "full"):
        failures = build_and_verify(pack.root, tmp_path / f"{variant}.pdf", variant, pack.expect(variant))
        assert failures == [], f"{variant}: {failures[:3]}"


# Pack 160873's files as tests/generate.py wrote them before the knobs (0e54199), by the start of their SHA-256.
BEFORE_KNOBS = {"01-s.yaml": "82955585995ec840", "sources.yaml": "c00dc4707c93c740", "pack.yaml": "542c1b23dfe0cd62"}


def test_without_the_new_knobs_a_seed_writes_the_pack_it_always_wrote(tmp_path: Path) -> None:
    """The knobs draw from the random stream only when on, so the seeds the other tests name keep their packs."""
    plain = generate(160873, tmp_path / "plain")
    for name, digest in BEFORE_KNOBS.items():
        assert hashlib.sha256((plain.root / name).read_bytes()).hexdigest()[:16] == digest, name


def under_tall_headings(root: Path, block: dict[str, Any]) -> Path:
    """A pack whose second section has no blocks and one subsection whose first block is `block`, in a house style
    of 26 pt and 22 pt headings, each title wrapping to five or six lines."""
    title = ("Placements " + " ".join(sentence(i).rstrip(".") for i in range(2)))[:180]
    sections = [
        {"title": "Opening", "blocks": [{"paragraph": f"{sentence(1)} [@alpha]"}]},
        {"title": "OUTERWORD " + title, "sections": [{"title": "INNERWORD " + title, "blocks": [block]}]},
    ]
    write_pack(root, sections, style="house")
    (root / "styles").mkdir()
    (root / "styles" / "house.yaml").write_text(
        "extends: default\ntext:\n  h1: {size: 26, leading: 30}\n  h2: {size: 22, leading: 26}\n"
    )
    return root


def test_a_chart_under_tall_headings_keeps_its_title_on_its_page(tmp_path: Path) -> None:
    """A chart grown by deep category labels was sized for headings of two lines; under headings of five and six
    lines the engine kept the headings company with the figure's title alone ('Figure 1. Checks' at the foot of
    the page, the drawing on the next).  The drawing is now sized under the headings it is kept with."""
    chart = deep_chart([f"Category {i} " + " ".join([LONG] * 4) for i in range(1, 8)], title="Checks")
    root = under_tall_headings(tmp_path / "pack", chart)
    pdf = tmp_path / "out.pdf"
    assert build_and_verify(root, pdf, "full") == []  # caption-with-figure: the title on the drawing's first page
    with pdfplumber.open(str(pdf)) as doc:
        title_page = next(p for p in doc.pages if "Figure 1. Checks" in (p.extract_text() or ""))
        assert "INNERWORD" in (title_page.extract_text() or ""), "the figure starts under its headings"
        assert title_page.rects, "and its bars are drawn on the same page"


def test_a_timeline_under_tall_headings_keeps_its_title_with_its_first_part(tmp_path: Path) -> None:
    """The same for a timeline chart drawn in parts: each part was sized for an empty page, so the first could not
    go under the headings with the title.  The first part is now sized under them."""
    events = [
        {"date": f"{2000 + i // 12}-{i % 12 + 1:02d}", "label": " ".join(sentence(i + k) for k in range(3))}
        for i in range(0, 60, 5)
    ]
    timeline = {"timeline_chart": {"title": "Events", "caption": "Dates [@alpha].", "alt": "A time line.", "events": events}}
    root = under_tall_headings(tmp_path / "pack", timeline)
    pdf = tmp_path / "out.pdf"
    assert build_and_verify(root, pdf, "full") == []
    with pdfplumber.open(str(pdf)) as doc:
        title_page = next(p for p in doc.pages if "Figure 1. Events" in (p.extract_text() or ""))
        text = title_page.extract_text() or ""
        assert "INNERWORD" in text and "January 2000" in text, "headings, title and the first event share a page"


def test_a_captioned_picture_leaves_room_for_a_note_that_cannot_split(tmp_path: Path) -> None:
    """Seed 211 with the large knobs, pictures and a house style of `min_split_lines: 3`, in large print: a
    picture's caption cites one note; the picture left room for three note lines, but a note of five lines cannot
    split into parts of three, so picture and note needed more than a page and the build was refused ("this table
    (591 pt) and the notes its first lines bring (22: 93 pt ...) need more than a page's 680 pt").  Room is now
    left for the longest note that cannot split: 2 x min_split_lines - 1 lines (three in the default sheet)."""
    pack = Path(__file__).resolve().parent / "shrunk" / "picnote-211"  # seed 211 shrunk (its README.txt)
    assert build_and_verify(pack, tmp_path / "large.pdf", "large", required_of(pack, "large")) == []


def test_a_chart_keeps_its_plot_when_its_caption_cites_notes_of_a_house_style(tmp_path: Path) -> None:
    """Seed 200169 with pictures and a house style of `min_split_lines: 3`, in large print on letter paper: room
    for two whole five-line notes under a line chart squeezed its plot flat (every point on one line, the value
    axis's ticks '500' and '0' drawn over each other).  A chart leaves three note lines a note, as before."""
    pack = generate(200169, tmp_path / "pack", Knobs.of(pictures=True, styles=True))
    failures = build_and_verify(pack.root, tmp_path / "out.pdf", "large-letter", pack.expect("large-letter"))
    assert failures == [], failures[:3]


def test_a_chart_is_sized_under_the_headings_it_is_kept_with(tmp_path: Path) -> None:
    """Seed 220119 with pictures and a house style, in large print on letter paper, shrunk (tests/shrunk/chart-220119):
    a line chart under a one-line subsection heading was sized as if two two-line headings stood above it, and
    with its five-line caption its plot was squeezed flat (the ticks '500%' and '0%' over each other).  Fails with
    the drawing sized under two two-line headings at least."""
    pack = Path(__file__).resolve().parent / "shrunk" / "chart-220119"
    failures = build_and_verify(pack, tmp_path / "out.pdf", "large-letter", required_of(pack, "large-letter"))
    assert failures == [], failures[:3]
