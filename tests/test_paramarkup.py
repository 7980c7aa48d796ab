"""Paragraph markup read by render/paramarkup.py gives ReportLab's own fragments (so the same PDF), for the
markup a build makes: escaped text, entities, bold, italic, note markers with anchors, links whose addresses
hold escaped characters; and anything it does not read is left to ReportLab's parser."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paraparser import ParaParser

from briefing.render import paramarkup
from briefing.render.markup import link_markup, marker, text

MARKUP = [
    text("Plain words, & <b>not bold</b> > less; \"quoted\" 'single'"),
    f"<b>Bold {text('a&b')}</b> and <i>italic <b>both</b></i>{marker(12, '#1F4E79')}<super>,</super>{marker(13, '#1F4E79')}",
    f"1.2&nbsp;&nbsp;{text('A heading')}",
    "See " + link_markup("https://example.org/a?b=1&c=\"2\"&d='3'\n", "#1F4E79") + " for more.",
    '<a name="fn7"/><a href="#fnref7" color="#1F4E79">7</a>&nbsp;&nbsp;Ibid., p. 4.',
    '<a href="#sec-2">2 Background</a> and <A HREF="#x">upper case</A>',
    '<a color="#1F4E79" href="#x"><super>9</super></a> and <b><i>both &unknown; &mdash;</i></b><super>2</super>',
    '<a name="a"/><a name=" b "/>text<a href=" #fnref7 ">7 <a href="#y">inner</a></a>',
    f"<b>{marker(1, '#000000')}{marker(22, '#1F4E79')}</b>" + '<a name="n"/><a href="#x" color="red"><super>a b</super></a>',
    "",
]
UNREAD = ["<!-- a comment -->text", "a &#169; b", "<a href=bare>x</a>", '<para leading="12">own para</para>', "a < b"]


def _frags(parsed: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (type(f).__name__, [(k, repr(vars(v)) if hasattr(v, "__dict__") else repr(v)) for k, v in vars(f).items()])
        for f in parsed[1]
    ]


@pytest.mark.parametrize("markup", MARKUP)
def test_the_fragments_are_reportlabs_own(markup: str) -> None:
    style = ParagraphStyle("t")
    fast = paramarkup.parse(markup, style, 1)
    assert fast is not None
    own = ParaParser()
    own.caseSensitive = 1
    assert _frags(fast) == _frags(own.parse(markup, style))


@pytest.mark.parametrize("markup", UNREAD)
def test_markup_it_does_not_read_is_left_to_reportlab(markup: str) -> None:
    assert paramarkup.parse(markup, ParagraphStyle("t"), 1) is None


@pytest.mark.parametrize("markup", MARKUP)
def test_the_common_markup_is_read_without_reportlabs_parser(markup: str) -> None:
    """The fragments of the markup a build makes come from paramarkup's own builder (the quick path)."""
    assert paramarkup._Fragments.read(markup, ParagraphStyle("t")) is not None  # noqa: SLF001


@pytest.mark.parametrize(
    "markup",
    [
        "<b>unclosed",
        "<i>a</b>",
        '<a name=""/>x',
        '<a href="#x" name="y">x</a>',
        "<super rise='2'>x</super>",
        '<a name=""/><a href="#x" color="#1F4E79"><super>3</super></a>',
    ],
)
def test_what_the_builder_does_not_do_is_reportlabs(markup: str) -> None:
    style = ParagraphStyle("t")
    assert paramarkup._Fragments.read(markup, style) is None  # noqa: SLF001
