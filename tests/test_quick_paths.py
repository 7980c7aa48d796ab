"""This session's fast paths answer exactly as what they stand in front of: a table sized once for a width
(render/rlquick.py `_calc_once`) as ReportLab sizes it again, a PDF dictionary (render/pdfformat.py) in
ReportLab's bytes, and a dataclass docstring made when read (briefing/codecache.py `_LazyDoc`) as
`dataclasses` writes it."""

from __future__ import annotations

import dataclasses
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Paragraph, Table

import briefing.render.document  # noqa: F401 - installs the fast paths
from briefing import codecache
from briefing.render import rlquick

_SIZES = ("_width", "_height", "_rowHeights", "_colWidths", "_rowpositions", "_colpositions", "_hmax")


def _table(padding: float = 3) -> Table:
    style = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
    words = "an estimate of the cost of temporary accommodation across the county in each of the years"
    rows = [[Paragraph(" ".join(words.split()[: 3 + (r * 5 + c * 3) % 12]), style) for c in range(3)] for r in range(6)]
    table = Table(rows, colWidths=["30%", "45%", "25%"])
    table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding)])
    return table


def _sizes(table: Table) -> dict[str, Any]:
    return {name: getattr(table, name, None) for name in _SIZES}


def test_table_sized_again_at_a_width_answers_as_reportlab() -> None:
    """The same wraps, one table through the kept sizes, its twin through ReportLab's `_calc` every time."""
    table, twin = _table(), _table()
    for width in (300.0, 180.0, 180.0, 300.0, 300.0, 420.0, 180.0, 180.0):
        table.wrap(width, 500)
        rlquick._slow_calc(twin, width, 500)  # noqa: SLF001
        assert _sizes(table) == _sizes(twin), width


def test_table_restyled_after_a_wrap_is_sized_again() -> None:
    table, twin = _table(), _table()
    wider = [("LEFTPADDING", (0, 0), (-1, -1), 20), ("RIGHTPADDING", (0, 0), (-1, -1), 20)]
    for t in (table, twin):
        t.wrap(300, 500)
        before = _sizes(t)
        t.setStyle(wider)
    table.wrap(300, 500)
    rlquick._slow_calc(twin, 300, 500)  # noqa: SLF001
    assert _sizes(table) == _sizes(twin) != before


def test_dictionary_bytes_are_reportlabs() -> None:
    slow = pdfdoc.PDFDictionary.format._briefing_slow  # type: ignore[attr-defined]
    doc = pdfdoc.PDFDocument()
    values: dict[str, Any] = {
        "Type": pdfdoc.PDFName("Annot"),
        "Rect": pdfdoc.PDFArray([1.5, 2, 300.25, 4.125]),
        "Contents": pdfdoc.PDFString("Go to 1 Summary (é)"),
        "A B#": 1,
        "Accentué": "x",
        "N": 0.1 + 0.2,
        "S": b"/Link",
    }
    for n in range(1, len(values) + 1):
        for multiline in (False, True, "forced"):
            d = pdfdoc.PDFDictionary(dict(list(values.items())[:n]))
            d.multiline = multiline
            assert d.format(doc) == slow(d, doc), (n, multiline)


def test_object_reference_and_header_bytes() -> None:
    doc = pdfdoc.PDFDocument()
    doc.idToObjectNumberAndVersion["X"] = (12, 0)
    assert pdfdoc.PDFObjectReference("X").format(doc) == b"12 0 R"
    assert pdfdoc.PDFIndirectObject("X", pdfdoc.PDFArray([1, 2])).format(doc) == b"12 0 obj\n[ 1 2 ]\nendobj\n"


def test_lazy_docstring_is_what_dataclasses_writes() -> None:
    def make(module: str) -> type:
        annotations = {"a": "int", "b": "str"}
        namespace: dict[str, Any] = {"__module__": module, "__qualname__": "Made", "__annotations__": annotations, "b": "x"}
        return dataclasses.dataclass(frozen=True)(type("Made", (), namespace))

    ours, theirs = make("briefing.model"), make(__name__)
    assert isinstance(vars(ours)["__doc__"], codecache._LazyDoc)  # noqa: SLF001
    assert isinstance(vars(theirs)["__doc__"], str)
    assert ours.__doc__ == theirs.__doc__ == "Made(a: 'int', b: 'str' = 'x')"
    assert ours(1).__doc__ == ours.__doc__


def test_other_modules_dataclass_methods_keep_their_annotations() -> None:
    """`exec` inherits its caller's __future__ flags: through codecache's `exec`, another module's dataclass got
    '_type_a' for its field's annotation (fails before codecache compiled those texts with dont_inherit)."""

    @dataclasses.dataclass
    class Plain:
        a: int
        b: str = "x"

    assert dataclasses.exec is codecache._exec  # type: ignore[attr-defined]  # noqa: SLF001
    assert Plain.__init__.__annotations__ == {"a": "int", "b": "str", "return": None}
