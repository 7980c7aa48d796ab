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
