"""Figures: the key-figures panel, the charts and the timeline, read back from the built PDF.

The default pack is built once (A4) and read with pdfplumber: each figure's
title, caption, axis titles and data labels are real text on the page, each
caption's footnote sits at the foot of the same page, drawn labels never
overlap, and every font is embedded.  Malformed figure content is reported at
its YAML line and column, never as a crash.
"""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest

from briefing.dates import format_date
from briefing.diagnostics import BriefingError, Diagnostics
from briefing.geometry.timeline import Lanes, parts
from briefing.model import Chart, FiguresPanel, TimelineChart, cites_in, date_span, plain_text, walk_sections
from briefing.parse import parse_pack
from briefing.pipeline import build, default_content_dir, load_and_check
from briefing.render.figures import pdf_text_string
from briefing.render.figures.timeline import timeline_drawing, timeline_text
from briefing.render.styles import Styles
from briefing.resolve import resolve
from briefing.style import MM, load_style
from briefing.variants import full_sections
from tests.conftest import DefaultBuild
from tests.packs import write_pack
from tests.pdfinspect import PageInfo, inspect, plumber, plumber_pages_with

Word = dict[str, Any]


# ------------------------------------------------------------------ fixtures and helpers


@pytest.fixture(scope="module")
def pdf_a4(default_pdf: Path) -> Path:
    return default_pdf


@pytest.fixture(scope="module")
def pages(pdf_a4: Path) -> list[PageInfo]:
    return inspect(pdf_a4)


@pytest.fixture(scope="module")
def words(pdf_a4: Path, pages: list[PageInfo]) -> list[list[Word]]:
    # the pages `inspect` (the `pages` fixture) has parsed, kept open by plumber(): the words of a page parsed
    # once more would cost as much as the first reading (3.5 CPU s on the default pack)
    return [page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False) for page in plumber(pdf_a4).pages]


def blocks_of(kind: type) -> list[Any]:
    pack = parse_pack(default_content_dir(), Diagnostics())
    return [b for s in walk_sections(pack.sections) for b in s.blocks if isinstance(b, kind)]


def caption_notes(block: Chart | TimelineChart) -> set[int]:
    """The note number the caption's (first) citation gets in document order, and its neighbours: notes are
    renumbered in printed order when a figure floats past text that cites, which moves a number by a few."""
    pack = parse_pack(default_content_dir(), Diagnostics())
    sections = full_sections(pack)  # what the full pack prints (no handout-only blocks)
    resolved = resolve(pack, sections)
    for b in (b for s in walk_sections(sections) for b in s.blocks):
        if isinstance(b, type(block)) and b.title == block.title:
            n = resolved.note_for(cites_in(b.caption)[0]).number
            return set(range(n - 3, n + 4))
    raise AssertionError(block.title)


def find(page_words: list[Word], phrase: str) -> Word | None:
    """The first word of `phrase` where the phrase's words appear consecutively on the page."""
    want = phrase.split()
    # footnote markers are superscripts: with sizes read they are words of their own, dropped here
    page_words = [w for w in page_words if not (re.fullmatch(r"\d+[.,;:]?", w["text"]) and w.get("size", 99) < 7)]
    texts = [w["text"] for w in page_words]
    for i in range(len(texts) - len(want) + 1):
        if all(_same(texts[i + k], want[k], last=k == len(want) - 1) for k in range(len(want))):
            return page_words[i]
    return None


def _same(got: str, want: str, last: bool) -> bool:
    # a footnote marker runs on to the word it follows ("release184," or "release184.")
    stem = want.rstrip(".,;:")
    return got in (want, stem) or re.fullmatch(re.escape(stem) + r"\d+[.,;:]?", got) is not None


def figure_page(words: list[list[Word]], title: str, number: int) -> tuple[int, Word]:
    for i, page_words in enumerate(words):
        hit = find(page_words, f"Figure {number}. {title}")
        if hit is not None:
            return i, hit
    raise AssertionError(f"Figure {number} ({title}) not found")


def region(page_words: list[Word], top: float, bottom: float, x1: float = 1e9) -> list[Word]:
    return [w for w in page_words if top <= w["top"] and w["bottom"] <= bottom and w["x1"] <= x1]


def overlaps(a: Word, b: Word) -> bool:
    return a["x0"] < b["x1"] - 0.2 and b["x0"] < a["x1"] - 0.2 and a["top"] < b["bottom"] - 0.2 and b["top"] < a["bottom"] - 0.2


def numbered_figures() -> list[tuple[int, Chart | TimelineChart]]:
    pack = parse_pack(default_content_dir(), Diagnostics())
    figures = [b for s in walk_sections(pack.sections) for b in s.blocks if isinstance(b, (Chart, TimelineChart))]
    return list(enumerate(figures, 1))


# ------------------------------------------------------------------ the default pack shows them


def test_default_pack_has_a_panel_a_timeline_and_charts() -> None:
    figures = numbered_figures()
    assert any(isinstance(b, TimelineChart) for _, b in figures)
    kinds = {b.kind for _, b in figures if isinstance(b, Chart)}
    assert kinds == {"bar", "line"}
    assert len(blocks_of(FiguresPanel)) == 1
    for _, block in figures:
        assert block.alt and cites_in(block.caption)


def test_panel_near_the_start_with_large_numbers_and_cited_labels(
    pdf_a4: Path, words: list[list[Word]], pages: list[PageInfo]
) -> None:
    panel = blocks_of(FiguresPanel)[0]
    assert 3 <= len(panel.figures) <= 6
    page = next(i for i, w in enumerate(words) if find(w, "At a glance"))
    contents = next(i for i, p in enumerate(pages) if "Contents" in p.text)
    assert page <= contents + 2, "the panel is near the start"
    sizes: dict[str, float] = {}
    for w in words[page]:
        sizes[w["text"]] = max(sizes.get(w["text"], 0.0), w["size"])
    body = 11.5
    for figure in panel.figures:
        first = figure.value.split()[0]
        assert sizes.get(first, 0) > body * 1.5, f"{figure.value} is a large number"
        label = plain_text(figure.label)
        assert find(words[page], " ".join(label.split()[:4])), label
    # every label's citation has its note on this page
    info = pages[page]
    starts = {n for n, _ in info.note_starts}
    assert all(dest == info.number and n in starts for n, _top, dest, _dtop in info.markers)


@pytest.mark.parametrize("number,block", numbered_figures(), ids=lambda v: str(v) if isinstance(v, int) else "")
def test_figure_caption_and_its_footnote_on_the_same_page(
    number: int, block: Chart | TimelineChart, words: list[list[Word]], pages: list[PageInfo]
) -> None:
    i, title = figure_page(words, block.title, number)
    caption = plain_text(block.caption)
    below = [w for w in words[i] if w["top"] > title["top"]]
    first = find(below, " ".join(caption.split()[:6]))
    assert first, f"caption of figure {number} on its page"
    info = pages[i]
    # The caption's marker: on the caption's lines (its number is the printed one: a figure that floated has its
    # notes numbered in printed order, docs/content-format.md), linking to this page.
    on_caption = [m for m in info.markers if first["top"] - 8 <= m[1] <= first["top"] + 40]
    assert on_caption and on_caption[0][2] == info.number, "the caption carries a marker to its note"
    n = on_caption[0][0]
    assert n in caption_notes(block), "the caption's marker is one of the numbers its citation can get"
    assert n in {num for num, _ in info.note_starts}, "the note starts with its number at the foot of the page"
    assert info.rule_y is not None and all(top > info.rule_y for num, top in info.note_starts if num == n)


@pytest.mark.parametrize(
    "number,block", [f for f in numbered_figures() if isinstance(f[1], Chart)], ids=lambda v: str(v) if isinstance(v, int) else ""
)
def test_chart_axis_titles_and_bold_data_labels_are_text(number: int, block: Chart, words: list[list[Word]]) -> None:
    i, title = figure_page(words, block.title, number)
    caption = find([w for w in words[i] if w["top"] > title["top"]], " ".join(plain_text(block.caption).split()[:6]))
    assert caption is not None
    sheet = load_style("default")
    chart_right = 25 * MM + (210 * MM - 50 * MM) * float(sheet.section("figures")["chart"]["width"]) + 1
    drawn = region(words[i], title["bottom"], caption["top"], chart_right)
    for axis_title in (block.x_axis.title, block.y_axis.title):
        assert find(drawn, axis_title), f"axis title {axis_title!r} drawn as text"
    bold = [w for w in drawn if "Semibold" in w["fontname"]]
    for series in block.series:
        for p in series.points:
            label = p.shown + block.y_axis.suffix
            assert any(w["text"] == label for w in bold), f"data label {label} drawn as text"
    # and the data again as a table beside the chart
    table = [w for w in region(words[i], title["bottom"], caption["top"]) if w["x0"] > chart_right]
    for series in block.series:
        for p in series.points:
            assert any(w["text"] == p.shown + block.y_axis.suffix for w in table)


def test_council_figures_are_stated_as_the_source_gives_them() -> None:
    charts = {b.title: b for b in blocks_of(Chart)}
    values = {p.x: p.shown for c in charts.values() for s in c.series for p in s.points}
    assert values["July 2008 – July 2009"] == "25" and values["July 2009 – April 2010"] == "16.9"
    assert values["2009-12"] == "23" and values["2010-02"] == "20" and values["2010-04"] == "15"
    undated = [c for c in charts.values() if "180" in {p.shown for s in c.series for p in s.points}][0]
    assert all("date not stated" in p.x for s in undated.series for p in s.points)
    assert "without dates" in plain_text(undated.caption)
    for chart in charts.values():
        assert "council’s own figures" in plain_text(chart.note)
        assert {r.source for c in cites_in(chart.caption) for r in c.refs} == {"council-release"}


def test_timeline_shows_every_event_with_its_precision_and_inferences(words: list[list[Word]]) -> None:
    ((number, block),) = [(n, b) for n, b in numbered_figures() if isinstance(b, TimelineChart)]
    i, title = figure_page(words, block.title, number)
    caption = find([w for w in words[i] if w["top"] > title["top"]], " ".join(plain_text(block.caption).split()[:6]))
    assert caption is not None
    drawn = region(words[i], title["bottom"], caption["top"])
    for event in block.events:
        assert find(drawn, format_date(event.date)), format_date(event.date)
        assert find(drawn, " ".join(plain_text(event.label).split()[:3])), plain_text(event.label)
    inferred = [e for e in block.events if e.inferred]
    assert inferred and sum(1 for w in drawn if w["text"] == "inferred)") >= len(inferred)
    for year in range(2006, 2011):
        assert any(w["text"] == str(year) for w in drawn)
    for phase in block.phases:
        assert find(drawn, phase.label)
    # no drawn word overlaps another
    clashes = [(a["text"], b["text"]) for a, b in combinations(drawn, 2) if overlaps(a, b)]
    assert not clashes


def test_timeline_events_match_the_pack_timeline() -> None:
    """The picture draws the pack's own dated events: same dates, same inferences."""
    from briefing.model import Timeline

    table = {(e.date, bool(e.date_note.startswith("inferred"))) for t in blocks_of(Timeline) for e in t.entries}
    for chart in blocks_of(TimelineChart):
        assert {(e.date, bool(e.inferred)) for e in chart.events} <= table


def test_inferred_dates_are_drawn_hollow_and_year_dates_span_the_year() -> None:
    from briefing.render import figures as F

    (block,) = blocks_of(TimelineChart)
    sheet = load_style("default")
    from briefing.render.fonts import register_fonts

    register_fonts(sheet)
    look = F.Look(Styles(sheet), block.pos)
    events = sorted(block.events, key=lambda e: sum(date_span(e.date)))
    ((scale, labels),) = parts(timeline_text(look), events, block.phases, 453.0)
    drawing = timeline_drawing(look, block, scale, labels, block.alt)
    white = look.colour("#ffffff")
    rects = [s for s in drawing.contents if s.__class__.__name__ == "Rect" and s.strokeColor == look.ink]
    hollow = [r for r in rects if r.fillColor == white and r.strokeDashArray]
    assert len(hollow) == sum(1 for e in block.events if e.inferred)
    year_wide = scale.x(12) - scale.x(0)
    assert any(abs(r.width - year_wide) < 0.01 for r in hollow), "a year-only date spans its year"
    month_wide = scale.x(1) - scale.x(0)
    assert any(abs(r.width - month_wide) < 0.01 for r in rects if r.fillColor == look.ink)


def test_alt_text_travels_with_each_drawing(pdf_a4: Path) -> None:
    reader = pypdf.PdfReader(str(pdf_a4))
    streams = b"".join(p.get_contents().get_data() for p in reader.pages if p.get_contents() is not None)
    for _, block in numbered_figures():
        assert f"/Alt {pdf_text_string(block.alt)}".encode() in streams
    assert streams.count(b"BDC") + streams.count(b"BMC") == streams.count(b"EMC")  # BMC: artifacts (tagging)


def test_figure_text_uses_the_pack_fonts_all_embedded(pdf_a4: Path) -> None:
    reader = pypdf.PdfReader(str(pdf_a4))
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            assert "Helvetica" not in str(font.get("/BaseFont")) and "Times" not in str(font.get("/BaseFont"))
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            assert desc is not None and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))


# ------------------------------------------------------------------ print: greyscale, paper, large print


def _luminance(c: Any) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.red) + 0.7152 * lin(c.green) + 0.0722 * lin(c.blue)


def _contrast(a: Any, b: Any) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("greyscale", [False, True])
def test_neighbouring_fills_differ_by_shade_not_hue_alone(greyscale: bool) -> None:
    from briefing.render.figures import Look

    sheet = load_style("default")
    look = Look(Styles(sheet, greyscale=greyscale), parse_pack(default_content_dir(), Diagnostics()).meta.pos)
    fills = look.fills
    for a, b in zip(fills, fills[1:] + fills[:1], strict=True):
        assert _contrast(a.fill, b.fill) >= 3.0, (a, b)
        assert (a.pattern, a.marker) != (b.pattern, b.marker)
    # every fill is outlined in ink, which stands out on paper; a pattern stands out on its fill
    assert _contrast(look.ink, look.colour("#ffffff")) >= 4.5
    for f in fills:
        assert f.pattern == "none" or _contrast(f.pattern_colour, f.fill) >= 3.0, f


def test_greyscale_build_draws_figures_in_greys(default_build: DefaultBuild) -> None:
    out = default_build(greyscale=True)
    for page in plumber_pages_with(out, "Figure"):
        for obj in page.rects + page.lines + page.chars:
            for key in ("non_stroking_color", "stroking_color"):
                colour = obj.get(key)
                if isinstance(colour, (tuple, list)) and len(colour) == 3:
                    assert max(colour) - min(colour) < 0.01, colour


# A4 is the sheet's own paper: the A4 large-print build is test_variants' (default_build(large_print=True)), shared.
@pytest.mark.parametrize(
    "paper,large", [("letter", False), (None, True), ("letter", True)], ids=["letter-False", "a4-True", "letter-True"]
)
def test_figures_stay_inside_the_text_block(default_build: DefaultBuild, paper: str | None, large: bool) -> None:
    out = default_build(paper=paper, large_print=large)
    sheet = load_style("default")
    left, right = sheet.mm("margin_left_mm"), sheet.mm("margin_right_mm")
    seen = 0
    for page in plumber_pages_with(out, "Figure", "At a glance"):
        seen += 1
        for ch in page.chars:
            assert left - 0.5 <= ch["x0"] and ch["x1"] <= float(page.width) - right + 0.5, ch["text"]
    assert seen >= 3


# ------------------------------------------------------------------ many events stay legible


def test_a_crowded_timeline_is_drawn_in_parts_without_overlaps(tmp_path: Path) -> None:
    events = [
        {"date": f"{2001 + i // 6}-{1 + (i * 2) % 12:02d}", "label": f"Event number {i} with a short label"} for i in range(48)
    ]
    section = {
        "title": "Crowded",
        "blocks": [
            {"paragraph": "A crowded timeline [@alpha]."},
            {
                "timeline_chart": {
                    "title": "Forty-eight events",
                    "caption": "Many events [@alpha].",
                    "alt": "Many events.",
                    "events": events,
                    "phases": [
                        {"label": "First half", "from": "2001-01", "to": "2004-12"},
                        {"label": "Second half", "from": "2005", "to": "2008"},
                    ],
                }
            },
            {"paragraph": "Cites the rest [@beta; @gamma]."},
        ],
    }
    root = write_pack(tmp_path / "pack", [section])
    out = tmp_path / "crowded.pdf"
    build(root, out)
    with pdfplumber.open(str(out)) as pdf:
        drawn_pages = 0
        for page in pdf.pages:
            page_words = page.extract_words(extra_attrs=["size"])
            labels = [w for w in page_words if w["text"] == "Event"]
            if not labels:
                continue
            drawn_pages += 1
            drawing = [w for w in page_words if w["size"] < 9]
            clashes = [(a["text"], b["text"]) for a, b in combinations(drawing, 2) if overlaps(a, b)]
            assert not clashes, clashes[:5]
            margin = load_style("default").mm("margin_left_mm")
            assert all(margin - 0.5 <= w["x0"] and w["x1"] <= float(page.width) - margin + 0.5 for w in page_words)
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    for i in range(48):
        assert f"Event number {i} with" in text.replace("\n", " ") or f"number {i} " in text.replace("\n", " ")
    assert drawn_pages >= 1


def test_a_crowded_timeline_splits_by_time() -> None:
    from briefing.model import ChartEvent, PartialDate
    from briefing.render import figures as F
    from briefing.render.fonts import register_fonts

    sheet = load_style("default")
    register_fonts(sheet)
    where = parse_pack(default_content_dir(), Diagnostics()).meta.pos
    look = F.Look(Styles(sheet), where)
    events = [ChartEvent(PartialDate(2001 + i // 12, 1 + i % 12), (), "", where) for i in range(60)]
    laid_out = parts(timeline_text(look), events, (), 453.0)
    assert len(laid_out) > 1
    previous_end = 0.0
    for scale, labels in laid_out:
        assert scale.t0 >= previous_end - 12  # parts run forward in time
        previous_end = scale.t1
        boxes = [
            (lab.side, lab.lane, *(Lanes(453.0, 0, look.length("timeline", "label_gap")).box(lab, lab.rightward)))
            for lab in labels
        ]
        for (s1, l1, a0, a1), (s2, l2, b0, b1) in combinations(boxes, 2):
            assert not (s1 == s2 and l1 == l2 and a0 < b1 and b0 < a1)
        for lab in labels:  # no leader runs through a label nearer the axis on its side
            for other in labels:
                if other is not lab and other.side == lab.side and other.lane < lab.lane:
                    x0, x1 = Lanes(453.0, 0, look.length("timeline", "label_gap")).box(other, other.rightward)
                    assert not (x0 < lab.x < x1)


# ------------------------------------------------------------------ malformed content: diagnostics, never a crash

GOOD_CHART = """\
title: Charts
blocks:
  - paragraph: Figures from three sources [@alpha; @beta; @gamma].
  - chart:
      kind: bar
      title: A chart
      x_axis: Period
      y_axis: {label: Count, unit: people}
      series:
        - name: Count
          points:
            - [First, "10"]
            - [Second, "12"]
      caption: Source [@alpha].
      alt: Two bars.
"""

BROKEN = [
    # (what is changed, replacement, the line the error is on (1-based, in the new text), words in the message)
    ("y not a number", ('"12"]', '"12 people"]'), 13, "not a number"),
    ("y missing", ('[Second, "12"]', "{x: Second}"), 13, "missing its 'y'"),
    ("y empty", ('[Second, "12"]', '{x: Second, y: ""}'), 13, "no y value"),
    ("point not a pair", ('[Second, "12"]', '[Second, "12", "14"]'), 13, "two values"),
    (
        "series missing",
        (
            '      series:\n        - name: Count\n          points:\n            - [First, "10"]\n'
            '            - [Second, "12"]\n',
            "",
        ),
        5,
        "missing required field 'series'",
    ),
    (
        "series empty",
        (
            '      series:\n        - name: Count\n          points:\n            - [First, "10"]\n'
            '            - [Second, "12"]\n',
            "      series: []\n",
        ),
        9,
        "no entries",
    ),
    (
        "points missing",
        ('          points:\n            - [First, "10"]\n            - [Second, "12"]\n', ""),
        10,
        "missing required field 'points'",
    ),
    (
        "series not a list",
        (
            '      series:\n        - name: Count\n          points:\n            - [First, "10"]\n'
            '            - [Second, "12"]\n',
            "      series: Count\n",
        ),
        9,
        "must be a list",
    ),
    ("x twice", ('[Second, "12"]', '[First, "12"]'), 13, "appears twice"),
    ("unknown kind", ("kind: bar", "kind: pie"), 5, "not one of"),
    ("no alt", ("      alt: Two bars.\n", ""), 5, "missing required field 'alt'"),
    ("caption without citation", ("caption: Source [@alpha].", "caption: Source."), 5, "must cite"),
    ("no axis", ("      x_axis: Period\n", ""), 5, "missing required field 'x_axis'"),
]


@pytest.mark.parametrize("name,change,line,message", BROKEN, ids=[b[0] for b in BROKEN])
def test_malformed_series_is_a_diagnostic_at_its_line(
    tmp_path: Path, name: str, change: tuple[str, str], line: int, message: str
) -> None:
    root = write_pack(tmp_path / "pack", [{"title": "placeholder", "blocks": [{"paragraph": "x [@alpha]"}]}])
    old, new = change
    assert old in GOOD_CHART
    (root / "01.yaml").write_text(GOOD_CHART.replace(old, new, 1), encoding="utf-8")
    checked = load_and_check(root)
    errors = [d for d in checked.errors if message in d.message]
    assert errors, [str(d) for d in checked.diagnostics]
    shown = str(errors[0])
    assert re.match(r".*01\.yaml:\d+:\d+: error: ", shown), shown
    assert errors[0].pos.line == line, shown
    with pytest.raises(BriefingError):
        build(root, tmp_path / "out.pdf")


def test_the_good_chart_builds(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack", [{"title": "placeholder", "blocks": [{"paragraph": "x [@alpha]"}]}])
    (root / "01.yaml").write_text(GOOD_CHART, encoding="utf-8")
    assert not load_and_check(root).errors
    build(root, tmp_path / "out.pdf")


@pytest.mark.parametrize(
    "block,message",
    [
        ({"figures_panel": [{"value": "1", "label": "one [@alpha]"}, {"value": "2", "label": "two"}]}, "three to six"),
        (
            {"figures_panel": {"figures": [{"value": "1"}, {"value": "2", "label": "b"}, {"value": "3", "label": "c"}]}},
            "missing required field 'label'",
        ),
        (
            {
                "timeline_chart": {
                    "title": "T",
                    "caption": "c [@alpha]",
                    "alt": "a",
                    "events": [{"date": "2008-13", "label": "x"}],
                }
            },
            "no month 13",
        ),
        (
            {
                "timeline_chart": {
                    "title": "T",
                    "caption": "c [@alpha]",
                    "alt": "a",
                    "events": [{"date": "2008", "label": "x"}],
                    "phases": [{"label": "P", "from": "2009", "to": "2008-05"}],
                }
            },
            "ends (2008-05) before",
        ),
        ({"timeline_chart": {"title": "T", "caption": "c [@alpha]", "alt": "a", "events": []}}, "no entries"),
        (
            {
                "chart": {
                    "kind": "line",
                    "title": "T",
                    "x_axis": "x",
                    "y_axis": "y",
                    "caption": "c [@alpha]",
                    "alt": "a",
                    "series": [{"name": "s", "points": [["2008-01", "1"], ["Later", "2"]]}],
                }
            },
            "not a mix",
        ),
        (
            {
                "chart": {
                    "kind": "bar",
                    "title": "T",
                    "x_axis": "x",
                    "y_axis": {"label": "y", "min": "5", "max": "1"},
                    "caption": "c [@alpha]",
                    "alt": "a",
                    "series": [{"name": "s", "points": [["a", "1"]]}],
                }
            },
            "not below max",
        ),
        (
            {
                "chart": {
                    "kind": "bar",
                    "title": "T",
                    "x_axis": "x",
                    "y_axis": "y",
                    "caption": "c [@alpha]",
                    "alt": "a",
                    "series": [
                        {"name": "s", "points": [["a", "1"], ["b", "2"]]},
                        {"name": "t", "points": [["b", "1"], ["a", "2"]]},
                    ],
                }
            },
            "same x values",
        ),
    ],
)
def test_other_malformed_figures_are_diagnostics(tmp_path: Path, block: dict[str, Any], message: str) -> None:
    section = {"title": "S", "blocks": [{"paragraph": "Cites all [@alpha; @beta; @gamma]."}, block]}
    root = write_pack(tmp_path / "pack", [section])
    checked = load_and_check(root)
    hits = [d for d in checked.errors if message in d.message]
    assert hits, [str(d) for d in checked.diagnostics]
    assert hits[0].pos.line > 0 and hits[0].pos.col > 0


def test_line_series_with_different_x_values_share_one_axis(tmp_path: Path) -> None:
    chart = {
        "chart": {
            "kind": "line",
            "title": "Two surveys",
            "x_axis": "Survey",
            "y_axis": {"label": "Score"},
            "series": [
                {"name": "North", "points": [["Spring", "4"], ["Summer", "6"]]},
                {"name": "South", "points": [["Summer", "3"], ["Autumn", "8"]]},
            ],
            "caption": "Made up [@alpha].",
            "alt": "Two lines over three surveys.",
        }
    }
    section = {"title": "S", "blocks": [{"paragraph": "Cites all [@alpha; @beta; @gamma]."}, chart]}
    out = tmp_path / "out.pdf"
    build(write_pack(tmp_path / "pack", [section]), out)
    with pdfplumber.open(str(out)) as pdf:
        page_words = [w for p in pdf.pages for w in p.extract_words(extra_attrs=["fontname"])]
    ticks: dict[str, float] = {}
    for w in page_words:  # the tick labels under the chart (the data table beside it repeats the words)
        if w["text"] in ("Spring", "Summer", "Autumn"):
            ticks[w["text"]] = min(ticks.get(w["text"], 1e9), w["x0"])
    assert ticks["Spring"] < ticks["Summer"] < ticks["Autumn"]
    bold = [w["text"] for w in page_words if "Semibold" in w["fontname"]]
    assert all(v in bold for v in ("4", "6", "3", "8"))
    assert any(w["text"] == "no" for w in page_words), "a series without a value at an x says so in the table"


def test_a_century_steps_the_year_band_and_stacks_events_of_one_day(tmp_path: Path) -> None:
    events = [
        {"date": "1901", "label": "Start"},
        {"date": "1950-06", "label": "Middle"},
        {"date": "2020-02-03", "label": "End"},
        {"date": "2020-02-03", "label": "Same day"},
        {"date": "2020-02", "label": "Same month"},
    ]
    chart = {
        "timeline_chart": {
            "title": "A century",
            "caption": "Long [@alpha].",
            "alt": "A century.",
            "events": events,
            "data_table": False,
        }
    }
    section = {"title": "S", "blocks": [{"paragraph": "Cites all [@alpha; @beta; @gamma]."}, chart]}
    out = tmp_path / "out.pdf"
    build(write_pack(tmp_path / "pack", [section]), out)
    with pdfplumber.open(str(out)) as pdf:
        page = next(p for p in pdf.pages if "A century" in (p.extract_text() or ""))
        page_words = page.extract_words()
        text = page.extract_text() or ""
    assert "1950s" in text and text.count("3 February 2020") == 2, "one axis, decades named, both events drawn"
    assert not [(a["text"], b["text"]) for a, b in combinations(page_words, 2) if overlaps(a, b)]
