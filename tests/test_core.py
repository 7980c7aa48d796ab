"""The core promise, read from the built PDF: every note sits at the foot of its marker's page."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from briefing.diagnostics import BriefingError, Diagnostics
from briefing.parse import parse_pack
from briefing.pipeline import BuildOptions, build, default_content_dir
from tests.conftest import StressBuild, cli_in_process
from tests.packs import sentence, stress_sections, write_pack
from tests.pdfinspect import PageInfo, inspect, outline_titles, plumber, pypdf_texts

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def stress_pdf(stress_build: StressBuild) -> Path:
    """The stress pack (conftest's `stress_pack`, with its handling marking), built once a session: test_tagging
    reads the same build."""
    return stress_build().pdf


def assert_notes_on_marker_pages(pdf: Path, footnote_max: float = 9.0) -> int:
    pages = inspect(pdf, footnote_max)
    seen_markers: list[int] = []
    for page in pages:
        starts = {n for n, _ in page.note_starts}
        for n, _top, dest_page, dest_top in page.markers:
            seen_markers.append(n)
            assert dest_page == page.number, f"note {n}'s marker is on page {page.number}, its note on page {dest_page}"
            assert n in starts, f"note {n} does not start at the foot of page {page.number}"
            assert page.rule_y is not None and dest_top > page.rule_y, f"note {n} is not below the rule on page {page.number}"
        assert page.body_chars_below_rule == 0, f"body text runs below the notes on page {page.number}"
        if page.rule_y is not None:
            assert page.lowest_body_bottom <= page.rule_y + 0.5, f"body text crosses the note rule on page {page.number}"
    assert sorted(seen_markers) == list(range(1, len(seen_markers) + 1)), "a note number is missing or repeated"
    starts = [n for page in pages for n, _ in sorted(page.note_starts, key=lambda s: s[1])]
    assert starts == sorted(seen_markers), "notes are not numbered in reading order"
    return len(seen_markers)


def test_default_pack_notes_sit_on_their_markers_pages(default_pdf: Path) -> None:
    assert assert_notes_on_marker_pages(default_pdf) > 50


def test_stress_pack_notes_sit_on_their_markers_pages(stress_pdf: Path) -> None:
    count = assert_notes_on_marker_pages(stress_pdf)
    assert count >= 300


def test_stress_pack_has_the_hard_cases(stress_pdf: Path) -> None:
    pages = inspect(stress_pdf)
    assert max(len(p.note_starts) for p in pages) >= 10, "no page carries ten or more notes"
    texts = [p.text for p in pages]
    # A table with markers splits over pages and repeats its header row.
    assert sum(1 for t in texts if "Item Value Detail" in t) >= 2
    # ... and a split part never lands on the same page as the part before it (a header row mid-page)
    assert all(t.count("Item Value Detail") <= 1 and t.count("Date Event") <= 1 for t in texts)
    # The long note starts on its marker's page and its last words are in the next page's note area (TeX-style).
    long_page = next(i for i, p in enumerate(pages) if "note longer than half a page" in p.text)
    assert "a long note:" in note_area_text(stress_pdf, long_page)

    def flat(text: str) -> str:  # one line, words broken at line ends joined again
        return " ".join(text.split()).replace("- ", "")

    tail = sentence(59)  # the note's last sentence
    assert tail not in flat(note_area_text(stress_pdf, long_page))
    assert tail in flat(note_area_text(stress_pdf, long_page + 1))


def note_area_text(pdf: Path, index: int) -> str:
    """The text below the note rule on page `index` (0-based), furniture left out."""
    info = inspect(pdf)[index]
    assert info.rule_y is not None, f"page {index + 1} has no notes"
    page = plumber(pdf).pages[index]
    return page.crop((0, info.rule_y, float(page.width), info.footer_y - 1)).extract_text() or ""


def _body_lines(page: pdfplumber.page.Page, info: PageInfo) -> list[dict]:
    """Lines of body text (12 pt) between the running header and the note rule (or the footer)."""
    bottom = info.rule_y if info.rule_y is not None else info.footer_y
    lines = [
        ln
        for ln in page.extract_text_lines()
        if ln["bottom"] <= bottom
        and ln["top"] > 40
        and all(abs(c["size"] - 12) < 0.6 for c in ln["chars"] if c["text"].strip() and c["size"] > 9)
    ]
    return sorted(lines, key=lambda ln: ln["top"])


def test_paragraph_split_carries_markers_on_both_sides(stress_pdf: Path) -> None:
    pages = inspect(stress_pdf)
    pdf = plumber(stress_pdf)
    for info, page, nxt, nxt_page in zip(pages, pdf.pages, pages[1:], pdf.pages[1:], strict=False):
        here, there = _body_lines(page, info), _body_lines(nxt_page, nxt)
        if not here or not there:
            continue
        last, first = here[-1], there[0]
        # the page ends mid-sentence and the next page goes on with the same sentence ...
        if last["text"].rstrip().endswith((".", ":")) or not first["text"][:1].islower():
            continue
        # ... and both parts carry markers: one in the last three lines here, one in the first three there
        if any(top >= here[-3]["top"] - 1 for _, top, _, _ in info.markers) and any(
            top <= there[min(2, len(there) - 1)]["bottom"] + 1 for _, top, _, _ in nxt.markers
        ):
            return
    pytest.fail("no paragraph split across pages with markers on both sides")


def contents_entries(pdf: Path) -> list[tuple[str, int]]:
    text = next(t for t in (p.extract_text() or "" for p in plumber(pdf).pages) if re.search(r"(?m)^Contents$", t))
    entries = []
    for line in text.split("\n"):
        m = re.match(r"^(\d+(?:\.\d+)*)\s+(.+?)[\s.]*?(\d+)$", line.strip())
        if m:
            entries.append((f"{m.group(1)} {m.group(2).rstrip(' .')}", int(m.group(3))))
    return entries


def test_contents_page_numbers_match_where_headings_land(default_pdf: Path) -> None:
    outline = dict(outline_titles(default_pdf))
    entries = contents_entries(default_pdf)
    assert len(entries) >= 10
    texts = pypdf_texts(default_pdf)
    for title, page in entries:
        assert outline.get(title) == page, f"contents says {title!r} is on page {page}; it is on {outline.get(title)}"
        words = title.split(" ", 1)[1]
        assert words.split()[0] in texts[page - 1]


def test_outline_mirrors_the_headings(default_pdf: Path) -> None:
    titles = [t for t, _ in outline_titles(default_pdf)]
    assert titles[:2] == ["About this pack", "Contents"]
    numbered = [t for t in titles if re.match(r"^\d", t)]
    assert [t.split()[0] for t in numbered if "." not in t.split()[0]] == [str(i) for i in range(1, 11)]
    assert numbered[-1].endswith("Sources")
    heading_lines = []
    for page in plumber(default_pdf).pages:
        for line in page.extract_text_lines():
            sizes = {c["size"] for c in line["chars"]}
            if min(sizes) >= 13:
                heading_lines.append(re.sub(r"\s+", " ", line["text"]).strip())
    top_level = [t for t in titles if re.match(r"^\d+ ", t) or not re.match(r"^\d", t)]
    # every top-level heading is printed, in the outline's order (a wrapped heading spans two lines)
    printed = iter(heading_lines)
    for title in top_level:
        first_line = next((line for line in printed if title.startswith(line) or line.startswith(title)), None)
        assert first_line is not None, f"heading {title!r} is not printed in the outline's order"


def test_contents_entries_are_links(default_pdf: Path) -> None:
    reader = pypdf.PdfReader(str(default_pdf))
    index = next(i for i, text in enumerate(pypdf_texts(default_pdf)) if re.search(r"(?m)^\s*Contents\s*$", text or ""))
    contents = reader.pages[index]
    links = [a.get_object() for a in contents.get("/Annots") or [] if a.get_object().get("/Dest")]
    assert len(links) >= 10


def test_metadata_language_and_title(default_pdf: Path) -> None:
    reader = pypdf.PdfReader(str(default_pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "The death of Khyra Ishaq"
    assert meta.author and meta.subject and meta.creator and meta.get("/Keywords")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert meta.get("/CreationDate", "").startswith("D:20261123")


def test_every_font_is_embedded(default_pdf: Path, stress_pdf: Path) -> None:
    for pdf in (default_pdf, stress_pdf):
        reader = pypdf.PdfReader(str(pdf))
        for page in reader.pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor")
                if descriptor is None and "/DescendantFonts" in font:
                    descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                assert descriptor is not None, f"font {font.get('/BaseFont')} is not embedded"
                d = descriptor.get_object()
                assert any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{font['/BaseFont']} not embedded"
                assert "+" in str(font["/BaseFont"]), f"{font['/BaseFont']} is not subsetted"


def test_running_header_footer_and_marking(stress_pdf: Path) -> None:
    texts = pypdf_texts(stress_pdf)
    total = len(texts)
    cover = texts[0]
    assert cover.count("OFFICIAL-SENSITIVE") >= 2  # top and bottom of the cover
    assert "Page" not in cover
    for i, text in enumerate(texts[1:], 2):
        assert f"Page {i} of {total}" in text
        assert text.count("OFFICIAL-SENSITIVE") >= 2
        assert "Test pack" in text and "Version 1.0" in text


def test_repeat_citations_use_short_forms_and_page_aware_ibid(default_pdf: Path) -> None:
    pages = inspect(default_pdf)
    ibid_pages = 0
    for info, text in zip(pages, pypdf_texts(default_pdf), strict=False):
        if info.note_starts:
            first = min(info.note_starts, key=lambda s: s[1])[0]
            # the first note on a page is never "Ibid." (ibid follows pages, not citation order)
            assert not re.search(rf"(?m)^\s*{first}\s+Ibid", text), f"page {info.number} opens its notes with Ibid."
            if re.search(r"(?m)^\s*\d+\s+Ibid", text):
                ibid_pages += 1
    assert ibid_pages >= 1
    # Each source's full reference is in the notes once (its first note); its short form in the later ones.
    notes = " ".join(" ".join(note_area_text(default_pdf, p.number - 1).split()) for p in pages if p.rule_y is not None)
    pack = parse_pack(default_content_dir(), Diagnostics())
    for source in pack.sources:
        full = f"“{' '.join(source.title.split()[:4])}"
        assert notes.count(full) == 1, f"{source.id}: the full reference is in {notes.count(full)} notes, not 1"
        assert notes.index(full) < notes.index(source.short), f"{source.id}: a short form comes before the full one"
        assert notes.count(source.short) >= 3, f"{source.id}: later notes do not use the short form {source.short!r}"


def test_sources_section_lists_citing_pages(default_pdf: Path) -> None:
    last = "\n".join(pypdf_texts(default_pdf)[-2:])
    assert "Sources" in last
    assert "date not stated" in last
    assert re.search(r"Cited on pages? \d+", last)


def test_two_builds_are_byte_identical(tmp_path: Path, default_pdf: Path) -> None:
    """A second build equals the session's first (made earlier, in this process or another xdist worker)."""
    again = tmp_path / "again.pdf"
    build(default_content_dir(), again)
    assert again.read_bytes() == default_pdf.read_bytes()


def test_failed_build_leaves_the_old_pdf_untouched(tmp_path: Path, stress_pdf: Path) -> None:
    out = tmp_path / "pack.pdf"
    shutil.copyfile(stress_pdf, out)  # a good PDF, built earlier
    before = out.read_bytes()
    bad = write_pack(tmp_path / "bad", [{"title": "Broken", "blocks": [{"paragraph": "Cites nothing known [@nope]."}]}])
    with pytest.raises(BriefingError):
        build(bad, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_letter_paper(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    build(write_pack(tmp_path / "p", stress_sections()[2:]), out, BuildOptions(paper="letter"))
    box = pypdf.PdfReader(str(out)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert_notes_on_marker_pages(out)


def test_literal_markup_prints_as_text(tmp_path: Path) -> None:
    section = {"title": "Literal", "blocks": [{"paragraph": 'Tags <b>stay</b> & <a href="x">text</a> &amp; [@alpha].'}]}
    out = tmp_path / "lit.pdf"
    build(write_pack(tmp_path / "p", [section]), out)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)
    assert '<b>stay</b> & <a href="x">text</a> &amp;' in text


def test_command_line_build_prints_one_summary_line(tmp_path: Path) -> None:
    out = tmp_path / "cli.pdf"
    run = cli_in_process("build", "-o", str(out), cwd=ROOT)
    assert run.returncode == 0, run.stderr
    line = run.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ pages, \d+ footnotes, \d+ sources, \d+ KB, [\d.]+ s$", line), line
    assert out.exists()


def test_help_explains_every_option() -> None:
    run = subprocess.run([sys.executable, "-m", "briefing", "build", "--help"], capture_output=True, text=True, check=False)
    assert run.returncode == 0
    for option in ("--output", "--paper", "--sources", "--variant", "--duplex", "--greyscale", "--large-print", "CONTENT_DIR"):
        # the option's line goes on, after the usual gap, with words that explain it
        assert re.search(rf"{option}\b[^\n]*? {{2,}}[\w-]+:? \w+", run.stdout), f"{option} has no explanation"


def _heading_lines(pdf: Path) -> list[tuple[str, int, float, float]]:
    """(text, page, top, bottom) of every line set wholly in a heading style, read from the page."""
    from briefing.style import load_style

    sheet = load_style("default")
    sizes = {round(sheet.text(k).size, 1) for k in ("h1", "h2", "h3")}
    out = []
    for page in plumber(pdf).pages:
        for line in page.extract_text_lines():
            chars = [c for c in line["chars"] if c["text"].strip()]
            if chars and all("Semibold" in c["fontname"] and round(c["size"], 1) in sizes for c in chars):
                out.append((" ".join(line["text"].split()), page.page_number, line["top"], line["bottom"]))
    return out


def test_outline_equals_the_headings_in_order(default_pdf: Path) -> None:
    headings = [(t, p) for t, p, _, _ in _heading_lines(default_pdf)]
    outline = [(" ".join(t.split()), p) for t, p in outline_titles(default_pdf)]
    assert outline == headings


def test_headings_are_kept_with_what_follows(stress_pdf: Path, default_pdf: Path) -> None:
    for pdf in (default_pdf, stress_pdf):
        pages = {p.number: p for p in inspect(pdf)}
        for title, page, _top, bottom in _heading_lines(pdf):
            info = pages[page]
            assert info.lowest_body_bottom > bottom + 5, f"heading {title!r} is the last thing on page {page}"


def test_notes_link_back_to_their_markers(stress_pdf: Path) -> None:
    reader = pypdf.PdfReader(str(stress_pdf))
    pages = inspect(stress_pdf)
    index = {p.indirect_reference.idnum: i + 1 for i, p in enumerate(reader.pages)}
    back = 0
    for info, page in zip(pages, reader.pages, strict=True):
        height = float(page.mediabox.height)
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            dest = a.get("/Dest")
            if not dest or info.rule_y is None or height - float(a["/Rect"][3]) < info.rule_y:
                continue  # only links inside the note area
            assert index[dest[0].idnum] == info.number, "a note links to a marker on another page"
            assert height - float(dest[3]) < info.rule_y, "a note's back-link does not point into the body"
            back += 1
    assert back >= 300


def test_source_addresses_are_clickable(stress_pdf: Path) -> None:
    reader = pypdf.PdfReader(str(stress_pdf))
    uris = {
        a.get_object()["/A"]["/URI"]
        for p in reader.pages
        for a in p.get("/Annots") or []
        if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]
    }
    assert "https://example.org/beta?a=1&b=2" in uris


def test_hyphenation_never_breaks_a_name(default_pdf: Path) -> None:
    for page in plumber(default_pdf).pages:
        for line in (page.extract_text() or "").splitlines():
            last = line.split()[-1] if line.split() else ""
            if last.endswith("-") and not last.endswith("--") and len(last) > 2:
                fragment = last.rstrip("-").split("-")[-1]
                assert not fragment[:1].isupper(), f"a name is broken across lines: {last!r}"
