"""A PDF/X-4 preflight built on pikepdf: what a Japanese print shop's checker refuses, as a list of problems.

Checks: PDF 1.6 or later; the PDF/X-4 version key in the XMP and `Trapped` in Info and XMP; one
GTS_PDFX OutputIntent naming JC200103 (its profile, when embedded, a 4-channel one); TrimBox and
BleedBox inside the MediaBox with the bleed given; nothing in DeviceRGB, CalRGB or a 3-channel ICC
space, and no rg/RG operator; every font embedded; the item's words extractable by pdftotext; no text
under the floor size; text under 12 pt in K only.
"""

from __future__ import annotations

import math
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

PT = 72 / 25.4
LARGE_PT = 12.0
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _mul(a: Matrix, b: Matrix) -> Matrix:
    """a then b (PDF's row-vector convention: a × b)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


@dataclass(frozen=True)
class TextRun:
    """One text-showing operator: its size on the page (pt) and fill colour (CMYK, None if not CMYK)."""

    size_pt: float
    fill: tuple[float, ...] | None


@dataclass
class Report:
    """What the preflight found in one file."""

    problems: list[str] = field(default_factory=list)
    runs: list[TextRun] = field(default_factory=list)
    text: str = ""


def text_runs(pdf: pikepdf.Pdf) -> list[TextRun]:
    """Every text-showing operator of the first page, forms included, with its size and fill colour."""
    page = pdf.pages[0]
    runs: list[TextRun] = []
    _walk(page.obj, page.Resources, IDENTITY, runs)
    return runs


def _walk(owner: pikepdf.Object, resources: pikepdf.Object, ctm: Matrix, runs: list[TextRun]) -> None:
    stack: list[tuple[Matrix, tuple[float, ...] | None, str]] = []
    fill: tuple[float, ...] | None = (0.0, 0.0, 0.0, 1.0)  # PDF's initial fill is black (DeviceGray 0)
    space = "/DeviceGray"
    tm: Matrix = IDENTITY
    size = 0.0
    for operands, op in pikepdf.parse_content_stream(owner):
        name = str(op)
        if name == "q":
            stack.append((ctm, fill, space))
        elif name == "Q" and stack:
            ctm, fill, space = stack.pop()
        elif name == "cm":
            ctm = _mul(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif name == "cs":
            space = str(operands[0])
        elif name == "k":
            fill = tuple(float(v) for v in operands)
        elif name == "g":
            fill = (0.0, 0.0, 0.0, 1 - float(operands[0]))
        elif name in ("sc", "scn"):
            values = tuple(float(v) for v in operands if not isinstance(v, pikepdf.Name))
            fill = values if space == "/DeviceCMYK" or len(values) == 4 else None
        elif name == "BT":
            tm = IDENTITY
        elif name == "Tm":
            tm = tuple(float(v) for v in operands)  # type: ignore[assignment]
        elif name == "Tf":
            size = float(operands[1])
        elif name in ("Tj", "TJ", "'", '"'):
            m = _mul(tm, ctm)
            runs.append(TextRun(size * math.sqrt(abs(m[0] * m[3] - m[1] * m[2])), fill))
        elif name == "Do":
            xobject = resources.XObject[operands[0]]
            if xobject.get("/Subtype") == "/Form":
                matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
                _walk(xobject, xobject.get("/Resources", resources), _mul(matrix, ctm), runs)  # type: ignore[arg-type]


def preflight(path: Path, bleed_mm: float, floor_pt: float, words: list[str],
              ruby_pt: tuple[float, ...] = ()) -> Report:
    """Every PDF/X-4 problem of one file; `words` must come out of pdftotext, `floor_pt` bounds every text but
    the readings (ルビ) set at the sizes `ruby_pt`, which must be at least half the floor (JIS X 4051's ruby)."""
    report = Report()
    p = report.problems
    with pikepdf.open(path) as pdf:
        if tuple(map(int, pdf.pdf_version.split("."))) < (1, 6):
            p.append(f"PDF {pdf.pdf_version}: PDF/X-4 needs 1.6 or later")
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8") if "/Metadata" in pdf.Root else ""
        if "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" not in xmp:
            p.append("XMP: no pdfxid:GTS_PDFXVersion PDF/X-4")
        if str(pdf.docinfo.get("/Trapped")) not in ("/True", "/False") or "<pdf:Trapped>" not in xmp:
            p.append("Trapped: missing in Info or XMP")
        intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFX"]
        if len(intents) != 1 or str(intents[0].get("/OutputConditionIdentifier")) != "JC200103":
            p.append("OutputIntent: one GTS_PDFX intent naming JC200103 expected")
        elif "/DestOutputProfile" in intents[0] and int(intents[0].DestOutputProfile.N) != 4:
            p.append("OutputIntent: the embedded profile is not CMYK")
        page = pdf.pages[0]
        media = [float(v) for v in page.MediaBox]
        if "/TrimBox" not in page.obj or "/BleedBox" not in page.obj:
            p.append("TrimBox or BleedBox missing")
        else:
            trim, bleed = [float(v) for v in page.TrimBox], [float(v) for v in page.BleedBox]
            want = [bleed_mm * PT * s for s in (-1, -1, 1, 1)]
            if any(abs(b - t - w) > 0.05 for b, t, w in zip(bleed, trim, want, strict=True)):
                p.append(f"BleedBox is not the TrimBox plus {bleed_mm:g} mm: {bleed} vs {trim}")
            if bleed[0] < media[0] - 0.01 or bleed[1] < media[1] - 0.01 or bleed[2] > media[2] + 0.01 \
                    or bleed[3] > media[3] + 0.01:
                p.append("BleedBox outside the MediaBox")
        for obj in pdf.objects:
            if _rgb(obj):
                p.append(f"RGB colour: {repr(obj)[:120]}")
        for stream in _content_streams(pdf):
            if re.search(rb"(^|\s)(rg|RG)(\s|$)", stream):
                p.append("rg/RG operator: DeviceRGB in a content stream")
                break
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" \
                    and not any(k in obj for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                p.append(f"font not embedded: {obj.get('/FontName')}")
        report.runs = text_runs(pdf)
    for run in report.runs:
        reading = any(abs(run.size_pt - r) < 0.05 for r in ruby_pt) and run.size_pt >= floor_pt / 2 - 0.05
        if run.size_pt < floor_pt - 0.05 and not reading:
            p.append(f"text at {run.size_pt:.2f} pt, under the {floor_pt:g} pt floor")
        if run.size_pt < LARGE_PT and (run.fill is None or len(run.fill) != 4 or any(run.fill[:3])):
            p.append(f"text at {run.size_pt:.2f} pt is not K only: {run.fill}")
    report.text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                                 check=True).stdout
    flat = re.sub(r"\s+", "", report.text)
    p.extend(f"pdftotext does not find {w!r}" for w in words if re.sub(r"\s+", "", w) not in flat)
    return report


def _rgb(obj: pikepdf.Object) -> bool:
    if isinstance(obj, pikepdf.Name):
        return str(obj) in ("/DeviceRGB", "/CalRGB", "/DefaultRGB")
    if isinstance(obj, pikepdf.Array):
        if len(obj) == 2 and obj[0] == "/ICCBased" and int(obj[1].get("/N", 0)) == 3:
            return True
        return any(_rgb(v) for v in obj)
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return any(_rgb(v) for k, v in obj.items() if k not in ("/Parent", "/P"))
    return False


def _content_streams(pdf: pikepdf.Pdf) -> list[bytes]:
    """The pages' content and every form XObject's: where colour operators live."""
    out = [obj.read_bytes() for obj in pdf.objects
           if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form"]
    for page in pdf.pages:
        out.append(page.Contents.read_bytes() if isinstance(page.Contents, pikepdf.Stream)
                   else b"\n".join(c.read_bytes() for c in page.Contents))
    return out
