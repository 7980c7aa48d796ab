"""Bad input never costs the user a traceback, a hang, a lost PDF or an injected link.

Each test feeds `briefing check` or `briefing build` something a user (or a
hostile file) could give it and checks what the user would see: one clear
line naming the file, line and column, the right exit code, and the previous
PDF untouched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner, Result

from briefing.cli import app
from briefing.diagnostics import BriefingError, Diagnostics
from briefing.load import MAX_FILE_BYTES, load_yaml
from tests import pdfread
from tests.packs import edit

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "broken" / "_base"
SHARED_SOURCES = REPO.parent / "shared" / "sources"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ------------------------------------------------------------------ hostile YAML


def laughs(levels: int) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_fails_fast_without_expanding(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(laughs(12), encoding="utf-8")  # 10**12 values if expanded
    tracemalloc.start()
    with pytest.raises(BriefingError) as caught:
        load_yaml(path, Diagnostics())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 10_000_000  # nothing was expanded (speed is benchmarks/limits.py's, not a test's)
    (problem,) = caught.value.diagnostics
    assert problem.pos.line == 6 and problem.pos.col > 1
    assert "aliases here expand to more than" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 10_000 + "b" + "}" * 10_000,
        "- " * 10_000 + "x",
        "".join(" " * i + "a:\n" for i in range(100)),  # 10,000 levels by indentation would be 50 MB
    ],
    ids=["flow-lists", "flow-mappings", "block-lists", "indentation"],
)
def test_ten_thousand_levels_of_nesting_is_an_error_not_a_crash(pack: Path, text: str) -> None:
    (pack / "02-detail.yaml").write_text(text, encoding="utf-8")
    result = run("check", ".")
    assert result.exit_code == 1
    assert re.search(r"^02-detail\.yaml:\d+:\d+: error: nested more than 64 levels deep$", result.stdout, re.M)
    assert "Traceback" not in result.output


def test_alias_loops_and_python_tags_are_never_followed(pack: Path) -> None:
    edit(pack / "01-summary.yaml", "title: Summary", 'title: !!python/object/apply:os.system ["touch PWNED"]')
    result = run("check", ".")
    assert not (pack / "PWNED").exists()
    assert "01-summary.yaml:2:8: error: 'title' must be text, not a list" in result.stdout.splitlines()
    assert result.exit_code == 1


def test_a_file_over_the_size_limit_is_refused_with_its_size(pack: Path) -> None:
    big = pack / "02-detail.yaml"
    big.write_text("# padding\n" * (MAX_FILE_BYTES // 10) + "title: Detail\n", encoding="utf-8")
    size = big.stat().st_size
    result = run("check", ".")
    assert f"02-detail.yaml: error: file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}" in result.stdout.splitlines()
    assert result.exit_code == 1


def test_an_unreadable_file_is_reported_not_raised(pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "02-detail.yaml":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    result = run("check", ".")
    assert "02-detail.yaml: error: cannot read file: Permission denied" in result.stdout.splitlines()
    assert result.exit_code == 1


def test_a_content_folder_that_is_a_file(pack: Path) -> None:
    result = run("check", "pack.yaml")
    assert result.stdout.splitlines() == ["pack.yaml: error: not a directory; give the folder that holds pack.yaml"]
    assert result.exit_code == 1


# ------------------------------------------------------------------ the report itself


def test_every_problem_in_one_run_sorted_by_file_and_line(pack: Path) -> None:
    edit(pack / "02-detail.yaml", "See [#summary]", "See [#sumary]")
    edit(pack / "02-detail.yaml", "date: 2023-09", "date: 2023-13")
    edit(pack / "01-summary.yaml", "speaker: Sam Smith", "speakr: Sam Smith")
    edit(pack / "pack.yaml", "as_at: 2024-05-01", "as_at: 2024-5-1")
    edit(pack / "sources.yaml", "    date: 2023-11\n", "")
    result = run("check", ".")
    assert result.stdout.splitlines() == [
        "01-summary.yaml:13:7: error: unknown field 'speakr' in a quote; did you mean 'speaker'?",
        "02-detail.yaml:4:20: error: reference to unknown section 'sumary'; did you mean 'summary'?",
        "02-detail.yaml:12:15: error: date '2023-13' has no month 13",
        "pack.yaml:7:10: error: as_at '2024-5-1' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY",
        "sources.yaml:2:5: warning: source 'report' has no date; write 'date: unknown' if none is stated",
    ]
    assert result.stderr.strip() == "briefing: 4 errors, 1 warning"
    assert result.exit_code == 1


def test_json_format_is_the_same_report(pack: Path) -> None:
    edit(pack / "02-detail.yaml", "See [#summary]", "See [#sumary]")
    edit(pack / "sources.yaml", "    date: 2023-11\n", "")
    text = run("check", ".")
    as_json = run("check", ".", "--format", "json")
    rows = json.loads(as_json.stdout)
    assert [f"{r['file']}:{r['line']}:{r['column']}: {r['severity']}: {r['message']}" for r in rows] == text.stdout.splitlines()
    assert set(rows[0]) == {"file", "line", "column", "severity", "message"}
    assert as_json.exit_code == text.exit_code == 1


def test_json_format_for_a_clean_pack_is_an_empty_array(pack: Path) -> None:
    result = run("check", ".", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


@pytest.mark.parametrize(
    "args",
    [["check", ".", "--format", "xml"], ["check", ".", "extra"], ["check", "--no-such-option"], ["build", ".", "--paper", "a5"]],
)
def test_usage_errors_exit_2(pack: Path, args: list[str]) -> None:
    assert run(*args).exit_code == 2


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_internal_failure_shows_no_traceback_unless_debug(pack: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    def boom(root: Path, out: object, files: object = None) -> object:
        raise RuntimeError("something unexpected")

    monkeypatch.setattr("briefing.pipeline.parse_pack", boom)
    quiet = run(command, ".")
    assert quiet.exit_code == 3
    assert re.search(
        r"^briefing: (.*: )?internal error: RuntimeError: something unexpected \(run with --debug for details\)$",
        quiet.output,
        re.M,
    )
    assert "Traceback" not in quiet.output
    loud = run(command, ".", "--debug")
    assert isinstance(loud.exception, RuntimeError)


def test_check_does_not_render() -> None:
    """`check` validates only: it never even imports ReportLab."""
    code = (
        "import sys; from briefing.cli import app\n"
        "try:\n    app(['check', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        "print('reportlab' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(BASE)], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources not present")
def test_the_default_pack_checks_clean_with_its_sources() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "check", "--sources", "../shared/sources"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stdout
    assert ": error: " not in result.stdout


# ------------------------------------------------------------------ files outside the content folder


def test_source_texts_stay_inside_the_content_folder(pack: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    shutil.copyfile(pack / "texts" / "report.txt", outside)
    edit(pack / "sources.yaml", "text: texts/report.txt", "text: ../outside.txt")
    result = run("check", ".")
    assert (
        "sources.yaml:8:11: error: source text '../outside.txt' is outside the content directory; give its folder with --sources"
    ) in result.stdout.splitlines()
    # Named on the command line, the folder may be anywhere.
    edit(pack / "sources.yaml", "text: ../outside.txt", "text: outside.txt")
    assert run("check", ".", "--sources", str(tmp_path)).exit_code == 0


def test_a_symlink_out_of_the_content_folder_is_outside(pack: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private\n", encoding="utf-8")
    (pack / "texts" / "link.txt").symlink_to(secret)
    edit(pack / "sources.yaml", "text: texts/report.txt", "text: texts/link.txt")
    result = run("check", ".")
    assert (
        "sources.yaml:8:11: error: source text 'texts/link.txt' is outside the content directory; "
        "give its folder with --sources" in result.stdout.splitlines()
    )


def test_a_section_file_may_not_be_outside(pack: Path, tmp_path: Path) -> None:
    shutil.copyfile(pack / "02-detail.yaml", tmp_path / "elsewhere.yaml")
    edit(pack / "pack.yaml", "  - 02-detail.yaml\n", f"  - {tmp_path / 'elsewhere.yaml'}\n")
    result = run("check", ".")
    # the message names the file; a long path is shortened with "…" (the temporary folder's length varies:
    # under xdist it holds the worker's name too)
    full = str(tmp_path / "elsewhere.yaml")
    found = [
        m
        for line in result.stdout.splitlines()
        if (
            m := re.fullmatch(
                r"pack\.yaml:15:5: error: '(.*?)(…?)' is outside the content directory; "
                r"content files must be inside it",
                line,
            )
        )
    ]
    assert found, result.stdout
    shown, cut = found[0].groups()
    assert shown == full or (cut and full.startswith(shown) and len(shown) >= 40), shown


# ------------------------------------------------------------------ build: nothing lost


def test_a_failed_build_leaves_the_previous_pdf_byte_identical(pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "pack.pdf"
    assert run("build", ".", "-o", str(out)).exit_code == 0
    before = out.read_bytes()
    assert before.startswith(b"%PDF")
    edit(pack / "01-summary.yaml", "September 2023 [@report].", "September 2023 [@reprot].")
    result = run("build", ".", "-o", str(out))
    assert result.exit_code == 1
    assert "01-summary.yaml:6:22: error: citation of unknown source 'reprot'; did you mean 'report'?" in result.output
    assert "no PDF written" in result.output
    assert out.read_bytes() == before
    assert temp_files(out.parent) == []


def test_an_interrupted_render_leaves_the_previous_pdf(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out" / "pack.pdf"
    assert run("build", ".", "-o", str(out)).exit_code == 0
    before = out.read_bytes()
    from briefing.render.document import Renderer

    def interrupted(self: Renderer) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(Renderer, "render", interrupted)
    result = run("build", ".", "-o", str(out))
    assert result.exit_code == 130
    assert "Traceback" not in result.output
    assert out.read_bytes() == before
    assert temp_files(out.parent) == []


def test_an_interrupt_while_writing_leaves_no_partial_file(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out" / "pack.pdf"
    assert run("build", ".", "-o", str(out)).exit_code == 0
    before = out.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = run("build", ".", "-o", str(out))
    assert result.exit_code == 130
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["pack.pdf"]


def _tall_cell(pack: Path) -> None:
    """A table cell whose one line cites more notes than a page can hold: it cannot be laid out anywhere.  Markers
    side by side break between lines (120 short notes on one word build, a line of them a page), so each of these
    60 notes is four lines long."""
    words = " ".join(["the library opening hours review"] * 6)
    cites = "".join(f"[@report, p. {i}, {words}]" for i in range(60))
    edit(pack / "02-detail.yaml", '[South, "6"]', '[South, "6' + cites + '"]')


def test_a_block_that_cannot_fit_a_page_is_reported_at_its_yaml_line(pack: Path, tmp_path: Path) -> None:
    _tall_cell(pack)
    out = tmp_path / "out.pdf"
    result = run("build", ".", "-o", str(out))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.startswith("02-detail.yaml:5:5: error: this block cannot be laid out on the page")
    assert not out.exists()


def test_a_block_that_cannot_fit_says_why_in_plain_words(pack: Path, tmp_path: Path) -> None:
    _tall_cell(pack)
    line = run("build", ".", "-o", str(tmp_path / "out.pdf")).output.splitlines()[0]
    assert "0x" not in line and "Flowable" not in line


# ------------------------------------------------------------------ no markup injection

INJECTIONS = [
    '<a href="https://evil.example/x">click</a>',
    '<img src="/etc/passwd"/>',
    '<font color="red" size="40">big</font>',
    "<!-- hidden -->",
    "&amp; &lt;b&gt; &#65;",
    '<link href="javascript:app.alert(1)">js</link>',
    "<b>bold?</b> <super>1</super>",
]


def _inject(pack: Path, payloads: list[str]) -> None:
    a, b, _, d, e, f, g = (p.replace('"', '\\"') for p in payloads)
    edit(pack / "pack.yaml", "subtitle: What changed in 2023 and why", f'subtitle: "{a}"')
    edit(pack / "01-summary.yaml", "title: Summary", f'title: "{b}"')
    edit(pack / "01-summary.yaml", "      September 2023 [@report].", f"      September 2023 {payloads[2]} [@report].")
    edit(pack / "01-summary.yaml", "speaker: Sam Smith", f'speaker: "{d}"')
    edit(pack / "02-detail.yaml", '[North, "4"]', f'[North, "{e}"]')
    edit(pack / "02-detail.yaml", "title: Sources differ", f'title: "{f}"')
    edit(pack / "sources.yaml", "title: Council cuts library hours", f'title: "{g}"')


def _links(pdf: Path) -> list[str]:
    out = []
    for page in PdfReader(pdf).pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            action = obj.get("/A")
            action = action.get_object() if action is not None else {}
            out.append(str(action.get("/S")) + " " + str(action.get("/URI", action.get("/JS", ""))))
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_text_can_never_inject_markup_links_or_script(pack: Path, tmp_path: Path) -> None:
    harmless = tmp_path / "harmless.pdf"
    shutil.copytree(pack, tmp_path / "control")
    _inject(tmp_path / "control", [f"plain text number {i}" for i in range(len(INJECTIONS))])
    assert run("build", str(tmp_path / "control"), "-o", str(harmless)).exit_code == 0

    hostile = tmp_path / "hostile.pdf"
    _inject(pack, INJECTIONS)
    result = run("build", ".", "-o", str(hostile))
    assert result.exit_code == 0, result.output

    with pdfread.open(hostile) as pdf:
        printed = _squash("".join(page.extract_text(use_text_flow=True) or "" for page in pdf.pages))
    for payload in INJECTIONS:
        assert _squash(payload) in printed, f"{payload!r} did not print literally"
    links = _links(hostile)
    assert len(links) == len(_links(harmless))
    assert not [link for link in links if "evil" in link or "javascript" in link.lower() or "/JavaScript" in link]
    assert b"/JavaScript" not in hostile.read_bytes() and b"/JS " not in hostile.read_bytes()


def test_each_problem_stays_on_one_line_whatever_it_quotes(pack: Path) -> None:
    edit(pack / "01-summary.yaml", "title: Summary\n", 'title: Summary\n"two\\nlines": x\n' + "y" * 1000 + ": z\n")
    result = run("check", ".")
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "01-summary.yaml:3:1: error: unknown field 'two\\nlines' in a section; allowed: id, title, summary, "
        "blocks, sections"
    )
    assert lines[1].startswith("01-summary.yaml:4:1: error: unknown field 'yyyy") and len(lines[1]) < 1100
    assert len(lines) == 2


@pytest.mark.parametrize(
    "url",
    [
        "javascript:app.alert(1)",
        'https://x.example/" color="red',
        "https://x.example/<b>",
        "file:///etc/passwd",
        "www.example.org",
    ],
)
def test_a_source_url_is_a_plain_web_address_or_an_error(pack: Path, url: str) -> None:
    edit(pack / "sources.yaml", "    text: texts/report.txt\n", f"    text: texts/report.txt\n    url: '{url}'\n")
    result = run("build", ".", "-o", "out.pdf")
    assert result.exit_code == 1
    assert (
        f"sources.yaml:9:10: error: url '{url}' is not a web address: write it in full, starting https:// or http://"
        in result.output.splitlines()
    )
    assert not (pack / "out.pdf").exists()
