"""A citation or cross-reference written in a plain-text field (a section or chart title, an axis label, a series
name, a category, a phase, alt text) is an error at its own line and column: it printed as typed ("Figure 1.
Checks (see [#later]) [@alpha]"), and the note or link the writer meant was missing without a word."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import cli_in_process
from tests.packs import sentence, write_pack


def test_marks_in_plain_fields_are_errors_at_their_place_and_nothing_is_written(tmp_path: Path) -> None:
    chart = {
        "chart": {
            "kind": "bar",
            "title": "Checks [@alpha]",
            "x_axis": "Kind",
            "y_axis": {"label": "Checks (see [#later])"},
            "series": [{"name": "Checks", "points": [["Visits [@beta]", "1"], ["Calls", "2"]]}],
            "caption": "Source: the review [@alpha].",
            "alt": "Bar chart of checks.",
        }
    }
    later = {"id": "later", "title": "Later", "blocks": [{"paragraph": f"{sentence(1)} [@alpha] [@beta] [@gamma]"}]}
    write_pack(tmp_path / "p", [{"title": "First [#later]", "blocks": [chart]}, later])
    result = cli_in_process("build", "p", "-o", "out.pdf", cwd=tmp_path)
    errors = [ln for ln in (result.stdout + result.stderr).splitlines() if ": error: " in ln]
    assert result.returncode == 1 and not (tmp_path / "out.pdf").exists()
    assert [e.split(": error: ")[0] for e in errors] == ["p/01.yaml:1:14", "p/01.yaml:5:19", "p/01.yaml:8:26", "p/01.yaml:12:18"]
    assert errors[0].endswith(
        "'title' is plain text, so a cross-reference '[#later]' here would print as typed; put it in running text "
        "(a paragraph, a caption, a list item)"
    )
    assert "a citation '[@beta]' here would print as typed" in errors[3]


def test_the_same_marks_in_rich_text_are_fine(tmp_path: Path) -> None:
    later = {"id": "later", "title": "Later", "blocks": [{"paragraph": f"{sentence(1)} (see [#first]) [@beta] [@gamma]"}]}
    write_pack(tmp_path / "p", [{"id": "first", "title": "First", "blocks": [{"paragraph": "See [#later] [@alpha]."}]}, later])
    result = cli_in_process("check", "p", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
