"""The finished PDF is packed into object streams (render/compact.py): smaller, and every object the same.

Read back with pikepdf (qpdf), which parses both files independently of the code under test.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from briefing.render.compact import PER_STREAM, compact


def _raw(tmp_path: Path, pages: int = 3) -> bytes:
    """A small tagged-looking PDF as ReportLab writes it: text, a link annotation, an outline entry per page."""
    path = tmp_path / "raw.pdf"
    canvas = Canvas(str(path), invariant=1)
    for n in range(pages):
        canvas.setFont("Helvetica", 12)
        canvas.drawString(72, 720, f"Page {n + 1} (with brackets) and 100% of it")
        canvas.bookmarkPage(f"p{n}")
        canvas.addOutlineEntry(f"Page {n + 1}", f"p{n}", level=0)
        canvas.linkRect("", f"p{(n + 1) % pages}", (72, 700, 200, 715), relative=0)
        canvas.showPage()
    data: bytes = canvas.getpdfdata()
    path.write_bytes(data)
    return data


def _objects(pdf: pikepdf.Pdf) -> dict[int, str]:
    """Every object but the packing's own (object and xref streams), unparsed: number -> text."""
    out = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Type") in ("/ObjStm", "/XRef"):
            continue
        if obj.objgen[0]:
            text = obj.unparse(resolved=False) if not isinstance(obj, pikepdf.Stream) else bytes(obj.read_bytes())
            out[obj.objgen[0]] = text if isinstance(text, bytes) else str(text)
    return out


def test_every_object_is_the_same_after_packing(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    packed = compact(raw)
    (tmp_path / "packed.pdf").write_bytes(packed)
    with pikepdf.open(tmp_path / "raw.pdf") as before, pikepdf.open(tmp_path / "packed.pdf") as after:
        assert _objects(after) == _objects(before)
        assert len(after.pages) == 3
        assert after.trailer.Root.objgen == before.trailer.Root.objgen
    assert b"/Type /ObjStm" in packed and b"/Type /XRef" in packed and b"\nxref\n" not in packed
    assert packed.startswith(b"%PDF-1.5")


def test_the_default_pdf_is_packed_and_every_object_reads(default_pdf: Path) -> None:
    data = default_pdf.read_bytes()
    assert b"/Type /ObjStm" in data and b"\nxref\n" not in data
    with pikepdf.open(default_pdf) as pdf:
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]
        packs = [o for o in streams if o.get("/Type") == "/ObjStm"]
        assert packs and all(int(o.N) <= PER_STREAM for o in packs)
        for stream in streams:
            stream.read_bytes()  # every stream decodes
        assert len(pdf.pages) > 20 and "/StructTreeRoot" in pdf.Root


def test_the_same_input_packs_to_the_same_bytes_with_its_own_identifier(tmp_path: Path) -> None:
    raw = _raw(tmp_path)
    assert compact(raw) == compact(raw)
    other = _raw(tmp_path, pages=4)
    with pikepdf.open(io.BytesIO(compact(raw))) as a, pikepdf.open(io.BytesIO(compact(other))) as b:
        assert bytes(a.trailer.ID[0]) != bytes(b.trailer.ID[0])


@pytest.mark.parametrize(
    "damage",
    [
        lambda pdf: pdf.replace(b"2 0 obj", b"2 1 obj", 1),  # a generation other than 0
        lambda pdf: pdf.replace(b"startxref", b"startxref\n0\n%%EOF\n% more", 1),  # not ReportLab's ending
        lambda pdf: pdf[:-40],  # cut short
    ],
)
def test_a_file_not_in_reportlab_form_is_left_as_it_is(tmp_path: Path, damage: object) -> None:
    odd = damage(_raw(tmp_path))  # type: ignore[operator]
    assert compact(odd) == odd
