"""QR codes made with `qrcode`, the design card's library: the matrix for print, SVG for the portal.

Build time only: `qrcode` imports Pillow, which the print kit and the portal load anyway and the Lambda
never does. The payload rules (what a code encodes) stay in `tsunagu.domain.qr`. Bytes are UTF-8 without
an ECI header (qrcode writes none); the payloads are URLs, ASCII in practice.
"""

from __future__ import annotations

from html import escape

import numpy as np
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.main import QRCode, precomputed_qr_blanks

from tsunagu.domain.qr import ECC_LEVELS, QUIET_ZONE, QrMatrix

_LEVELS = {"M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}


def make(payload: str, ecc: str = "M") -> QRCode:
    """The smallest regular QR code for `payload` at exactly the error correction `ecc` (M, Q or H)."""
    level = ecc.upper()
    if level not in ECC_LEVELS:
        raise ValueError(f"error correction {ecc!r}: use one of {', '.join(ECC_LEVELS)}")
    if not payload:
        raise ValueError("empty QR payload")
    code = _QRCode(error_correction=_LEVELS[level], border=QUIET_ZONE)
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


# The 1:1:3:1:1 finder-like run with four light modules on either side (ISO/IEC 18004 penalty rule 3).
_FINDER_LIKE = np.array([[1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1]], dtype=bool)


class _QRCode(QRCode):
    """qrcode's QRCode choosing the same mask as qrcode does, scored on all eight at once with numpy.

    qrcode lays the code out eight times and scores each in Python (~4 ms of its ~5 ms a code); here the
    data is laid out once and the masks applied as arrays. The penalty rules are qrcode's (`util.lost_point`)
    and a test holds the choice equal to qrcode's own.
    """

    def best_mask_pattern(self) -> int:
        """The mask with the lowest penalty, the first of equals (as qrcode chooses)."""
        self.makeImpl(True, 0)
        masked = np.array(self.modules, dtype=bool)
        data = self._data_cells()
        size = masked.shape[0]
        rows, cols = np.indices((size, size))
        masks = np.stack([_mask(i, rows, cols) for i in range(8)]) & data
        candidates = (masked ^ masks[0])[None] ^ masks  # the data unmasked, then each mask applied
        return int(np.argmin(_penalties(candidates)))

    def _data_cells(self) -> np.ndarray:
        """Where map_data writes: neither a function pattern nor format or version information."""
        self.modules = [list(row) for row in precomputed_qr_blanks[self.version]]
        self.setup_type_info(True, 0)
        if self.version >= 7:
            self.setup_type_number(True)
        return np.array([[m is None for m in row] for row in self.modules], dtype=bool)


def _mask(pattern: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """ISO/IEC 18004's eight mask conditions (qrcode's util.mask_func), row i and column j."""
    conditions = ((i + j) % 2 == 0, i % 2 == 0, j % 3 == 0, (i + j) % 3 == 0, (i // 2 + j // 3) % 2 == 0,
                  (i * j) % 2 + (i * j) % 3 == 0, ((i * j) % 2 + (i * j) % 3) % 2 == 0,
                  ((i * j) % 3 + (i + j) % 2) % 2 == 0)
    return np.asarray(conditions[pattern], dtype=bool)


def _penalties(codes: np.ndarray) -> list[int]:
    """qrcode's lost_point of each code in a stack (n codes x size x size)."""
    count, size, _ = codes.shape
    both = np.concatenate([codes, codes.transpose(0, 2, 1)])  # rows, then columns as rows
    # Rule 1: each run of 5 or more modules of one colour in a row or column costs its length - 2.
    flat = np.concatenate([both.astype(np.int8), np.full((2 * count, size, 1), 2, np.int8)], axis=2).ravel()
    starts = np.concatenate([[0], np.flatnonzero(np.diff(flat)) + 1])
    lengths = np.diff(np.append(starts, flat.size))
    owner = (starts // (size * (size + 1))) % count
    runs = np.bincount(owner, weights=np.where(lengths >= 5, lengths - 2, 0), minlength=count)
    # Rule 2: each 2x2 block of one colour costs 3.
    corner = codes[:, :-1, :-1]
    blocks = ((corner == codes[:, 1:, :-1]) & (corner == codes[:, :-1, 1:]) & (corner == codes[:, 1:, 1:]))
    # Rule 3: each finder-like pattern in a row or column costs 40.
    windows = np.lib.stride_tricks.sliding_window_view(both, 11, axis=2)
    finder = (windows[..., None, :] == _FINDER_LIKE).all(axis=-1).any(axis=-1).sum(axis=(1, 2))
    finder = finder[:count] + finder[count:]
    out = []
    for n in range(count):
        # Rule 4: every 5 % the dark share is away from 50 % costs 10 (qrcode's float arithmetic).
        percent = float(codes[n].sum()) / (size**2)
        balance = int(abs(percent * 100 - 50) / 5) * 10
        out.append(int(runs[n]) + 3 * int(blocks[n].sum()) + 40 * int(finder[n]) + balance)
    return out
