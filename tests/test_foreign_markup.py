"""Markdown and HTML markup prints as typed (briefing's text has its own: **bold**, *italic*, a bare address for a
link); `check` names each kind in a block at the words, and says what to write (briefing/foreign_markup.py)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import cli_in_process
from tests.packs import write_pack


def warnings_of(tmp_path: Path, paragraph: str) -> list[str]:
    write_pack(tmp_path / "p", [{"title": "Text", "blocks": [{"paragraph": paragraph + " [@alpha; @beta; @gamma]"}]}])
    checked = cli_in_process("check", "p", cwd=tmp_path)
    assert checked.returncode == 0
    return [ln for ln in (checked.stdout + checked.stderr).splitlines() if "prints as typed" in ln]


def test_markdown_links_underscores_and_html_tags_are_named_at_the_words(tmp_path: Path) -> None:
    found = warnings_of(tmp_path, "See [the report](https://example.org/r), _this_ and <b>that</b>.")
    assert [w.split(": warning: ")[0] for w in found] == ["p/01.yaml:3:18", "p/01.yaml:3:55", "p/01.yaml:3:66"]
    assert "is a Markdown link, which prints as typed here; write the web address itself" in found[0]
    assert "'_this_' is underscores for emphasis" in found[1] and "'<b>' is an HTML tag" in found[2]


def test_briefings_own_markup_and_addresses_with_underscores_are_not_named(tmp_path: Path) -> None:
    text = "See **this**, *that*, snake_case_words, https://example.org/_private_/a_b?x=_y_ and (see the review)."
    assert warnings_of(tmp_path, text) == []
