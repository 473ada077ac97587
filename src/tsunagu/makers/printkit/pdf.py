"""Print-ready PDF: the page raster embedded losslessly, TrimBox/BleedBox, vector crop marks.

Pillow's own PDF writer would store the RGB page as JPEG and blur the code's edges. This writer
embeds the raw pixels Flate-compressed (lossless; decoding a PNG first would cost a third of a poster's
time) in a one-page PDF 1.4 it writes itself.
Crop marks are vector hairlines, so tests can read their coordinates. Dates and the file ID are
fixed by the content: same input, same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from dataclasses import dataclass

from PIL import Image

from tsunagu.makers.printkit.layout import BLEED_MM

PT = 72 / 25.4  # points per mm
FIXED_DATE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)  # a fixed date keeps rebuilt PDFs byte-identical
MARK_GAP_MM = 0.5  # marks stop short of the trim corner so they never print on the item


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


def write(image: Image.Image, page_mm: tuple[float, float], trim_inset_mm: float, marks: list[Line],
          title: str) -> bytes:
    """The PDF of one page: `image` fills the page; TrimBox inset by `trim_inset_mm`, BleedBox = page."""
    rgb = image.convert("RGB") if image.mode != "RGB" else image
    pw, ph = page_mm[0] * PT, page_mm[1] * PT
    inset = trim_inset_mm * PT
    # Raw pixels, Flate level 1: lossless, and flat artwork compresses well enough; no JPEG anywhere.
    pixels = zlib.compress(rgb.tobytes(), 1)
    ops = [f"q {pw:.4f} 0 0 {ph:.4f} 0 0 cm /Im0 Do Q"]
    if marks:
        ops.append("q")
        # A white line under each black hairline keeps marks visible on a coloured bleed.
        for colour, width in (("1 G", 0.75), ("0 G", 0.25)):
            ops.append(f"{colour} {width} w 0 J")
            ops.extend(f"{m.x1 * PT:.3f} {ph - m.y1 * PT:.3f} m {m.x2 * PT:.3f} {ph - m.y2 * PT:.3f} l S"
                       for m in marks)
        ops.append("Q")
    content = "\n".join(ops).encode("ascii")
    date = FIXED_DATE.strftime("D:%Y%m%d%H%M%SZ")
    box = f"[{inset:.4f} {inset:.4f} {pw - inset:.4f} {ph - inset:.4f}]"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.4f} {ph:.4f}] /BleedBox [0 0 {pw:.4f} {ph:.4f}] "
         f"/TrimBox {box} /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>").encode("ascii"),
        (f"<< /Type /XObject /Subtype /Image /Width {rgb.width} /Height {rgb.height} /ColorSpace /DeviceRGB "
         f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(pixels)} >>\nstream\n").encode("ascii")
        + pixels + b"\nendstream",
        f"<< /Length {len(content)} >>\nstream\n".encode("ascii") + content + b"\nendstream",
        (f"<< /Title ({_pdf_text(title)}) /Producer (tsunagu) /CreationDate ({date}) /ModDate ({date}) >>")
        .encode("ascii"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += b"".join(f"{o:010d} 00000 n \n".encode("ascii") for o in offsets)
    # The file ID comes from the content, so identical input gives identical bytes.
    file_id = hashlib.md5(bytes(out), usedforsecurity=False).hexdigest()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R /ID [<{file_id}> <{file_id}>] >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode("ascii")
    return bytes(out)


def _pdf_text(text: str) -> str:
    safe = text.encode("ascii", "replace").decode("ascii")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
