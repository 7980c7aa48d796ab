"""A page's glyphs and straight lines, as pdfminer.six (pdfplumber's engine) reads them, about ten times faster.

pdfminer tokenizes content streams and builds its layout objects in Python: reading a PDF cost the suite more
than building it.  Here qpdf (pikepdf, C++) tokenizes and this module follows pdfminer's own arithmetic
(`PDFPageInterpreter`, `PDFTextDevice.render_string_horizontal`, `LTChar`, `PDFLayoutAnalyzer.paint_path`:
the same operations in the same order, so the same floats), for what briefing's PDFs hold: simple TrueType or
Type 1 fonts, text and paths in device colours, form XObjects.  Anything else (a composite or Type 3 font,
a pattern or special colour space, a rotated page) raises `Unsupported`, and `pages` reads that PDF with
pdfminer itself, so a reader never gets a different answer, only a faster one.
tests/test_pdfread.py checks the equality on PDFs of every kind the suite builds.

A char is {"text", "fontname", "size", "matrix", "x0", "x1", "y0", "y1", "top", "bottom", "upright", "adv",
"stroking_color", "non_stroking_color"}; a line {"x0", "x1", "y0", "y1", "top", "bottom", "linewidth",
"stroking_color"}: y0 and y1 up from the foot of the page, top and bottom down from its top, as pdfplumber has them.
`open` gives these pages in pdfplumber's dress, for the tests that read glyphs, lines, words and text."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
Page = tuple[float, float, list[dict[str, Any]], list[dict[str, Any]]]  # width, height, chars, lines
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


class Unsupported(Exception):
    """Something this reader does not follow exactly as pdfminer does: read the PDF with pdfminer."""


def pages(pdf: Path | str) -> Iterator[Page]:
    """Each page's (width, height, chars, lines), equal to what pdfminer reads (see the module's note)."""
    try:
        out = list(fast_pages(pdf))
    except Unsupported:
        out = list(pdfminer_pages(pdf))
    yield from out


def pdfminer_pages(pdf: Path | str) -> Iterator[Page]:
    """The same, read by pdfminer: the reference `fast_pages` is checked against, and the fallback."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    with Path(pdf).open("rb") as handle:
        manager = PDFResourceManager()
        device = PDFPageAggregator(manager, laparams=None)
        interpreter = PDFPageInterpreter(manager, device)
        for page in PDFPage.get_pages(handle):
            interpreter.process_page(page)
            layout = device.get_result()
            x0, y0, x1, y1 = page.mediabox
            chars: list[dict[str, Any]] = []
            lines: list[dict[str, Any]] = []
            _objects(layout, chars, lines, float(y1 - y0))
            yield float(x1 - x0), float(y1 - y0), chars, lines


def _objects(item: Any, chars: list[dict[str, Any]], lines: list[dict[str, Any]], height: float) -> None:
    from pdfminer.layout import LTChar, LTLine

    for obj in item:
        if isinstance(obj, LTChar):
            gs = obj.graphicstate
            chars.append(
                {
                    "text": obj.get_text(),
                    "fontname": obj.fontname,
                    "size": obj.size,
                    "matrix": obj.matrix,
                    "x0": obj.x0,
                    "x1": obj.x1,
                    "top": height - obj.y1,
                    "bottom": height - obj.y0,
                    "upright": obj.upright,
                    "stroking_color": gs.scolor,
                    "non_stroking_color": gs.ncolor,
                    "y0": obj.y0,
                    "y1": obj.y1,
                    "adv": obj.adv,
                }
            )
        elif isinstance(obj, LTLine):
            lines.append(
                {
                    "x0": obj.x0,
                    "x1": obj.x1,
                    "top": height - obj.y1,
                    "bottom": height - obj.y0,
                    "linewidth": obj.linewidth,
                    "stroking_color": obj.stroking_color,
                    "y0": obj.y0,
                    "y1": obj.y1,
                }
            )
        elif hasattr(obj, "__iter__"):
            _objects(obj, chars, lines, height)


# ---------------------------------------------------------------- the fast reader


def fast_pages(pdf: Path | str) -> Iterator[Page]:
    with pikepdf.open(str(pdf)) as doc:
        fonts: dict[tuple[int, int], _Font] = {}
        for page in doc.pages:
            if int(page.obj.get("/Rotate", 0)) % 360:
                raise Unsupported("rotated page")
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            height = y1 - y0
            reader = _Reader(fonts, height)
            resources = page.obj.get("/Resources")
            if resources is None:
                raise Unsupported("page without its own resources")
            reader.run(page.obj, resources, (1, 0, 0, 1, -x0, -y0))
            yield x1 - x0, height, reader.chars, reader.lines


class _Font:
    """What pdfminer's PDFTrueTypeFont / PDFType1Font knows of a simple font, read from its dictionary."""

    def __init__(self, spec: pikepdf.Dictionary) -> None:
        from pdfminer.cmapdb import CMapParser, FileUnicodeMap
        from pdfminer.encodingdb import EncodingDB
        from pdfminer.fontmetrics import FONT_METRICS

        subtype = str(spec.get("/Subtype"))
        if subtype not in ("/TrueType", "/Type1"):
            raise Unsupported(f"font {subtype}")
        base = str(spec.get("/BaseFont", "/unknown"))[1:]
        if base in FONT_METRICS:
            raise Unsupported("a standard 14 font (pdfminer's own metrics)")
        descriptor = spec.get("/FontDescriptor")
        if descriptor is None or "/FontMatrix" in spec:
            raise Unsupported("font without a descriptor")
        name = descriptor.get("/FontName", "unknown")
        self.fontname = str(name)[1:] if isinstance(name, pikepdf.Name) else str(name)
        first = int(spec.get("/FirstChar", 0))
        self.widths: dict[int, float] = {first + i: float(w) for i, w in enumerate(spec.get("/Widths", []))}
        descent = float(descriptor.get("/Descent", 0))
        self.descent = (-descent if descent > 0 else descent) * 0.001
        self.default_width = float(descriptor.get("/MissingWidth", 0))
        encoding = spec.get("/Encoding")
        if encoding is None:
            encoding_name = "WinAnsiEncoding" if subtype == "/TrueType" else "StandardEncoding"
        elif isinstance(encoding, pikepdf.Name):
            encoding_name = str(encoding)[1:]
        else:
            raise Unsupported("an encoding with differences")
        if subtype == "/Type1" and encoding is None and "/FontFile" in descriptor:
            raise Unsupported("an encoding read from the font file")
        self.cid2unicode = EncodingDB.get_encoding(encoding_name)
        self.unicode_map: Any = None
        if "/ToUnicode" in spec:
            self.unicode_map = FileUnicodeMap()
            CMapParser(self.unicode_map, BytesIO(spec["/ToUnicode"].read_bytes())).run()
        self._text: dict[int, str] = {}

    def text(self, cid: int) -> str:
        """pdfminer's to_unichr, and '(cid:N)' where it has none (PDFLayoutAnalyzer.handle_undefined_char)."""
        found = self._text.get(cid)
        if found is None:
            if self.unicode_map:
                with contextlib.suppress(KeyError):
                    found = self.unicode_map.get_unichr(cid)
            if found is None:
                found = self.cid2unicode.get(cid)
            if found is None:
                found = f"(cid:{cid})"
            self._text[cid] = found
        return found

    def width(self, cid: int) -> float:
        w = self.widths.get(cid)
        if w is not None:
            return w * 0.001
        return self.default_width * 0.001  # pdfminer also tries the character as a key: widths here are by code


class _State:
    __slots__ = (
        "font",
        "fontsize",
        "charspace",
        "wordspace",
        "scaling",
        "leading",
        "rise",
        "matrix",
        "linematrix",
        "linewidth",
        "scolor",
        "ncolor",
        "scs",
        "ncs",
    )

    def __init__(self) -> None:
        self.font: _Font | None = None
        self.fontsize: float = 0
        self.charspace: float = 0
        self.wordspace: float = 0
        self.scaling: float = 100
        self.leading: float = 0
        self.rise: float = 0
        self.matrix: Matrix = IDENTITY
        self.linematrix: tuple[float, float] = (0, 0)
        self.linewidth: float = 0
        self.scolor: Any = 0
        self.ncolor: Any = 0
        self.scs = 1  # components of the stroking colour space
        self.ncs = 1

    def copy(self) -> _State:
        other = _State.__new__(_State)
        for name in _State.__slots__:
            setattr(other, name, getattr(self, name))
        return other


_SPACES = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    (a1, b1, c1, d1, e1, f1) = m1
    (a0, b0, c0, d0, e0, f0) = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def _pt(m: Matrix, x: float, y: float) -> tuple[float, float]:
    (a, b, c, d, e, f) = m
    return a * x + c * y + e, b * x + d * y + f


def _color(values: list[Any]) -> Any:
    if len(values) == 1:
        return float(values[0])
    return tuple(float(v) for v in values)


class _Reader:
    """pdfminer's interpreter and layout device in one: `ctm` is the device's (a form's interpreter leaves its
    last one there, as pdfminer's does)."""

    def __init__(self, fonts: dict[tuple[int, int], _Font], height: float) -> None:
        self.fonts = fonts
        self.height = height
        self.chars: list[dict[str, Any]] = []
        self.lines: list[dict[str, Any]] = []
        self.ctm: Matrix = IDENTITY
        self.depth = 0

    def _font(self, resources: Any, name: str) -> _Font:
        spec = resources.get("/Font", {}).get(name) if resources is not None else None
        if spec is None:
            raise Unsupported(f"undefined font {name}")
        key = spec.objgen if spec.is_indirect else (id(spec), -1)
        font = self.fonts.get(key)
        if font is None:
            font = self.fonts[key] = _Font(spec)
        return font

    def run(self, stream: Any, resources: Any, ctm: Matrix) -> None:  # noqa: C901 - one branch per operator
        self.depth += 1
        if self.depth > 8:
            raise Unsupported("nested forms")
        self.ctm = ctm  # the device's; `ctm` is this interpreter's
        st = _State()
        stack: list[tuple[Matrix, _State]] = []
        path: list[tuple[Any, ...]] = []
        fonts: dict[str, _Font] = {}  # this stream's, by resource name
        for operands, operator in pikepdf.parse_content_stream(stream):  # type: ignore[misc]
            op = str(operator)
            if op in ("Tj", "TJ", "'", '"'):
                if op == "'":
                    a, b, c, d, e, f = st.matrix
                    st.matrix = (a, b, c, d, st.leading * c + e, st.leading * d + f)
                    st.linematrix = (0, 0)
                elif op == '"':
                    st.wordspace = float(operands[0])
                    st.charspace = float(operands[1])
                if st.font is None:
                    continue
                seq = list(operands[0]) if op == "TJ" else [operands[-1]]
                self._string(st, seq)
            elif op == "Tf":
                name = str(operands[0])
                font = fonts.get(name)
                if font is None:
                    font = fonts[name] = self._font(resources, name)
                st.font = font
                st.fontsize = float(operands[1])
            elif op == "Tm":
                st.matrix = tuple(float(v) for v in operands)  # type: ignore[assignment]
                st.linematrix = (0, 0)
            elif op in ("Td", "TD"):
                tx, ty = float(operands[0]), float(operands[1])
                a, b, c, d, e, f = st.matrix
                st.matrix = (a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f)
                if op == "TD":
                    st.leading = ty
                st.linematrix = (0, 0)
            elif op == "T*":
                a, b, c, d, e, f = st.matrix
                st.matrix = (a, b, c, d, st.leading * c + e, st.leading * d + f)
                st.linematrix = (0, 0)
            elif op == "TL":
                st.leading = -float(operands[0])
            elif op == "Tc":
                st.charspace = float(operands[0])
            elif op == "Tw":
                st.wordspace = float(operands[0])
            elif op == "Tz":
                st.scaling = float(operands[0])
            elif op == "Ts":
                st.rise = float(operands[0])
            elif op == "BT":
                st.matrix = IDENTITY
                st.linematrix = (0, 0)
            elif op == "q":
                stack.append((ctm, st.copy()))
            elif op == "Q":
                if stack:
                    ctm, st = stack.pop()
                    self.ctm = ctm
            elif op == "cm":
                ctm = self.ctm = _mult(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
            elif op == "w":
                scale = (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5
                st.linewidth = float(operands[0]) * scale
            elif op == "m":
                path.append(("m", float(operands[0]), float(operands[1])))
            elif op == "l":
                path.append(("l", float(operands[0]), float(operands[1])))
            elif op in ("c", "v", "y"):
                path.append((op, *(float(v) for v in operands)))
            elif op == "h":
                path.append(("h",))
            elif op == "re":
                x, y, w, h = (float(v) for v in operands)
                path += [("m", x, y), ("l", x + w, y), ("l", x + w, y + h), ("l", x, y + h), ("h",)]
            elif op in ("S", "s", "f", "f*", "B", "B*", "b", "b*"):
                if op in ("s", "b", "b*"):
                    path.append(("h",))
                self._paint(st, path, stroke=op not in ("f", "f*"))
                path = []
            elif op == "n":
                path = []
            elif op in ("G", "RG", "K"):
                st.scolor, st.scs = _color(list(operands)), len(operands)
            elif op in ("g", "rg", "k"):
                st.ncolor, st.ncs = _color(list(operands)), len(operands)
            elif op in ("CS", "cs"):
                space = _SPACES.get(str(operands[0]))
                if space is None:
                    raise Unsupported(f"colour space {operands[0]}")
                if op == "CS":
                    st.scs = space
                else:
                    st.ncs = space
            elif op in ("SC", "SCN", "sc", "scn"):
                n = st.scs if op in ("SC", "SCN") else st.ncs
                if len(operands) != n or any(isinstance(v, pikepdf.Name) for v in operands):
                    raise Unsupported("a pattern colour")
                if op in ("SC", "SCN"):
                    st.scolor = _color(list(operands))
                else:
                    st.ncolor = _color(list(operands))
            elif op == "Do":
                self._form(resources, str(operands[0]), ctm)
            elif op in ("d0", "d1", "sh", "BI", "ID", "EI", "INLINE IMAGE"):
                continue  # nothing a reader of glyphs and lines sees (pdfminer: an image, at most)
        self.depth -= 1

    def _form(self, resources: Any, name: str, ctm: Matrix) -> None:
        xobj = resources.get("/XObject", {}).get(name) if resources is not None else None
        if xobj is None or xobj.get("/Subtype") != "/Form" or "/BBox" not in xobj:
            return  # an image or an unknown XObject: no glyphs, no lines
        matrix = tuple(float(v) for v in xobj.get("/Matrix", IDENTITY))
        own = xobj.get("/Resources")
        self.run(xobj, resources if own is None else own, _mult(matrix, ctm))  # type: ignore[arg-type]

    def _string(self, st: _State, seq: list[Any]) -> None:
        """PDFTextDevice.render_string (horizontal) and PDFLayoutAnalyzer.render_char / LTChar."""
        matrix = _mult(st.matrix, self.ctm)
        font = st.font
        assert font is not None
        fontsize = st.fontsize
        scaling = st.scaling * 0.01
        charspace = st.charspace * scaling
        wordspace = st.wordspace * scaling
        rise = st.rise
        dxscale = 0.001 * fontsize * scaling
        x, y = st.linematrix
        needcharspace = False
        a, b, c, d, e, f = matrix
        descent = font.descent * fontsize
        by0 = descent + rise
        by1 = descent + rise + fontsize
        upright = a * d * scaling > 0 and b * c <= 0
        straight = b == 0 and c == 0  # then apply_matrix_rect's terms in b and c are exact zeros
        height = self.height
        widths, default = font.widths, font.default_width
        text = font.text
        fontname = font.fontname
        scolor, ncolor = st.scolor, st.ncolor
        append = self.chars.append
        for obj in seq:
            if not isinstance(obj, pikepdf.String):
                x -= float(obj) * dxscale
                needcharspace = True
                continue
            for cid in bytes(obj):
                if needcharspace:
                    x += charspace
                # translate_matrix(matrix, (x, y))
                te = x * a + y * c + e
                tf = x * b + y * d + f
                w = widths.get(cid)
                adv = (w if w is not None else default) * 0.001 * fontsize * scaling  # LTChar.adv, in its order
                if straight:
                    # apply_matrix_rect(translated, (0, by0, adv, by1)) with b = c = 0: the same floats
                    lx, rx = te, a * adv + te
                    ly, uy = d * by0 + tf, d * by1 + tf
                    x0, x1 = (lx, rx) if lx <= rx else (rx, lx)
                    y0, y1 = (ly, uy) if ly <= uy else (uy, ly)
                else:
                    xs = (a * 0 + c * by0 + te, a * adv + c * by0 + te, a * adv + c * by1 + te, a * 0 + c * by1 + te)
                    ys = (b * 0 + d * by0 + tf, b * adv + d * by0 + tf, b * adv + d * by1 + tf, b * 0 + d * by1 + tf)
                    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
                append(
                    {
                        "text": text(cid),
                        "fontname": fontname,
                        "size": y1 - y0,
                        "matrix": (a, b, c, d, te, tf),
                        "x0": x0,
                        "x1": x1,
                        "top": height - y1,
                        "bottom": height - y0,
                        "upright": upright,
                        "stroking_color": scolor,
                        "non_stroking_color": ncolor,
                        "y0": y0,
                        "y1": y1,
                        "adv": adv,
                    }
                )
                x += adv
                if cid == 32 and wordspace:
                    x += wordspace
                needcharspace = True
        st.linematrix = (x, y)

    def _paint(self, st: _State, path: list[tuple[Any, ...]], stroke: bool) -> None:
        """PDFLayoutAnalyzer.paint_path, for its lines (the only shapes read here)."""
        shape = "".join(p[0] for p in path)
        if shape[:1] != "m":
            return
        if shape.count("m") > 1:
            starts = [i for i, p in enumerate(path) if p[0] == "m"] + [len(path)]
            for i, j in zip(starts, starts[1:], strict=False):
                if j - i > 1:  # pdfminer's r"m[^m]+": a lone 'm' is no subpath
                    self._paint(st, path[i:j], stroke)
            return
        pts = [_pt(self.ctm, *(p[-2:] if p[0] != "h" else path[0][-2:])) for p in path]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("mlh", "ml"):
            (px0, py0), (px1, py1) = pts[0], pts[1]
            x0, x1 = min(px0, px1), max(px0, px1)
            y0, y1 = min(py0, py1), max(py0, py1)
            self.lines.append(
                {
                    "x0": x0,
                    "x1": x1,
                    "top": self.height - y1,
                    "bottom": self.height - y0,
                    "linewidth": st.linewidth,
                    "stroking_color": st.scolor,
                    "y0": y0,
                    "y1": y1,
                }
            )


# ---------------------------------------------------------------- pdfplumber's view of the same


class PlumberPage:
    """The part of a pdfplumber Page the tests read: `chars` and `lines` with pdfplumber's keys and values (colours
    as tuples, `doctop` counted from the first page), and its text and words made by pdfplumber's own functions
    from them.  Anything else (rects, curves, images, crop) is not here: an AttributeError, never a silent
    difference; read that with pdfplumber."""

    def __init__(
        self, number: int, doctop: float, width: float, height: float, chars: list[dict[str, Any]], lines: list[dict[str, Any]]
    ) -> None:
        self.page_number, self.width, self.height = number, width, height
        self.bbox: tuple[float, float, float, float] = (0, 0, width, height)
        self.chars = [_plumbed(c, "char", number, doctop) for c in chars]
        self.lines = [_plumbed(ln, "line", number, doctop) for ln in lines]

    def crop(self, bbox: tuple[float, float, float, float], relative: bool = False, strict: bool = True) -> PlumberPage:
        """pdfplumber's Page.crop: the objects that meet `bbox`, clipped to it."""
        return self._derived(bbox, relative, strict, "crop_to_bbox")

    def within_bbox(self, bbox: tuple[float, float, float, float], relative: bool = False, strict: bool = True) -> PlumberPage:
        """pdfplumber's Page.within_bbox: the objects wholly inside `bbox`."""
        return self._derived(bbox, relative, strict, "within_bbox")

    def _derived(self, bbox: tuple[float, float, float, float], relative: bool, strict: bool, how: str) -> PlumberPage:
        from pdfplumber import utils
        from pdfplumber.page import test_proposed_bbox

        if relative:
            bbox = (bbox[0] + self.bbox[0], bbox[1] + self.bbox[1], bbox[2] + self.bbox[0], bbox[3] + self.bbox[1])
        if strict:
            test_proposed_bbox(bbox, self.bbox)
        keep = getattr(utils, how)
        page = PlumberPage.__new__(PlumberPage)
        page.page_number, page.bbox = self.page_number, bbox
        page.width, page.height = bbox[2] - bbox[0], bbox[3] - bbox[1]
        page.chars, page.lines = keep(self.chars, bbox), keep(self.lines, bbox)
        return page

    def _textmap(self, **kwargs: Any) -> Any:
        from pdfplumber import utils

        options: dict[str, Any] = {"layout_bbox": self.bbox, "layout_width": self.width, "layout_height": self.height}
        if "layout_width_chars" in kwargs:
            del options["layout_width"]
        if "layout_height_chars" in kwargs:
            del options["layout_height"]
        return utils.chars_to_textmap(self.chars, **{**options, **_tuplified(kwargs)})

    def extract_text(self, **kwargs: Any) -> str:
        return str(self._textmap(**kwargs).as_string)

    def extract_text_lines(self, strip: bool = True, return_chars: bool = True, **kwargs: Any) -> list[dict[str, Any]]:
        return list(self._textmap(**kwargs).extract_text_lines(strip=strip, return_chars=return_chars))

    def extract_words(self, **kwargs: Any) -> list[dict[str, Any]]:
        from pdfplumber import utils

        return list(utils.extract_words(self.chars, **kwargs))


def _tuplified(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}


def _plumbed(obj: dict[str, Any], kind: str, number: int, doctop: float) -> dict[str, Any]:
    out = dict(obj)
    for key in ("stroking_color", "non_stroking_color"):
        if key in out and not isinstance(out[key], tuple):
            out[key] = (out[key],)
    out.update(
        object_type=kind,
        page_number=number,
        doctop=doctop + obj["top"],
        width=obj["x1"] - obj["x0"],
        height=obj["y1"] - obj["y0"],
    )
    return out


class PlumberPDF:
    def __init__(self, path: Path | str) -> None:
        self.pages: list[PlumberPage] = []
        doctop = 0.0
        for i, (width, height, chars, lines) in enumerate(pages(path)):
            self.pages.append(PlumberPage(i + 1, doctop, width, height, chars, lines))
            doctop += height

    def __enter__(self) -> PlumberPDF:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def close(self) -> None:
        return None


def open(path: Path | str) -> PlumberPDF:  # noqa: A001 - as pdfplumber.open
    """The PDF's pages as pdfplumber shows them (the part `PlumberPage` has), read by `pages`."""
    return PlumberPDF(path)
