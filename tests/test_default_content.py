"""The default content pack (content/) keeps its promises.

Every quotation is verbatim in the source it cites; every source is cited and
every citation names a source; every factual block carries a citation; dates
never claim a precision the sources do not give.  The YAML is read with
yaml.safe_load on purpose, so these checks do not depend on the engine's
loader.

The source texts live outside the repository (../shared/sources from a
checkout, or wherever BRIEFING_SOURCES points); when they are absent the
quotation checks are skipped, the rest still run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing.quotes import QuoteMatch, find_quote, normalise

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
SKIP_REASON = "../shared/sources not present: quotation check skipped"

CITATION = re.compile(r"\[(@[^\]]*)\]")
XREF = re.compile(r"\[#([A-Za-z0-9_-]+)\]")
# A quotation in our own text: typographic double quotes round some words.
INLINE_QUOTE = re.compile(r"\u201c([^\u201c\u201d]+)\u201d")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# ------------------------------------------------------------------ loading


def sources_dir() -> Path:
    env = os.environ.get("BRIEFING_SOURCES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "sources"


def load(name: str) -> Any:
    return yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))


def pack() -> dict[str, Any]:
    data = load("pack.yaml")
    assert isinstance(data, dict)
    return data


def section_files() -> list[str]:
    return [str(name) for name in pack()["sections"]]


def sections() -> dict[str, Any]:
    return {name: load(name) for name in section_files()}


def sources() -> list[dict[str, Any]]:
    data = load("sources.yaml")
    return list(data["sources"])


def source_ids() -> set[str]:
    return {str(s["id"]) for s in sources()}


def source_text(source_id: str) -> str:
    for s in sources():
        if s["id"] == source_id:
            return (sources_dir() / str(s["text"])).read_text(encoding="utf-8")
    raise KeyError(source_id)


# ------------------------------------------------------------------ walking


def strings(node: Any) -> Iterator[str]:
    """Every string value (not key) in a YAML tree."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)


def inline_cites(text: str) -> list[str]:
    """Source ids in `[@a]`, `[@a, locator]`, `[@a; @b, para 3]`."""
    ids: list[str] = []
    for group in CITATION.findall(text):
        for part in group.split(";"):
            part = part.strip()
            assert part.startswith("@"), f"malformed citation [{group}]"
            ids.append(part[1:].split(",")[0].strip())
    return ids


def cite_ids(cite: Any) -> list[str]:
    """Source ids in a `cite:` value: an id, a {source, locator} mapping, or a list of either."""
    if isinstance(cite, str):
        return [cite]
    if isinstance(cite, dict):
        return [str(cite["source"])]
    if isinstance(cite, list):
        return [i for c in cite for i in cite_ids(c)]
    raise AssertionError(f"unexpected cite value {cite!r}")


def block_cites(node: Any) -> Iterator[Any]:
    """Every `cite:` value in a tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "cite":
                yield value
            else:
                yield from block_cites(value)
    elif isinstance(node, list):
        for item in node:
            yield from block_cites(item)


def all_citations(node: Any) -> list[str]:
    found = [i for s in strings(node) for i in inline_cites(s)]
    return found + [i for c in block_cites(node) for i in cite_ids(c)]


def all_sections(section: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield section
    for sub in section.get("sections") or []:
        yield from all_sections(sub)


def blocks() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(file, section title, block) for every block in the pack."""
    for name, top in sections().items():
        for section in all_sections(top):
            for block in section.get("blocks") or []:
                yield name, str(section["title"]), block


def quote_blocks() -> list[tuple[str, dict[str, Any]]]:
    return [(f"{name}: {title}", b["quote"]) for name, title, b in blocks() if "quote" in b]


def units(block: dict[str, Any]) -> Iterator[tuple[list[str], list[str]]]:
    """(texts, source ids) for each citable unit of a block: a list item, a row, an entry, the block.

    Words quoted in a unit must be found in one of the sources that unit cites.
    """
    kind = next(k for k in block if k not in ("cite", "summary"))
    body = block[kind]
    outer = cite_ids(block["cite"]) if "cite" in block else []
    if kind in ("bullets", "numbered", "key_facts", "timeline", "people"):
        for item in body:
            texts = list(strings(item))
            yield texts, outer + all_citations(item)
    elif kind == "table":
        # A caption is covered by the citations of the table it heads; a
        # citation in the caption covers every row.
        caption = str(body.get("caption", ""))
        yield [caption], outer + all_citations(body)
        for row in body["rows"]:
            yield list(strings(row)), outer + inline_cites(caption) + all_citations(row)
    elif kind == "quote":
        return  # checked in full by test_quote_blocks_are_verbatim
    else:
        yield list(strings(body)), outer + all_citations(body)


# ------------------------------------------------------------------ structure


def test_pack_metadata_is_complete_and_honest() -> None:
    meta = pack()["pack"]
    for key in ("id", "title", "version", "as_at", "prepared_by", "contact", "editorial_note"):
        assert meta.get(key), f"pack.yaml: '{key}' is required"
    assert meta["version"] == "1.0" and isinstance(meta["version"], str)
    assert str(meta["as_at"]) == "2026-11-23"
    assert meta["do_not_print"] == []
    for name in section_files():
        assert (CONTENT / name).is_file(), f"pack.yaml lists {name}, which does not exist"


def test_every_section_has_a_title_and_ids_are_unique() -> None:
    seen: set[str] = set()
    for name, top in sections().items():
        for section in all_sections(top):
            assert section.get("title"), f"{name}: a section has no title"
            if "id" in section:
                assert section["id"] not in seen, f"{name}: duplicate section id {section['id']}"
                seen.add(section["id"])


def test_cross_references_resolve() -> None:
    ids = {s["id"] for top in sections().values() for s in all_sections(top) if "id" in s}
    for name, top in sections().items():
        for text in strings(top):
            for target in XREF.findall(text):
                assert target in ids, f"{name}: [#{target}] names no section"


def test_summary_handout_carries_points_figures_timeline_and_questions() -> None:
    from briefing.diagnostics import Diagnostics
    from briefing.model import FiguresPanel, ListBlock, TimelineChart, walk_sections
    from briefing.parse import parse_pack
    from briefing.variants import summary_sections

    pack = parse_pack(CONTENT, problems := Diagnostics())
    assert not [p for p in problems if p.severity == "error"]
    handout = summary_sections(pack)
    titles = [s.title for s in handout]
    assert titles[0] == "Summary" and any("Questions" in t for t in titles)
    kinds = {type(b) for s in walk_sections(handout) for b in s.blocks}
    assert {FiguresPanel, ListBlock, TimelineChart} <= kinds


# ------------------------------------------------------------------ citations


def test_every_citation_names_a_source() -> None:
    known = source_ids()
    everything = {name: load(name) for name in ["pack.yaml", *section_files()]}
    for name, tree in everything.items():
        for cited in all_citations(tree):
            assert cited in known, f"{name}: cites '{cited}', which is not in sources.yaml"


def test_every_source_is_cited() -> None:
    cited = {i for top in sections().values() for i in all_citations(top)}
    unused = source_ids() - cited
    assert not unused, f"sources never cited: {sorted(unused)}"


def test_every_factual_block_carries_a_citation() -> None:
    for name, title, block in blocks():
        for texts, cited in units(block):
            if any(t.strip() for t in texts):
                assert cited, f"{name} ({title}): no citation for {texts[0][:60]!r}"


def test_quote_blocks_have_speaker_role_and_source() -> None:
    quotes = quote_blocks()
    assert quotes, "the default pack should quote its sources"
    for where, quote in quotes:
        for key in ("text", "speaker", "role", "cite"):
            assert quote.get(key), f"{where}: quotation has no {key}"


def test_sources_are_described_without_guessing() -> None:
    allowed_kinds = {"news report", "press release"}
    for s in sources():
        assert s["kind"] in allowed_kinds
        for key in ("author", "publisher", "date"):
            assert key in s, f"source {s['id']}: say '{key}: unknown' rather than leave it out"
        assert s["text"] == Path(str(s["text"])).name, "text: is the bare file name"
    by_id = {s["id"]: s for s in sources()}
    assert by_id["council-release"]["publisher"] == "Birmingham City Council"
    assert all(str(s["date"]) == "unknown" for s in sources()), "no source states its date"


def test_dates_never_claim_a_day() -> None:
    """No source gives a day of the month, so no timeline date may have one."""
    for name, _, block in blocks():
        for entry in block.get("timeline") or []:
            value = str(entry["date"])
            assert DATE.match(value), f"{name}: bad date {value!r}"
            assert value.count("-") < 2, f"{name}: {value} claims a day no source gives"


def test_inferred_dates_say_so() -> None:
    """The sentencing ("In March") and the review's publication are not dated in the sources."""
    for name, _, block in blocks():
        for entry in block.get("timeline") or []:
            if str(entry["date"]).startswith("2010"):
                assert entry.get("inferred"), f"{name}: {entry['date']} is inferred and must say why"


# ------------------------------------------------------------------ quotations


def needs_sources() -> None:
    if not sources_dir().is_dir():
        pytest.skip(SKIP_REASON)


def test_quote_blocks_are_verbatim() -> None:
    needs_sources()
    failures: list[str] = []
    for where, quote in quote_blocks():
        for source_id in cite_ids(quote["cite"]):
            match = find_quote(str(quote["text"]), source_text(source_id))
            if not match.found:
                failures.append(f"{where}: {match.difference}\n    source: {match.closest}")
    assert not failures, "quotations not found verbatim:\n" + "\n".join(failures)


def test_inline_quotations_are_verbatim() -> None:
    """Words in “quote marks” in our own text are found in a source the same item cites."""
    needs_sources()
    failures: list[str] = []
    for name, title, block in blocks():
        for texts, cited in units(block):
            for text in texts:
                for quoted in INLINE_QUOTE.findall(CITATION.sub("", text)):
                    matches = [find_quote(quoted, source_text(i)) for i in dict.fromkeys(cited)]
                    if not any(m.found for m in matches):
                        why = "; ".join(m.difference for m in matches) or "no citation"
                        failures.append(f"{name} ({title}): “{quoted}”: {why}")
    assert not failures, "inline quotations not found in the cited sources:\n" + "\n".join(failures)


def test_source_text_files_exist() -> None:
    needs_sources()
    for s in sources():
        assert (sources_dir() / str(s["text"])).is_file(), f"{s['id']}: no text file {s['text']}"


# ------------------------------------------------------------------ find_quote itself

REAL = (
    "For our part, we have undergone a major review of children’s social care, "
    "strengthened our management team, increased capacity on the front-line and "
    "are in the process of remodelling our workforce."
)
SOURCE = (
    "Tony Howell said: \u201cFor our part, we have undergone a major review of children\u2019s social care, "
    "strengthened \nour management team, increased capacity on the front-line and are in the process of \n"
    "remodelling our workforce. \n \n\u201cWe will continue to do whatever it takes.\u201d"
)


def test_find_quote_accepts_the_real_quotation() -> None:
    assert find_quote(REAL, SOURCE) == QuoteMatch(True)


def test_find_quote_ignores_quote_style_white_space_and_dash_style() -> None:
    variant = REAL.replace("\u2019", "'").replace(" ", "  ").replace("front-line", "front\u2013line")
    assert find_quote(variant, SOURCE).found
    assert find_quote("children's   social\n care", SOURCE).found
    assert find_quote('"We will continue to do whatever it takes."', SOURCE).found


def test_find_quote_catches_a_changed_word() -> None:
    match = find_quote(REAL.replace("remodelling", "re-modelling"), SOURCE)
    assert not match.found
    assert match.difference == 'source has "remodelling" where quote has "re-modelling"'
    assert "remodelling our workforce" in match.closest


def test_find_quote_catches_a_missing_and_an_added_word() -> None:
    dropped = find_quote(REAL.replace("a major review", "a review"), SOURCE)
    assert not dropped.found and '"major"' in dropped.difference
    added = find_quote(REAL.replace("our management team", "our senior management team"), SOURCE)
    assert not added.found and '"senior"' in added.difference


def test_find_quote_keeps_case_and_punctuation() -> None:
    assert not find_quote(REAL.lower(), SOURCE).found
    assert not find_quote(REAL.replace("For our part, we", "For our part we"), SOURCE).found


def test_find_quote_matches_ellipsis_pieces_in_order() -> None:
    assert find_quote("For our part, we have undergone ... remodelling our workforce.", SOURCE).found
    assert find_quote("For our part, we have undergone\u2026remodelling our workforce.", SOURCE).found
    backwards = find_quote("remodelling our workforce ... For our part", SOURCE)
    assert not backwards.found
    assert "part 2 of 2" in backwards.difference


def test_normalise_folds_only_style() -> None:
    assert normalise("\u201cKhyra\u2019s\u201d  \n legacy \u2013 now") == '"Khyra\'s" legacy - now'
    assert normalise("Re-Modelling, Ltd.") == "Re-Modelling, Ltd."


def test_real_misquote_against_the_real_source() -> None:
    needs_sources()
    release = source_text("council-release")
    assert find_quote("Let this be Khyra Ishaq\u2019s legacy.", release).found
    match = find_quote("Let this be Khyra\u2019s legacy.", release)
    assert not match.found
    assert "Khyra Ishaq's" in match.difference


# ------------------------------------------------------------------ fidelity (issue 11)
# Each statement says no more, and nothing other, than its source; inferences and the compilers'
# arithmetic say so; views are attributed to whoever held them; both sides' strongest words are quoted.

COMPILERS = re.compile(r"compilers[’']\s+(arithmetic|inference|calculation|count|grouping|reading)|\binferred\b", re.IGNORECASE)


def all_units() -> Iterator[tuple[str, str]]:
    """(where, text) for every citable unit of the pack, citations removed."""
    for name, title, block in blocks():
        for texts, _ in units(block):
            yield f"{name} ({title})", CITATION.sub("", " ".join(texts))


def test_views_are_given_to_the_people_who_held_them() -> None:
    for where, text in all_units():
        assert "MPs’ view" not in text, f"{where}: only Mr Mahmood said “the failures are in management”"
        assert "council called it" not in text, f"{where}: Mr Howell, not the council, said “a personal issue”"
        if "a personal issue" in text:
            assert re.search(r"Howell|strategic director", text), f"{where}: “a personal issue” is Mr Howell’s"
        assert "they noted" not in text, f"{where}: the Haringey outcome is the reporter’s narration"
        assert "Birmingham’s views" not in text, f"{where}: Mr Gove spoke of “the views of the Birmingham LCSB”"
        assert not re.search(r"first (recorded )?concerns", text, re.IGNORECASE), (
            f"{where}: the source says only “as far back as March 2006”"
        )
        assert "five bodies" not in text, f"{where}: “the city’s primary care trusts” is plural: list them"
        assert "which published the review" not in text, f"{where}: the news report says the report is “by” the board"


def test_inferences_are_marked_as_the_compilers() -> None:
    for where, text in all_units():
        if "Abuhamza" in text and "stepfather" in text:
            assert COMPILERS.search(text), f"{where}: that Abuhamza is the stepfather is the compilers’ inference"
        if "same ten" in text or ("ten of the 12" in text and "acted upon" in text):
            assert COMPILERS.search(text), f"{where}: that the ten “acted upon” are ten of the 12 is an inference"
        if "LCSB" in text:
            assert ("BSCB" not in text and "Safeguarding Children Board" not in text) or "does not assume" in text, (
                f"{where}: no source says the LCSB is the BSCB"
            )
        if re.search(r"\b(twelve and nine months|four months|18 less 12)\b", text):
            assert COMPILERS.search(text), f"{where}: the compilers’ arithmetic must say so"


def test_chart_titles_attribute_the_councils_figures() -> None:
    for name, _, block in blocks():
        chart = block.get("chart")
        if chart and "council-release" in str(chart.get("caption", "")):
            assert str(chart["title"]).startswith("The council reports"), f"{name}: {chart['title']!r}"


def test_the_strongest_views_on_each_side_are_quoted() -> None:
    quoted = {str(q["text"]).strip(): str(q["speaker"]) for _, q in quote_blocks()}
    for words, speaker in [
        ("They should be held responsible, just as in the case of Baby P.", "Khalid Mahmood"),
        ("All Birmingham City Council does is try to spin its way out of it.", "Khalid Mahmood"),
        ("We all know what the systemic failures were, all this does is point them out.", "Khalid Mahmood"),
        ("There were a number of early missed opportunities for intervention by professionals.", "Serious Case Review"),
        ("The majority of the lessons from the review have already been acted upon.", "Cllr Les Lawrence"),
    ]:
        assert quoted.get(words) == speaker, f"{words!r} should be quoted, attributed to {speaker}"
    callouts = [str(b["callout"]["title"]) for _, _, b in blocks() if "callout" in b]
    assert "A position that moved" not in callouts  # the compilers' verdict, not a neutral heading


def test_the_timeline_chart_places_only_dated_events() -> None:
    chart = next(b["timeline_chart"] for _, _, b in blocks() if "timeline_chart" in b)
    for event in chart["events"]:
        assert "complain" not in str(event["label"]), "the sources do not date the mother’s complaint"
    for phase in chart.get("phases") or []:
        assert "Trial" not in str(phase["label"]), "the sources do not date the trial"


# ------------------------------------------------------------------ "About this pack", page by page
# The editorial note promises that the compilers' arithmetic and inferences are marked and that views are
# attributed.  These two tests read the YAML and the source texts themselves (not briefing/fidelity.py) and
# are stricter than `briefing check`: "one", ordinals and "half" count as numbers, and a month and year must
# be in a cited source together.

NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
NUMBER_WORDS.update(
    {
        "thirty": "30",
        "forty": "40",
        "fifty": "50",
        "hundred": "100",
        "half": "0.5",
        "dozen": "12",
        "twice": "2",
        "first": "1st",
        "second": "2nd",
        "third": "3rd",
        "fourth": "4th",
        "fifth": "5th",
    }
)
MONTH_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(\d{4})\b"
)
SENTENCE_END = re.compile(r"(?<=[.?!])[\u201d\u2019)]?\s+(?=[\u201c(]?[A-Z0-9*])")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
QUESTION_LABEL = re.compile(r"\*\*Q\d+\.\s*")  # the questions' own numbering


def in_words(date: str) -> str:
    """ "2010-04" as the sources print it, "April 2010"; anything else as it is."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", date)
    return f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}" if m else date


def number_values(text: str) -> list[tuple[str, str]]:
    """(as written, value) for every number in digits or words."""
    out = []
    for m in re.finditer(r"\d[\d,]*(?:\.\d+)?|[A-Za-z]+", text):
        tok = m.group(0).rstrip(",")
        if tok[0].isdigit():
            out.append((tok, tok.replace(",", "")))
        elif tok.lower() in NUMBER_WORDS:
            out.append((tok, NUMBER_WORDS[tok.lower()]))
    return out


def source_numbers(source_id: str) -> set[str]:
    return {v for _, v in number_values(normalise(source_text(source_id)))}


def cited_sentences(text: str, fallback: list[str]) -> Iterator[tuple[str, list[str]]]:
    """(sentence, the sources it cites): its own citations, else the next in the text, else the one before,
    else the item's or block's `cite:` (the pack's rule: a note at the end of a run of sentences covers it)."""
    parts = SENTENCE_END.split(" ".join(QUESTION_LABEL.sub("**", text).split()))
    own = [inline_cites(p) for p in parts]
    for k, part in enumerate(parts):
        later = next((o for o in own[k + 1 :] if o), [])
        earlier = next((o for o in reversed(own[:k]) if o), [])
        yield CITATION.sub("", part), own[k] or later or earlier or fallback


def statements() -> Iterator[tuple[str, str, list[str], bool]]:
    """(where, text, cited sources, marked as a whole) for each sentence, row, fact, entry and figure."""
    for name, title, block in blocks():
        kind = next(k for k in block if k not in ("cite", "summary"))
        body, outer = block[kind], cite_ids(block["cite"]) if "cite" in block else []
        where = f"{name} ({title}, {kind})"
        if kind in ("paragraph", "callout", "bullets", "numbered", "people"):
            items = [body] if kind == "paragraph" else [body["text"]] if kind == "callout" else body
            for item in items:
                text = item if isinstance(item, str) else str(item.get("text") or item.get("role"))
                cites = cite_ids(item["cite"]) if isinstance(item, dict) and "cite" in item else outer
                for sentence, cited in cited_sentences(text, cites):
                    yield where, sentence, cited, False
        elif kind in ("key_facts", "figures_panel", "timeline", "table"):
            caption = inline_cites(str(body.get("caption", ""))) if kind == "table" else []
            rows = body["rows"] if kind == "table" else body.get("figures", body) if kind == "figures_panel" else body
            for row in rows:
                texts = list(
                    strings(row if kind != "timeline" else {k: v for k, v in row.items() if k not in ("date", "inferred")})
                )
                marked = bool(COMPILERS.search(" ".join(texts))) or (kind == "timeline" and "inferred" in row)
                cited = [
                    *(cite_ids(row["cite"]) if isinstance(row, dict) and "cite" in row else []),
                    *(i for t in texts for i in inline_cites(t)),
                    *caption,
                ] or outer
                yield where, CITATION.sub("", " | ".join(texts)), cited, marked
        elif kind in ("chart", "timeline_chart"):
            cited = inline_cites(str(body.get("caption", ""))) or outer
            for key in ("title", "caption", "note", "alt"):
                for sentence, _ in cited_sentences(str(body.get(key, "")), cited):
                    yield where, sentence, cited, False
            for point in (p for s in body.get("series", []) for p in s["points"]):
                yield where, f"{in_words(str(point[0]))}: {point[1]}", cited, False
            for event in body.get("events", []):
                yield where, f"{in_words(str(event['date']))}: {event['label']}", cited, "inferred" in event


def test_every_number_is_in_a_cited_source_or_marked_as_the_compilers() -> None:
    needs_sources()
    numbers = {s: source_numbers(s) for s in source_ids()}
    texts = {s: normalise(source_text(s)) for s in source_ids()}
    failures = []
    for where, text, cited, marked in statements():
        if marked or COMPILERS.search(text):
            continue
        missing = [shown for shown, value in number_values(text) if not any(value in numbers[s] for s in cited)]
        missing += [m.group(0) for m in MONTH_YEAR.finditer(text) if not any(m.group(0) in texts[s] for s in cited)]
        if missing:
            failures.append(f"{where}: {missing} in “{text[:90]}” not in {sorted(set(cited))}")
    assert not failures, "numbers neither in a cited source nor marked as the compilers':\n" + "\n".join(failures)


HONORIFICS = {"mr", "mrs", "ms", "cllr", "coun", "dr", "sir", "mp", "justice"}


def speaker_terms(speaker: str, role: str) -> set[str]:
    """Words that name a speaker: the surname, and the head of the role ("strategic director", "report")."""
    surname = [w for w in speaker.split() if w.lower() not in HONORIFICS][-1]
    head = re.split(r",| for | of | by ", role)[0].strip().lower()
    return {surname.lower(), head}


def quoted_passages() -> list[tuple[str, int, int, set[str]]]:
    """(source id, start, end in the normalised text, words naming the speaker) for each `quote:` block; a role
    head several speakers share ("labour mp") names none of them."""
    quotes = [q for _, q in quote_blocks()]
    heads: dict[str, set[str]] = {}
    for q in quotes:
        heads.setdefault(re.split(r",| for | of | by ", str(q["role"]))[0].strip().lower(), set()).add(q["speaker"])
    shared = {h for h, who in heads.items() if len(who) > 1}
    out = []
    for q in quotes:
        pieces = [normalise(p) for p in re.split(r"\.\.\.|\u2026", str(q["text"])) if normalise(p)]
        for source_id in cite_ids(q["cite"]):
            text = normalise(source_text(source_id))
            start = text.find(pieces[0])
            end = text.find(pieces[-1], start) + len(pieces[-1])
            if start >= 0:
                out.append((source_id, start, end, speaker_terms(str(q["speaker"]), str(q["role"])) - shared))
    return out


def misattributed(unit: str, cited: list[str], passages: list[tuple[str, int, int, set[str]]]) -> list[str]:
    """Quotations in `unit` of words a `quote:` block gives to a speaker, where the unit does not name him."""
    out = []
    plain = CITATION.sub("", unit)
    for m in INLINE_QUOTE.finditer(unit):
        quoted = m.group(1)
        first = normalise(re.split(r"\.\.\.|\u2026", quoted)[0])
        after = CITATION.search(unit, m.end())  # the note after the words answers for them first
        for source_id in dict.fromkeys([*(inline_cites(after.group(0)) if after else []), *cited]):
            at = normalise(source_text(source_id)).find(first)
            names = [terms for sid, a, b, terms in passages if sid == source_id and a <= at < b]
            if at >= 0 and names and not any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", plain, re.IGNORECASE) for t in names[0]):
                out.append(f"“{quoted[:50]}” is {sorted(names[0])}’s")
            if at >= 0:
                break
    return out


def test_words_quoted_from_a_speaker_name_the_speaker_where_they_are_quoted() -> None:
    """Every inline quotation of words the pack's `quote:` blocks give to someone (Mr Mahmood, the review,
    Cllr Lawrence ...) names that speaker, by surname or role, in the same paragraph, item, row or entry."""
    needs_sources()
    passages = quoted_passages()
    failures = [
        f"{name} ({title}): {problem}"
        for name, title, block in blocks()
        for texts, cited in units(block)
        for problem in misattributed(" ".join(texts), cited, passages)
    ]
    assert not failures, "quotations whose speaker is not named:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    ("unit", "cited"),
    [
        ("The council said “the failures are in management” [@bscb-review-news].", ["bscb-review-news"]),
        ("The MPs said the council tries “to spin its way out of it” [@bscb-review-news].", ["bscb-review-news"]),
        ("Mr Howell said “For that we are profoundly sorry” [@council-release].", ["council-release"]),
    ],
)
def test_a_quotation_given_to_no_one_or_the_wrong_speaker_is_found(unit: str, cited: list[str]) -> None:
    needs_sources()
    assert misattributed(unit, cited, quoted_passages())
