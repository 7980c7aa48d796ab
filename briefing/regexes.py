"""Quicker-to-compile equivalents of regular expressions that PyYAML and ReportLab compile when imported.

Three character classes spanning most of Unicode's first plane cost a cold build about 50 ms of CPU to compile
(Python builds a 65,536-entry map for each, and under IGNORECASE folds the case of every character in it):
ReportLab's `paragraph.uri_pat` (40 ms, case-insensitive `[a-z\\xa1-\\uffff0-9]` three times over),
`textsplit.rx` and PyYAML's `Reader.NON_PRINTABLE`.  `prime` compiles, for each, a pattern that matches
exactly the same strings in the same way from small ranges (a class's complement, or a case-sensitive
alternation of disjoint single characters), and leaves it in the `re` module's cache under the original
pattern, so the library's own `re.compile(original, flags)` returns it.  tests/test_regexes.py proves each
equivalent on every code point and on whole addresses.

Call it before the library is imported; if the library was imported first, or `re`'s cache is not the
dictionary this expects, nothing changes (the library compiles its own, more slowly).
"""

from __future__ import annotations

import re
from typing import Any

# Every code point from U+00A1 to U+FFFF (surrogates included), as a complement of small ranges.
_BMP_FROM_A1 = "[^\\x00-\\xa0\\U00010000-\\U0010ffff]"

_URI = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)(?:\\.(?:25[0-5]|"
    "2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9](?:[a-z\xa1-\uffff0-9-]{0,61}"
    "[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|"
    "xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z"
)
# Under IGNORECASE, [a-z\xa1-\uffff...] matches A-Z too and nothing else outside the plane's range (no character
# past U+FFFF folds into it): the same as a case-sensitive choice of [a-zA-Z...] or one of U+00A1-U+FFFF.
_CLASSES = {
    "[a-z\xa1-\uffff0-9]": f"(?-i:[a-zA-Z0-9]|{_BMP_FROM_A1})",
    "[a-z\xa1-\uffff0-9-]": f"(?-i:[a-zA-Z0-9-]|{_BMP_FROM_A1})",
    "[a-z\xa1-\uffff-]": f"(?-i:[a-zA-Z-]|{_BMP_FROM_A1})",
}


def _uri() -> str:
    out = _URI
    for cls, equivalent in _CLASSES.items():
        out = out.replace(cls, equivalent)
    return out


# (the library's pattern, its flags, an equivalent quick to compile, by lazily)
EQUIVALENTS: dict[str, list[tuple[str, int, Any]]] = {
    "reportlab": [
        (_URI, re.IGNORECASE, _uri),
        ("([\u2e80-\uffff])", re.UNICODE, lambda: "([^\\x00-\\u2e7f\\U00010000-\\U0010ffff])"),
    ],
    "yaml": [
        (
            "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]",
            0,
            lambda: "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x84\\x86-\\x9f\\ud800-\\udfff\\ufffe\\uffff]",
        ),
    ],
}


def prime(library: str) -> None:
    """Leave the quick equivalents of `library`'s import-time patterns in `re`'s cache (see the module's doc)."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        return
    for pattern, flags, equivalent in EQUIVALENTS[library]:
        key = (str, pattern, int(flags))
        if key not in cache:
            cache[key] = re.compile(equivalent(), flags)
