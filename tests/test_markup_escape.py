"""briefing's own escape and quoteattr (kept to spare a cold build the import of xml.sax) match the standard library's."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from hypothesis import given
from hypothesis import strategies as st

from briefing.render import markup

TEXT = st.text(alphabet=st.sampled_from(list("ab &<>\"'\n\r\t/?=;#")) | st.characters(), max_size=40)


@given(TEXT)
def test_escape_matches_the_standard_library(value: str) -> None:
    assert markup.escape(value) == escape(value)


@given(TEXT)
def test_quoteattr_matches_the_standard_library(value: str) -> None:
    assert markup.quoteattr(value) == quoteattr(value)


def test_text_folds_white_space_as_the_pattern_does() -> None:
    """markup.text skips the folding pattern for printable text without two spaces in a row: the same result for
    every character (white space of every kind, controls, no-break spaces) alone, doubled and between letters."""
    for c in map(chr, [*range(0x3100), 0x205F, 0x3000, 0xFEFF, 0x1680, 0x180E, 0x10FFFF]):
        for value in (c, c + c, f"a{c}b", f" {c} ", f"a {c}"):
            assert markup.text(value) == markup.escape(markup._SPACE.sub(" ", value)), repr(value)  # noqa: SLF001
