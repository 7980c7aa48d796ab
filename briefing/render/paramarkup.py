"""Paragraph markup read without `html.parser`: a small scanner that feeds ReportLab's own tag handlers.

ReportLab reads a paragraph's markup with `ParaParser`, an `html.parser.HTMLParser`: its tokenizer (a loop of
regular expressions, line counting, a tolerant start-tag reader) costs as much as the handlers that make the
fragments.  The markup a build makes is small and regular (render/markup.py escapes every user character,
so the only tags are `<b>`, `<i>`, `<super>`, `<a …>` and their kind, attributes always quoted, and the only
entities `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&nbsp;`), so one regular expression reads it, and each piece
goes to the handler `HTMLParser` would have called, in the same order and split at the same places: the
fragments, and so the PDF, are the same.  Anything else the scanner does not read (a comment, a character
reference, an unquoted attribute, a stray `<` or `&`) makes `parse` answer None, and the caller lets ReportLab
parse the paragraph as before.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from reportlab.platypus.paraparser import ParaFrag, ParaParser, _re_para

_TOKEN = re.compile(
    r"(?P<data>[^<&]+)"
    r"|&(?P<entity>[a-zA-Z][-.a-zA-Z0-9]*);"
    r"|</(?P<end>[a-zA-Z][a-zA-Z0-9]*)>"
    r"|<(?P<start>[a-zA-Z][a-zA-Z0-9]*)(?P<attrs>(?: [a-zA-Z][a-zA-Z0-9_]*=(?:\"[^\"]*\"|'[^']*'))*)(?P<empty>/?)>"
)
_ATTR = re.compile(r" ([a-zA-Z][a-zA-Z0-9_]*)=(?:\"([^\"]*)\"|'([^']*)')")
_CDATA = ("script", "style")  # HTMLParser reads these tags' content as raw text
_COPY_HOOKS = ("__copy__", "__reduce__", "__reduce_ex__", "__getstate__", "__setstate__", "__slots__")


def _copy_frag(frag: Any) -> Any:
    """`copy.copy` of a fragment: a new one of its class with its attributes (shallow), as `copy.copy` makes it
    through `__reduce_ex__` and `copyreg` for a plain object, in a third of the time.  ReportLab's handlers copy the
    fragment on top of their stack for every tag and every piece of text (about 6,000 a build)."""
    cls = frag.__class__
    new = cls.__new__(cls)
    new.__dict__.update(frag.__dict__)
    return new


def install() -> None:
    """`ParaFrag.__copy__` (once a process), while ParaFrag and its bases copy as plain objects do."""
    if not any(hook in vars(k) for k in ParaFrag.__mro__[:-1] for hook in _COPY_HOOKS):
        ParaFrag.__copy__ = _copy_frag  # type: ignore[attr-defined]


install()


def _attrs(text: str) -> list[tuple[str, str]]:
    """A start tag's attributes as HTMLParser gives them: names in lower case, values unquoted and unescaped."""
    out = []
    for name, double, single in _ATTR.findall(text):
        value = double if double or not single else single
        out.append((name.lower(), unescape(value) if value else value))
    return out


def parse(text: str, style: Any, case_sensitive: int) -> tuple[Any, list[Any], list[Any] | None] | None:
    """`ParaParser().parse(text, style)` for markup the scanner reads: (style, fragments, bullet fragments), or
    None when it does not read it all (or ReportLab's handlers find an error): then parse with ReportLab."""
    if text[:1] == "<" and _re_para.match(text):
        return None  # the paragraph names its own <para> attributes: ReportLab's path
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    parser._setup_for_parse(style)  # noqa: SLF001 (ReportLab's own parse does exactly this around feed)
    try:
        parser.handle_starttag("para", [])
        if not _feed(parser, text):
            return None
        parser.handle_endtag("para")
        style, frags, bullet = parser._complete_parse()  # noqa: SLF001
    except Exception:  # noqa: BLE001 - ReportLab's path reports it, with the paragraph's text
        return None
    return None if frags is None else (style, frags, bullet)


def _feed(parser: ParaParser, text: str) -> bool:
    """Call `parser`'s handlers for each piece of `text`, as HTMLParser.feed would; False if a piece is unread."""
    at, n, match = 0, len(text), _TOKEN.match
    data, entity, start, end = parser.handle_data, parser.handle_entityref, parser.handle_starttag, parser.handle_endtag
    while at < n:
        m = match(text, at)
        if m is None:
            return False
        at = m.end()
        kind = m.lastgroup
        if kind == "data":
            data(m.group("data"))
        elif kind == "entity":
            entity(m.group("entity"))
        elif kind == "end":
            end(m.group("end").lower())
        else:
            tag = m.group("start").lower()
            if tag in _CDATA:
                return False
            start(tag, _attrs(m.group("attrs")))
            if m.group("empty"):
                end(tag)
    return True
