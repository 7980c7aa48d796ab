"""Issue 15: fuzzing reaches charts, timeline charts and key-figures panels too.

Random but YAML-valid figure blocks (axis bounds from tiny to near the float limit, reversed or equal
bounds, dates from year 0 to 9999 with day and month 00, labels and numbers mixed, too few or too many
figures) go through `briefing build`.  The only outcomes allowed are a PDF (exit 0) or well-formed
diagnostics (exit 1): never a traceback or an internal error.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.test_errors_fuzz import Scratch, assert_clean_outcome, pack_copy

FUZZ = settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(lambda f: f"{f:.6f}".rstrip("0").rstrip(".")),
    st.sampled_from(
        [
            "0",
            "-0",
            "1e308",
            "179," + ",".join(["769"] + ["000"] * 101),
            "0.000000001",
            "1,000",
            "12%",
            "",
            "nan",
            "inf",
            "-" + "9" * 40,
            "1.5.5",
        ]
    ),
)
DATES = st.one_of(
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(0, 13)),
    st.integers(0, 9999).map(lambda y: f"{y:04d}"),
    st.sampled_from(["2023-02-29", "2024-02-29", "yesterday", "20233", ""]),
)
LABELS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escaping is YAML-valid)."""
    return json.dumps(value, ensure_ascii=False)


@st.composite
def chart(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["bar", "line", "pie", ""]))
    axis = draw(st.fixed_dictionaries({}, optional={"min": NUMBERS, "max": NUMBERS, "unit": LABELS, "suffix": LABELS}))
    y_axis = "{" + ", ".join([f"label: {q('Visits')}"] + [f"{k}: {q(v)}" for k, v in axis.items()]) + "}"
    xs = draw(st.one_of(st.lists(DATES, min_size=1, max_size=6), st.lists(LABELS, min_size=1, max_size=6)))
    series = []
    for n in range(draw(st.integers(1, 3))):
        points = ", ".join(f"[{q(x)}, {q(draw(NUMBERS))}]" for x in xs)
        series.append(f"            - name: {q(f'Series {n}')}\n              points: [{points}]\n")
    return (
        f"      - chart:\n          kind: {q(kind)}\n          title: Visits\n          x_axis: Year\n"
        f"          y_axis: {y_axis}\n          series:\n{''.join(series)}"
        f"          caption: From the report [@report].\n          alt: A chart.\n"
    )


@st.composite
def timeline_chart(draw: st.DrawFn) -> str:
    events = "".join(
        f"            - date: {q(draw(DATES))}\n              label: {q(draw(LABELS) or 'x')}\n"
        for _ in range(draw(st.integers(0, 5)))
    )
    phases = "".join(
        f"            - label: {q(draw(LABELS) or 'p')}\n              from: {q(draw(DATES))}\n"
        f"              to: {q(draw(DATES))}\n"
        for _ in range(draw(st.integers(0, 3)))
    )
    events = events or "            []\n"
    return (
        f"      - timeline_chart:\n          title: Events\n          events:\n{events}"
        + (f"          phases:\n{phases}" if phases else "")
        + "          caption: From the report [@report].\n          alt: A timeline.\n"
    )


@st.composite
def figures_panel(draw: st.DrawFn) -> str:
    figures = "".join(
        f"          - value: {q(draw(NUMBERS) or '1')}\n            label: {q(draw(LABELS) or 'l')}\n            cite: report\n"
        for _ in range(draw(st.integers(0, 8)))
    )
    figures = figures or "          []\n"
    return f"      - figures_panel:\n{figures}"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Scratch:
    """One folder for every example, and the style sheets checked there (tests/test_errors_fuzz.py's Scratch)."""
    return Scratch(tmp_path_factory.mktemp("fuzz-figures") / "pack")


def _build_with(scratch: Scratch, block: str) -> None:
    with pack_copy(scratch) as root:
        path = root / "02-detail.yaml"
        path.write_text(path.read_text(encoding="utf-8") + block, encoding="utf-8")
        assert_clean_outcome(root, scratch)


HUGE = "179," + ",".join(["769"] + ["000"] * 101)  # 1.79e308: the audit's OverflowError


@FUZZ
@given(chart())
@example(
    '      - chart:\n          kind: "bar"\n          title: Visits\n          x_axis: Year\n'
    f'          y_axis: {{label: "Visits", min: "-{HUGE}", max: "{HUGE}"}}\n          series:\n'
    '            - name: "S"\n              points: [["2022", "10"], ["2023", "12"]]\n'
    "          caption: From the report [@report].\n          alt: A chart.\n"
)
def test_random_charts_build_or_report(scratch: Scratch, block: str) -> None:
    _build_with(scratch, block)


@FUZZ
@given(timeline_chart())
def test_random_timeline_charts_build_or_report(scratch: Scratch, block: str) -> None:
    _build_with(scratch, block)


@FUZZ
@given(figures_panel())
def test_random_figures_panels_build_or_report(scratch: Scratch, block: str) -> None:
    _build_with(scratch, block)


def test_the_fuzzer_really_reaches_a_chart(scratch: Scratch) -> None:
    """A hand-written example of the generator's shape builds, so the fuzzing is not all YAML errors."""
    block = (
        '      - chart:\n          kind: "bar"\n          title: Visits\n          x_axis: Year\n'
        '          y_axis: {label: "Visits", min: "0", max: "20"}\n          series:\n'
        '            - name: "Series 0"\n              points: [["2022", "10"], ["2023", "12"]]\n'
        "          caption: From the report [@report].\n          alt: A chart.\n"
    )
    with pack_copy(scratch) as root:
        path = root / "02-detail.yaml"
        path.write_text(path.read_text(encoding="utf-8") + block, encoding="utf-8")
        from typer.testing import CliRunner

        from briefing.cli import app

        result = CliRunner().invoke(app, ["build", ".", "-o", str(root / "out.pdf")])
        assert result.exit_code == 0, result.output
        assert re.search(r"\d+ pages", result.output)
