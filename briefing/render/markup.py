"""Rich text to ReportLab paragraph markup.

All user text is escaped here and only here, so `<a href>`, `<img>`,
`<font>`, `<!--` and `&amp;` typed in content print literally: content can
never inject markup, links or scripts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from briefing.model import Cite, Emph, Inline, RichText, Str, Strong, XRef, plain_text
from briefing.resolve import Segment, marker_anchor, note_anchor

_SPACE = re.compile(r"[^\S\u00a0]+")  # white space folds to one space; a no-break space stays
_ATTR_ENTITIES = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


# escape and quoteattr as xml.sax.saxutils has them: importing that module pulls in urllib, http.client and
# ssl, about 10 ms of a cold build.
def escape(data: str, entities: dict[str, str] | None = None) -> str:
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in (entities or {}).items():
        data = data.replace(key, value)
    return data


def quoteattr(data: str) -> str:
    data = escape(data, _ATTR_ENTITIES)
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"{}"'.format(data.replace('"', "&quot;"))


def text(value: str) -> str:
    """Escape literal text for a ReportLab paragraph, folding white space as a paragraph does.

    Printable text has no white space but the space itself (tabs, line ends and the Unicode spaces are not
    printable), so without two spaces in a row there is nothing to fold (the pattern costs ~7 us a call)."""
    if not value.isprintable() or "  " in value:
        value = _SPACE.sub(" ", value)
    return escape(value)


def segments_markup(segments: Iterable[Segment], link_colour: str) -> str:
    """Reference text from resolve: words escaped, addresses printed as links to themselves."""
    return "".join(link_markup(s.url, link_colour) if s.url else text(s.text) for s in segments)


def link_markup(url: str, link_colour: str) -> str:
    """An external link printed as its own address; the address is escaped as an attribute too."""
    return f'<a href={quoteattr(url)} color="{link_colour}">{text(url)}</a>'


MARKER_SEPARATOR = "<super>,</super>"  # between adjacent markers, as biblatex's multfootnotedelim: ¹,²


def marker(number: int, link_colour: str) -> str:
    """A footnote marker that links to its note, and is the note's link target back."""
    return (
        f'<a name="{marker_anchor(number)}"/><a href="#{note_anchor(number)}" color="{link_colour}"><super>{number}</super></a>'
    )


def to_markup(
    rich: RichText,
    note_number: Callable[[Cite], int],
    xref: Callable[[XRef], tuple[str, str | None]],
    link_colour: str,
) -> str:
    out: list[str] = []
    previous: object = None
    for node in rich:
        if isinstance(node, Cite) and isinstance(previous, Cite):
            out.append(MARKER_SEPARATOR)  # two markers side by side read as one number without it
        previous = node
        if isinstance(node, Str):
            out.append(text(node.text))
        elif isinstance(node, Strong):
            out.append(f"<b>{to_markup(node.children, note_number, xref, link_colour)}</b>")
        elif isinstance(node, Emph):
            out.append(f"<i>{to_markup(node.children, note_number, xref, link_colour)}</i>")
        elif isinstance(node, Cite):
            out.append(marker(note_number(node), link_colour))
        elif isinstance(node, XRef):
            label, anchor = xref(node)
            if anchor is None:  # a section this output leaves out: its name as words, never markup
                out.append(text(label))
            else:
                out.append(f'<a href="#{anchor}" color="{link_colour}">{text(label)}</a>')
    return "".join(out)


def paragraphs(rich: RichText) -> list[RichText]:
    """Split rich text on blank lines (the editorial note is a YAML block of paragraphs)."""
    chunks: list[list[Inline]] = [[]]
    for node in rich:
        if isinstance(node, Str) and "\n\n" in node.text:
            pieces = node.text.split("\n\n")
            for j, piece in enumerate(pieces):
                if j:
                    chunks.append([])
                if piece.strip():
                    chunks[-1].append(Str(piece))
        else:
            chunks[-1].append(node)
    return [tuple(c) for c in chunks if c and plain_text(tuple(c)).strip()]
