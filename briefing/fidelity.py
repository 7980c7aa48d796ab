"""Fidelity rules: is each statement as exact as its source?

Three checks that read the source texts (`text:` files, found as for the
verbatim-quotation check) and report warnings:

* `quotations_attributed`: a block quotation's speaker must be named in the
  source near the quoted words (full name, surname, or the head of the role
  given), so a quotation moved to the wrong speaker is caught.
* `numbers_sourced`: a number in a statement must appear in a source the
  statement cites, unless the statement is marked as the compilers' own
  arithmetic or inference (see `MARKED`).
* `citations_plausible`: a cited source that contains none of the statement's
  key numbers or proper names is probably the wrong source.

Statements are sentences of running text (a table row, a key fact, a person,
a figure in a panel: each one statement), each covered by the citations in
it or, failing those, by the next citation after it (a note at the end of a
run of sentences covers the run).  These are heuristics that point a person
at a passage to re-read; none is an error.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.attribution import attribution_window, names_speaker, shared_role_heads, speaker_terms
from briefing.diagnostics import Diagnostic, Diagnostics, Pos, warning
from briefing.model import (
    Block,
    Cite,
    Emph,
    Pack,
    Quote,
    RichText,
    Str,
    Strong,
    XRef,
    plain_text,
    walk_sections,
)
from briefing.quoted import inline_quotations_attributed, quoted_words_sourced
from briefing.quotes import normalise
from briefing.sourcetexts import texts_of
from briefing.textunits import MONTHS, text_units

if TYPE_CHECKING:
    from briefing.sourcetexts import CheckContext

# ------------------------------------------------------------------ the marker

# A statement that is the compilers' own work rather than a source's says so in words that print:
# "(the compilers' arithmetic)", "the compilers' inference", "compilers' calculation", "year inferred" ...
# in the sentence itself or in its citation's locator ("[@src, compilers' inference: ...]").
MARKED = re.compile(
    r"\bcompilers[\u2019']?\s+(?:own\s+)?(?:arithmetic|calculation|inference|count|grouping|reading)\b|\binferred\b",
    re.IGNORECASE,
)

# ------------------------------------------------------------------ numbers

_NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}  # "one" is left out: it is far more often a pronoun ("one of them") than a count
_DIGITS = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w])")
_WORD = re.compile(r"[A-Za-z]+")
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{4})\b")


@dataclass(frozen=True)
class Number:
    value: str  # canonical: "12", "16.9", "2000"
    shown: str  # as written: "twelve", "2,000"


def numbers_in(text: str) -> list[Number]:
    """Every number written in digits or as a word (two to twenty, the tens, hundred), in order."""
    found: list[tuple[int, Number]] = []
    for m in _DIGITS.finditer(text):
        value = m.group(1).replace(",", "") + (m.group(2) or "")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        found.append((m.start(), Number(str(int(value)) if "." not in value else value, m.group(0))))
    for m in _WORD.finditer(text):
        n = _NUMBER_WORDS.get(m.group(0).lower())
        if n is not None:
            found.append((m.start(), Number(str(n), m.group(0))))
    return [n for _, n in sorted(found, key=lambda x: x[0])]


def _is_key_number(n: Number) -> bool:
    """Numbers up to twelve turn up in any text by chance; larger ones (and years) identify a statement."""
    try:
        return float(n.value) > 12
    except ValueError:
        return False


# ------------------------------------------------------------------ names

_COMMON_WORDS = (
    "a an the this that these those it its he she they we our her his him them their there here you your i in on at "
    "after before during when where who whom whose what how why which while each every all none no not nor and but "
    "or of for with from to as by both neither either if than then also since until some any many most much such "
    "under over among between because so yet still only once now today later earlier other another more less mr mrs "
    "ms miss dr sir dame lord lady cllr coun councillor mp "
)
_NOT_NAMES = frozenset(_COMMON_WORDS.split())


def _subject_words(pack: Pack) -> frozenset[str]:
    """Words of the pack's title, subtitle and keywords: the subject of every page, so no evidence of a source."""
    meta = pack.meta
    text = " ".join((meta.title, meta.short_title, meta.subtitle, *meta.keywords))
    return frozenset(w.lower() for w in re.findall(r"[^\W\d_]+", text))


_NAME = re.compile(r"(?<![\w\u2019'-])([A-Z][^\W\d_]+(?:[\u2019'-][^\W\d_]+)*)")
_SENTENCE_START = re.compile(r"(?:^|[.?!:;|]\s+|[\u201c\"(\u2018]\s*)$")


def names_in(sentence: str, subject: frozenset[str]) -> list[str]:
    """Capitalised words that are probably proper names: not a sentence's first word, a month, a common
    word or one of the pack's subject words.  A possessive "'s" is dropped."""
    out: list[str] = []
    for m in _NAME.finditer(sentence):
        word = re.sub(r"[\u2019']s$", "", m.group(1))
        if _SENTENCE_START.search(sentence[: m.start()]):
            continue
        if word.lower() in _NOT_NAMES or word.lower() in subject or word in MONTHS or len(word) < 3:
            continue
        out.append(word)
    return list(dict.fromkeys(out))


# ------------------------------------------------------------------ statements


@dataclass(frozen=True)
class Statement:
    """A sentence (or a table row, key fact, person or panel figure) and the citations that cover it.

    `clauses` pairs each citation in the sentence with the words it covers: those since the citation
    before it (the first also takes any uncited sentences just before).  `fallback` is true when the
    only citations are the block's caption's, which cover the block as a whole.
    """

    text: str
    cites: tuple[Cite, ...]
    marked: bool
    pos: Pos
    clauses: tuple[tuple[str, Cite], ...] = ()
    fallback: bool = False


_SPLIT = re.compile(r"(?<=[.?!])[\u201d\u2019\")]?\s+(?=[\u201c\u2018\"(]?[A-Z0-9*])")


def _flatten(rich: RichText, out: list[str | Cite]) -> None:
    for node in rich:
        if isinstance(node, Str):
            out.append(node.text)
        elif isinstance(node, (Strong, Emph)):
            _flatten(node.children, out)
        elif isinstance(node, Cite):
            out.append(node)
        elif isinstance(node, XRef):
            out.append("section")


def _sentences(
    parts: Iterable[RichText], fallback: tuple[Cite, ...], pos: Pos, whole: bool, joiner: str = ". "
) -> list[Statement]:
    """Split rich text into sentences, each with the citations that cover it.

    `whole`: the parts are one statement (a table row, a key fact): a marker anywhere in them marks all
    of it, and its numbers may come from any source it cites.
    """
    tokens: list[str | Cite] = []
    for i, part in enumerate(parts):
        if i:
            tokens.append(joiner)
        _flatten(part, tokens)
    text = ""
    at: list[tuple[int, Cite]] = []
    for token in tokens:
        if isinstance(token, Cite):
            at.append((len(text), token))
        else:
            text += token
    starts = [0] + [m.end() for m in _SPLIT.finditer(text)]
    spans = [(a, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, a in enumerate(starts)]
    own: list[list[tuple[int, Cite]]] = [[] for _ in spans]
    for offset, cite in at:
        k = max(0, bisect.bisect_right(starts, offset) - 1)
        if offset == spans[k][0] and k > 0:
            k -= 1  # a marker hugging the end of the sentence before
        own[k].append((offset, cite))
    marked_all = whole and bool(MARKED.search(text))
    every = tuple(c for _, c in at)
    out: list[Statement] = []
    uncited_from: int | None = None
    for k, (a, b) in enumerate(spans):
        mine = [c for _, c in own[k]]
        later = next((o for o in own[k + 1 :] if o), None)
        earlier = next((o for o in reversed(own[:k]) if o), None)
        covering = mine or [c for _, c in (later or earlier or [])] or list(fallback)
        if whole and every:
            covering = list(dict.fromkeys([*covering, *every]))
        words = text[a:b].strip()
        clauses: list[tuple[str, Cite]] = []
        prev = a if uncited_from is None else uncited_from
        for offset, cite in own[k]:
            clauses.append((text[prev:offset], cite))
            prev = offset
        uncited_from = (a if uncited_from is None else uncited_from) if not own[k] else None
        locators = " ".join(r.locator for c in covering for r in c.refs)
        marked = marked_all or bool(MARKED.search(words)) or bool(MARKED.search(locators))
        if words:
            out.append(
                Statement(
                    words, tuple(covering), marked, own[k][0][1].pos if own[k] else pos, tuple(clauses), not at and bool(fallback)
                )
            )
    return out


def block_statements(block: Block) -> list[Statement]:
    """The statements of a block that the fidelity rules read (quotations are checked word for word instead)."""
    return [
        s
        for unit in text_units(block)
        if unit.statement
        for s in _sentences(unit.statement, unit.carried, unit.pos, unit.whole, unit.joiner)
    ]


def pack_statements(pack: Pack) -> Iterator[Statement]:
    for section in walk_sections(pack.sections):
        for block in section.blocks:
            if not isinstance(block, Quote):
                yield from block_statements(block)


# ------------------------------------------------------------------ source texts


@dataclass(frozen=True)
class SourceFacts:
    """What the rules look up in a source: its numbers, its words as printed, its text folded."""

    numbers: frozenset[str]
    words: frozenset[str]
    folded: str  # normalise()d, lower case


def source_facts(text: str) -> SourceFacts:
    folded = normalise(text)
    words = frozenset(re.sub(r"'s$", "", w).lower() for w in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", folded))
    return SourceFacts(frozenset(n.value for n in numbers_in(folded)), words, folded.lower())


def _shorten(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def unsourced_numbers(statement: Statement, facts: list[SourceFacts]) -> list[Number]:
    """Numbers in the statement that none of its cited sources contains."""
    if statement.marked or not facts:
        return []
    known = set().union(*(f.numbers for f in facts))
    return [n for n in dict.fromkeys(numbers_in(statement.text)) if n.value not in known]


def key_items(text: str, subject: frozenset[str], numbers: bool = True) -> list[str]:
    """The numbers and names that identify what some words are about: month-and-year dates, numbers above
    twelve not part of such a date (unless `numbers` is false: the compilers' own figures), and proper names."""
    items: list[str] = []
    dated: set[str] = set()
    for m in _MONTH_YEAR.finditer(text):
        items.append(f"{m.group(1)} {m.group(2)}")
        dated.add(m.group(2))
    for n in numbers_in(text) if numbers else ():
        if _is_key_number(n) and n.value not in dated:
            items.append(n.shown)
    items += names_in(text, subject)
    return list(dict.fromkeys(items))


def item_in(item: str, facts: SourceFacts) -> bool:
    if _MONTH_YEAR.fullmatch(item):
        return normalise(item).lower() in facts.folded
    nums = numbers_in(item)
    if nums and len(nums) == 1 and nums[0].shown == item:
        return nums[0].value in facts.numbers
    return re.sub(r"[\u2019']", "'", item).lower() in facts.words


# ------------------------------------------------------------------ the rules


def _source_texts(ids: Iterable[str], pack: Pack, ctx: CheckContext) -> list[tuple[str, str, str]]:
    return texts_of(ids, pack, ctx)


def quotations_attributed(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """A block quotation's speaker must be named in its source where the quoted words are.

    Named means the full name, the surname or the head of the role (titles such as Cllr left out), in
    the paragraph of the quoted passage or the two before it, outside anyone's quoted words; a quotation
    run on over paragraphs that open with a quotation mark, or "He added:", counts from the paragraph
    that opens the run.  A quotation not found in its source is left to `quotations_verbatim`.
    """
    quotes = [b for s in walk_sections(pack.sections) for b in s.blocks if isinstance(b, Quote)]
    shared = shared_role_heads(quotes)
    for block in quotes:
        if not block.speaker.strip():
            continue
        terms = speaker_terms(block.speaker, block.role, shared)
        quoted = plain_text(block.text)
        for source_id, _name, text in _source_texts((r.source for r in block.cite.refs), pack, ctx):
            found = attribution_window(quoted, text)
            if found is None:
                continue
            window, passage = found
            if not names_speaker(window, terms):
                out.warning(
                    block.text_pos or block.pos,
                    f"quotation attributed to '{block.speaker}', but source '{source_id}' does not "
                    f"name {' or '.join(repr(t) for t in terms)} where it prints these words: "
                    f"“{_shorten(passage, 220)}”",
                )
            break


def _all_facts(pack: Pack, ctx: CheckContext) -> dict[str, SourceFacts]:
    """What each source with a readable text file holds, read once a rule."""
    return {sid: _facts(text) for sid, _name, text in _source_texts((s.id for s in pack.sources), pack, ctx)}


def _facts_of(cites: Iterable[Cite], facts: dict[str, SourceFacts]) -> list[tuple[str, SourceFacts]]:
    ids = dict.fromkeys(r.source for c in cites for r in c.refs)
    return [(sid, facts[sid]) for sid in ids if sid in facts]


_FACTS: dict[str, SourceFacts] = {}


def _facts(text: str) -> SourceFacts:
    facts = _FACTS.get(text)
    if facts is None:
        if len(_FACTS) > 64:
            _FACTS.clear()
        facts = _FACTS[text] = source_facts(text)
    return facts


def numbers_sourced(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """A number in a statement must be in a source the statement cites, or be marked as the compilers' own
    ("the compilers' arithmetic", "compilers' inference", "inferred": see MARKED)."""
    facts = _all_facts(pack, ctx)
    if not facts:
        return
    for statement in pack_statements(pack):
        if not statement.cites or statement.marked:
            continue
        found = _facts_of(statement.cites, facts)
        missing = unsourced_numbers(statement, [f for _, f in found])
        if missing:
            shown = ", ".join(f"'{n.shown}'" for n in missing)
            names = ", ".join(f"'{sid}'" for sid, _ in found)
            out.warning(
                statement.pos,
                f"{shown} in “{_shorten(statement.text)}” is not in the cited source ({names}); if it is "
                "the compilers' arithmetic or inference, say so (e.g. “(the compilers’ arithmetic)”)",
            )


def citations_plausible(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """A cited source that contains none of a statement's key numbers and names: is it the right source?

    Each citation answers for the words it covers (see Statement.clauses), and each source in it must
    hold at least one of their key items; a caption's citation covers a whole table or chart, so there
    it is enough that one of its sources does.
    """
    subject = _subject_words(pack)
    facts = _all_facts(pack, ctx)
    if not facts:
        return
    for statement in pack_statements(pack):
        if statement.fallback:
            items = key_items(statement.text, subject, not statement.marked)
            found = _facts_of(statement.cites, facts)
            if items and found and not any(item_in(i, f) for i in items for _, f in found):
                out.add(_implausible([sid for sid, _ in found], items, statement.text, statement.pos))
            continue
        for words, cite in statement.clauses:
            items = key_items(words, subject, not statement.marked)
            if not items:
                continue
            for sid, held in _facts_of((cite,), facts):
                if not any(item_in(item, held) for item in items):
                    out.add(_implausible([sid], items, words, cite.pos))


def _implausible(ids: list[str], items: list[str], words: str, pos: Pos) -> Diagnostic:
    which = (
        f"source '{ids[0]}' contains none"
        if len(ids) == 1
        else f"none of the sources {', '.join(repr(i) for i in ids)} contains any"
    )
    return warning(pos, f"{which} of {', '.join(repr(i) for i in items)} from “{_shorten(words)}”: is this the right source?")


def short_forms_distinct(pack: Pack, ctx: CheckContext, out: Diagnostics) -> None:
    """Two sources whose repeat notes would print alike ("3 Gazette.") leave the reader unable to tell which was
    cited: a warning at the second, asking for a `short:` of its own.  Needs no source texts."""
    from briefing.references import short_reference

    seen: dict[str, str] = {}
    for source in pack.sources:
        short = short_reference(source)
        key = normalise(short).casefold()
        if key in seen:
            out.warning(
                source.pos,
                f"source '{source.id}' has the same short form as source '{seen[key]}' "
                f"({short}), so their repeat notes print alike; give one of them a "
                "'short:' of its own",
            )
        else:
            seen[key] = source.id


FIDELITY_RULES = (
    quotations_attributed,
    numbers_sourced,
    citations_plausible,
    short_forms_distinct,
    quoted_words_sourced,
    inline_quotations_attributed,
)  # the last two: briefing/quoted.py
