"""The footnote engine on packs nobody tuned it for: long notes, continued notes, quotations, keep-with-next.

Each pack in tests/repros/ is a minimal reproduction of a class of failure
(its README says what was wrong); each test builds it and reads the PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from briefing.pipeline import BuildOptions, build
from tests.pdfinspect import inspect

REPROS = Path(__file__).parent / "repros"


def _build(name: str, tmp_path: Path, **options: object) -> Path:
    out = tmp_path / "out.pdf"
    build(REPROS / name, out, BuildOptions(**options))  # type: ignore[arg-type]
    return out


def _pages(pdf: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(str(pdf)).pages]


def _joined(text: str) -> str:
    """Text with words hyphenated across lines joined again."""
    return re.sub(r"(\w)- (\w)", r"\1\2", text)


def _markers_on_their_notes_page(pdf: Path) -> dict[int, int]:
    """Every marker links to its note on the marker's own page; returns note number -> page."""
    pages = inspect(pdf)
    found: dict[int, int] = {}
    for info in pages:
        for number, _top, dest_page, _dest_top in info.markers:
            assert dest_page == info.number, f"marker {number} on page {info.number} links to page {dest_page}"
            assert number not in found, f"marker {number} printed twice (pages {found[number]} and {info.number})"
            found[number] = info.number
    return found


def test_a_long_note_followed_by_another_marker_on_its_line_builds(tmp_path: Path) -> None:
    """fail-6: a page-long note then one more citation on the same line was refused ("cannot be laid out")."""
    pdf = _build("fail-6", tmp_path)
    pages = _pages(pdf)
    found = _markers_on_their_notes_page(pdf)
    assert sorted(found) == [1, 2]
    assert found[1] == found[2]
    after = pages[found[1] :]  # the pages after the markers' page
    assert any("Note 1, continued:" in p for p in after), "the rest of note 1 is not labelled on a later page"
    locator = (REPROS / "fail-6" / "01.yaml").read_text(encoding="utf-8")
    last_words = re.findall(r"[A-Za-z']+", locator.split("[@a,")[1].split("]")[0])[-4:]
    assert " ".join(last_words) in _joined(" ".join(pages)), "note 1 lost its last words"


def test_a_note_longer_than_the_next_page_is_labelled_on_every_continuation(tmp_path: Path) -> None:
    """fail-5: continuations were unlabelled, and "Ibid." followed an unlabelled tail of another page's note."""
    pdf = _build("fail-5", tmp_path)
    pages = _pages(pdf)
    _markers_on_their_notes_page(pdf)
    continued = [i for i, p in enumerate(pages) if "Note 1, continued:" in p]
    assert len(continued) >= 2, "note 1 runs over two more pages: each part must say it continues note 1"
    for i in continued:
        notes = pages[i].split("Note 1, continued:", 1)[1]
        first_new = re.search(r"\b(\d+) (Ibid\.|“|\")", notes)
        if first_new:
            assert first_new.group(2) != "Ibid.", f"page {i + 1}: Ibid. right after the continued tail of note 1"


def test_a_note_running_past_the_last_page_gets_pages_of_its_own(tmp_path: Path) -> None:
    """fail-7: the tail of a very long note was silently dropped when the document ended first."""
    pdf = _build("fail-7", tmp_path)
    pages = _pages(pdf)
    last = [i for i, p in enumerate(pages) if "LAST-WORDS-OF-THE-NOTE" in p]
    assert last, "the note's last words are missing"
    assert "Note 1, continued:" in pages[last[0]]


@pytest.mark.parametrize("name", ["fail-14", "fail-14/table-row"])
def test_continued_notes_give_way_to_a_quotation_or_row_that_fits_a_page(tmp_path: Path, name: str) -> None:
    """fail-14: a carried note took 70% of every page and a quotation (or table row) that fits a page was refused."""
    pdf = _build(name, tmp_path)
    found = _markers_on_their_notes_page(pdf)
    assert found
    text = _joined(" ".join(_pages(pdf)))
    assert "Note 1, continued:" in text


def test_headings_are_not_stranded_by_the_notes_of_what_follows(tmp_path: Path) -> None:
    """fail-12: with --large-print the headings sat alone on a page; the quotation's notes were not counted."""
    pdf = _build("fail-12", tmp_path, large_print=True)
    pages = _pages(pdf)
    heading_page = next(i for i, p in enumerate(pages) if "1.1 county" in p and "Contents" not in p)
    assert "Timetable" in pages[heading_page], "the headings are alone on their page; the quotation starts later"
    _markers_on_their_notes_page(pdf)


def test_a_quotation_longer_than_its_page_splits_with_its_attribution_last(tmp_path: Path) -> None:
    """Quotations never split: one longer than a page was refused ("cannot be laid out")."""
    pack = _small_pack(
        tmp_path,
        "title: Evidence\nblocks:\n  - paragraph: The witness said this.[@a, p. 1]\n"
        '  - quote:\n      text: "' + " ".join(f"word{i}" for i in range(1400)) + ' Lastquoted."\n'
        "      speaker: A Witness\n      cite: a\n",
    )
    out = tmp_path / "out.pdf"
    build(pack, out)
    pages = _pages(out)
    _markers_on_their_notes_page(out)
    first = next(i for i, p in enumerate(pages) if "word0 " in p)
    last = next(i for i, p in enumerate(pages) if "Lastquoted" in p)
    assert last > first, "the quotation should run over more than one page"
    assert "— A Witness" in pages[last], "the attribution must stay with the quotation's last part"


def test_a_quotation_and_its_notes_on_letter_large_print_build(tmp_path: Path) -> None:
    """fail-12 on Letter paper in large print was refused (the quotation's notes exceed the page)."""
    pdf = _build("fail-12", tmp_path, large_print=True, paper="letter")
    pages = _pages(pdf)
    _markers_on_their_notes_page(pdf)
    quote_pages = [i for i, p in enumerate(pages) if "Timetable" in p and "Contents" not in p]
    attribution = next(i for i, p in enumerate(pages) if "— Public Annual, judgement" in p)
    assert quote_pages and attribution >= quote_pages[0]


def _small_pack(tmp_path: Path, body: str) -> Path:
    pack = tmp_path / "pack"
    pack.mkdir()
    for f in ("pack.yaml", "sources.yaml"):
        (pack / f).write_text((REPROS / "fail-7" / f).read_text(encoding="utf-8"), encoding="utf-8")
    (pack / "01.yaml").write_text(body, encoding="utf-8")
    return pack


def test_a_table_row_taller_than_a_page_is_split_inside_the_row(tmp_path: Path) -> None:
    """A row taller than a page was refused ("row 2 of this table is ... pt tall"); it is valid content, so the
    row is split inside its cells and every word prints (the soak's pack 1024 in large print)."""
    words = " ".join(["word"] * 3000)
    pack = _small_pack(
        tmp_path,
        "title: Tall\nblocks:\n  - paragraph: A claim.[@a]\n"
        "  - table:\n      header: [One, Two, Three, Four, Five]\n"
        f'      rows:\n        - [a, b, c, d, "{words}"]\n',
    )
    build(pack, tmp_path / "x.pdf")
    reader = pypdf.PdfReader(tmp_path / "x.pdf")
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert len(re.findall(r"word", text)) >= 3000
    assert sum(1 for page in reader.pages if "word word" in (page.extract_text() or "")) >= 2
