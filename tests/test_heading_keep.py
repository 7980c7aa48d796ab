"""A heading never ends a page without the first lines of what follows it (keep-with-next), and the build
checks it of itself (render/selfcheck.py).

The class: a block after a heading that may not start with a single line (no orphans) but whose first two
lines bring more notes than a page holds (a quotation citing 120 sources on one word) could start on no page
under its heading; at the top of the next page it was allowed a single line, so it moved there and left the
heading alone on a page of its own.  Under only its heading it may now start with one line, as at a page's top.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.pipeline import BuildOptions, build, build_for_cli
from briefing.render import rowsplit
from tests.pdfinspect import plumber

VARIANTS = {
    "full": BuildOptions(),
    "large": BuildOptions(large_print=True),
    "duplex": BuildOptions(duplex=True),
    "letter": BuildOptions(paper="letter"),
}


def _quote_citing(pack: Path, n: int) -> None:
    cites = "".join(f"[@report, p. {i}]" for i in range(n))
    (pack / "02-detail.yaml").write_text(
        "id: detail\ntitle: Detail\nblocks:\n"
        f'  - quote:\n      text: "Words{cites} more words."\n      speaker: Sam Smith\n      cite: report\n',
        encoding="utf-8",
    )


def _page_of(pdf: Path, line: str) -> int:
    """The first page with a line starting with `line` (a heading's line: the contents' has its page number)."""
    return next(
        i
        for i, page in enumerate(plumber(pdf).pages, 1)
        if any(re.fullmatch(line, text.strip()) for text in (page.extract_text() or "").splitlines())
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_heading_starts_its_page_with_a_quotation_citing_120_sources_on_one_word(
    pack: Path, tmp_path: Path, variant: str
) -> None:
    _quote_citing(pack, 120)
    out = tmp_path / "out.pdf"
    build(pack, out, VARIANTS[variant])
    heading = _page_of(out, r"2\s+Detail")
    assert _page_of(out, r"“Words.*") == heading, f"the heading is on page {heading}, the quotation starts later"
    text = plumber(out).pages[heading - 1].extract_text() or ""
    assert "Annual library report" in text  # the first line's notes are on its page


def test_a_heading_left_alone_fails_the_builds_own_check(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the fix undone, the layout strands the heading again, and the self-check refuses the PDF."""
    monkeypatch.setattr(rowsplit, "two_lines_never_fit", lambda frame, flowable, area: False)
    _quote_citing(pack, 120)
    out = tmp_path / "out.pdf"
    outcome = build_for_cli(pack, out, BuildOptions())
    messages = "\n".join(outcome.messages)
    assert outcome.code == 3, messages
    assert "layout self-check failed: page 4: the heading '2 Detail' is the last thing on its page" in messages
    assert not out.exists()
