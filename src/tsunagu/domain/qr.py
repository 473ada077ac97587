"""QR codes as data: what a code encodes (the payload rules) and the matrix value renderers draw.

Pipeline: payload (here) → matrix (`tsunagu.makers.drawing.qrcodes`, made with `qrcode`, which imports
Pillow and so stays out of the domain) → renderer (print raster, portal SVG) → verifier (zxing-cpp).
"""

from __future__ import annotations

import base64
import hashlib
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


# A derived slug's length: 32**7 (3.4e10) addresses keep two of 10,000 placements (an all-Japan portal) from
# sharing one with odds of about 1 in 700, and a collision is refused by `tsunagu check`, never overwritten.
SLUG_LENGTH = 7
# Bytes a version-3 code holds at M (ISO/IEC 18004, table 7): a sticker's 0.9 mm modules need version 3 or
# lower, so `https://<portal>/go/<slug>/` must fit in it ("https://tsunagu.example.jp/go/abcdefg/" is 39).
STICKER_PAYLOAD_BYTES = 42


def slug_of(placement: Placement) -> str:
    """A placement's short /go/ address: its own `slug`, else 7 letters and digits hashed from its id.

    The id alone decides it, so a slug printed once never changes when other wards or placements are added.
    """
    if placement.slug:
        return placement.slug
    digest = hashlib.sha256(f"tsunagu/go/{placement.id}".encode()).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:SLUG_LENGTH]


def go_addresses(placement: Placement) -> tuple[str, ...]:
    """The folders under the portal's /go/ that lead to a counted placement: its slug (what the print kit
    encodes) and its id (what earlier prints encode), once each."""
    return tuple(dict.fromkeys((slug_of(placement), placement.id)))


def redirect_url(portal_url: str, slug: str) -> str:
    """The portal's counting redirect: `<portal_url>go/<slug>/` (a slug, or a placement id for older prints)."""
    return f"{portal_url.rstrip('/')}/go/{slug}/"


def payload_for(channel: Channel, placement: Placement | None, portal_url: str) -> str:
    """What the printed code encodes: the short portal redirect if the placement counts scans, else the
    add-friend URL. The redirect at the placement's id (`/go/<id>/`, what earlier prints encode) stays too."""
    if placement is not None and placement.count_scans:
        return redirect_url(portal_url, slug_of(placement))
    return channel.add_friend_url
