"""A ward's own artwork (its mark, LINE's 友だち追加 badge) made ready for a CMYK PDF.

A PNG is RGB: embedded as it is, it would put DeviceRGB in the PDF, which a PDF/X preflight refuses
and a print shop converts on its own. The image is flattened onto white paper and separated with
full grey-component replacement, so black and greys print on the K plate alone (a mark's black must
not become four-colour black, the same rule as for text), then handed to WeasyPrint as a CMYK JPEG.
"""

from __future__ import annotations

import base64
import functools
import io
from pathlib import Path

import numpy as np
from PIL import Image


@functools.cache
def data_uri(path: Path) -> str:
    """The image as a `data:` URI of a CMYK JPEG (cached per process: every item shares it)."""
    with Image.open(path) as image:
        rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    rgb = np.asarray(Image.alpha_composite(paper, rgba).convert("RGB")).astype(np.float64) / 255
    k = 1 - rgb.max(axis=2)
    room = np.where(k < 1, 1 - k, 1)
    cmy = (1 - rgb - k[..., None]) / room[..., None]
    cmyk = np.dstack([cmy, k]).clip(0, 1)
    out = io.BytesIO()
    # JPEG is the CMYK raster WeasyPrint embeds as it is (DCT, DeviceCMYK); at 95 % without chroma
    # subsampling a flat mark keeps its plates clean.
    Image.fromarray((cmyk * 255).round().astype(np.uint8), "CMYK").save(out, "JPEG", quality=95, subsampling=0)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")
