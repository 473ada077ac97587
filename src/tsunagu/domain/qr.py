"""QR codes as data: payload → matrix. Renderers (print kit, portal) and the verifier are separate steps.

Pure domain: no PIL here. The `qrcode` package imports Pillow from its package `__init__`
(qrcode.main → qrcode.image.base → PIL), so the matrix comes from `segno`, which is pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tsunagu.domain.config import Channel, Placement

# ISO/IEC 18004 asks for a light margin of at least 4 modules around a QR code.
QUIET_ZONE = 4
# Print needs at least M (15 % recovery); L is never offered. H when anything is drawn over the code.
ECC_LEVELS: tuple[str, ...] = ("M", "Q", "H")


@dataclass(frozen=True)
class QrMatrix:
    """One encoded QR code: `modules[row][col]` is True for a dark module; no quiet zone included."""

    payload: str
    version: int
    ecc: str
    modules: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Modules per side, without the quiet zone (21 for version 1, +4 per version)."""
        return len(self.modules)

    def padded(self, quiet_zone: int = QUIET_ZONE) -> tuple[tuple[bool, ...], ...]:
        """The modules with a light quiet zone of `quiet_zone` modules on every side."""
        width = self.size + 2 * quiet_zone
        blank = (False,) * width
        side = (False,) * quiet_zone
        return (blank,) * quiet_zone + tuple(side + row + side for row in self.modules) + (blank,) * quiet_zone

    def svg(self, module: float = 1.0, quiet_zone: int = QUIET_ZONE, title: str = "") -> str:
        """A standalone SVG of the code (one path, crisp edges), `module` user units per module."""
        runs: list[str] = []
        for y, row in enumerate(self.modules):
            x = 0
            while x < self.size:
                if row[x]:
                    start = x
                    while x < self.size and row[x]:
                        x += 1
                    runs.append(f"M{start + quiet_zone} {y + quiet_zone}h{x - start}v1h{start - x}z")
                else:
                    x += 1
        side = self.size + 2 * quiet_zone
        px = side * module
        label = f'<title>{_xml_escape(title)}</title>' if title else ""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="{px:g}" height="{px:g}"'
            f' shape-rendering="crispEdges" role="img">{label}'
            f'<rect width="{side}" height="{side}" fill="#fff"/>'
            f'<path fill="#000" d="{"".join(runs)}"/></svg>'
        )


def encode(payload: str, ecc: str = "M") -> QrMatrix:
    """Encode `payload` as the smallest regular QR code at exactly the error correction `ecc` (M, Q or H)."""
    import segno  # pure Python; imported here so that importing tsunagu.domain.qr stays cheap

    level = ecc.upper()
    if level not in ECC_LEVELS:
        raise ValueError(f"error correction {ecc!r}: use one of {', '.join(ECC_LEVELS)}")
    if not payload:
        raise ValueError("empty QR payload")
    # Non-ASCII goes out as UTF-8 with an ECI header: without it readers guess Latin-1 or Shift_JIS.
    extra = {} if payload.isascii() else {"encoding": "utf-8", "eci": True}
    code = segno.make(payload, error=level.lower(), boost_error=False, micro=False, **extra)
    modules = tuple(tuple(bool(m) for m in row) for row in code.matrix)
    return QrMatrix(payload=payload, version=int(code.version), ecc=level, modules=modules)


def redirect_url(portal_url: str, placement_id: str) -> str:
    """The portal's counting redirect for a placement: `<portal_url>go/<placement id>/`."""
    return f"{portal_url.rstrip('/')}/go/{placement_id}/"


def payload_for(channel: Channel, placement: Placement | None, portal_url: str) -> str:
    """What the printed code encodes: the portal redirect if the placement counts scans, else the add-friend URL."""
    if placement is not None and placement.count_scans:
        return redirect_url(portal_url, placement.id)
    return channel.add_friend_url


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
