"""Compose one item as HTML from its layout: typeset texts, shapes, the QR as one vector path, the stamp.

The page is the trim plus the 3 mm bleed plus a slug for the crop marks; the template (`item.html`)
and the stylesheet (`print.css`) live beside the layouts in `assets/posters/`, so a ward's designer
edits them without reading Python. Lines are broken here, by the one typesetter (BudouX phrases, then
kinsoku, then shrink to fit), and the template sets each line as it comes: WeasyPrint draws, it does
not decide where Japanese breaks.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from PIL import ImageFont

from tsunagu.domain import ruby
from tsunagu.domain.errors import LayoutError, QrTooSmallError, TextDoesNotFitError
from tsunagu.domain.qr import QUIET_ZONE, QrMatrix
from tsunagu.makers.drawing import fonts, typeset
from tsunagu.makers.printkit import artwork
from tsunagu.makers.printkit.layout import BLEED_MM, Cmyk, Layout

PT_MM = 25.4 / 72  # one typographic point in mm
MEASURE_PX = 200  # reference size for measuring text widths
SLUG_MM = 10.0  # room outside the bleed for the crop marks (トンボ), as print shops' templates leave
# The PDF's creation date: fixed, so a rebuilt item is byte-identical.
FIXED_DATE = "2020-01-01T00:00:00Z"
# Readings (ルビ) are set at half the size of their word (JIS X 4051), above it. A text carrying them needs
# taller lines, and room above its first line (em of the text's size).
RUBY_SCALE = 0.5
RUBY_ROOM = 0.6  # a line carrying readings is set this much lower (print.css: .line.ruby)
RUBY_RAISE = 0.7  # a reading is raised this many of its own ems from where it would stand in the line


@dataclass(frozen=True)
class DrawnText:
    """A text as set on the item (for checks: discreet wording, sizes, phrase breaks)."""

    block: str
    lines: tuple[str, ...]
    size_pt: float
    ruby_pt: float = 0.0  # the readings' size, 0 when the text carries none


@dataclass(frozen=True)
class QrPlacement:
    """Where the QR landed, in mm from the trim's top-left corner (quiet zone included)."""

    left: float
    top: float
    side: float
    module_mm: float


@dataclass(frozen=True)
class Composed:
    """One item as HTML for WeasyPrint, and what was set on it."""

    html: str
    base_url: str
    page_mm: tuple[float, float]  # trim + 2 × (bleed + slug)
    trim_mm: tuple[float, float]
    texts: tuple[DrawnText, ...]
    qr: QrPlacement


def cmyk(colour: Cmyk) -> str:
    """A CSS device-cmyk() colour: the PDF gets DeviceCMYK, never RGB."""
    return "device-cmyk({})".format(" ".join(f"{v:.3g}" for v in colour))


def qr_path(matrix: QrMatrix) -> str:
    """The dark modules as one SVG path, a rectangle per horizontal run (units: modules, quiet zone included)."""
    parts = []
    for y, row in enumerate(matrix.modules):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return "".join(parts)


class SetLine(Markup):
    """One set line as HTML; `ruby` when it carries readings (item.html gives it the class `ruby`)."""

    ruby = False


def ruby_line(line: str, readings: Mapping[str, str], width: Callable[[str], float] | None = None,
              reading_width: Callable[[str], float] | None = None) -> SetLine:
    """One set line as HTML, each listed word's reading just before it, moved above it and centred over it
    (print.css: .line.ruby, .rt; `width`, `reading_width`: mm at the set size).

    Only the reading is positioned, so the PDF keeps the line's own text in order (readings after it).
    """
    runs = ruby.runs(line, readings)
    parts = []
    for r in runs:
        if not r.reading:
            parts.append(escape(r.text))
            continue
        shift = 0.0
        if width is not None and reading_width is not None:
            em = reading_width("\u3000") or 1.0  # the reading's em, in mm
            shift = (width(r.text) - reading_width(r.reading)) / 2 / em
        parts.append(Markup('<span class="rt" style="transform: translate({:.3f}em, -{}em)">{}</span>{}').format(
            shift, RUBY_RAISE, r.reading, r.text))
    out = SetLine(Markup("").join(parts))
    out.ruby = any(r.reading for r in runs)
    return out


@functools.cache
def _template(folder: str) -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    try:
        return env.get_template("item.html")
    except jinja2.TemplateNotFound:
        raise LayoutError(f"{folder}/item.html: missing; copy item.html and print.css from tsunagu's own layouts "
                          "(assets/posters/) into this folder") from None
    except jinja2.TemplateError as exc:
        raise LayoutError(f"{folder}/item.html:{getattr(exc, 'lineno', 1) or 1}: {exc}; fix the template "
                          "(compare with tsunagu's own assets/posters/item.html)") from None


def render(layout: Layout, texts: dict[str, str], matrix: QrMatrix, fonts_by_weight: dict[str, fonts.FontFile],
           item: str, sample: str = "", language: str = "ja", images: dict[str, str] | None = None) -> Composed:
    """Compose `layout` (already at item size) with these texts and code; errors name the item and field."""
    trim = layout.reference_mm
    readings = ruby.readings(language)
    drawn, blocks = [], []
    for block in layout.texts:
        if block.source not in texts:
            raise LayoutError(f"{layout.file}: texts[{block.id}].text: unknown source {block.source!r}")
        text = texts[block.source].strip()
        if not text:
            continue
        measure_at = _measure(fonts_by_weight[block.weight])
        prefer_spaces = " " in text or "　" in text  # English, easy Japanese and lists break at their spaces
        with_ruby = ruby.has_reading(text, readings)
        line_height = block.line_height

        def room(line: str) -> float:
            return RUBY_ROOM if ruby.has_reading(line, readings) else 0.0

        setting = typeset.fit(text, block.box.w, block.box.h, (block.size[0] * PT_MM, block.size[1] * PT_MM),
                              measure_at, line_height, block.lines, prefer_spaces, step=0.25 * PT_MM,
                              above=room if with_ruby else None)
        if setting is None:
            raise TextDoesNotFitError(
                f"{item}: the text for '{block.id}' ({block.source}) does not fit its {block.box.w:.0f}×"
                f"{block.box.h:.0f} mm box even at {block.size[1]:.1f} pt ({layout.file}); shorten the text "
                f"in the programme file or the catalogue: {text[:40]!r}")
        size_mm = setting.size
        total = size_mm * (1 + (len(setting.lines) - 1) * line_height + sum(map(room, setting.lines)))
        shift = {"top": 0.0, "middle": (block.box.h - total) / 2, "bottom": block.box.h - total}[block.valign]
        # CSS centres each line in its line box: lift the first by its half-leading so it starts at the box top.
        top = block.box.y + shift - (line_height - 1) / 2 * size_mm
        lines = [ruby_line(line, readings, measure_at(size_mm), _measure(fonts_by_weight["regular"])(
            size_mm * RUBY_SCALE)) for line in setting.lines]
        blocks.append({"id": block.id, "weight": block.weight, "x": block.box.x + BLEED_MM, "y": top + BLEED_MM,
                       "w": block.box.w, "size_pt": size_mm / PT_MM, "line_height": line_height,
                       "align": block.align, "colour": cmyk(layout.colours[block.colour]), "lines": lines})
        drawn.append(DrawnText(block.id, setting.lines, size_mm / PT_MM,
                               size_mm / PT_MM * RUBY_SCALE if with_ruby else 0.0))
    qr = _place_qr(layout, matrix, item)
    page = (trim[0] + 2 * (BLEED_MM + SLUG_MM), trim[1] + 2 * (BLEED_MM + SLUG_MM))
    folder = str(Path(layout.file).parent)
    html = _template(folder).render(
        language=language, title=item, created=FIXED_DATE, kind=layout.kind, page=page, slug=SLUG_MM,
        bleed=BLEED_MM, item=(trim[0] + 2 * BLEED_MM, trim[1] + 2 * BLEED_MM),
        shapes=[{"x": s.box.x + BLEED_MM, "y": s.box.y + BLEED_MM, "w": s.box.w, "h": s.box.h, "radius": s.radius,
                 "fill": cmyk(layout.colours[s.fill])} for s in layout.shapes],
        texts=blocks, paper=cmyk(layout.colours.get("paper", (0, 0, 0, 0))),
        qr={"x": qr.left + BLEED_MM, "y": qr.top + BLEED_MM, "side": qr.side, "modules": matrix.size + 2 * QUIET_ZONE,
            "path": qr_path(matrix)},
        images=[{"x": box.x + BLEED_MM, "y": box.y + BLEED_MM, "w": box.w, "h": box.h, "name": name,
                 "src": artwork.data_uri(Path(images[name]))}
                for name, box in layout.images.items() if images and images.get(name)],
        sample=sample, stamp_pt=layout.stamp_pt, stamp_angle=-math.degrees(math.atan2(trim[1], trim[0])))
    return Composed(html, folder + "/", page, trim, tuple(drawn), qr)


@functools.cache
def _measure(font_file: fonts.FontFile) -> Callable[[float], Callable[[str], float]]:
    """Text widths in mm at a size in mm, from the font's advances at one reference size.

    Without shaping (Pillow's BASIC layout, no kerning) a text's width is the sum of its characters'
    advances: each is asked of FreeType once per process, and balancing a paragraph's lines (dozens
    of trial widths) costs additions only.
    """
    reference: ImageFont.FreeTypeFont = fonts.load(font_file, MEASURE_PX)
    advances: dict[str, float] = {}

    def width(piece: str) -> float:
        total = 0.0
        for ch in piece:
            advance = advances.get(ch)
            if advance is None:
                advance = advances[ch] = reference.getlength(ch)
            total += advance
        return total

    def measure_at(size_mm: float) -> Callable[[str], float]:
        # Advances scale linearly with size: 0.5 % margin for rounding; WeasyPrint's palt only narrows.
        scale = size_mm / MEASURE_PX * 1.005
        return lambda piece: width(piece) * scale
    return measure_at


def _place_qr(layout: Layout, matrix: QrMatrix, item: str) -> QrPlacement:
    n = matrix.size + 2 * QUIET_ZONE
    box = layout.qr.box
    module_mm = box.w / n  # a vector path: any module size prints sharp, no whole-pixel rounding
    if module_mm < layout.qr.min_module_mm - 1e-9:
        raise QrTooSmallError(
            f"{item}: the QR code would print with {module_mm:.2f} mm modules (version {matrix.version}, "
            f"{matrix.size} modules in a {box.w:.1f} mm box); at least {layout.qr.min_module_mm} mm is needed: "
            f"enlarge qr.box in {layout.file}, choose a larger size_mm, or shorten the payload")
    return QrPlacement(box.x, box.y, box.w, module_mm)
