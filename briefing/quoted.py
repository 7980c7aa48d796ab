"""Words in “quote marks” that carry no citation of their own: compared with the sources of their unit.

`check.inline_quotations_verbatim` compares quoted words with a source when the text they are in carries a
citation itself (a paragraph, a list item, the cell of a row that holds the row's marker).  Quoted words in a
key fact's label, another cell of the row, a person's name, a timeline entry's `inferred:` reason, a chart's
title or a chart event's label, or a callout's title sit beside that citation without one of their own, and were
compared with nothing.  `quoted_words_sourced` compares them with the sources their unit cites (the fact's,
the row's and its caption's, the entry's, the chart's caption's); words quoted in a section's title with any
of the pack's sources; words quoted in a source's `notes:` with that source's own text.

`inline_quotations_attributed` holds words quoted in running text to what `fidelity.quotations_attributed`
holds a `quote:` block to: when the source gives them to someone the pack quotes in a `quote:` block, the
paragraph, item, row, entry or callout quoting them must name that speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing.attribution import (
    names_speaker,
    quote_spans,
    shared_role_heads,
    speaker_lines,
    speaker_terms,
    spoken,
)
from briefing.diagnostics import Diagnostic, Diagnostics, Pos, warning
from briefing.locate import locate, words_pattern
from briefing.model import (
    Cite,
    Emph,
    Pack,
    Quote,
    RichText,
    Strong,
    cites_in,
    plain_text,
    walk_sections,
)
from briefing.quotes import find_quote
from briefing.sourcetexts import texts_of
from briefing.textunits import text_units

if TYPE_CHECKING:
    from briefing.sourcetexts import CheckContext

_QUOTED = re.compile(r"“([^“”]+)”")


def _misquote(quoted: str, texts: list[tuple[str, str, str]]) -> str:
    """'' when `quoted` is verbatim in one of the texts, else what to tell the user."""
    misses = []
    for source_id, name, text in texts:
        match = find_quote(quoted, text)
        if match.found:
            return ""
        misses.append((source_id, name, match.difference))
    source_id, name, difference = misses[0]
    return f"not found verbatim in source '{source_id}' ({name}): {difference}"


def _report(quoted: str, ids: list[str], pos: Pos, pack: Pack, ctx: CheckContext) -> Iterator[Diagnostic]:
    texts = texts_of(ids, pack, ctx)
    problem = _misquote(quoted, texts) if texts else ""
    if problem:
        short = quoted if len(quoted) <= 60 else quoted[:59].rstrip() + "…"
        yield warning(locate(pos, "“" + words_pattern(quoted)), f"quoted words “{short}” {problem}")


def quoted_words_sourced(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """Quoted words without a citation of their own must be verbatim in a source their unit cites."""
    everything = [s.id for s in pack.sources]
    for section in walk_sections(pack.sections):
        for quoted in _QUOTED.findall(section.title):
            out.extend(_report(quoted, everything, section.pos, pack, ctx))
        for block in section.blocks:
            for unit in text_units(block):
                ids = unit.sources()
                for text in unit.words:
                    if not ids or cites_in(text):
                        continue  # no sources to compare with, or checked with its own citation (check.py)
                    for quoted in _QUOTED.findall(plain_text(text)):
                        out.extend(_report(quoted, ids, unit.pos, pack, ctx))
    for source in pack.sources:
        for quoted in _QUOTED.findall(source.notes):
            out.extend(_report(quoted, [source.id], source.pos, pack, ctx))


# ------------------------------------------------------------------ whose words they are


@dataclass
class _Speakers:
    """The pack's `quote:` blocks with the words naming each speaker (full name, surname, role head), and where
    each source prints each block's words (found once a source)."""

    quotes: list[tuple[Quote, list[str]]]
    held: dict[str, list[tuple[int, int, list[str]]]] = field(default_factory=dict)
    surnames: dict[str, list[str]] = field(default_factory=dict)  # "Mahmood" -> his terms

    def __post_init__(self) -> None:
        for _q, terms in self.quotes:
            surname = terms[0].split()[-1] if terms and terms[0].split() else ""
            if surname[:1].isupper():
                self.surnames.setdefault(surname, terms)

    @classmethod
    def of(cls, pack: Pack) -> _Speakers:
        quotes = [b for s in walk_sections(pack.sections) for b in s.blocks if isinstance(b, Quote)]
        shared = shared_role_heads(quotes)
        return cls([(q, speaker_terms(q.speaker, q.role, shared)) for q in quotes if q.speaker.strip()])

    def held_in(self, source_id: str, text: str) -> list[tuple[int, int, list[str]]]:
        if source_id not in self.held:
            spans = [
                (quote_spans(plain_text(q.text), text), terms)
                for q, terms in self.quotes
                if source_id in {r.source for r in q.cite.refs}
            ]
            self.held[source_id] = [(s[0][0], s[-1][1], terms) for s, terms in spans if s]
        return self.held[source_id]


_CAPITALISED = re.compile(r"(?<![\w'-])[A-Z][\w'-]*")
_PRONOUN_SAID = re.compile(r"\b(?:he|she|they)\s+(?:said|added|continued|went on|told)\b", re.IGNORECASE)
_MAX_PLACES = 12  # words a source prints more often than this are too common to be anyone's


def _whose(quoted: str, source_id: str, text: str, speakers: _Speakers) -> list[list[str]]:
    """For each place the source prints `quoted`, the terms naming whoever says the words there ([] for the
    source's own words or a speaker the pack does not quote).  The speaker is that of a `quote:` block whose words
    hold them, else, for words the source prints inside someone's quotation, that of the `quote:` block whose
    speaker's surname is the last name in the paragraph opening that quotation (or, when it names no one, in the
    paragraph before it)."""
    out: list[list[str]] = []
    spans = quote_spans(quoted, text)
    while spans and len(out) <= _MAX_PLACES:
        out.append(_speaker_at(spans[0][0], quoted, source_id, text, speakers))
        spans = quote_spans(quoted, text, spans[0][0] + 1)
    return out if len(out) <= _MAX_PLACES else []


def _speaker_at(at: int, quoted: str, source_id: str, text: str, speakers: _Speakers) -> list[str]:
    for start, end, terms in speakers.held_in(source_id, text):
        if start <= at < end:
            return terms
    for line in speaker_lines(text, at) if spoken(text, at) else []:
        names = [m.group(0) for m in _CAPITALISED.finditer(line) if m.start() > 0]  # not the line's first word
        known = [speakers.surnames[n] for n in names if n in speakers.surnames]
        if known or names or not _PRONOUN_SAID.search(line):  # "he said:" names no one: the paragraph before may
            return known[-1] if known else []  # names only: a role head ("report") turns up in any narration
    return []


def _flatten(rich: RichText, out: list[str | Cite]) -> None:
    for node in rich:
        if isinstance(node, Cite):
            out.append(node)
        elif isinstance(node, (Strong, Emph)):
            _flatten(node.children, out)
        else:
            out.append(plain_text((node,)))


def _quotations(texts: list[RichText]) -> Iterator[tuple[str, list[str]]]:
    """Each quotation in the texts, with the sources to look for it in: the citation after it first."""
    tokens: list[str | Cite] = []
    for text in texts:
        _flatten(text, tokens)
    every = [r.source for tok in tokens if isinstance(tok, Cite) for r in tok.refs]
    for i, tok in enumerate(tokens):
        if isinstance(tok, str):
            after = next((c for c in tokens[i + 1 :] if isinstance(c, Cite)), None)
            first = [r.source for r in after.refs] if after else []
            for quoted in _QUOTED.findall(tok):
                yield quoted, list(dict.fromkeys([*first, *every]))


def _unnamed(
    quoted: str, ids: list[str], unit: str, pack: Pack, ctx: CheckContext, speakers: _Speakers
) -> tuple[str, list[str]] | None:
    """(source id, terms) when every place the first cited source holding `quoted` prints it gives the words
    to a speaker the pack quotes, and `unit` names none of them; else None."""
    for source_id, _name, text in texts_of(ids, pack, ctx):
        places = _whose(quoted, source_id, text, speakers)
        if places:
            if all(places) and not any(names_speaker(unit, terms) for terms in places):
                return source_id, places[0]
            return None
    return None


def inline_quotations_attributed(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """Words quoted in running text that the source gives to a speaker the pack quotes in a `quote:` block must
    name that speaker (full name, surname or role head) in the same paragraph, item, row, entry or callout."""
    speakers = _Speakers.of(pack)
    if not speakers.quotes:
        return
    for section in walk_sections(pack.sections):
        for block in section.blocks:
            for unit in text_units(block):
                texts, pos = list(unit.words), unit.pos
                words = " ".join(plain_text(t) for t in texts)
                for quoted, ids in _quotations(texts):
                    found = _unnamed(quoted, ids, words, pack, ctx, speakers)
                    if found:
                        source_id, terms = found
                        short = quoted if len(quoted) <= 60 else quoted[:59].rstrip() + "…"
                        out.add(
                            warning(
                                locate(pos, "“" + words_pattern(quoted)),
                                f"quoted words “{short}” are {terms[0]}’s in source '{source_id}', but the "
                                f"text quoting them does not name {' or '.join(repr(x) for x in terms)}",
                            )
                        )
