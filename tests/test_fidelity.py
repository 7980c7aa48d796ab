"""`briefing check` catches statements that say more, or other, than their source.

Three rules (briefing/fidelity.py), each shown failing on a small pack written for the purpose, with
small source texts written here (not copies of the real sources), and passing once the pack is put
right:

* a block quotation given to someone the source does not name where it prints the words;
* a number that is not in the cited source and is not marked as the compilers' own;
* a citation of a source that holds none of the statement's key numbers or names.

The real misattributions at the end swap speakers in a copy of the default pack and check it against
the real sources (skipped when ../shared/sources is absent).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from briefing.attribution import speaker_terms
from briefing.cli import app
from briefing.fidelity import numbers_in
from tests.conftest import DefaultBuild
from tests.packs import write_pack

REPO = Path(__file__).resolve().parents[1]


def real_sources() -> Path:
    env = os.environ.get("BRIEFING_SOURCES")
    return Path(env) if env else REPO.parent / "shared" / "sources"


NEWS = (
    "Library closures were announced yesterday after a review of the service.\n"
    "\n"
    "Councillor Jane Okafor, cabinet member for culture, said: \u201cWe have kept every branch open for as "
    "long as we could.\n"
    "\n"
    "\u201cNo one wanted this.\u201d\n"
    "\n"
    "She added: \u201cThe budget is what it is.\u201d\n"
    "\n"
    "The branch in Eastfield had 1,200 members and lost twelve staff in March 2009.\n"
    "\n"
    "But the head of the residents\u2019 association, Tom Reyes, said: \u201cThis is a betrayal, and Councillor "
    "Okafor knows it.\u201d\n"
    "\n"
    "The chief librarian told the meeting: \u201cWe will reopen when we can.\u201d\n"
)
RELEASE = (
    "Council statement on the library service\n\nThe council will invest in mobile libraries.  Visits rose to 40,000 last year.\n"
)
SOURCES = [
    {
        "id": "news",
        "kind": "news report",
        "title": "Libraries to close",
        "author": "unknown",
        "publisher": "unknown",
        "date": "unknown",
        "text": "texts/news.txt",
    },
    {
        "id": "release",
        "kind": "press release",
        "title": "Council statement",
        "author": "unknown",
        "publisher": "Test Council",
        "date": "unknown",
        "text": "texts/release.txt",
    },
]


def run_check(root: Path, *extra: str) -> list[str]:
    result = CliRunner().invoke(app, ["check", str(root), *extra])
    assert result.exit_code == 0, result.stdout
    # every test pack cites one source or two; "never cited" is another rule's business
    return [line for line in result.stdout.splitlines() if ": warning: " in line and "is never cited" not in line]


def make(tmp_path: Path, blocks: list[dict[str, Any]]) -> Path:
    root = write_pack(
        tmp_path / "pack", [{"id": "s", "title": "Section", "blocks": blocks}], SOURCES, title="Libraries", keywords=["libraries"]
    )
    (root / "texts").mkdir()
    (root / "texts" / "news.txt").write_text(NEWS, encoding="utf-8")
    (root / "texts" / "release.txt").write_text(RELEASE, encoding="utf-8")
    return root


def quote(words: str, speaker: str, role: str) -> dict[str, Any]:
    return {"quote": {"text": words, "speaker": speaker, "role": role, "cite": "news"}}


# ------------------------------------------------------------------ attribution


def test_a_quotation_given_to_the_wrong_speaker_is_reported_with_the_passage(tmp_path: Path) -> None:
    root = make(tmp_path, [quote("We will reopen when we can.", "Cllr Jane Okafor", "Cabinet Member for Culture")])
    warnings = run_check(root)
    assert len(warnings) == 1, warnings
    assert "01.yaml:" in warnings[0]
    assert (
        "quotation attributed to 'Cllr Jane Okafor', but source 'news' does not name 'Jane Okafor' or "
        "'Okafor' or 'Cabinet Member'" in warnings[0]
    )
    assert "The chief librarian told the meeting:" in warnings[0]  # the passage found, for the person fixing it


@pytest.mark.parametrize(
    ("words", "speaker", "role"),
    [
        ("This is a betrayal, and Councillor Okafor knows it.", "Tom Reyes", "Head of the residents\u2019 association"),
        # a quotation continued in a paragraph that opens with a quotation mark
        ("No one wanted this.", "Cllr Jane Okafor", "Cabinet Member for Culture"),
        # "She added:" goes on quoting the person named before
        ("The budget is what it is.", "Cllr Jane Okafor", "Cabinet Member for Culture"),
        # no name in the source: the head of the role names the speaker
        ("We will reopen when we can.", "Chief librarian", "Chief Librarian, Test Council"),
    ],
)
def test_a_speaker_the_source_names_there_passes(tmp_path: Path, words: str, speaker: str, role: str) -> None:
    assert run_check(make(tmp_path, [quote(words, speaker, role)])) == []


def test_a_name_inside_the_quoted_words_does_not_count(tmp_path: Path) -> None:
    # Okafor is named in Mr Reyes's words, and nowhere else near them
    root = make(
        tmp_path, [quote("This is a betrayal, and Councillor Okafor knows it.", "Cllr Jane Okafor", "Cabinet Member for Culture")]
    )
    warnings = run_check(root)
    assert len(warnings) == 1 and "quotation attributed to 'Cllr Jane Okafor'" in warnings[0], warnings


def test_speaker_terms_leave_out_titles() -> None:
    assert speaker_terms("Cllr Les Lawrence", "Cabinet Member for Children, Young People and Families") == [
        "Les Lawrence",
        "Lawrence",
        "Cabinet Member",
    ]
    assert speaker_terms("Mr Justice Roderick Evans", "") == ["Roderick Evans", "Evans"]


# ------------------------------------------------------------------ numbers


def test_a_number_not_in_the_cited_source_is_reported(tmp_path: Path) -> None:
    root = make(tmp_path, [{"paragraph": "The Eastfield branch lost fifteen staff in March 2009 [@news]."}])
    warnings = run_check(root)
    assert len(warnings) == 1, warnings
    assert (
        "'fifteen' in \u201cThe Eastfield branch lost fifteen staff in March 2009.\u201d is not in the cited "
        "source ('news'); if it is the compilers' arithmetic or inference, say so" in warnings[0]
    )


@pytest.mark.parametrize(
    "text",
    [
        "The Eastfield branch lost 12 staff in March 2009 [@news].",  # digits for the source's "twelve"
        "The branch had 1200 members [@news].",  # "1,200"
        "Each of the 12 staff served about 100 members (the compilers\u2019 arithmetic) [@news].",
        "Each of the 12 staff served about 100 members [@news, compilers\u2019 calculation: 1,200 / 12].".replace(
            "1,200 / 12", "1,200 divided by 12"
        ),
        "About 100 members a member of staff; the figure is inferred [@news].",
    ],
)
def test_sourced_or_marked_numbers_pass(tmp_path: Path, text: str) -> None:
    assert run_check(make(tmp_path, [{"paragraph": text}])) == []


def test_a_marked_row_marks_all_its_cells(tmp_path: Path) -> None:
    table = {
        "table": {
            "caption": "Members",
            "header": ["Measure", "Number"],
            "rows": [
                {"cells": ["Members per member of staff (the compilers\u2019 arithmetic)", "100"], "cite": "news"},
                {"cells": ["Members per branch", "600"], "cite": "news"},
            ],
        }
    }
    warnings = [w for w in run_check(make(tmp_path, [table])) if "is not in the cited source" in w]
    assert len(warnings) == 1 and "'600' in \u201cMembers per branch | 600\u201d" in warnings[0], warnings


def test_numbers_in_reads_digits_and_words() -> None:
    assert [n.value for n in numbers_in("twelve of 18, 2,000 in care, 16.9 days, Q1 and one of them")] == [
        "12",
        "18",
        "2000",
        "16.9",
    ]


# ------------------------------------------------------------------ quoted words without a citation of their own

# Each block quotes the news report in a place whose words carry no marker of their own: a key fact's label, a
# row's first cell (the row's marker follows its last), a timeline entry's `inferred:` reason, a chart event's
# label, a callout's title.  `{}` is where the quoted words go.
QUOTED_PLACES: list[tuple[str, dict[str, Any]]] = [
    ("key fact's label", {"key_facts": [{"label": "Members of the branch {}", "value": "1,200", "cite": "news"}]}),
    (
        "row's first cell",
        {
            "table": {
                "caption": "Branches",
                "header": ["Branch", "Members"],
                "rows": [{"cells": ["Eastfield, {}", "1,200"], "cite": "news"}],
            }
        },
    ),
    (
        "inferred reason",
        {"timeline": [{"date": "2009-03", "event": "Eastfield loses staff.", "cite": "news", "inferred": "the report says {}"}]},
    ),
    (
        "chart event's label",
        {
            "timeline_chart": {
                "title": "Eastfield",
                "caption": "Events [@news].",
                "alt": "One event.",
                "data_table": False,
                "events": [{"date": "2009-03", "label": "Eastfield {}"}],
            }
        },
    ),
    ("callout's title", {"callout": {"title": "The branch {}", "text": "Eastfield had 1,200 members [@news]."}}),
]


def _fill(node: Any, words: str) -> Any:
    if isinstance(node, str):
        return node.replace("{}", words)
    if isinstance(node, dict):
        return {k: _fill(v, words) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, words) for v in node]
    return node


@pytest.mark.parametrize(("place", "block"), QUOTED_PLACES, ids=[p for p, _ in QUOTED_PLACES])
def test_quoted_words_without_a_marker_of_their_own_are_compared_with_the_unit_s_source(
    tmp_path: Path, place: str, block: dict[str, Any]
) -> None:
    assert run_check(make(tmp_path / "right", [_fill(block, "\u201clost twelve staff\u201d")])) == [], place
    warnings = run_check(make(tmp_path / "wrong", [_fill(block, "\u201clost ten staff\u201d")]))
    quoted = [w for w in warnings if "quoted words \u201clost ten staff\u201d not found verbatim in source 'news'" in w]
    assert len(quoted) == 1, warnings
    assert "01.yaml:" in quoted[0]


def test_quoted_words_in_a_section_title_or_a_source_s_notes_are_checked(tmp_path: Path) -> None:
    sources = [dict(SOURCES[0], notes="Reports that \u201cLibrary closures were announced today\u201d."), SOURCES[1]]
    root = write_pack(
        tmp_path / "pack",
        [
            {
                "id": "s",
                "title": "Libraries \u201cto be shut\u201d",
                "blocks": [{"paragraph": "Eastfield had 1,200 members [@news]; visits rose to 40,000 [@release]."}],
            }
        ],
        sources,
        title="Libraries",
        keywords=["libraries"],
    )
    (root / "texts").mkdir()
    (root / "texts" / "news.txt").write_text(NEWS, encoding="utf-8")
    (root / "texts" / "release.txt").write_text(RELEASE, encoding="utf-8")
    warnings = run_check(root)
    assert len(warnings) == 2, warnings
    assert any("01.yaml:" in w and "quoted words \u201cto be shut\u201d not found verbatim" in w for w in warnings)
    assert any(
        "sources.yaml:" in w and "\u201cLibrary closures were announced today\u201d not found verbatim in source 'news'" in w
        for w in warnings
    ), warnings


def test_words_quoted_in_running_text_are_reported_once(tmp_path: Path) -> None:
    # a paragraph's quotation is check.py's inline check's: the rule for uncited places leaves it alone
    root = make(tmp_path, [{"paragraph": "The branch \u201clost ten staff\u201d [@news]."}])
    warnings = [w for w in run_check(root) if "quoted words" in w]
    assert len(warnings) == 1, warnings


# ------------------------------------------------------------------ words quoted inline, and whose they are

OKAFOR = quote("We have kept every branch open for as long as we could.", "Cllr Jane Okafor", "Cabinet Member for Culture")


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        # words the pack's quote: block gives to Cllr Okafor, put in Mr Reyes's mouth
        ("Tom Reyes said the council had \u201ckept every branch open\u201d [@news].", "Jane Okafor"),
        # words from a paragraph that carries her quotation on (not in any quote: block): she is named before it
        ("The chief librarian said \u201cNo one wanted this\u201d [@news].", "Jane Okafor"),
    ],
)
def test_words_quoted_inline_must_name_their_speaker(tmp_path: Path, paragraph: str, speaker: str) -> None:
    warnings = run_check(make(tmp_path, [OKAFOR, {"paragraph": paragraph}]))
    assert len(warnings) == 1, warnings
    assert (
        "01.yaml:" in warnings[0]
        and f"are {speaker}\u2019s in source 'news', but the text quoting them does "
        "not name 'Jane Okafor' or 'Okafor' or 'Cabinet Member'"
        in warnings[0]
    ), warnings


@pytest.mark.parametrize(
    "paragraph",
    [
        "Cllr Okafor said the council had \u201ckept every branch open\u201d [@news].",
        "The cabinet member for culture said \u201cNo one wanted this\u201d [@news].",  # the role names her
        "The report says the Eastfield branch \u201chad 1,200 members\u201d [@news].",  # the report's own words
        # Mr Reyes's words: the pack quotes no block of his, so whose they are is not checked (Cllr Okafor, named
        # in the paragraphs before his, is not taken for their speaker)
        "A resident said \u201cThis is a betrayal\u201d [@news].",
    ],
)
def test_words_quoted_inline_with_their_speaker_or_from_the_narration_pass(tmp_path: Path, paragraph: str) -> None:
    assert run_check(make(tmp_path, [OKAFOR, {"paragraph": paragraph}])) == []


def test_words_of_a_speaker_named_only_by_role_are_not_given_to_the_one_named_before(tmp_path: Path) -> None:
    # "The chief librarian told the meeting:" follows Mr Reyes's paragraph; the librarian's words are not his
    reyes = quote("This is a betrayal, and Councillor Okafor knows it.", "Tom Reyes", "Head of the residents\u2019 association")
    paragraph = {"paragraph": "A librarian said \u201cWe will reopen when we can\u201d [@news]."}
    assert run_check(make(tmp_path, [reyes, paragraph])) == []


# ------------------------------------------------------------------ plausible sources


def test_a_source_with_none_of_the_key_facts_is_questioned(tmp_path: Path) -> None:
    # the facts are the news report's; the release has none of them (item 15 of issue 11, in small)
    root = make(
        tmp_path,
        [
            {
                "people": [
                    {"name": "Tom Reyes", "role": "Led the Eastfield residents in March 2009.", "cite": ["news", "release"]},
                ]
            }
        ],
    )
    warnings = run_check(root)
    assert len(warnings) == 1, warnings
    assert "source 'release' contains none of 'March 2009', 'Reyes', 'Eastfield' from" in warnings[0]
    assert warnings[0].endswith("is this the right source?")


def test_each_citation_answers_for_its_own_words(tmp_path: Path) -> None:
    root = make(
        tmp_path,
        [
            {
                "people": [
                    {
                        "name": "Tom Reyes",
                        "role": "Led the Eastfield residents in March 2009 [@news]; "
                        "the council put 40,000 visits in its statement [@release].",
                    },
                ]
            }
        ],
    )
    assert run_check(root) == []


def test_a_wrong_single_source_is_questioned(tmp_path: Path) -> None:
    root = make(tmp_path, [{"paragraph": "Visits rose to 40,000 last year [@news]."}])
    warnings = run_check(root)
    assert any("source 'news' contains none of '40,000'" in w for w in warnings), warnings


# ------------------------------------------------------------------ the default pack and real misattributions


needs_sources = pytest.mark.skipif(
    not real_sources().is_dir(), reason="../shared/sources not present: checks against the real sources skipped"
)


@needs_sources
def test_the_default_pack_checks_clean_against_its_sources() -> None:
    result = CliRunner().invoke(app, ["check", str(REPO / "content"), "--sources", str(real_sources())])
    assert result.exit_code == 0
    assert ": warning: " not in result.output and ": error: " not in result.output, result.output
    assert "briefing: 0 errors, 0 warnings" in result.output


def _copy_default(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    return root


def _swap(root: Path, file: str, words: str, speaker: str, role: str) -> None:
    """Give the quotation that starts with `words` to another speaker."""
    path = root / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = 0

    def visit(node: Any) -> None:
        nonlocal found
        if isinstance(node, dict):
            q = node.get("quote")
            if isinstance(q, dict) and str(q.get("text", "")).startswith(words):
                q["speaker"], q["role"] = speaker, role
                found += 1
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(data)
    assert found == 1, f"{words!r} not found once in {file}"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@needs_sources
@pytest.mark.parametrize(
    ("file", "words", "speaker", "role"),
    [
        # Mr Godsiff urged caution; Mr McCabe wanted a resignation
        ("05-accountability.yaml", "We don’t need a serious case review", "Roger Godsiff", "Labour MP, Sparkbrook & Small Heath"),
        ("05-accountability.yaml", "But I think the investigation", "Steve McCabe", "Labour MP, Hall Green"),
        # the board's chair and the Education Secretary
        ("06-review-findings.yaml", "The serious case review concludes", "Michael Gove", "Education Secretary"),
        (
            "06-review-findings.yaml",
            "Today’s serious case review confirms",
            "Hilary Thompson",
            "Chairwoman, Birmingham Safeguarding Children Board",
        ),
        # the cabinet member and the strategic director, in the council's own release
        (
            "07-council-response.yaml",
            "We have tried our best",
            "Cllr Les Lawrence",
            "Cabinet Member for Children, Young People and Families, Birmingham City Council",
        ),
        (
            "07-council-response.yaml",
            "Let this be Khyra",
            "Tony Howell",
            "Strategic Director for Children, Young People and Families, Birmingham City Council",
        ),
        # the review's words given to a person, and an MP's words given to the review
        (
            "06-review-findings.yaml",
            "Whilst a number of agencies",
            "Hilary Thompson",
            "Chairwoman, Birmingham Safeguarding Children Board",
        ),
        # after the review only Mr Mahmood is quoted: "Labour MP", a role all three MPs share, names none of them
        ("05-accountability.yaml", "Really, the failures are in management", "Steve McCabe", "Labour MP, Hall Green"),
        (
            "05-accountability.yaml",
            "All Birmingham City Council does",
            "Tony Howell",
            "Strategic Director for Children, Young People and Families, Birmingham City Council",
        ),
    ],
)
def test_a_real_misattribution_is_caught(tmp_path: Path, file: str, words: str, speaker: str, role: str) -> None:
    root = _copy_default(tmp_path)
    _swap(root, file, words, speaker, role)
    warnings = run_check(root, "--sources", str(real_sources()))
    attributed = [w for w in warnings if f"quotation attributed to '{speaker}'" in w]
    assert len(attributed) == 1, warnings
    assert attributed[0].startswith(f"{root / file}:") or f"{file}:" in attributed[0]


# ------------------------------------------------------------------ the handout carries the corrected wording


@pytest.fixture(scope="module")
def handout_text(default_build: DefaultBuild) -> tuple[int, str]:
    import pypdf

    out = default_build(variant="summary")
    reader = pypdf.PdfReader(str(out))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)  # words hyphenated at a line's end
    text = " ".join(re.sub(r"\d+", " ", text).split())  # note markers and numbers out: the wording stays
    return len(reader.pages), re.sub(r"\s+([\u201d.,;:?)])", r"\1", text)


def test_the_handout_fits_two_pages_and_carries_the_corrected_wording(handout_text: tuple[int, str]) -> None:
    pages, text = handout_text
    assert pages <= 2
    for words in (
        "Mr Howell called it \u201ca personal issue\u201d",  # not "the council called it"
        "Mr Mahmood\u2019s charges",  # not "the MPs' view"
        "try to spin its way out of it\u201d",
        "just as in the case of Baby P.",
        "the city\u2019s primary care trusts, West Midlands Police",  # the bodies listed, not counted
        "\u201cconfirms that all the agencies in Birmingham failed\u201d",
        "says \u201ca number of agencies and individuals sought to deliver effective services\u201d",
        "The council says three members of staff",
    ):  # the council's account, attributed
        assert words in text, words
    for wrong in (
        "MPs\u2019 view",
        "council called it",
        "five bodies",
        "Birmingham\u2019s views",
        "first recorded",
        "mother complains",
        "says some",
    ):
        assert wrong not in text, wrong


def _replace(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@needs_sources
@pytest.mark.parametrize(
    ("file", "now", "before", "expected"),
    [
        # item 15: the child's age, death and home cited to the council's release, which holds none of them
        (
            "04-whos-who.yaml",
            "            role: >-\n              The child whose death is the subject of this pack\n"
            "              [@mps-demand-news; @bscb-review-news; @council-release]. Aged\n"
            "              seven [@mps-demand-news; @bscb-review-news]; died in May 2008 at\n"
            "              her home in Handsworth, Birmingham [@bscb-review-news].\n",
            "            role: >-\n              The child whose death is the subject of this pack. Aged seven;\n"
            "              died in May 2008 at her home in Handsworth, Birmingham.\n"
            "            cite: [mps-demand-news, bscb-review-news, council-release]\n",
            "source 'council-release' contains none of 'May 2008', 'Handsworth'",
        ),
        # item 1: "the MPs' view", where one MP said it
        (
            "09-questions.yaml",
            "      - How does the council answer Mr Mahmood’s charges that “the failures are in management” and that it "
            "tries “to spin its way out of it” [@bscb-review-news]?\n",
            "      - How does the council answer the MPs’ view that “the failures are in management” [@bscb-review-news]?\n",
            (
                "source 'bscb-review-news' contains none of 'MPs'",
                "quoted words \u201cthe failures are in management\u201d are Khalid Mahmood\u2019s in source 'bscb-review-news', "
                "but the text quoting them does not name 'Khalid Mahmood' or 'Mahmood'",
            ),
        ),
        # item 14: the compilers' arithmetic, unmarked
        (
            "07-council-response.yaml",
            "            The two periods differ in length (about twelve and nine months:\n"
            "            the compilers’ arithmetic).\n",
            "            The two periods differ in length (about twelve and nine months).\n",
            "'nine' in “The two periods differ in length (about twelve and nine months).” is not in the cited source",
        ),
    ],
)
def test_the_issue_11_errors_are_caught(
    tmp_path: Path, file: str, now: str, before: str, expected: str | tuple[str, ...]
) -> None:
    """Put back wording the default pack had before issue 11 and the checks find it."""
    root = _copy_default(tmp_path)
    assert run_check(root, "--sources", str(real_sources())) == []
    _replace(root, file, now, before)
    warnings = run_check(root, "--sources", str(real_sources()))
    wanted = (expected,) if isinstance(expected, str) else expected
    assert len(warnings) == len(wanted), warnings
    for words in wanted:
        assert any(words in w for w in warnings), (words, warnings)


@needs_sources
@pytest.mark.parametrize(
    ("file", "now", "wrong", "speaker"),
    [
        # the cabinet member's apology given to the strategic director
        (
            "07-council-response.yaml",
            "the cabinet member said \u201cFor",
            "the strategic director said \u201cFor",
            "Les Lawrence",
        ),
        # Mr Mahmood's words before and after the review, with his name taken off the callout
        (
            "05-accountability.yaml",
            "title: Mr Mahmood before and after the review",
            "title: Before and after the review",
            "Khalid Mahmood",
        ),
        # the news report's wording of Cllr Lawrence's closing words, given to the strategic director
        (
            "08-sources-differ.yaml",
            '["Cabinet member\u2019s closing words"',
            '["Strategic director\u2019s closing words"',
            "Les Lawrence",
        ),
    ],
)
def test_a_real_inline_misattribution_is_caught(tmp_path: Path, file: str, now: str, wrong: str, speaker: str) -> None:
    root = _copy_default(tmp_path)
    _replace(root, file, now, wrong)
    warnings = [w for w in run_check(root, "--sources", str(real_sources())) if "the text quoting them" in w]
    assert len(warnings) >= 1 and all(f"are {speaker}\u2019s" in w and f"{file}:" in w for w in warnings), warnings
