"""Draw one item at print resolution with Pillow: shapes, typeset texts, the QR code, the sample stamp.

The page is trim + bleed; the QR is drawn last with whole pixels per module, so nothing covers it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from tsunagu.domain.errors import LayoutError, QrTooSmallError, TextDoesNotFitError
from tsunagu.domain.qr import QUIET_ZONE, QrMatrix
from tsunagu.makers.drawing import fonts, typeset
from tsunagu.makers.printkit.layout import BLEED_MM, Layout

PT_MM = 25.4 / 72  # one typographic point in mm
MEASURE_PX = 200  # reference size for measuring text widths


@dataclass(frozen=True)
class DrawnText:
    """A text as set on the item (for checks: discreet wording, sizes)."""

    block: str
    lines: tuple[str, ...]
    size_pt: float


@dataclass(frozen=True)
class QrPlacement:
    """Where the QR landed on the page, in pixels, and its real module size."""

    left: int
    top: int
    side: int  # quiet zone included
    module_px: int
    module_mm: float


@dataclass
class Rendered:
    """One rendered page (trim + bleed) and what was drawn on it."""

    image: Image.Image  # RGB
    dpi: int
    trim_mm: tuple[float, float]
    texts: tuple[DrawnText, ...]
    qr: QrPlacement

    def px(self, mm: float) -> int:
        """Millimetres to whole pixels at this page's resolution."""
        return round(mm * self.dpi / 25.4)


def page_pixels(trim_mm: tuple[float, float], dpi: int) -> tuple[int, int]:
    """Pixel size of trim + bleed, rounded up so the effective resolution is never below `dpi`."""
    return tuple(math.ceil((v + 2 * BLEED_MM) * dpi / 25.4 - 1e-6) for v in trim_mm)  # type: ignore[return-value]


def render(layout: Layout, texts: dict[str, str], matrix: QrMatrix, fonts_by_weight: dict[str, fonts.FontFile],
           item: str, sample: str = "") -> Rendered:
    """Render `layout` (already at item size) with these texts and code; errors name the item and field."""
    dpi = layout.dpi
    trim = layout.reference_mm
    size = page_pixels(trim, dpi)
    k = size[0] / (trim[0] + 2 * BLEED_MM)  # px per mm, exact for this page

    def px(mm: float) -> float:
        return (mm + BLEED_MM) * k

    page = Image.new("RGB", size, layout.colours.get("paper", (255, 255, 255)))
    draw = ImageDraw.Draw(page)
    for s in layout.shapes:
        box = (px(s.box.x), px(s.box.y), px(s.box.x + s.box.w) - 1, px(s.box.y + s.box.h) - 1)
        if s.radius:
            draw.rounded_rectangle(box, radius=s.radius * k, fill=layout.colours[s.fill])
        else:
            draw.rectangle(box, fill=layout.colours[s.fill])

    drawn = []
    for block in layout.texts:
        if block.source not in texts:
            raise LayoutError(f"{layout.file}: texts[{block.id}].text: unknown source {block.source!r}")
        text = texts[block.source].strip()
        if not text:
            continue
        font_file = fonts_by_weight[block.weight]

        reference = fonts.load(font_file, MEASURE_PX)

        def measure_at(pt: float, reference: ImageFont.FreeTypeFont = reference) -> Callable[[str], float]:
            # Advance widths scale linearly with size: measure once at a reference size, not per size
            # tried (one FreeType face per size costs time and memory); 1.5 % margin for hinting.
            scale = max(1, round(pt * PT_MM * k)) / MEASURE_PX * 1.015
            return lambda piece: reference.getlength(piece) * scale

        width, height = block.box.w * k, block.box.h * k
        prefer_spaces = " " in text or "　" in text  # English, easy Japanese and lists break at their spaces
        setting = typeset.fit(text, width, height, (block.size[0] * PT_MM * k, block.size[1] * PT_MM * k),
                              lambda s, m=measure_at: m(s / (PT_MM * k)), block.line_height, block.lines,
                              prefer_spaces, step=0.5 * PT_MM * k)
        if setting is None:
            raise TextDoesNotFitError(
                f"{item}: the text for '{block.id}' ({block.source}) does not fit its {block.box.w:.0f}×"
                f"{block.box.h:.0f} mm box even at {block.size[1]:.1f} pt ({layout.file}); shorten the text "
                f"in the programme file or the catalogue: {text[:40]!r}")
        size_px = setting.size
        font = fonts.load(font_file, max(1, round(size_px)))
        colour = layout.colours[block.colour]
        total = size_px * (1 + (len(setting.lines) - 1) * block.line_height)
        top = px(block.box.y) + {"top": 0, "middle": (height - total) / 2, "bottom": height - total}[block.valign]
        for i, line in enumerate(setting.lines):
            # Baseline at 0.88 em below the line top: CJK ideographs fill about 0.88 em above it.
            y = top + i * size_px * block.line_height + 0.88 * size_px
            w = font.getlength(line)
            x = px(block.box.x) + {"left": 0, "center": (width - w) / 2, "right": width - w}[block.align]
            draw.text((x, y), line, font=font, fill=colour, anchor="ls")
        drawn.append(DrawnText(block.id, setting.lines, size_px / (PT_MM * k)))

    if sample:
        _stamp(page, sample, fonts_by_weight["bold"], layout.stamp_pt * PT_MM * k)

    qr = _draw_qr(page, layout, matrix, k, item)
    return Rendered(page, dpi, trim, tuple(drawn), qr)


def _draw_qr(page: Image.Image, layout: Layout, matrix: QrMatrix, k: float, item: str) -> QrPlacement:
    n = matrix.size + 2 * QUIET_ZONE
    box = layout.qr.box
    box_px = int(box.w * k)
    module_px = box_px // n  # whole pixels per module: edges stay sharp, no resampling
    module_mm = module_px / k
    if module_px < 1 or module_mm < layout.qr.min_module_mm - 1e-9:
        raise QrTooSmallError(
            f"{item}: the QR code would print with {module_mm:.2f} mm modules (version {matrix.version}, "
            f"{matrix.size} modules in a {box.w:.1f} mm box); at least {layout.qr.min_module_mm} mm is needed: "
            f"enlarge qr.box in {layout.file}, choose a larger size_mm, or shorten the payload")
    grid = np.array(matrix.padded(), dtype=bool)
    pixels = np.where(grid, 0, 255).astype(np.uint8).repeat(module_px, axis=0).repeat(module_px, axis=1)
    side = n * module_px
    left = round((box.x + BLEED_MM) * k + (box_px - side) / 2)
    top = round((box.y + BLEED_MM) * k + (box_px - side) / 2)
    page.paste(Image.fromarray(pixels, "L").convert("RGB"), (left, top))
    return QrPlacement(left, top, side, module_px, module_mm)


def _stamp(page: Image.Image, text: str, font_file: fonts.FontFile, size_px: float) -> None:
    """'見本 / SAMPLE' diagonally across the item, translucent red (one rotated text tile, repeated)."""
    font = fonts.load(font_file, max(8, round(size_px)))
    w, h = page.size
    left, top, right, bottom = font.getbbox(text, anchor="lt")
    tile = Image.new("L", (right - left + 4, bottom - top + 4), 0)
    ImageDraw.Draw(tile).text((2 - left, 2 - top), text, font=font, fill=110, anchor="lt")
    angle = math.degrees(math.atan2(h, w))
    tile = tile.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    red = Image.new("RGB", tile.size, (214, 40, 40))
    # Repeat along the page's diagonal and parallel to it, a line of text every ~3 text heights.
    step = (bottom - top) * 4.5
    dx, dy = math.cos(math.radians(angle)), -math.sin(math.radians(angle))
    length = (right - left) * 1.3
    diag = math.hypot(w, h)
    for offset in range(-int(diag), int(diag), max(1, int(step))):
        ox, oy = w / 2 + offset * -dy, h / 2 + offset * dx
        for along in range(-int(diag), int(diag), max(1, int(length))):
            cx, cy = ox + along * dx, oy + along * dy
            if -tile.width < cx < w + tile.width and -tile.height < cy < h + tile.height:
                page.paste(red, (round(cx - tile.width / 2), round(cy - tile.height / 2)), tile)
