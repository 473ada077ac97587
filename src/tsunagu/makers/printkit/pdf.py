"""Print-ready PDF/X-4: WeasyPrint draws the composed HTML, then the print shop's furniture is added.

WeasyPrint (`pdf_variant="pdf/x-4"`) writes PDF 1.6 with the PDF/X-4 version key in the XMP, `Trapped`,
DeviceCMYK colours and subset-embedded fonts. It has no output intent without an ICC profile, and no
boxes beyond the page, so pikepdf adds:
- the OutputIntent naming Japan Color 2001 Coated (`JC200103`, ICC's characterisation registry), with
  the operator's ICC profile embedded when TSUNAGU_ICC_PROFILE gives one (tsunagu ships none: Adobe's
  and JPMA's profiles may not be redistributed);
- TrimBox and BleedBox (3 mm) inside a MediaBox that keeps a slug for the crop marks;
- corner crop marks (トンボ) in registration colour, on the slug, outside the bleed.
The document ID and XMP DocumentID come from the content: same input, same bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import weasyprint

from tsunagu.makers.printkit.layout import BLEED_MM

PT = 72 / 25.4  # points per mm
MARK_MM = 8.0  # length of a crop mark on the slug
# Japan Color 2001 Coated, as registered with the ICC (characterisation data JC200103).
CONDITION = "JC200103"
CONDITION_NAME = "Japan Color 2001 Coated"
REGISTRY = "http://www.color.org"


@dataclass(frozen=True)
class Line:
    """A crop-mark segment in mm, origin at the page's top-left corner."""

    x1: float
    y1: float
    x2: float
    y2: float


def corner_marks(trim_mm: tuple[float, float], slug_mm: float, bleed: float = BLEED_MM) -> list[Line]:
    """Japanese corner トンボ: at each corner the trim line and the bleed line, drawn on the slug only."""
    w, h = trim_mm
    o = slug_mm + bleed  # the trim's offset from the page's edge
    pw, ph = w + 2 * o, h + 2 * o
    marks = []
    for x, y, sx, sy in ((o, o, -1, -1), (o + w, o, 1, -1), (o, o + h, -1, 1), (o + w, o + h, 1, 1)):
        start_x, start_y = x + sx * bleed, y + sy * bleed  # the bleed's corner: marks begin outside it
        end_x = max(0.0, min(pw, start_x + sx * MARK_MM))
        end_y = max(0.0, min(ph, start_y + sy * MARK_MM))
        for offset in (0.0, bleed):  # trim line, then bleed line (内トンボ and 外トンボ)
            marks.append(Line(start_x, y + sy * offset, end_x, y + sy * offset))
            marks.append(Line(x + sx * offset, start_y, x + sx * offset, end_y))
    return marks


def draw(html: str, base_url: str) -> bytes:
    """WeasyPrint's PDF/X-4 of one composed item or sheet."""
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/x-4")


def finish(pdf_bytes: bytes, page_mm: tuple[float, float], bleed_inset_mm: float, trim_inset_mm: float,
           marks: list[Line], icc_profile: Path | None) -> bytes:
    """Boxes, crop marks, the output intent and a content-derived ID on a one-page PDF."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        page = pdf.pages[0]
        pw, ph = page_mm[0] * PT, page_mm[1] * PT
        page.obj.MediaBox = pikepdf.Array([0, 0, pw, ph])
        b, t = bleed_inset_mm * PT, trim_inset_mm * PT
        page.obj.BleedBox = pikepdf.Array([b, b, pw - b, ph - b])
        page.obj.TrimBox = pikepdf.Array([t, t, pw - t, ph - t])
        if marks:
            ops = ["q", "/DeviceCMYK CS 1 1 1 1 SCN 0.25 w 0 J"]  # registration: every plate shows the marks
            ops += [f"{m.x1 * PT:.3f} {ph - m.y1 * PT:.3f} m {m.x2 * PT:.3f} {ph - m.y2 * PT:.3f} l S" for m in marks]
            ops.append("Q")
            page.contents_add(pdf.make_stream("\n".join(ops).encode("ascii")), prepend=False)
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=pikepdf.String(CONDITION), OutputCondition=pikepdf.String(CONDITION_NAME),
            RegistryName=pikepdf.String(REGISTRY), Info=pikepdf.String(CONDITION_NAME))
        if icc_profile is not None:
            profile = pdf.make_stream(icc_profile.read_bytes())
            profile.N = 4
            intent.DestOutputProfile = profile
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
        pdf.docinfo[pikepdf.Name.GTS_PDFXVersion] = pikepdf.String("PDF/X-4")
        return _save(pdf)


def impose(item_pdf: bytes, paper_mm: tuple[float, float], bleed_inset_mm: float,
           corners_mm: list[tuple[float, float]], marks: list[Line]) -> bytes:
    """The finished item placed (bleed box and all) at each corner on one sheet, with the sheet's cut marks."""
    with pikepdf.open(io.BytesIO(item_pdf)) as pdf:
        item = pdf.pages[0]
        x0, y0, x1, y1 = (float(v) for v in item.obj.BleedBox)
        form = item.as_form_xobject()
        form.BBox = pikepdf.Array([x0, y0, x1, y1])
        pw, ph = paper_mm[0] * PT, paper_mm[1] * PT
        ops = []
        for left, top in corners_mm:  # the top-left of each copy's bleed box, in mm from the sheet's top-left
            ops.append(f"q 1 0 0 1 {left * PT - x0:.4f} {ph - top * PT - y1:.4f} cm /Item Do Q")
        ops += ["q", "/DeviceCMYK CS 1 1 1 1 SCN 0.25 w 0 J"]
        ops += [f"{m.x1 * PT:.3f} {ph - m.y1 * PT:.3f} m {m.x2 * PT:.3f} {ph - m.y2 * PT:.3f} l S" for m in marks]
        ops.append("Q")
        sheet = pdf.add_blank_page(page_size=(pw, ph))
        sheet.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Item=pdf.make_indirect(form)))
        sheet.obj.Contents = pdf.make_stream("\n".join(ops).encode("ascii"))
        inset = bleed_inset_mm * PT
        sheet.obj.BleedBox = pikepdf.Array([inset, inset, pw - inset, ph - inset])
        sheet.obj.TrimBox = pikepdf.Array([inset, inset, pw - inset, ph - inset])
        del pdf.pages[0]
        return _save(pdf)


def _save(pdf: pikepdf.Pdf) -> bytes:
    """Write with an ID and an XMP DocumentID derived from the content (WeasyPrint's is random)."""
    metadata = pdf.Root.get("/Metadata")
    if metadata is not None:
        digest = hashlib.sha256(b"".join(p.Contents.read_bytes() if not isinstance(p.Contents, pikepdf.Array)
                                         else b"".join(c.read_bytes() for c in p.Contents)
                                         for p in pdf.pages)).hexdigest()
        xmp = re.sub(rb"xmp\.did:[0-9a-f-]+", f"xmp.did:{uuid.UUID(digest[:32])}".encode("ascii"),
                     metadata.read_bytes())
        metadata.write(xmp)
        # qpdf keeps the first half of the file ID: WeasyPrint's is random, so replace it with the content's.
        pdf.trailer.ID = pikepdf.Array([pikepdf.String(bytes.fromhex(digest[:32]))] * 2)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=False)
    return out.getvalue()
