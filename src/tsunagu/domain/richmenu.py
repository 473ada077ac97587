"""A channel's LINE rich menu: which buttons it has, where they sit, and the rich-menu object LINE accepts.

Pure domain: the layout and the JSON are plain data; `richmenu_render` draws the image and the
`tsunagu richmenu` command deploys both. Numbers are LINE's documented limits for the rich-menu
object (Messaging API reference, "Rich menu object" and "Upload rich menu image").
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tsunagu.domain.config import Channel
from tsunagu.domain.errors import RichMenuError
from tsunagu.domain.intake.postback import MAX_DATA, MAX_LABEL, handoff_data, menu_data

WIDTH = 2500  # LINE's rich-menu images are 2500 px wide, 1686 (full) or 843 (compact) px high
FULL_HEIGHT = 1686
COMPACT_HEIGHT = 843
SIZES: tuple[tuple[int, int], ...] = ((WIDTH, FULL_HEIGHT), (WIDTH, COMPACT_HEIGHT))
MAX_AREAS = 20  # LINE: at most 20 area objects
MAX_CHAT_BAR = 14  # LINE: chatBarText at most 14 characters
MAX_NAME = 300  # LINE: name at most 300 characters
MAX_DISPLAY_TEXT = 300  # LINE: postback displayText at most 300 characters
MAX_IMAGE_BYTES = 1024 * 1024  # LINE: rich-menu image at most 1 MB
COMPACT_UP_TO = 3  # three tiles or fewer fit one row: the compact (half-height) menu

# Postback data each area sends, from the intake's contract (tsunagu.domain.intake.postback).
POSTBACK: dict[str, str] = {
    "hours": menu_data("hours"),
    "emergency": menu_data("emergency"),
    "talk_phone": handoff_data("phone"),
    "talk_face": handoff_data("face"),
    "outreach": handoff_data("outreach"),
    "specialist": menu_data("specialist"),
    "survey": menu_data("survey"),
    "privacy": menu_data("privacy"),
}
# Tile order, reading left to right and top to bottom; `talk` is one tile with two tap areas.
ORDER: tuple[str, ...] = ("hours", "talk", "outreach", "emergency", "specialist", "survey", "privacy")
SPLIT: dict[str, tuple[str, ...]] = {"talk": ("talk_phone", "talk_face")}


@dataclass(frozen=True)
class Rect:
    """A rectangle in image pixels, origin at the top-left corner."""

    x: int
    y: int
    width: int
    height: int

    def inside(self, width: int, height: int) -> bool:
        """True when the rectangle lies wholly within a width × height image."""
        return (self.x >= 0 and self.y >= 0 and self.width > 0 and self.height > 0
                and self.x + self.width <= width and self.y + self.height <= height)

    def to_json(self) -> dict[str, int]:
        """LINE's bounds object."""
        return {"x": self.x, "y": self.y, "width": self.width, "height": self.height}


@dataclass(frozen=True)
class Area:
    """One tap area: a rectangle that sends a postback."""

    key: str  # catalogue key of the button, e.g. talk_phone
    rect: Rect
    data: str  # postback data the intake receives
    label: str  # read aloud by screen readers
    said: str  # shown in the chat as the person's message (LINE's displayText)

    def to_json(self) -> dict[str, Any]:
        """LINE's area object with a postback action."""
        return {"bounds": self.rect.to_json(),
                "action": {"type": "postback", "label": self.label, "data": self.data, "displayText": self.said}}


@dataclass(frozen=True)
class Tile:
    """One button as drawn: a key (which icon and colour), its label, its cell and its tap areas."""

    key: str
    label: str
    rect: Rect
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class Menu:
    """A whole rich menu for one channel in one language."""

    channel: str
    language: str
    width: int
    height: int
    name: str
    chat_bar_text: str
    tiles: tuple[Tile, ...]

    @property
    def areas(self) -> tuple[Area, ...]:
        """Every tap area, in tile order."""
        return tuple(a for t in self.tiles for a in t.areas)

    def to_json(self) -> dict[str, Any]:
        """The rich-menu object as LINE's create-rich-menu endpoint takes it."""
        return {"size": {"width": self.width, "height": self.height}, "selected": True, "name": self.name,
                "chatBarText": self.chat_bar_text, "areas": [a.to_json() for a in self.areas]}


def buttons(channel: Channel) -> tuple[str, ...]:
    """The tiles this channel offers: outreach only with an outreach team, specialist days only if declared."""
    offered = {"outreach": channel.outreach, "specialist": bool(channel.specialist_days)}
    return tuple(key for key in ORDER if offered.get(key, True))


def layout(count: int) -> tuple[int, tuple[Rect, ...]]:
    """The image height and one cell per tile: one row up to three tiles, else two rows (top row fuller).

    Cells tile the whole image without gaps, so a tap anywhere reaches a button.
    """
    if not 1 <= count <= MAX_AREAS:
        raise RichMenuError(f"a rich menu needs 1 to {MAX_AREAS} buttons, not {count}")
    if count <= COMPACT_UP_TO:
        height, rows = COMPACT_HEIGHT, [count]
    else:
        height, rows = FULL_HEIGHT, [count - count // 2, count // 2]
    cells: list[Rect] = []
    for r, columns in enumerate(rows):
        top, bottom = height * r // len(rows), height * (r + 1) // len(rows)
        for c in range(columns):
            left, right = WIDTH * c // columns, WIDTH * (c + 1) // columns
            cells.append(Rect(left, top, right - left, bottom - top))
    return height, tuple(cells)


def split(rect: Rect, parts: int) -> tuple[Rect, ...]:
    """A cell cut into equal vertical strips, left to right (the phone | face halves of `talk`)."""
    edges = [rect.x + rect.width * i // parts for i in range(parts + 1)]
    return tuple(Rect(a, rect.y, b - a, rect.height) for a, b in itertools.pairwise(edges))


def build_menu(channel: Channel, language: str = "ja", strings: Mapping[str, Any] | None = None) -> Menu:
    """The channel's rich menu with labels from the `richmenu` catalogue; RichMenuError if LINE would refuse it."""
    if strings is None:
        from tsunagu.catalog import section

        try:
            strings = section(language, "richmenu")
        except KeyError:
            raise RichMenuError(f"no rich-menu catalogue for language {language!r} "
                                f"(src/tsunagu/catalog/{language}/richmenu.yml)") from None
    labels = strings["buttons"]
    keys = buttons(channel)
    height, cells = layout(len(keys))
    tiles = []
    for key, cell in zip(keys, cells, strict=True):
        parts = SPLIT.get(key, (key,))
        areas = tuple(Area(part, rect, POSTBACK[part], labels[part]["label"], labels[part]["said"])
                      for part, rect in zip(parts, split(cell, len(parts)), strict=True))
        tiles.append(Tile(key, labels[key]["label"], cell, areas))
    menu = Menu(channel=channel.id, language=language, width=WIDTH, height=height,
                name=f"tsunagu {channel.id} {language}", chat_bar_text=strings["chat_bar"], tiles=tuple(tiles))
    problems = menu_problems(menu)
    if problems:
        raise RichMenuError(f"catalog/{language}/richmenu.yml: " + "; ".join(problems))
    return menu


def menu_problems(menu: Menu) -> list[str]:
    """Everything LINE's API would refuse in this menu, as sentences naming the field and the limit."""
    out: list[str] = []
    if (menu.width, menu.height) not in SIZES:
        out.append(f"size {menu.width}x{menu.height} must be 2500x1686 or 2500x843")
    if not 1 <= len(menu.chat_bar_text) <= MAX_CHAT_BAR:
        out.append(f"chat_bar {menu.chat_bar_text!r} must be 1 to {MAX_CHAT_BAR} characters")
    if len(menu.name) > MAX_NAME:
        out.append(f"name is longer than {MAX_NAME} characters")
    if len(menu.areas) > MAX_AREAS:
        out.append(f"{len(menu.areas)} tap areas; LINE allows {MAX_AREAS}")
    for area in menu.areas:
        if not area.rect.inside(menu.width, menu.height):
            out.append(f"buttons.{area.key}: tap area {area.rect.to_json()} is outside the image")
        if not 1 <= len(area.label) <= MAX_LABEL:
            out.append(f"buttons.{area.key}.label {area.label!r} must be 1 to {MAX_LABEL} characters")
        if not 1 <= len(area.said) <= MAX_DISPLAY_TEXT:
            out.append(f"buttons.{area.key}.said must be 1 to {MAX_DISPLAY_TEXT} characters")
        if len(area.data) > MAX_DATA:
            out.append(f"buttons.{area.key}: postback data is longer than {MAX_DATA} characters")
    return out
