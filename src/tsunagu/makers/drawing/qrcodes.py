"""QR codes made with `qrcode`, the design card's library: the matrix for print, SVG for the portal.

Build time only: `qrcode` imports Pillow, which the print kit and the portal load anyway and the Lambda
never does. The payload rules (what a code encodes) stay in `tsunagu.domain.qr`. Bytes are UTF-8 without
an ECI header (qrcode writes none); the payloads are URLs, ASCII in practice.
"""

from __future__ import annotations

from html import escape

from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q
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
    """An SVG of a made code: white ground, quiet zone, `module` px per module, the dark modules as one path.

    Each run of dark modules in a row is one rectangle (`M x y h n v1 h-n z`): a third of the bytes of
    qrcode's own SVG factory (a square per module) and ~50x quicker, which an all-Japan portal needs.
    """
    side = code.modules_count + 2 * QUIET_ZONE
    px = side * module
    label = f"<title>{escape(title)}</title>" if title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="{px:g}" height="{px:g}"'
            f' shape-rendering="crispEdges" role="img">{label}<rect width="{side}" height="{side}" fill="#fff"/>'
            f'<path fill="#000" d="{"".join(_runs(code.modules))}"/></svg>')


def _runs(modules: list[list[bool | None]]) -> list[str]:
    out = []
    for y, row in enumerate(modules, start=QUIET_ZONE):
        x, size = 0, len(row)
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                out.append(f"M{start + QUIET_ZONE} {y}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return out
