"""Paragraph styles, colours and font names built from the checked style sheet (`StyleSheet.typed`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, toColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from briefing.render.fonts import register_fonts
from briefing.render.hyphenation import built_in, dictionary, exceptions, minimums
from briefing.style import StyleSheet

Hyphenator = Callable[[str], Iterator[tuple[str, str]]]


def make_hyphenator(language: str, min_length: int, own: Mapping[str, tuple[int, ...]] | None = None) -> Hyphenator:
    """pyphen's word breaks, except for names (capitalised words), numbers and compounds that already have a hyphen;
    a word in `own` (the pack's `hyphenation:` list, see hyphenation.exceptions) breaks only where that says."""
    dic = dictionary(language)
    left, right = minimums(language)  # the dictionary's own (2 and 3 for en_GB, as TeX's); pyphen would use 2 and 2
    own = own or {}

    def hyphenate(word: str) -> Iterator[tuple[str, str]]:
        listed = own.get(word.lower()) if own else None
        if listed is not None:
            # the longest head first, as pyphen gives them; the dictionary's shortest head and tail hold here too (TeX)
            return iter([(word[:k], word[k:]) for k in reversed(listed) if k >= left and len(word) - k >= right])
        if len(word) < min_length or word[:1].isupper() or any(c.isdigit() or c in "-‐‑–—/" for c in word):
            return iter(())
        return ((h, t) for h, t in dic.iterate(word) if len(h) >= left and len(t) >= right)

    return hyphenate


@dataclass
class Styles:
    sheet: StyleSheet
    greyscale: bool = False
    scale: float = 1.0
    min_size: float = 0.0  # large print: no reading text smaller than this (notes and running heads scale only)
    hyphenation: tuple[str, ...] = ()  # the pack's own word breaks (pack.yaml `hyphenation:`)

    def __post_init__(self) -> None:
        typed = self.sheet.typed
        self.fonts = register_fonts(self.sheet)  # the sheet's fonts and fallbacks, carried by every style made here
        self.hyphenator = make_hyphenator(
            typed.hyphenation.language,
            typed.hyphenation.min_word_length,
            exceptions((*built_in(typed.hyphenation.language), *self.hyphenation)),
        )
        self._small_print = frozenset(typed.output.small_print)  # scale, but are never raised to min_size
        self._cache: dict[str, ParagraphStyle] = {}
        self._hex: dict[str, str] = {}  # hex(): asked for the link colour once a note (over a thousand times a build)

    def colour(self, key: str) -> Color:
        """A name from the sheet's `colours:` or a #rrggbb colour (the sheet was checked: one of the two)."""
        value = self.sheet.typed.colours.get(key, key)
        colour = HexColor(value)
        if self.greyscale:
            grey = 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue
            return Color(grey, grey, grey)
        return colour

    def hex(self, key: str) -> str:
        value = self._hex.get(key)
        if value is None:
            value = self._hex[key] = self._hex_of(key)
        return value

    def _hex_of(self, key: str) -> str:
        c = self.colour(key)
        value = f"#{round(c.red * 255):02x}{round(c.green * 255):02x}{round(c.blue * 255):02x}"
        # Markup carries this as color="#rrggbb"; ReportLab's toColor tries named colours, literal_eval and its
        # expression evaluator before HexColor on every such attribute (750 links a default build, 5% of its
        # time).  Known here, the lookup is a dict hit that returns what HexColor would.
        toColor.extraColorsNS.setdefault(value, HexColor(value))
        return value

    def font(self, family: str, face: str = "regular") -> str:
        """The registered name of the sheet's font (render.fonts registers it)."""
        return self.sheet.typed.font_name(family, face)

    def para(self, key: str, **overrides: object) -> ParagraphStyle:
        cache_key = key + repr(sorted(overrides.items()))
        if cache_key in self._cache:
            return self._cache[cache_key]
        t = self.sheet.typed.text[key]
        s = self.scale
        if self.min_size and key not in self._small_print and t.size * s < self.min_size:
            s = self.min_size / t.size
        style = ParagraphStyle(
            key,
            fontName=self.font(t.font, t.style),
            bulletFontName=self.font(t.font, "regular"),
            bulletFontSize=t.size * s,
            fontSize=t.size * s,
            leading=t.leading * s,
            spaceBefore=t.space_before * s,
            spaceAfter=t.space_after * s,
            leftIndent=t.indent * s,
            textColor=self.colour(t.colour),
            alignment=TA_LEFT,
            allowWidows=0,
            allowOrphans=0,
            hyphenationLang=self.hyphenator,  # type: ignore[arg-type]
            embeddedHyphenation=1,
            uriWasteReduce=self.sheet.typed.hyphenation.url_waste,
            splitLongWords=1,
            briefing_fonts=self.fonts,  # read where text is set (Para.breakLines), inherited by styles made from this
        )
        if not t.hyphenate:
            style.hyphenationLang = ""
        for k, v in overrides.items():
            setattr(style, k, v)
        self._cache[cache_key] = style
        return style
