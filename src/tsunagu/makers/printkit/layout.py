"""Layouts as data: `<kind>[-discreet].yml` say where each text, shape and the QR code go.

The layouts shipped with tsunagu sit at the repository's top level (`assets/posters/`, the wheel
carries a copy); a ward may hand in its own folder (TSUNAGU_POSTERS, passed in by `tsunagu print`).
They are read by the one YAML reader (`tsunagu.makers.sources.yamlfile`), so every error names
`file:line: field`.

Positions are in mm from the top-left corner of the trim on the layout's reference size; an item of
another size (A3 from the A4 layout, a 85×55 sticker) scales positions per axis and type by the
smaller factor. Colours are process colours, [C, M, Y, K] in percent: the print shop prints CMYK, and
text below 12 pt must be K only (no rich black: four plates out of register blur small type).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tsunagu.domain.errors import LayoutError
from tsunagu.domain.qr import ECC_LEVELS
from tsunagu.domain.vocabulary import PLACEMENT_KINDS
from tsunagu.makers.assets import shipped
from tsunagu.makers.sources.yamlfile import Located, YamlSyntaxError, load_located

# Print shops in Japan ask for 3 mm bleed (塗り足し) and keep texts 3 mm inside the trim.
BLEED_MM = 3.0
SAFE_MM = 3.0
# Type at or above this size may be coloured; smaller type is K only (JIS large print starts at 12 pt).
LARGE_PT = 12.0
IMAGES = ("logo", "badge")  # the issuer's mark and LINE's 友だち追加 badge, from the programme file
LAYOUT_FILES = ("poster", "sticker", "sticker-discreet", "card", "card-discreet", "card-child")

# tsunagu is installed as files (wheel or checkout), never zipped, so package data has a real path.
SHIPPED = shipped("posters")

Cmyk = tuple[float, float, float, float]  # 0..1 each


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
    preview_dpi: int
    colours: dict[str, Cmyk]
    shapes: tuple[Shape, ...]
    texts: tuple[TextBlock, ...]
    qr: QrBlock
    avoid_large: tuple[str, ...] = ()  # words never set above `large_pt` (discreet items)
    large_pt: float = 9.0
    stamp_pt: float = 40.0
    floor_pt: float = 0.0  # no text below this size (public-sector legibility floor)
    images: dict[str, Box] = field(default_factory=dict)  # where the issuer's logo and LINE's badge go, if given

    def at_size(self, size_mm: tuple[float, float]) -> Layout:
        """This layout scaled to an item size; LayoutError if a text would leave the safe area."""
        sx, sy = size_mm[0] / self.reference_mm[0], size_mm[1] / self.reference_mm[1]
        k = min(sx, sy)
        # Type scales with the item but never below the floor: a smaller sticker fails to fit, it does not shrink.
        floor = self.floor_pt
        texts = tuple(replace(t, box=t.box.scaled(sx, sy), size=(max(t.size[0] * k, floor), max(t.size[1] * k, floor)))
                      for t in self.texts)
        side = min(self.qr.box.w * sx, self.qr.box.h * sy)
        qr_box = Box(self.qr.box.x * sx, self.qr.box.y * sy, side, side)
        scaled = replace(self, reference_mm=size_mm, texts=texts, qr=replace(self.qr, box=qr_box),
                         images={k: b.scaled(sx, sy) for k, b in self.images.items()},
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
    preview_dpi: int


def load(kind: str, discreet: bool = False, folder: Path | None = None, name: str | None = None) -> Layout:
    """The layout for a kind of item; the discreet variant is `<kind>-discreet.yml`; `name` picks another
    file (a placement's own `layout`), which must be for the same kind."""
    found = _load(name or (f"{kind}-discreet" if discreet else kind), str(folder or SHIPPED))
    if found.kind != kind:
        raise LayoutError(f"{found.file}: kind: this layout is for a {found.kind}, not a {kind}; name a {kind} "
                          "layout in the placement's layout")
    return found


def load_sheet(folder: Path | None = None) -> Sheet:
    """The imposition settings (`sheet.yml`)."""
    f = _Fields(_read(Path(folder or SHIPPED) / "sheet.yml"))
    return Sheet(f.doc.file, f.pair(("paper_mm",)), f.number(("margin_mm",)), f.number(("gutter_mm",)),
                 f.number(("mark_mm",)), int(f.number(("preview_dpi",))))


def style(folder: Path | None = None) -> dict[str, Any]:
    """Shared settings of all layouts (`style.yml`: fonts)."""
    doc = _read(Path(folder or SHIPPED) / "style.yml")
    fonts = doc.data.get("fonts")
    if not isinstance(fonts, dict) or not all(isinstance(fonts.get(w), str) for w in ("regular", "bold")):
        raise LayoutError(f"{doc.file}:{doc.line_of(('fonts',))}: fonts: give regular and bold, each a fontconfig "
                          "pattern or a font file")
    return {"file": doc.file, **doc.data}


def check_folder(folder: Path | None = None) -> list[str]:
    """Every layout problem in a folder of layouts, as `file:line: field: message` (for `tsunagu check`)."""
    problems = []
    loaders = [lambda n=n: _load.__wrapped__(n, str(folder or SHIPPED)) for n in LAYOUT_FILES]
    for loader in [*loaders, lambda: load_sheet(folder), lambda: style(folder)]:
        try:
            loaded = loader()
            if isinstance(loaded, Layout):
                for size in loaded.sizes.values() or [loaded.reference_mm]:
                    loaded.at_size(size)
        except LayoutError as exc:
            problems.append(str(exc))
    return problems


@functools.cache
def _load(name: str, folder: str) -> Layout:
    path = Path(folder) / f"{name}.yml"
    if not path.is_file():
        raise LayoutError(f"{path}: no layout for '{name}'; add the file (poster.yml documents the fields)")
    f = _Fields(_read(path))
    try:
        return _build(name, f)
    except (TypeError, ValueError) as exc:  # a number where text belongs, etc.: still name the file
        raise LayoutError(f"{path}:1: invalid value ({exc}); compare with the shipped layout") from None


def _build(name: str, f: _Fields) -> Layout:
    colours = {str(k): f.colour(("colours", k)) for k in f.mapping(("colours",))}
    shapes = tuple(Shape(f.box(("shapes", i, "box")), f.known(("shapes", i, "fill"), colours),
                         f.number(("shapes", i, "radius"), 0.0, zero=True))
                   for i in range(len(f.items(("shapes",)))))
    texts = []
    for i, t in enumerate(f.items(("texts",))):
        at = ("texts", i)
        size = t.get("size")
        if not (isinstance(size, list) and len(size) == 2 and all(isinstance(v, int | float) for v in size)
                and size[0] >= size[1] > 0):
            f.fail((*at, "size"), f"texts[{t.get('id', i)}].size: give [max, min] in pt, e.g. [24, 14]")
        block = TextBlock(
            id=str(t.get("id", i)), source=str(t.get("text", "")), box=f.box((*at, "box")),
            size=(float(size[0]), float(size[1])), weight=f.choice((*at, "weight"), ("regular", "bold"), "regular"),
            colour=f.known((*at, "colour"), colours, "ink"),
            align=f.choice((*at, "align"), ("left", "center", "right"), "left"),
            valign=f.choice((*at, "valign"), ("top", "middle", "bottom"), "top"),
            lines=int(f.number((*at, "lines"), 0, zero=True)),
            line_height=f.number((*at, "line_height"), 1.35))
        floor = f.number(("floor_pt",), 0.0, zero=True)
        if block.size[1] < floor:
            f.fail((*at, "size"), f"texts[{block.id}].size: {block.size[1]:g} pt is under this layout's floor_pt "
                   f"({floor:g} pt); raise the smallest size or make room in the box")
        c, m, y, _ = colours[block.colour]
        if block.size[1] < LARGE_PT and (c or m or y):
            f.fail((*at, "colour"), f"texts[{block.id}].colour: text under {LARGE_PT:g} pt prints in K only "
                   "(or paper white); choose a colour with C, M and Y at 0")
        texts.append(block)
    q = f.mapping(("qr",))
    ecc = str(q.get("ecc", "M")).upper()
    if ecc not in ECC_LEVELS:
        f.fail(("qr", "ecc"), f"qr.ecc: use {', '.join(ECC_LEVELS)} (L is too weak for print)")
    sizes = {str(k): f.pair(("sizes", k)) for k in f.mapping(("sizes",))}
    return Layout(
        name=name, file=f.doc.file, kind=f.choice(("kind",), PLACEMENT_KINDS),
        discreet=bool(f.doc.data.get("discreet")),
        reference_mm=f.pair(("reference_mm",)), sizes=sizes, preview_dpi=int(f.number(("preview_dpi",))),
        colours=colours, shapes=shapes, texts=tuple(texts),
        qr=QrBlock(f.box(("qr", "box")), ecc, f.number(("qr", "min_module_mm"), 0.4)),
        avoid_large=tuple(str(w) for w in f.items(("avoid_large",), of=str)), large_pt=f.number(("large_pt",), 9.0),
        stamp_pt=f.number(("stamp_pt",), 40.0), floor_pt=f.number(("floor_pt",), 0.0, zero=True),
        images=_images(f))


def _images(f: _Fields) -> dict[str, Box]:
    """The optional image boxes, by name (logo, badge)."""
    boxes = {}
    for key in f.mapping(("images",)):
        if key not in IMAGES:
            f.fail(("images", key), f"images.{key}: unknown image; use one of {', '.join(IMAGES)}")
        boxes[str(key)] = f.box(("images", key))
    return boxes


def _read(path: Path) -> Located:
    if not path.is_file():
        raise LayoutError(f"{path}: file missing (copy it from tsunagu's own layouts, {SHIPPED})")
    try:
        doc = load_located(path)
    except YamlSyntaxError as exc:
        raise LayoutError(f"{exc}; fix the YAML") from None
    if not isinstance(doc.data, dict):
        raise LayoutError(f"{path}:1: expected a mapping of layout fields")
    return doc


@dataclass(frozen=True)
class _Fields:
    """Typed look-ups into one layout file; every failure says `file:line: field: message`."""

    doc: Located

    def fail(self, path: tuple[Any, ...], message: str) -> Any:
        raise LayoutError(f"{self.doc.file}:{self.doc.line_of(path)}: {message}")

    def get(self, path: tuple[Any, ...]) -> Any:
        value: Any = self.doc.data
        for part in path:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return None
        return value

    @staticmethod
    def name(path: tuple[Any, ...]) -> str:
        return "".join(f"[{p}]" if isinstance(p, int) else ("." if i else "") + str(p) for i, p in enumerate(path))

    def number(self, path: tuple[Any, ...], default: float | None = None, zero: bool = False) -> float:
        value = self.get(path)
        if value is None and default is not None:
            return float(default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or (value == 0 and not zero):
            self.fail(path, f"{self.name(path)}: give a positive number")
        return float(value)

    def pair(self, path: tuple[Any, ...]) -> tuple[float, float]:
        value = self.get(path)
        if not (isinstance(value, list) and len(value) == 2
                and all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in value)):
            self.fail(path, f"{self.name(path)}: give [width, height] in mm")
        return float(value[0]), float(value[1])

    def box(self, path: tuple[Any, ...]) -> Box:
        value = self.get(path)
        if not (isinstance(value, list) and len(value) == 4
                and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)):
            self.fail(path, f"{self.name(path)}: give [x, y, width, height] in mm")
        return Box(*(float(v) for v in value))

    def mapping(self, path: tuple[Any, ...]) -> dict[str, Any]:
        value = self.get(path)
        if value is not None and not isinstance(value, dict):
            self.fail(path, f"{self.name(path)}: expected a mapping")
        return value or {}

    def items(self, path: tuple[Any, ...], of: type = dict) -> list[Any]:
        value = self.get(path)
        if value is not None and not isinstance(value, list):
            self.fail(path, f"{self.name(path)}: expected a list")
        for i, entry in enumerate(value or ()):
            if not isinstance(entry, of):
                expected = "mapping of fields" if of is dict else "text"
                self.fail((*path, i), f"{self.name((*path, i))}: expected a {expected}")
        return value or []

    def colour(self, path: tuple[Any, ...]) -> Cmyk:
        value = self.get(path)
        if not (isinstance(value, list) and len(value) == 4
                and all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100 for v in value)):
            self.fail(path, f"{self.name(path)}: write a process colour as [C, M, Y, K] in percent, "
                      "e.g. [0, 0, 0, 100]")
        c, m, y, k = (float(v) / 100 for v in value)
        return c, m, y, k

    def known(self, path: tuple[Any, ...], colours: dict[str, Any], default: str | None = None) -> str:
        value = self.get(path)
        value = default if value is None else value
        if value not in colours:
            self.fail(path, f"{self.name(path)}: {value!r} is not one of the colours ({', '.join(colours)})")
        return str(value)

    def choice(self, path: tuple[Any, ...], allowed: tuple[str, ...], default: str | None = None) -> str:
        value = self.get(path)
        value = default if value is None else value
        if value not in allowed:
            self.fail(path, f"{self.name(path)}: {value!r}; use one of {', '.join(allowed)}")
        return str(value)
