"""Layouts as data: `<kind>[-discreet].yml` say where each text, shape and the QR code go.

The layouts shipped with tsunagu are package data (`assets/posters/`); a ward may hand in its own
folder (TSUNAGU_POSTERS, passed in by `tsunagu print`).

Positions are in mm from the top-left corner of the trim on the layout's reference size; an item of
another size (A3 from the A4 layout, a 85×55 sticker) scales positions per axis and type by the
smaller factor. A layout is checked when loaded: texts at least `safe_mm` inside the trim.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from tsunagu.domain.errors import LayoutError
from tsunagu.domain.qr import ECC_LEVELS
from tsunagu.domain.vocabulary import PLACEMENT_KINDS
from tsunagu.makers.assets import shipped

# Print shops in Japan ask for 3 mm bleed (塗り足し) and keep texts 3 mm inside the trim.
BLEED_MM = 3.0
SAFE_MM = 3.0


# tsunagu is installed as files (wheel or checkout), never zipped, so package data has a real path.
SHIPPED = shipped("posters")


@dataclass(frozen=True)
class Box:
    """A rectangle in mm: x, y from the trim's top-left corner."""

    x: float
    y: float
    w: float
    h: float

    def scaled(self, sx: float, sy: float) -> Box:
        """The box on an item sx, sy times the reference size."""
        return Box(self.x * sx, self.y * sy, self.w * sx, self.h * sy)


@dataclass(frozen=True)
class Shape:
    """A filled rectangle (may run into the bleed)."""

    box: Box
    fill: str
    radius: float = 0.0


@dataclass(frozen=True)
class TextBlock:
    """One text: which source, where, how big (pt, max and min), weight, colour, alignment."""

    id: str
    source: str
    box: Box
    size: tuple[float, float]
    weight: str = "regular"
    colour: str = "ink"
    align: str = "left"
    valign: str = "top"
    lines: int = 0  # 0 = as many as fit
    line_height: float = 1.35


@dataclass(frozen=True)
class QrBlock:
    """Where the QR code goes (square, quiet zone included) and its error correction."""

    box: Box
    ecc: str = "M"
    min_module_mm: float = 0.4  # below 0.4 mm phone cameras in dim light stop reading reliably


@dataclass(frozen=True)
class Layout:
    """One kind of item (poster, sticker, card), standard or discreet."""

    name: str
    file: str
    kind: str
    discreet: bool
    reference_mm: tuple[float, float]
    sizes: dict[str, tuple[float, float]]
    dpi: int
    preview_dpi: int
    colours: dict[str, tuple[int, int, int]]
    shapes: tuple[Shape, ...]
    texts: tuple[TextBlock, ...]
    qr: QrBlock
    avoid_large: tuple[str, ...] = ()  # words never set above `large_pt` (discreet items)
    large_pt: float = 9.0
    stamp_pt: float = 40.0

    def at_size(self, size_mm: tuple[float, float]) -> Layout:
        """This layout scaled to an item size; LayoutError if a text would leave the safe area."""
        sx, sy = size_mm[0] / self.reference_mm[0], size_mm[1] / self.reference_mm[1]
        k = min(sx, sy)
        texts = tuple(replace(t, box=t.box.scaled(sx, sy), size=(t.size[0] * k, t.size[1] * k)) for t in self.texts)
        side = min(self.qr.box.w * sx, self.qr.box.h * sy)
        qr_box = Box(self.qr.box.x * sx, self.qr.box.y * sy, side, side)
        scaled = replace(self, reference_mm=size_mm, texts=texts, qr=replace(self.qr, box=qr_box),
                         shapes=tuple(replace(s, box=s.box.scaled(sx, sy)) for s in self.shapes),
                         stamp_pt=self.stamp_pt * k)
        w, h = size_mm
        for t in scaled.texts:
            b = t.box
            if b.x < SAFE_MM - 1e-6 or b.y < SAFE_MM - 1e-6 or b.x + b.w > w - SAFE_MM + 1e-6 \
                    or b.y + b.h > h - SAFE_MM + 1e-6:
                raise LayoutError(f"{self.file}: texts[{t.id}].box: must stay {SAFE_MM:g} mm inside the "
                                  f"{w:g}×{h:g} mm trim; move or shrink the box")
        return scaled


@dataclass(frozen=True)
class Sheet:
    """Imposition: items laid out on a sheet with gutters wide enough for two bleeds."""

    file: str
    paper_mm: tuple[float, float]
    margin_mm: float
    gutter_mm: float
    mark_mm: float
    dpi: int
    preview_dpi: int


def load(kind: str, discreet: bool = False, folder: Path | None = None) -> Layout:
    """The layout for a kind of item; the discreet variant is `<kind>-discreet.yml`."""
    name = f"{kind}-discreet" if discreet else kind
    return _load(name, str(folder or SHIPPED))


def load_sheet(folder: Path | None = None) -> Sheet:
    """The imposition settings (`sheet.yml`)."""
    path = Path(folder or SHIPPED) / "sheet.yml"
    data = _read(path)
    f = _Fields(path, data)
    return Sheet(str(path), f.pair("paper_mm"), f.number("margin_mm"), f.number("gutter_mm"),
                 f.number("mark_mm"), int(f.number("dpi")), int(f.number("preview_dpi")))


def style(folder: Path | None = None) -> dict[str, Any]:
    """Shared settings of all layouts (`style.yml`: fonts)."""
    path = Path(folder or SHIPPED) / "style.yml"
    return {"file": str(path), **_read(path)}


@functools.cache
def _load(name: str, folder: str) -> Layout:
    path = Path(folder) / f"{name}.yml"
    if not path.is_file():
        raise LayoutError(f"{path}: no layout for '{name}'; add the file (poster.yml documents the fields)")
    data = _read(path)
    for key, kind in (("colours", dict), ("qr", dict), ("sizes", dict), ("texts", list), ("shapes", list),
                      ("avoid_large", list)):
        if data.get(key) is not None and not isinstance(data[key], kind):
            raise LayoutError(f"{path}: {key}: expected a {'mapping' if kind is dict else 'list'}")
    for key in ("texts", "shapes"):
        for i, entry in enumerate(data.get(key) or ()):
            if not isinstance(entry, dict):
                raise LayoutError(f"{path}: {key}[{i}]: expected a mapping of fields")
    try:
        return _build(name, path, data)
    except (TypeError, ValueError) as exc:  # a number where text belongs, etc.: still name the file
        raise LayoutError(f"{path}: invalid value ({exc}); compare with the shipped layout") from None


def _build(name: str, path: Path, data: dict[str, Any]) -> Layout:
    f = _Fields(path, data)
    colours = {k: _colour(path, f"colours.{k}", v) for k, v in (data.get("colours") or {}).items()}
    shapes = tuple(Shape(f.box(f"shapes[{i}].box", s.get("box")),
                         _known(path, f"shapes[{i}].fill", s.get("fill"), colours), float(s.get("radius", 0)))
                   for i, s in enumerate(data.get("shapes") or ()))
    texts = []
    for i, t in enumerate(data.get("texts") or ()):
        where = f"texts[{t.get('id', i)}]"
        size = t.get("size")
        if not (isinstance(size, list) and len(size) == 2 and size[0] >= size[1] > 0):
            raise LayoutError(f"{path}: {where}.size: give [max, min] in pt, e.g. [24, 14]")
        texts.append(TextBlock(
            id=str(t.get("id", i)), source=str(t.get("text", "")), box=f.box(f"{where}.box", t.get("box")),
            size=(float(size[0]), float(size[1])), weight=_choice(path, f"{where}.weight", t.get("weight", "regular"),
                                                                   ("regular", "bold")),
            colour=_known(path, f"{where}.colour", t.get("colour", "ink"), colours),
            align=_choice(path, f"{where}.align", t.get("align", "left"), ("left", "center", "right")),
            valign=_choice(path, f"{where}.valign", t.get("valign", "top"), ("top", "middle", "bottom")),
            lines=int(t.get("lines", 0)), line_height=float(t.get("line_height", 1.35))))
    q = data.get("qr") or {}
    ecc = str(q.get("ecc", "M")).upper()
    if ecc not in ECC_LEVELS:
        raise LayoutError(f"{path}: qr.ecc: use {', '.join(ECC_LEVELS)} (L is too weak for print)")
    sizes = {str(k): f.pair(f"sizes.{k}", v) for k, v in (data.get("sizes") or {}).items()}
    return Layout(
        name=name, file=str(path), kind=_choice(path, "kind", data.get("kind"), PLACEMENT_KINDS),
        discreet=bool(data.get("discreet", False)), reference_mm=f.pair("reference_mm"), sizes=sizes,
        dpi=int(f.number("dpi")), preview_dpi=int(f.number("preview_dpi")), colours=colours, shapes=shapes,
        texts=tuple(texts), qr=QrBlock(f.box("qr.box", q.get("box")), ecc, float(q.get("min_module_mm", 0.4))),
        avoid_large=tuple(str(w) for w in data.get("avoid_large") or ()), large_pt=float(data.get("large_pt", 9)),
        stamp_pt=float(data.get("stamp_pt", 40)))


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise LayoutError(f"{path}: file missing (copy it from tsunagu's own layouts, {SHIPPED})")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LayoutError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise LayoutError(f"{path}: expected a mapping of layout fields")
    return data


@dataclass(frozen=True)
class _Fields:
    path: Path
    data: dict[str, Any]

    def number(self, key: str) -> float:
        value = self.data.get(key)
        if not isinstance(value, int | float) or value <= 0:
            raise LayoutError(f"{self.path}: {key}: give a positive number")
        return float(value)

    def pair(self, key: str, value: Any = None) -> tuple[float, float]:
        value = self.data.get(key) if value is None else value
        numbers = isinstance(value, list) and all(isinstance(v, int | float) and v > 0 for v in value)
        if not (numbers and len(value) == 2):
            raise LayoutError(f"{self.path}: {key}: give [width, height] in mm")
        return float(value[0]), float(value[1])

    def box(self, key: str, value: Any) -> Box:
        if not (isinstance(value, list) and len(value) == 4 and all(isinstance(v, int | float) for v in value)):
            raise LayoutError(f"{self.path}: {key}: give [x, y, width, height] in mm")
        return Box(*(float(v) for v in value))


def _colour(path: Path, key: str, value: Any) -> tuple[int, int, int]:
    text = str(value)
    if len(text) != 7 or not text.startswith("#"):
        raise LayoutError(f"{path}: {key}: write colours as '#RRGGBB'")
    try:
        return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)
    except ValueError:
        raise LayoutError(f"{path}: {key}: write colours as '#RRGGBB'") from None


def _known(path: Path, key: str, value: Any, colours: dict[str, Any]) -> str:
    if value not in colours:
        raise LayoutError(f"{path}: {key}: {value!r} is not one of the colours ({', '.join(colours)})")
    return str(value)


def _choice(path: Path, key: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise LayoutError(f"{path}: {key}: {value!r}; use one of {', '.join(allowed)}")
    return str(value)
