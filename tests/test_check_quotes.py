"""`briefing check` finds real misquotations and lets typography differ.

A quotation must be in its source word for word.  Only white space, the style
of quote marks and apostrophes, and the style of dashes may differ; anything
else (a changed word, a hyphen added or dropped, a capital) is a misquotation
reported with the closest passage of the source and how the two differ.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "broken" / "_base"
SHARED_SOURCES = REPO.parent / "shared" / "sources"

SOURCE = (
    "Annual library report\n\n"
    # what the base pack states besides its quotation, so that only quotations are in question here
    "Sam Smith, head of libraries, cut opening hours at four branch libraries from September 2023, by 4 hours\n"
    "a week at North and 6 at South. Visits fell by 12 per cent over the year.\n\n"
    "The head of libraries said:\n"
    "\u201cWe have kept every branch open \u2013 all twelve of them \u2013 and that was the\n"
    "council\u2019s first promise.  We are re-modelling the service, not closing it.\u201d\n"
)


@pytest.fixture
def pack(pack: Path) -> Path:
    """The clean test pack (conftest.py) with this file's source text."""
    (pack / "texts" / "report.txt").write_text(SOURCE, encoding="utf-8")
    return pack


def quote(pack: Path, words: str) -> list[str]:
    """Put `words` in the pack's quotation (line 12, column 13) and return what check prints."""
    path = pack / "01-summary.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      text: We have kept every branch open, and that was the council's first promise.\n"
    assert old in text
    path.write_text(text.replace(old, f"      text: {words}\n"), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "."])
    assert result.exit_code == 0  # a misquotation is a warning: the pack may still be built
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    "words",
    [
        # straight quotes and apostrophe, hyphens for en dashes, the source's line break and double space as one space
        "We have kept every branch open - all twelve of them - and that was the council's first promise.",
        # em dashes and typographic apostrophe
        "We have kept every branch open \u2014 all twelve of them \u2014 and that was the council\u2019s first promise.",
        # words left out, marked with an ellipsis
        "We have kept every branch open \u2026 and that was the council's first promise.",
        "We are re-modelling the service, not closing it.",
    ],
)
def test_quote_style_differences_are_accepted(pack: Path, words: str) -> None:
    assert quote(pack, words) == []


def test_a_changed_word_is_a_misquotation(pack: Path) -> None:
    assert quote(pack, "We have kept every library open - all twelve of them - and that was the council's first promise.") == [
        "01-summary.yaml:12:13: warning: quotation not found verbatim in source 'report' (texts/report.txt): "
        'source has "branch" where quote has "library"; closest passage: \u201cWe have kept every branch open '
        "\u2013 all twelve of them \u2013 and that was the council\u2019s first promise.\u201d"
    ]


@pytest.mark.parametrize(
    ("words", "difference"),
    [
        ("We are remodelling the service, not closing it.", 'source has "re-modelling" where quote has "remodelling"'),
        ("We are re-modelling the Service, not closing it.", 'source has "service," where quote has "Service,"'),
        ("We are re-modelling the service.", 'source has "service," where quote has "service."'),
        # words left out without an ellipsis: reported, whatever passage is shown as the closest
        ("We have kept every branch open and that was the council's first promise.", ""),
    ],
)
def test_spelling_case_and_omissions_are_misquotations(pack: Path, words: str, difference: str) -> None:
    (line,) = quote(pack, words)
    assert line.startswith("01-summary.yaml:12:13: warning: quotation not found verbatim in source 'report' (texts/report.txt): ")
    assert difference in line


def test_words_quoted_in_running_text_are_checked_too(pack: Path) -> None:
    path = pack / "01-summary.yaml"
    text = path.read_text(encoding="utf-8")
    good = text.replace("September 2023 [@report].", "September 2023, keeping \u201cevery branch open\u201d [@report].")
    path.write_text(good, encoding="utf-8")

    def inline_warnings() -> list[str]:
        # (the summary does not name Sam Smith, whose words these are: that warning is another rule's, not this test's)
        return [
            line
            for line in CliRunner().invoke(app, ["check", "."]).stdout.splitlines()
            if "quoted words" in line and "not found verbatim" in line
        ]

    assert inline_warnings() == []
    path.write_text(
        text.replace("September 2023 [@report].", "September 2023, keeping \u201cevery library open\u201d [@report]."),
        encoding="utf-8",
    )
    (line,) = inline_warnings()
    assert line.startswith(
        "01-summary.yaml:6:31: warning: quoted words \u201cevery library open\u201d not found verbatim "
        'in source \'report\' (texts/report.txt): source has "branch" where quote has "library"'
    )


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources not present")
def test_a_real_misquotation_in_the_default_pack_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    args = ["check", "content", "--sources", str(SHARED_SOURCES)]
    assert not [line for line in runner.invoke(app, args).stdout.splitlines() if "quotation" in line]

    path = content / "05-accountability.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("absolutely scathing") == 1
    path.write_text(text.replace("absolutely scathing", "very scathing"), encoding="utf-8")
    lines = [line for line in runner.invoke(app, args).stdout.splitlines() if "quotation" in line]
    assert len(lines) == 1
    assert lines[0].startswith("content/05-accountability.yaml:")
    assert ": warning: quotation not found verbatim in source " in lines[0]
    assert 'source has "absolutely" where quote has "very"' in lines[0]
