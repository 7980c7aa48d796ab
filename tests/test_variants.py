"""Print, e-mail, handout, large print and starter packs, each read from its real output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pypdf
import pytest

from briefing.pipeline import build
from briefing.style import load_style
from tests.conftest import DefaultBuild, cli_in_process
from tests.packs import stress_sections, write_pack
from tests.pdfinspect import inspect, plumber
from tests.test_core import assert_notes_on_marker_pages

ROOT = Path(__file__).resolve().parents[1]
MM = 72 / 25.4


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


@pytest.fixture
def summary_pdf(default_build: DefaultBuild) -> Path:
    return default_build(variant="summary")


def test_summary_handout_is_at_most_two_pages_with_its_own_notes(summary_pdf: Path) -> None:
    reader = pypdf.PdfReader(str(summary_pdf))
    assert len(reader.pages) <= 2
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Summary handout" in text and "At a glance" in text and "Questions" in text
    assert "Figure 1." in text  # the timeline, drawn
    assert "Sources" in reader.pages[-1].extract_text()
    assert "Contents" not in text  # a handout has no contents page or cover
    # Notes are numbered afresh from 1 and each sits on its marker's page, run together at the foot.
    numbers = []
    for page in inspect(summary_pdf):
        for n, _top, dest_page, dest_top in page.markers:
            assert dest_page == page.number and page.rule_y is not None and dest_top > page.rule_y
            numbers.append(n)
        assert page.body_chars_below_rule == 0
    assert sorted(numbers) == list(range(1, len(numbers) + 1)) and len(numbers) >= 10


def test_summary_is_small_enough_to_email(summary_pdf: Path) -> None:
    assert summary_pdf.stat().st_size < 150 * 1024


def test_full_pack_is_small_enough_to_email(default_pdf: Path) -> None:
    assert default_pdf.stat().st_size < 300 * 1024


def test_output_names_carry_the_as_at_date(tmp_path: Path) -> None:
    # a small pack, not the default one: the name comes from the pack's short title and date, whatever its size
    pack = write_pack(
        tmp_path / "pack",
        [
            {"title": "Summary", "summary": True, "blocks": [{"bullets": ["The one point [@alpha]."]}]},
            {"title": "Detail", "blocks": [{"paragraph": "More on the matter [@beta]."}]},
        ],
        short_title="Housing review",
        as_at="2025-03-04",
    )
    for args, name in (
        (["build"], "housing-review-2025-03-04.pdf"),
        (["build", "--variant", "summary"], "housing-review-2025-03-04-summary.pdf"),
    ):
        run = cli_in_process(*args, str(pack), cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        assert (tmp_path / "build" / name).is_file()
        assert f"build/{name}" in run.stdout and " KB, " in run.stdout


def _left_edges(pdf: Path) -> dict[int, float]:
    """The left edge of body text on each page after the cover."""
    edges = {}
    for page in plumber(pdf).pages[1:]:
        body = [c["x0"] for c in page.chars if c["size"] > 10 and 100 < c["top"] < page.height - 100]
        if body:
            edges[page.page_number] = min(body)
    return edges


def test_duplex_mirrors_margins_and_puts_page_numbers_outside(default_build: DefaultBuild) -> None:
    out = default_build(duplex=True)
    edges = _left_edges(out)
    odd = {round(x) for n, x in edges.items() if n % 2}
    even = {round(x) for n, x in edges.items() if n % 2 == 0}
    sheet = load_style("default")
    assert min(odd) == round(sheet.mm("margin_inner_mm")) and min(even) == round(sheet.mm("margin_outer_mm"))
    assert sheet.mm("margin_inner_mm") >= 30 * MM and sheet.mm("margin_outer_mm") >= 20 * MM
    for page in plumber(out).pages[1:6]:
        words = page.extract_words()
        number = next(w for w in words if w["text"] == "Page")
        if page.page_number % 2:
            assert number["x0"] > page.width / 2, "recto page number is not on the outer (right) edge"
        else:
            assert number["x0"] < page.width / 2, "verso page number is not on the outer (left) edge"
    assert_notes_on_marker_pages(out)


def test_default_margins_meet_print_guidance(default_pdf: Path) -> None:
    edges = _left_edges(default_pdf)
    assert min(edges.values()) >= 20 * MM - 1
    for page in plumber(default_pdf).pages[1:]:
        body = [c for c in page.chars if c["size"] > 9.6]
        assert min(c["top"] for c in body) >= 25 * MM - 2  # font ascent may reach just above the block
        assert max(c["x1"] for c in body) <= page.width - 20 * MM + 1


def _colour_operands(pdf: Path) -> list[tuple[float, ...]]:
    reader = pypdf.PdfReader(str(pdf))
    found = []
    streams = []
    for page in reader.pages:
        streams.append(page.get_contents().get_data())
        for xobj in (page["/Resources"].get("/XObject") or {}).values():
            streams.append(xobj.get_object().get_data())
    for data in streams:
        for m in re.finditer(rb"([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+(rg|RG)\b", data):
            found.append(tuple(float(v) for v in m.groups()[:3]))
        for m in re.finditer(rb"([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+(k|K)\b", data):
            c, mg, y, _k = (float(v) for v in m.groups()[:4])
            found.append((1 - c, 1 - mg, 1 - y))
    return found


def test_greyscale_output_paints_no_colour(default_pdf: Path, default_build: DefaultBuild) -> None:
    colour = default_pdf
    grey = default_build(greyscale=True)
    assert any(len(set(c)) > 1 for c in _colour_operands(colour)), "the colour build should use colour"
    painted = _colour_operands(grey)
    assert painted and all(abs(r - g) < 1e-3 and abs(g - b) < 1e-3 for r, g, b in painted)


def test_large_print_sets_body_at_14pt_and_keeps_notes_on_their_pages(default_build: DefaultBuild) -> None:
    out = default_build(large_print=True)
    sizes: Counter[float] = Counter()
    for page in plumber(out).pages[3:10]:
        sizes.update(round(c["size"], 1) for c in page.chars)
    assert sizes.most_common(1)[0][0] >= 14
    assert_notes_on_marker_pages(out, footnote_max=14.05)  # notes at the 14 pt floor; body text 14.4 pt


def test_email_cover_note(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "pack",
        [
            {
                "title": "Summary",
                "summary": True,
                "blocks": [
                    {
                        "bullets": [
                            "The first point is short [@alpha].",
                            "The second point is long enough to need wrapping "
                            "because it goes on and on about the matter in hand for a while [@beta].",
                        ]
                    },
                    {"key_facts": [{"label": "Recommendations", "value": "18", "cite": "gamma"}]},
                ],
            },
        ],
        marking="official-sensitive",
    )
    run = cli_in_process("email", str(pack), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "Subject: OFFICIAL-SENSITIVE: A test pack (briefing, as at 23 November 2026)"
    assert all(len(line) <= 72 for line in lines[1:]), "the body is wrapped at 72 columns"
    assert "1.  The first point is short." in run.stdout
    assert "- Recommendations: 18" in run.stdout
    attachment = tmp_path / "build" / "test-pack-2026-11-23.pdf"
    size = round(attachment.stat().st_size / 1024)
    assert f"Attachment: test-pack-2026-11-23.pdf ({size} KB)" in lines


def test_new_starter_pack_checks_and_builds_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "starter"
    run = cli_in_process("new", str(folder), "--title", "Housing & “temporary” homes", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    check = cli_in_process("check", str(folder), cwd=tmp_path)
    assert check.returncode == 0 and "0 errors, 0 warnings" in check.stderr, check.stderr
    out = tmp_path / "starter.pdf"
    build(folder, out)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)
    assert "Housing & “temporary” homes" in text and "January" in text
    assert "Figure 1." in text  # the starter's chart
    again = run_cli("new", str(folder), cwd=tmp_path)  # never overwrites a pack: a mistake in the command, exit 2
    assert again.returncode == 2 and "is not empty; choose a new folder" in again.stderr, again.stderr
    assert "Traceback" not in again.stderr


def test_many_packs_build_in_parallel_and_failures_stay_separate(tmp_path: Path) -> None:
    good1 = write_pack(tmp_path / "one", stress_sections()[2:], short_title="One")
    good2 = write_pack(tmp_path / "two", stress_sections()[2:], short_title="Two")
    bad = write_pack(tmp_path / "bad", [{"title": "Bad", "blocks": [{"paragraph": "Unknown [@nope]."}]}], short_title="Bad")
    run = run_cli("build", str(good1), str(bad), str(good2), cwd=tmp_path)
    assert run.returncode == 1
    summaries = [line for line in run.stdout.splitlines() if " pages, " in line]
    assert len(summaries) == 2
    assert (tmp_path / "build" / "one-2026-11-23.pdf").is_file() and (tmp_path / "build" / "two-2026-11-23.pdf").is_file()
    assert "unknown source 'nope'" in run.stderr
