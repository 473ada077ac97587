"""Fonts found through fontconfig (or a file path given in config): one look-up for print, rich menu and charts."""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont

from tsunagu.domain.errors import FontMissingError


@dataclass(frozen=True)
class FontFile:
    """A font file and the face index inside a collection (.ttc)."""

    path: str
    index: int


@functools.cache
def find(pattern: str, setting: str) -> FontFile:
    """The font for a fontconfig pattern (e.g. 'Noto Sans CJK JP:bold') or a file path; FontMissingError if absent.

    `setting` names where the pattern came from, for the error message (file and field).
    """
    if "/" in pattern or pattern.endswith((".ttf", ".otf", ".ttc")):
        if Path(pattern).is_file():
            return FontFile(pattern, 0)
        raise FontMissingError(f"font file {pattern!r} does not exist ({setting}); set it to an installed font")
    family = pattern.split(":", 1)[0].strip()
    if shutil.which("fc-match") is None:
        raise FontMissingError(f"fontconfig's fc-match is not installed: install Debian's fontconfig and "
                               f"fonts-noto-cjk (scripts/setup does), or set {setting} to a font file path")
    out = subprocess.run(["fc-match", "-f", "%{file}\n%{index}\n%{family}", pattern],
                         capture_output=True, text=True, check=False).stdout.split("\n")
    # fc-match always answers with its best guess: accept it only if the family is the one asked for.
    families = [f.strip().lower() for f in (out[2] if len(out) > 2 else "").split(",")]
    if len(out) < 3 or family.lower() not in families or not Path(out[0]).is_file():
        raise FontMissingError(f"font {family!r} not found through fontconfig ({setting}): install Debian's "
                               f"fonts-noto-cjk (scripts/setup does), or set {setting} to an installed font "
                               "or a font file path")
    return FontFile(out[0], int(out[1] or 0))


@functools.cache
def load(font: FontFile, size_px: int) -> ImageFont.FreeTypeFont:
    """The Pillow font at a pixel size (cached per process)."""
    # BASIC layout: Japanese and Latin need no complex shaping, and it measures several times faster.
    return ImageFont.truetype(font.path, size_px, index=font.index, layout_engine=ImageFont.Layout.BASIC)
