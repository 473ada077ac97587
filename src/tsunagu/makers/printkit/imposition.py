"""Imposed sheets (stickers and cards on A4 for the cutter) and the contact sheet of a whole kit."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw

from tsunagu import catalog
from tsunagu.domain.config import Ward
from tsunagu.domain.errors import LayoutError, QrDoesNotScanError
from tsunagu.makers.drawing import fonts
from tsunagu.makers.printkit import pdf, verify
from tsunagu.makers.printkit.layout import BLEED_MM, Sheet

if TYPE_CHECKING:
    from tsunagu.makers.printkit.kit import ItemJob


MARK_GAP_MM = 0.5  # sheet marks stop short of the items' bleed


@dataclass(frozen=True)
class Grid:
    """Where the items' trims sit on the sheet (mm from the sheet's top-left)."""

    cols: int
    rows: int
    trim_mm: tuple[float, float]
    left: float
    top: float
    step_x: float
    step_y: float

    @property
    def count(self) -> int:
        """Items per sheet."""
        return self.cols * self.rows

    def cuts(self) -> tuple[list[float], list[float]]:
        """The x and y positions of every cut line."""
        xs = sorted({round(self.left + c * self.step_x + d, 3) for c in range(self.cols) for d in (0, self.trim_mm[0])})
        ys = sorted({round(self.top + r * self.step_y + d, 3) for r in range(self.rows) for d in (0, self.trim_mm[1])})
        return xs, ys


def grid(sheet: Sheet, trim: tuple[float, float]) -> Grid:
    """As many items as fit inside the margins, each with its bleed, centred on the sheet."""
    room_w = sheet.paper_mm[0] - 2 * sheet.margin_mm - 2 * BLEED_MM
    room_h = sheet.paper_mm[1] - 2 * sheet.margin_mm - 2 * BLEED_MM
    cols = math.floor((room_w + sheet.gutter_mm) / (trim[0] + sheet.gutter_mm))
    rows = math.floor((room_h + sheet.gutter_mm) / (trim[1] + sheet.gutter_mm))
    if cols < 1 or rows < 1:
        raise LayoutError(f"{sheet.file}: a {trim[0]:g}×{trim[1]:g} mm item does not fit on the sheet; "
                          "reduce margin_mm or gutter_mm")
    used_w = cols * trim[0] + (cols - 1) * sheet.gutter_mm
    used_h = rows * trim[1] + (rows - 1) * sheet.gutter_mm
    return Grid(cols, rows, trim, (sheet.paper_mm[0] - used_w) / 2, (sheet.paper_mm[1] - used_h) / 2,
                trim[0] + sheet.gutter_mm, trim[1] + sheet.gutter_mm)


def sheet_marks(g: Grid, sheet: Sheet) -> list[pdf.Line]:
    """Cut marks in the sheet margin, in line with every cut, clear of every item's bleed."""
    xs, ys = g.cuts()
    top_edge = g.top - BLEED_MM - MARK_GAP_MM
    bottom_edge = g.top + (g.rows - 1) * g.step_y + g.trim_mm[1] + BLEED_MM + MARK_GAP_MM
    left_edge = g.left - BLEED_MM - MARK_GAP_MM
    right_edge = g.left + (g.cols - 1) * g.step_x + g.trim_mm[0] + BLEED_MM + MARK_GAP_MM
    n = sheet.mark_mm
    marks = []
    for x in xs:
        marks += [pdf.Line(x, max(0, top_edge - n), x, top_edge),
                  pdf.Line(x, bottom_edge, x, min(sheet.paper_mm[1], bottom_edge + n))]
    for y in ys:
        marks += [pdf.Line(max(0, left_edge - n), y, left_edge, y),
                  pdf.Line(right_edge, y, min(sheet.paper_mm[0], right_edge + n), y)]
    return marks


def build_sheet(job: ItemJob, item_pdf: bytes, entry: dict[str, Any]) -> dict[str, Any]:
    """Place the finished item on the sheet, prove every code on the sheet's PDF scans, write PDF and preview."""
    sheet, g = job.sheet_settings, job.sheet
    assert sheet is not None and g is not None
    corners = [(g.left + c * g.step_x - BLEED_MM, g.top + r * g.step_y - BLEED_MM)
               for r in range(g.rows) for c in range(g.cols)]
    document = pdf.impose(item_pdf, sheet.paper_mm, 0.0, corners, sheet_marks(g, sheet))
    qr_at = entry["qr_mm"]
    dpi = verify.proof_dpi(entry["qr"]["module_mm"])
    # Every code on the sheet, read from the sheet's own PDF around each copy; then the preview.
    parts = [(verify.around(x + BLEED_MM + qr_at[0], y + BLEED_MM + qr_at[1], entry["qr"]["size_mm"]), dpi)
             for x, y in corners]
    *codes, preview = verify.rasterise_all(document, [*parts, (None, sheet.preview_dpi)])
    found = [text for image in codes for text in verify.decode_all(image.convert("L"))]
    ok = found.count(job.payload) == g.count
    name = f"{job.name}-sheet"
    if not ok:
        raise QrDoesNotScanError(f"{name}: {found.count(job.payload)} of {g.count} codes on the sheet decoded")
    folder = Path(job.folder)
    (folder / f"{name}.pdf").write_bytes(document)
    preview.save(folder / f"{name}.png", compress_level=1)
    return {
        "item": name, "of": job.name, "placement": job.placement, "channel": job.channel, "kind": "sheet",
        "variant": entry["variant"], "language": job.language, "size": "A4", "trim_mm": list(sheet.paper_mm),
        "bleed_mm": 0.0, "slug_mm": 0.0, "page_mm": list(sheet.paper_mm), "floor_pt": entry["floor_pt"],
        "payload": job.payload, "count_scans": job.count_scans, "layout": {"cols": g.cols, "rows": g.rows},
        "count": g.count, "cuts_mm": dict(zip(("x", "y"), g.cuts(), strict=True)), "qr": entry["qr"],
        "decode": {"print": ok}, "where": job.where, "quantity": job.quantity, "sample": entry["sample"],
        "files": {"pdf": f"{name}.pdf", "png": f"{name}.png"},
    }


def contact_sheet(folder: Path, ward: Ward, items: list[dict[str, Any]], fonts_by_weight: dict[str, fonts.FontFile],
                  sample: bool) -> Path:
    """One PNG showing every item of the kit with its name, size, language and code facts."""
    cell, pad, caption = 420, 24, 64
    cols = 4
    rows = max(1, math.ceil(len(items) / cols))
    title_h = 90
    width = cols * (cell + pad) + pad
    sheet = Image.new("RGB", (width, title_h + rows * (cell + caption + pad) + pad), (236, 238, 240))
    draw = ImageDraw.Draw(sheet)
    language = ward.languages[0]
    words = catalog.section(language, "print")
    program = ward.program.pick(language)
    title = words["sheet_title"].format(program=program) + (f"　{words['sample']}" if sample else "")
    draw.text((pad, 30), title, font=fonts.load(fonts_by_weight["bold"], 34), fill=(31, 42, 48))
    small = fonts.load(fonts_by_weight["regular"], 17)
    bold = fonts.load(fonts_by_weight["bold"], 18)
    for i, entry in enumerate(items):
        x = pad + (i % cols) * (cell + pad)
        y = title_h + (i // cols) * (cell + caption + pad)
        with Image.open(folder / entry["files"]["png"]) as im:
            thumb = im.convert("RGB")
            thumb.thumbnail((cell, cell), Image.Resampling.LANCZOS, reducing_gap=2.0)  # box-reduce first: fast
        draw.rectangle((x, y, x + cell - 1, y + cell - 1), fill=(250, 250, 250))
        ox, oy = x + (cell - thumb.width) // 2, y + (cell - thumb.height) // 2
        draw.rectangle((ox + 3, oy + 3, ox + thumb.width + 3, oy + thumb.height + 3), fill=(190, 194, 198))
        sheet.paste(thumb, (ox, oy))
        draw.text((x, y + cell + 6), entry["item"], font=bold, fill=(31, 42, 48))
        q = entry["qr"]
        facts = (f"{entry['kind']} {entry['size']} {entry['language']}  QR v{q['version']}-{q['ecc']} "
                 f"{q['module_mm']} mm  ✓{sum(entry['decode'].values())}/{len(entry['decode'])}")
        draw.text((x, y + cell + 32), facts, font=small, fill=(80, 90, 96))
    path = folder / "contact-sheet.png"
    sheet.save(path, compress_level=3)
    return path
