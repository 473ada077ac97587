"""Print-ready PDF: the page raster embedded losslessly (img2pdf), TrimBox/BleedBox, vector crop marks.

Pillow's own PDF writer would store the RGB page as JPEG and blur the code's edges; img2pdf embeds
the PNG data as it is (Flate). Crop marks are vector lines added afterwards with pypdf, so they stay
hairline-sharp and tests can read their coordinates. Dates are fixed: same input, same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from .layout import BLEED_MM

PT = 72 / 25.4  # points per mm
FIXED_DATE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)  # a fixed date keeps rebuilt PDFs byte-identical
MARK_GAP_MM = 0.5  # marks stop short of the trim corner so they never print on the item
MARK_LEN_MM = BLEED_MM - MARK_GAP_MM


@dataclass(frozen=True)
class Line:
    """A crop-mark segment in mm, origin at the page's top-left corner."""

    x1: float
    y1: float
    x2: float
    y2: float


def corner_marks(trim_mm: tuple[float, float], bleed: float = BLEED_MM) -> list[Line]:
    """Japanese corner トンボ for one item: trim lines extended into the bleed, never into the trim."""
    w, h = trim_mm
    left, top, right, bottom = bleed, bleed, bleed + w, bleed + h
    end = bleed - MARK_GAP_MM
    pw, ph = w + 2 * bleed, h + 2 * bleed
    return [
        Line(0, top, end, top), Line(left, 0, left, end),                 # top-left
        Line(pw - end, top, pw, top), Line(right, 0, right, end),         # top-right
        Line(0, bottom, end, bottom), Line(left, ph - end, left, ph),     # bottom-left
        Line(pw - end, bottom, pw, bottom), Line(right, ph - end, right, ph),  # bottom-right
    ]


def write(image: Any, page_mm: tuple[float, float], trim_inset_mm: float, marks: list[Line], title: str) -> bytes:
    """The PDF of one page: `image` fills the page; TrimBox inset by `trim_inset_mm`, BleedBox = page."""
    import img2pdf
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=3)  # PNG data goes into the PDF unchanged (Flate, lossless)
    pw, ph = page_mm[0] * PT, page_mm[1] * PT

    def layout_fun(*_: Any) -> tuple[float, float, float, float]:
        return pw, ph, pw, ph

    inset = trim_inset_mm * PT
    raw = img2pdf.convert(buf.getvalue(), layout_fun=layout_fun, creationdate=FIXED_DATE, moddate=FIXED_DATE,
                          trimborder=(inset, inset), bleedborder=(0, 0), title=title, producer="tsunagu",
                          engine=img2pdf.Engine.internal)
    if not marks:
        return raw
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))
    page = writer.pages[0]
    ops = ["q"]
    # A white line under each black hairline keeps marks visible on a coloured bleed.
    for colour, width in (("1 G", 0.75), ("0 G", 0.25)):
        ops.append(f"{colour} {width} w 0 J")
        for m in marks:
            ops.append(f"{m.x1 * PT:.3f} {ph - m.y1 * PT:.3f} m {m.x2 * PT:.3f} {ph - m.y2 * PT:.3f} l S")
    ops.append("Q")
    stream = DecodedStreamObject()
    stream.set_data("\n".join(ops).encode("ascii"))
    ref = writer._add_object(stream)
    contents = page[NameObject("/Contents")]
    parts = list(contents) if isinstance(contents, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([*parts, ref])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
