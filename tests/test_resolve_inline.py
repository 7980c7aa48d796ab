"""Inline emphasis as a writer types it: pairs of * and ** make italic and bold, a lone star prints as a star.

(The parser is linear in its input: `python benchmarks/inline.py` times 100 KB and 1.9 MB of each shape.)"""

from __future__ import annotations

import pytest

from briefing.diagnostics import Diagnostics, Pos
from briefing.inline import CiteCounter, InlineParser
from briefing.model import Cite, Emph, RichText, Str, Strong


def parse(text: str) -> RichText:
    return InlineParser(CiteCounter(), lambda _s: Pos("t"), Diagnostics()).parse(text)


def shape(rich: RichText) -> str:
    """Rich text written back with <b>, <i> and ^ for a marker, to compare at a glance."""
    out = []
    for node in rich:
        if isinstance(node, Str):
            out.append(node.text)
        elif isinstance(node, Strong):
            out.append(f"<b>{shape(node.children)}</b>")
        elif isinstance(node, Emph):
            out.append(f"<i>{shape(node.children)}</i>")
        elif isinstance(node, Cite):
            out.append("^")
    return "".join(out)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("plain words", "plain words"),
        ("**bold** and *italic*", "<b>bold</b> and <i>italic</i>"),
        ("a * b", "a * b"),  # a lone star is a star
        ("**not closed", "**not closed"),
        ("*a **b* c**", "<i>a **b</i> c**"),  # crossing marks: the inner one prints as typed
        ("** ** **", "<b> </b> **"),
        ("*x [@s] y*", "<i>x^ y</i>"),
        ("2 * 3 * 4 = 24", "2 <i> 3 </i> 4 = 24"),
    ],
)
def test_emphasis(text: str, want: str) -> None:
    assert shape(parse(text)) == want


def test_a_long_run_of_marks_keeps_every_pair() -> None:
    """33,000 '**' (100 KB; 1.9 MB of them once ran past five minutes) parse to 16,500 bold spaces."""
    rich = parse("x " + "** " * 33_000)
    assert len([n for n in rich if isinstance(n, Strong)]) == 16_500
    assert shape(rich).endswith("<b> </b> ")
