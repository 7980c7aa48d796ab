"""Rich text to ReportLab paragraph markup.

All user text is escaped here and only here, so `<a href>`, `<img>`,
`<font>`, `<!--` and `&amp;` typed in content print literally: content can
never inject markup, links or scripts.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from briefing.model import Cite, Emph, RichText, Str, Strong, XRef

_SPACE = re.compile(r"\s+")
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
    """Escape literal text for a ReportLab paragraph, folding white space as a paragraph does."""
    return escape(_SPACE.sub(" ", value))


def link_markup(url: str, link_colour: str) -> str:
    """An external link printed as its own address; the address is escaped as an attribute too."""
    return f'<a href={quoteattr(url)} color="{link_colour}">{text(url)}</a>'


def marker(number: int, link_colour: str) -> str:
    """A footnote marker that links to its note, and is the note's link target back."""
    return f'<a name="fnref{number}"/><a href="#fn{number}" color="{link_colour}"><super>{number}</super></a>'


def to_markup(
    rich: RichText,
    note_number: Callable[[Cite], int],
    xref: Callable[[XRef], tuple[str, str] | None],
    link_colour: str,
) -> str:
    out: list[str] = []
    for node in rich:
        if isinstance(node, Str):
            out.append(text(node.text))
        elif isinstance(node, Strong):
            out.append(f"<b>{to_markup(node.children, note_number, xref, link_colour)}</b>")
        elif isinstance(node, Emph):
            out.append(f"<i>{to_markup(node.children, note_number, xref, link_colour)}</i>")
        elif isinstance(node, Cite):
            out.append(marker(note_number(node), link_colour))
        elif isinstance(node, XRef):
            target = xref(node)
            if target is None:
                out.append(text(f"[#{node.target}]"))
            else:
                label, anchor = target
                out.append(f'<a href="#{anchor}" color="{link_colour}">{text(label)}</a>')
    return "".join(out)
