"""QR codes as data: what a code encodes (the payload rules) and the matrix value renderers draw.

Pipeline: payload (here) → matrix (`tsunagu.makers.drawing.qrcodes`, made with `qrcode`, which imports
Pillow and so stays out of the domain) → renderer (print raster, portal SVG) → verifier (zxing-cpp).
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


def redirect_url(portal_url: str, placement_id: str) -> str:
    """The portal's counting redirect for a placement: `<portal_url>go/<placement id>/`."""
    return f"{portal_url.rstrip('/')}/go/{placement_id}/"


def payload_for(channel: Channel, placement: Placement | None, portal_url: str) -> str:
    """What the printed code encodes: the portal redirect if the placement counts scans, else the add-friend URL."""
    if placement is not None and placement.count_scans:
        return redirect_url(portal_url, placement.id)
    return channel.add_friend_url
