"""Proof that a printed code scans: decode the finished PDF, rasterised, with zxing-cpp, as printed and degraded.

The PDF is rasterised by PDFium (pypdfium2), a renderer independent of the one that wrote it, at print
resolution around the code only (a whole A3 page at 350 dpi would cost more than the rest of the item).

The degradations model a phone in a dim toilet stall: the camera sees about 150 dpi, out of focus,
at an angle, tilted, with little contrast, through JPEG compression. Each is applied to the
150 dpi copy (the phone's view) except `print`, which is the page itself.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pypdfium2
import zxingcpp
from PIL import Image, ImageEnhance, ImageFilter

PHONE_DPI = 150
PRINT_DPI = 350  # print shops ask for 350 dpi: the "as printed" proof sees the page at that resolution
PT = 72 / 25.4
DEGRADATIONS = ("print", "downscale-150dpi", "blur", "rotate-15", "tilt", "contrast-40", "jpeg")


Box = tuple[float, float, float, float]  # mm: left, top, right, bottom from the page's top-left


def rasterise(pdf: bytes, box_mm: Box | None = None, dpi: int = PRINT_DPI) -> Image.Image:
    """The first page, or the part `box_mm`, as RGB pixels."""
    return rasterise_all(pdf, [(box_mm, dpi)])[0]


def rasterise_all(pdf: bytes, parts: list[tuple[Box | None, int]]) -> list[Image.Image]:
    """Several parts of the first page (None: the whole page), each at its dpi, from one parse of the file."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        width, height = page.get_size()
        images = []
        for box_mm, dpi in parts:
            crop = (0.0, 0.0, 0.0, 0.0)
            if box_mm is not None:
                left, top, right, bottom = (max(0.0, v * PT) for v in box_mm)
                crop = (left, max(0.0, height - bottom), max(0.0, width - right), top)
            images.append(page.render(scale=dpi / 72, crop=crop, may_draw_forms=False).to_pil().convert("RGB"))
        return images
    finally:
        document.close()


def proof_dpi(module_mm: float) -> int:
    """The resolution of the "as printed" proof: 350 dpi, or less where modules are large (posters).

    Eight pixels a module is as sharp as a phone ever sees a code; rendering a poster's 3 mm modules
    at 350 dpi would only cost time (an A3 code's surroundings are 20 million pixels).
    """
    return max(PHONE_DPI, min(PRINT_DPI, math.ceil(8 * 25.4 / module_mm)))


def around(left: float, top: float, side: float) -> tuple[float, float, float, float]:
    """The box (mm) of a code plus a quarter of its size of surroundings on each side."""
    margin = side / 4
    return left - margin, top - margin, left + side + margin, top + side + margin


def degraded(gray: Image.Image, dpi: int) -> dict[str, Image.Image]:
    """The degraded copies of a grayscale image at `dpi`, by name."""
    scale = PHONE_DPI / dpi
    phone = gray.resize((max(1, round(gray.width * scale)), max(1, round(gray.height * scale))), Image.Resampling.BOX)
    out: dict[str, Image.Image] = {"print": gray, "downscale-150dpi": phone}
    out["blur"] = phone.filter(ImageFilter.GaussianBlur(radius=1.2))  # ≈0.2 mm: slightly out of focus
    out["rotate-15"] = phone.rotate(15, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    out["tilt"] = _tilt(phone)
    # Contrast cut to 40 % around mid grey, and darker: a dim stall.
    out["contrast-40"] = ImageEnhance.Contrast(phone).enhance(0.4).point(lambda v: v * 3 // 4)
    out["jpeg"] = _jpeg(phone, quality=35)
    return out


def check(gray: Image.Image, dpi: int, payload: str) -> dict[str, bool]:
    """Decode every degraded copy; True where the decoded text equals the payload."""
    return {name: decodes_to(img, payload) for name, img in degraded(gray, dpi).items()}


def decodes_to(image: Image.Image, payload: str) -> bool:
    """True if zxing-cpp finds a QR code in the image whose text is exactly `payload`."""
    return payload in decode_all(image)


def decode_all(image: Image.Image) -> list[str]:
    """The texts of every QR code zxing-cpp finds in the image."""
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def _tilt(img: Image.Image) -> Image.Image:
    """A perspective view: the top edge 25 % narrower than the bottom (a phone held below the sticker)."""
    w, h = img.size
    inset = 0.125 * w
    # Output corners (where the image's corners land) → solve for PIL's inverse perspective coefficients.
    dst = [(inset, 0), (w - inset, 0), (w, h), (0, h)]
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    coeffs = _perspective_coeffs(dst, src)
    return img.transform((w, h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC, fillcolor=255)


def _perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> tuple[float, ...]:
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=float)
    b = np.array([c for pt in src for c in pt], dtype=float)
    return tuple(float(c) for c in np.linalg.solve(a, b))


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert("L")


