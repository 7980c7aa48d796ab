"""Check rule: markup from other formats, which prints as typed.

Writers used to Markdown or HTML type `[the report](https://...)`, `_words_` or `<b>words</b>`; briefing's text
has its own small markup (`**bold**`, `*italic*`, a bare web address becomes a link), so those print literally,
brackets, underscores and tags included.  The warning says what to write instead, at the words.
"""

from __future__ import annotations

import re

from briefing.diagnostics import Diagnostics
from briefing.locate import locate
from briefing.model import Block, Pack, all_blocks, block_texts, plain_text
from briefing.sourcetexts import CheckContext

_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
_FOREIGN = (
    (
        re.compile(r"\[[^\]\[@#][^\]]*\]\((?:https?://|www\.)[^)\s]+\)"),
        "a Markdown link",
        "write the web address itself: it prints as a link",
    ),
    (re.compile(r"</?(?:b|i|em|strong|u|br|p|a)\b[^>]*>", re.IGNORECASE), "an HTML tag", "write **bold** or *italic*"),
    (re.compile(r"(?<![\w_])__?[^\s_][^_\n]*?[^\s_]__?(?![\w_])"), "underscores for emphasis", "write *italic* or **bold**"),
)


def foreign_markup(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """Warn once a block about each kind of Markdown or HTML markup in its text."""
    for block in all_blocks(pack):
        _block(block, ctx, out)


def _block(block: Block, ctx: CheckContext, out: Diagnostics) -> None:
    words = " ".join(plain_text(text) for text in block_texts(block))
    bare = _ADDRESS.sub(" ", words)  # an address's own underscores and brackets are not markup
    for pattern, what, instead in _FOREIGN:
        found = pattern.search(words if what == "a Markdown link" else bare)
        if found is not None:
            at = locate(block.pos, re.escape(found.group()), files=ctx.files)
            out.warning(at, f"'{found.group()[:60]}' is {what}, which prints as typed here; {instead}")
