"""briefing/render/rlquick.py's helpers answer exactly as ReportLab's: `same_frag` as rl_accel's C `sameFrag` on
fragments with every mix of missing, None, equal and unequal style attributes, and the remembered
`getAscentDescent` as pdfmetrics' own for the fonts a build registers."""

from __future__ import annotations

import io
import itertools
import random

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import sameFrag
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph
from reportlab.platypus.paraparser import ParaFrag

from briefing.render import rlquick

_VALUES = (None, 0, 1, 1.0, "Helvetica", "Times-Roman", Color(0, 0, 0), Color(0, 0, 0), Color(1, 0, 0), [], [1])
_MISSING = object()


def _frag(values: dict[str, object]) -> ParaFrag:
    f = ParaFrag()
    for name, value in values.items():
        if value is not _MISSING:
            setattr(f, name, value)
    return f


def test_same_frag_answers_as_rl_accel() -> None:
    rng = random.Random(12)
    names = (*rlquick._STYLE, "cbDefn", "lineBreak")  # noqa: SLF001
    choices = (*_VALUES, _MISSING, _MISSING, _MISSING)
    for _ in range(20_000):
        a = {n: rng.choice(choices) if n not in ("cbDefn", "lineBreak") or rng.random() < 0.05 else _MISSING for n in names}
        b = dict(a) if rng.random() < 0.5 else {}
        for n in names:
            if n not in b or rng.random() < 0.15:
                b[n] = rng.choice(choices) if n not in ("cbDefn", "lineBreak") or rng.random() < 0.05 else _MISSING
        f, g = _frag(a), _frag(b)
        assert rlquick.same_frag(f, g) == bool(sameFrag(f, g)), (a, b)
        assert rlquick.same_frag(f, f) == bool(sameFrag(f, f))


def test_same_frag_on_each_single_difference() -> None:
    base = {"fontName": "Helvetica", "fontSize": 10, "textColor": Color(0, 0, 0), "rise": 0, "us_lines": [], "link": None}
    for name, value in itertools.product(rlquick._STYLE, (*_VALUES, _MISSING)):  # noqa: SLF001
        f, g = _frag(base), _frag({**base, name: value})
        assert rlquick.same_frag(f, g) == bool(sameFrag(f, g)), (name, value)


def test_installed_helpers_answer_as_reportlab() -> None:
    import briefing.render.document  # noqa: F401 - installs them

    assert paragraph.sameFrag is rlquick.same_frag
    for name in ("Helvetica", "Times-Bold", "Courier"):
        for size in (None, 0, 7, 9.5, 10, 10.0, 14):
            assert paragraph.getAscentDescent(name, size) == pdfmetrics.getAscentDescent(name, size)
            assert paragraph.getAscentDescent(name, size) == pdfmetrics.getAscentDescent(name, size)  # remembered


class _Sub(ParaFrag):
    nobr = 0  # a class attribute: the C function reads it its own way (not symmetrically), so it answers


def test_same_frag_reads_class_attributes_as_rl_accel() -> None:
    base = {"fontName": "Helvetica", "fontSize": 10, "textColor": None, "rise": 0, "us_lines": [], "link": None}
    f, g, h = _frag(base), _Sub(**base), _Sub(**base)
    for a, b in ((f, g), (g, f), (g, h)):
        assert rlquick.same_frag(a, b) == bool(sameFrag(a, b))
    f.nobr = 0
    assert rlquick.same_frag(f, g) == bool(sameFrag(f, g)) is True


def test_processed_frags_answers_as_reportlab() -> None:
    from reportlab.platypus.paragraph import _HSFrag

    slow = rlquick._slow_processed  # noqa: SLF001
    cases: list[object] = [[], [ParaFrag(text="a")], [[1.5, (ParaFrag(), "a")]], [_HSFrag([2, (ParaFrag(), "b")])], (ParaFrag(),)]
    cases += [[_Sub()], [[0, (ParaFrag(), "")]], [["x"]], None, "text"]
    for frags in cases:
        assert rlquick.processed_frags(frags) == bool(slow(frags)), frags


def test_push_state_stack_keeps_what_reportlab_keeps() -> None:
    from reportlab.pdfgen.canvas import Canvas

    import briefing.render.document  # noqa: F401 - installs it

    canvas = Canvas(io.BytesIO())
    canvas.setFont("Helvetica", 9)
    canvas.saveState()
    quick = canvas.state_stack[-1]
    slow: dict[str, object] = {name: canvas.__dict__[name] for name in Canvas.STATE_ATTRIBUTES}
    assert list(quick.items())[:-1] == list(slow.items())[:-1]  # all but the graphics state, copied anew each push
    assert list(quick) == Canvas.STATE_ATTRIBUTES
    canvas.restoreState()


def test_text_already_clean_is_what_reportlab_cleans_it_to() -> None:
    """flowables.already_clean skips ReportLab's cleanBlockQuotedText only where it would give the text back:
    every character of the first 0x3100 and ReportLab's other white space, alone, doubled, between letters."""
    from reportlab.platypus.paragraph import _wsc, cleanBlockQuotedText

    from briefing.render.flowables import already_clean

    for ch in [*map(chr, range(0x3100)), *_wsc, "\ufeff", "\U0010ffff"]:
        for value in (ch, ch + ch, f"a{ch}b", f" {ch}", f"{ch} ", f"a {ch}", f"{ch}\xa0", f"<b>{ch}</b>"):
            if already_clean(value):
                assert cleanBlockQuotedText(value) == value, repr(value)
    assert not already_clean("two  spaces") and not already_clean(" lead") and not already_clean("line\nend")
