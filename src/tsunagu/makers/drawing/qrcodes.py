"""QR codes made with `qrcode`, the design card's library: the matrix for print, SVG for the portal.

Build time only: `qrcode` imports Pillow, which the print kit and the portal load anyway and the Lambda
never does. The payload rules (what a code encodes) stay in `tsunagu.domain.qr`. Bytes are UTF-8 without
an ECI header (qrcode writes none); the payloads are URLs, ASCII in practice.
"""

from __future__ import annotations

from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.image.svg import SvgPathFillImage
from qrcode.main import QRCode

from tsunagu.domain.qr import ECC_LEVELS, QUIET_ZONE, QrMatrix

_LEVELS = {"M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}


def make(payload: str, ecc: str = "M") -> QRCode:
    """The smallest regular QR code for `payload` at exactly the error correction `ecc` (M, Q or H)."""
    level = ecc.upper()
    if level not in ECC_LEVELS:
        raise ValueError(f"error correction {ecc!r}: use one of {', '.join(ECC_LEVELS)}")
    if not payload:
        raise ValueError("empty QR payload")
    code = QRCode(error_correction=_LEVELS[level], border=QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    return code


def encode(payload: str, ecc: str = "M") -> QrMatrix:
    """The code's modules as data, for renderers that draw them (the print kit's raster)."""
    code = make(payload, ecc)
    modules = tuple(tuple(bool(m) for m in row) for row in code.modules)
    return QrMatrix(payload=payload, version=code.version, ecc=ecc.upper(), modules=modules)


def svg(code: QRCode, module: float = 1.0, title: str = "") -> str:
    """An SVG of a made code from qrcode's one-path factory: white ground, quiet zone, `module` px per module."""
    image = code.make_image(image_factory=SvgPathFillImage)  # viewBox units: one per module
    root = image.get_image()
    side = (code.modules_count + 2 * QUIET_ZONE) * module
    root.set("width", f"{side:g}")
    root.set("height", f"{side:g}")
    root.set("shape-rendering", "crispEdges")
    root.set("role", "img")
    for path in root.iter("path"):
        path.attrib.pop("id", None)  # a page shows several codes: ids must stay unique
    if title:
        label = root.makeelement("title", {})  # lxml or ElementTree, whichever qrcode found
        label.text = title
        root.insert(0, label)
    return str(image.to_string(encoding="unicode"))
