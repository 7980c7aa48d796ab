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
from collections.abc import Iterator
from html import unescape
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.colors import Color, toColor
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.platypus import paraparser
from reportlab.platypus.paraparser import ParaFrag, ParaParser, _re_para, known_entities

_TOKEN = re.compile(
    r"(?P<data>[^<&]+)"
    r"|&(?P<entity>[a-zA-Z][-.a-zA-Z0-9]*);"
    r"|</(?P<end>[a-zA-Z][a-zA-Z0-9]*)>"
    r"|<(?P<start>[a-zA-Z][a-zA-Z0-9]*)(?P<attrs>(?: [a-zA-Z][a-zA-Z0-9_]*=(?:\"[^\"]*\"|'[^']*'))*)(?P<empty>/?)>"
)
# A note marker as markup.marker writes it (attribute values without entities): read in one match, then given to
# the same steps its six tokens would be.
_MARKER = re.compile(r'<a name="([^"&<]*)"/><a href="([^"&<]*)" color="([^"&<]*)"><super>([^<&]+)</super></a>')
_ATTR = re.compile(r" ([a-zA-Z][a-zA-Z0-9_]*)=(?:\"([^\"]*)\"|'([^']*)')")
_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
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


_COLOURS: dict[str, Any] = {}


def _colour(value: str) -> Any:
    """`toColor(value)`: a new Color each time, as toColor makes, but a '#rrggbb' is read once a process.

    ReportLab's toColor tries a CSS parse, the named colours, a Python literal (compiling the text) and its own
    expression reader before it reads a hex code, about 20-50 us a link; every note marker is a link."""
    known = _COLOURS.get(value)
    if known is None:
        made = toColor(value)
        if made.__class__ is not Color or not _HEX_COLOUR.fullmatch(value):
            return made
        known = _COLOURS[value] = made
    new = Color.__new__(Color)
    new.__dict__.update(known.__dict__)
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
    quick = _Fragments.read(text, style)
    if quick is not None:
        return style, quick, None
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


def _pieces(text: str, markers: bool = False) -> Iterator[tuple[str, Any]]:
    """The pieces of `text` as HTMLParser.feed would hand them to a parser: ("data", text), ("entity", name),
    ("end", tag), ("start", (tag, attributes, empty)), and with `markers` a note marker read in one match,
    ("marker", its four values); ("unread", None) where the rest is not read here (ReportLab's parser reads it)."""
    at, n, match = 0, len(text), _TOKEN.match
    while at < n:
        if markers and text.startswith('<a name="', at) and (marker := _MARKER.match(text, at)) is not None:
            yield "marker", marker.groups()
            at = marker.end()
            continue
        m = match(text, at)
        if m is None:
            yield "unread", None
            return
        at = m.end()
        kind = m.lastgroup  # a start tag's is its last group ("attrs" or "empty")
        if kind == "data":
            yield "data", m.group("data")
        elif kind == "entity":
            yield "entity", m.group("entity")
        elif kind == "end":
            yield "end", m.group("end").lower()
        else:
            yield "start", (m.group("start").lower(), _attrs(m.group("attrs")), bool(m.group("empty")))


def _feed(parser: ParaParser, text: str) -> bool:
    """Call `parser`'s handlers for each piece of `text`, as HTMLParser.feed would; False if a piece is unread."""
    for kind, value in _pieces(text):
        if kind == "data":
            parser.handle_data(value)
        elif kind == "entity":
            parser.handle_entityref(value)
        elif kind == "end":
            parser.handle_endtag(value)
        elif kind == "start" and value[0] not in _CDATA:
            tag, attrs, empty = value
            parser.handle_starttag(tag, attrs)
            if empty:
                parser.handle_endtag(tag)
        else:
            return False  # unread, or a tag whose content HTMLParser reads as raw text
    return True


class _Unread(Exception):
    """What `_Fragments` does not do as ReportLab's handlers would: ReportLab reads the paragraph."""


class _Fragments:
    """The fragments ReportLab's handlers make for the common markup, made here without them.

    `ParaParser`'s handlers cost most of a paragraph's set-up (a parser object, a style frame, `getattr` lookups
    of `start_`/`end_` methods, attribute maps, `hasattr` probes that raise in its `__getattr__`), about 100 us a
    paragraph.  For `<b>`, `<i>`, `<super>` without attributes, `<a name="…"/>`, `<a href="…" color="…">`, text and
    named entities this does what those handlers do, step for step and in the same order (so each fragment has the
    same attributes, set in the same order, and shares what theirs share); for anything else, or anything the
    handlers would report, it gives up and the paragraph is read as before.  tests/test_paramarkup.py compares the
    two on every kind of markup a build makes."""

    def __init__(self, style: Any) -> None:
        top = ParaFrag()  # ParaParser._initial_frag for a <para> without attributes
        top.rise = 0
        top.greek = 0
        top.link = []
        top.fontName, top.bold, top.italic = ps2tt(style.fontName)
        top.fontSize = style.fontSize
        top.textColor = style.textColor
        top.us_lines = []
        top.__tag__ = "para"
        self.stack = [top]
        self.frags: list[Any] = []
        self.links = 0
        self.underline = getattr(style, "linkUnderline", paraparser.platypus_link_underline)

    @classmethod
    def read(cls, text: str, style: Any) -> list[Any] | None:
        """The fragments of `text`, or None when ReportLab's own parser is to read it."""
        try:
            made = cls(style)
            made.feed(text)
        except Exception:  # noqa: BLE001 - _Unread, or what ReportLab's handlers would raise: their path reports it
            return None
        return made.frags

    def feed(self, text: str) -> None:
        for kind, value in _pieces(text, markers=True):
            if kind == "marker":
                self.marker(*value)
            elif kind == "data":
                self.data(value)
            elif kind == "entity":
                self.data(known_entities.get(value, f"&{value};"))
            elif kind == "end":
                self.end(value)
            elif kind == "start":
                tag, attrs, empty = value
                self.start(tag, attrs)
                if empty:
                    self.end(tag)
            else:
                raise _Unread
        if len(self.stack) != 1 or self.stack[0].__tag__ != "para":
            raise _Unread  # unclosed tags: ReportLab reports them

    def marker(self, name: str, href: str, colour: str, number: str) -> None:
        """The steps of `<a name="…"/><a href="…" color="…"><super>…</super></a>`, token by token."""
        self.start("a", [("name", name)])
        self.end("a")
        self.start("a", [("href", href), ("color", colour)])
        self.start("super", [])
        self.data(number)
        self.end("super")
        self.end("a")

    def data(self, data: str) -> None:
        """ParaParser.handle_data for text (never empty) on top of a plain fragment."""
        top = self.stack[-1]
        d = top.__dict__
        if "cbDefn" in d or "_selfClosingTag" in d or "isBullet" in d or top.greek:
            raise _Unread
        self._emit(top, data)

    def _emit(self, top: Any, data: str) -> None:
        frag = _copy_frag(top)
        frag.fontName = tt2ps(frag.fontName, frag.bold, frag.italic)
        frag.text = data
        self.frags.append(frag)

    def _push(self, tag: str, attrs: dict[str, Any]) -> Any:
        frag = _copy_frag(self.stack[-1])
        frag.__tag__ = tag
        for k, v in attrs.items():  # _applyAttributes: no value here is ('relative', x)
            setattr(frag, k, v)
        self.stack.append(frag)
        return frag

    def start(self, tag: str, attrs: list[tuple[str, str]]) -> None:
        if tag in ("b", "i") and not attrs:
            self._push(tag, {"bold": 1} if tag == "b" else {"italic": 1})
        elif tag == "super" and not attrs:
            frag = self._push("super", {})
            if "supr" in frag.__dict__ or "sups" in frag.__dict__:
                raise _Unread
            frag.rise += frag.fontSize * paraparser.supFraction
            frag.fontSize = frag.fontSize - min(paraparser.sizeDelta, 0.2 * frag.fontSize)
        elif tag == "a" and len(attrs) == 1 and attrs[0][0] == "name" and attrs[0][1].strip():
            self._push("a", {"name": attrs[0][1], "_selfClosingTag": "anchor"})
        elif tag == "a" and attrs and "name" not in dict(attrs):
            self._link(attrs)
        else:
            raise _Unread

    def _link(self, attrs: list[tuple[str, str]]) -> None:
        """ParaParser._handle_link for `href` and `color` (each at most once), the link not underlined."""
        names = [k for k, _ in attrs]
        if "href" not in names or len(set(names)) != len(names) or set(names) - {"href", "color"} or self.underline:
            raise _Unread
        got: dict[str, Any] = {}
        for k, v in attrs:
            if k == "href":
                got["link"] = v
            else:
                got["textColor"] = _colour(v)
        got["link"] = self.stack[-1].link + [(self.links, got.pop("link", "").strip())]
        self.links += 1
        self._push("a", got)

    def end(self, tag: str) -> None:
        top = self.stack[-1]
        if tag not in ("b", "i", "super", "a") or top.__tag__ != tag:
            raise _Unread
        if tag == "a" and "_selfClosingTag" in top.__dict__:  # ParaParser.end_a for an anchor
            if not (top._selfClosingTag == "anchor" and top.name):
                raise _Unread
            defn = top.cbDefn = ABag()
            defn.label = defn.kind = "anchor"
            defn.name = top.name
            del top.name, top._selfClosingTag
            self._emit(top, "")
        self.stack.pop()
