"""Draws a rich menu with Pillow: the image LINE shows under the chat, and a phone-sized preview for staff.

Adapter: the layout comes from `tsunagu.domain.richmenu`; this module only paints it. Labels use Noto Sans
CJK JP found through fontconfig; icons are drawn as shapes, four times larger and scaled down, so
their edges are smooth without any image files.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from tsunagu.domain.config import Channel
from tsunagu.domain.richmenu import MAX_IMAGE_BYTES, Menu, Rect, Tile
from tsunagu.makers.drawing import fonts, typeset

Colour = tuple[int, int, int]
SUPERSAMPLE = 4  # icons are drawn at 4x and scaled down: Pillow's shapes have no anti-aliasing
INK: Colour = (33, 37, 41)  # label text on light tiles (contrast above 12:1 on every tile colour)
WHITE: Colour = (255, 255, 255)
BACKGROUND: Colour = (255, 255, 255)
GAP = 12  # px of white between tiles, inside each tap area, so the buttons read as separate


@dataclass(frozen=True)
class Tone:
    """A tile's colours: card fill, icon disc, glyph on the disc, and label text."""

    fill: Colour
    disc: Colour
    glyph: Colour
    text: Colour


TONES: dict[str, Tone] = {
    "hours": Tone((226, 245, 233), (6, 148, 72), WHITE, INK),
    "talk": Tone((227, 238, 251), (25, 103, 210), WHITE, INK),
    "outreach": Tone((255, 240, 222), (200, 92, 0), WHITE, INK),
    "emergency": Tone((211, 47, 47), WHITE, (211, 47, 47), WHITE),  # white on red: 5.0:1
    "specialist": Tone((239, 231, 251), (111, 66, 193), WHITE, INK),
    "survey": Tone((252, 232, 241), (186, 52, 115), WHITE, INK),
    "privacy": Tone((233, 237, 240), (69, 90, 100), WHITE, INK),
}


def font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    """Noto Sans CJK JP at a pixel size, through the one font loader."""
    found = fonts.find("Noto Sans CJK JP:bold" if bold else "Noto Sans CJK JP", "the rich menu's labels")
    loaded: ImageFont.FreeTypeFont = fonts.load(found, size)
    return loaded


def fit(text: str, max_width: int, size: int, min_size: int = 40, bold: bool = True,
        max_lines: int = 2) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font (from `size` down) and phrase breaks that fit `text` in `max_width` on few lines."""
    for s in range(size, min_size - 1, -4):
        f = font(s, bold)
        lines = typeset.balance(text, max_width, f.getlength, max_lines)
        if max(map(f.getlength, lines)) <= max_width:
            return f, lines
    f = font(min_size, bold)
    return f, typeset.balance(text, 0, f.getlength, max_lines)  # too wide anyway: the most even lines


def wrap(text: str, f: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Lines of at most `max_width` px (kinsoku; spaced text such as English breaks between words)."""
    spaced = " " in text or "　" in text
    return typeset.wrap(text, max_width, f.getlength, prefer_spaces=spaced) or text.split("\n")


def draw_lines(draw: ImageDraw.ImageDraw, lines: list[str], f: ImageFont.FreeTypeFont, centre_x: float,
               top: float, colour: Colour, spacing: float = 1.25) -> float:
    """Draw centred lines from `top`; returns the y below the last line."""
    step = f.size * spacing
    for i, line in enumerate(lines):
        draw.text((centre_x, top + i * step), line, font=f, fill=colour, anchor="ma")
    return top + len(lines) * step


# --- icons: each draws a white-ish glyph into a square of side `s` on a transparent canvas ---------

Glyph = Callable[[ImageDraw.ImageDraw, float, Colour, Colour], None]


def _capsule(d: ImageDraw.ImageDraw, a: tuple[float, float], b: tuple[float, float], width: float,
             colour: Colour) -> None:
    d.line([a, b], fill=colour, width=round(width))
    for x, y in (a, b):
        d.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=colour)


def _clock(d: ImageDraw.ImageDraw, s: float, c: Colour, bg: Colour) -> None:
    r, w = 0.4 * s, 0.08 * s
    d.ellipse([s / 2 - r, s / 2 - r, s / 2 + r, s / 2 + r], outline=c, width=round(w))
    _capsule(d, (s / 2, s / 2), (s / 2, s * 0.24), w, c)
    _capsule(d, (s / 2, s / 2), (s * 0.69, s * 0.62), w, c)


def _warning(d: ImageDraw.ImageDraw, s: float, c: Colour, bg: Colour) -> None:
    pts = [(s * 0.5, s * 0.17), (s * 0.86, s * 0.8), (s * 0.14, s * 0.8)]
    d.polygon(pts, fill=c)
    for p in pts:  # round the corners
        d.ellipse([p[0] - s * 0.05, p[1] - s * 0.05, p[0] + s * 0.05, p[1] + s * 0.05], fill=c)
    d.line([*pts, pts[0]], fill=c, width=round(s * 0.1), joint="curve")
    _capsule(d, (s * 0.5, s * 0.38), (s * 0.5, s * 0.58), s * 0.08, bg)
    d.ellipse([s * 0.455, s * 0.65, s * 0.545, s * 0.74], fill=bg)


def _phone(d: ImageDraw.ImageDraw, s: float, c: Colour, bg: Colour) -> None:
    # a handset: a curved handle from the top-left earpiece round to the bottom-right mouthpiece
    cx, cy, r, w = 0.82 * s, 0.18 * s, 0.6 * s, 0.17 * s
    d.arc([cx - r - w / 2, cy - r - w / 2, cx + r + w / 2, cy + r + w / 2], 90, 180, fill=c, width=round(w))
    pad = 0.25 * s
    _capsule(d, (cx - r + 0.02 * s, cy), (cx - r + 0.16 * s, cy), pad, c)
    _capsule(d, (cx, cy + r - 0.02 * s), (cx, cy + r - 0.16 * s), pad, c)


def _people(d: ImageDraw.ImageDraw, s: float, c: Colour, bg: Colour) -> None:
    for cx, scale in ((0.66, 0.85), (0.38, 1.0)):  # the nearer person drawn last, with a gap around it
        x, hr, half = cx * s, 0.135 * s * scale, 0.22 * s * scale
        top = 0.33 * s + (1 - scale) * 0.1 * s
        body = [x - half, top + hr * 1.5, x + half, top + hr * 1.5 + 0.62 * s * scale]
        if scale == 1.0:
            pad = 0.035 * s
            d.ellipse([x - hr - pad, top - hr - pad, x + hr + pad, top + hr + pad], fill=bg)
            d.pieslice([body[0] - pad, body[1] - pad, body[2] + pad, body[3] + pad], 180, 360, fill=bg)
        d.ellipse([x - hr, top - hr, x + hr, top + hr], fill=c)
        d.pieslice(body, 180, 360, fill=c)


def _house(d: ImageDraw.ImageDraw, s: float, c: Colour, bg: Colour) -> None:
    d.polygon([(s * 0.5, s * 0.16), (s * 0.86, s * 0.48), (s * 0.14, s * 0.48)], fill=c)
    d.rectangle([s * 0.24, s * 0.44, s * 0.76, s * 0.82], fill=c)
    d.rounded_rectangle([s * 0.43, s * 0.58, s * 0.57, s * 0.82], radius=s * 0.03, fill=bg)
    d.rectangle([s * 0.66, s * 0.2, s * 0.74, s * 0.36], fill=c)  # chimney


def _calendar(d: ImageDraw.ImageDraw, s: float, c: Colour, bg: Colour) -> None:
    d.rounded_rectangle([s * 0.18, s * 0.24, s * 0.82, s * 0.82], radius=s * 0.07, outline=c, width=round(s * 0.06))
    d.rectangle([s * 0.18, s * 0.3, s * 0.82, s * 0.4], fill=c)
    d.rounded_rectangle([s * 0.18, s * 0.24, s * 0.82, s * 0.4], radius=s * 0.07, fill=c)
    for x in (0.34, 0.66):
        _capsule(d, (s * x, s * 0.17), (s * x, s * 0.29), s * 0.07, c)
    for row, y in enumerate((0.52, 0.67)):
        for col, x in enumerate((0.33, 0.5, 0.67)):
            r = s * (0.055 if (row, col) == (1, 1) else 0.04)
            d.ellipse([s * x - r, s * y - r, s * x + r, s * y + r], fill=c)


def _clipboard(d: ImageDraw.ImageDraw, s: float, c: Colour, bg: Colour) -> None:
    d.rounded_rectangle([s * 0.22, s * 0.18, s * 0.78, s * 0.86], radius=s * 0.06, outline=c, width=round(s * 0.06))
    d.rounded_rectangle([s * 0.37, s * 0.12, s * 0.63, s * 0.25], radius=s * 0.04, fill=c)
    for y in (0.4, 0.55, 0.7):
        w = s * 0.045
        d.line([(s * 0.32, s * y), (s * 0.37, s * (y + 0.045)), (s * 0.45, s * (y - 0.04))], fill=c,
               width=round(w), joint="curve")
        _capsule(d, (s * 0.52, s * y), (s * 0.68, s * y), w, c)


def _lock(d: ImageDraw.ImageDraw, s: float, c: Colour, bg: Colour) -> None:
    d.arc([s * 0.3, s * 0.14, s * 0.7, s * 0.56], 180, 360, fill=c, width=round(s * 0.08))
    d.rectangle([s * 0.3, s * 0.34, s * 0.34, s * 0.46], fill=c)
    d.rectangle([s * 0.66, s * 0.34, s * 0.7, s * 0.46], fill=c)
    d.rounded_rectangle([s * 0.2, s * 0.44, s * 0.8, s * 0.86], radius=s * 0.07, fill=c)
    d.ellipse([s * 0.44, s * 0.54, s * 0.56, s * 0.66], fill=bg)
    d.polygon([(s * 0.47, s * 0.62), (s * 0.53, s * 0.62), (s * 0.55, s * 0.76), (s * 0.45, s * 0.76)], fill=bg)


def _keyboard(d: ImageDraw.ImageDraw, s: float, c: Colour, bg: Colour) -> None:
    d.rounded_rectangle([s * 0.1, s * 0.26, s * 0.9, s * 0.74], radius=s * 0.08, outline=c, width=round(s * 0.06))
    for y in (0.4, 0.52):
        for x in (0.26, 0.39, 0.52, 0.65, 0.76):
            d.rectangle([s * x - s * 0.03, s * y - s * 0.025, s * x + s * 0.03, s * y + s * 0.025], fill=c)
    d.rectangle([s * 0.32, s * 0.61, s * 0.68, s * 0.65], fill=c)


GLYPHS: dict[str, Glyph] = {
    "hours": _clock, "emergency": _warning, "talk_phone": _phone, "talk_face": _people, "outreach": _house,
    "specialist": _calendar, "survey": _clipboard, "privacy": _lock, "keyboard": _keyboard,
}


def icon(key: str, size: int, disc: Colour | None, glyph: Colour, bg: Colour) -> Image.Image:
    """An icon of `size` px: the glyph on a round disc (or bare when disc is None), smooth-edged."""
    big = size * SUPERSAMPLE
    canvas = Image.new("RGBA", (big, big), (*bg, 0))
    d = ImageDraw.Draw(canvas)
    if disc is not None:
        d.ellipse([0, 0, big - 1, big - 1], fill=disc)
        inner = round(big * 0.7)
        glyph_layer = Image.new("RGBA", (inner, inner), (*disc, 0))
        GLYPHS[key](ImageDraw.Draw(glyph_layer), inner, glyph, disc)
        canvas.alpha_composite(glyph_layer, ((big - inner) // 2, (big - inner) // 2))
    else:
        GLYPHS[key](d, big, glyph, bg)
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


# --- the menu image ---------------------------------------------------------------------------------

def render_menu(menu: Menu) -> Image.Image:
    """The rich-menu image at LINE's size: one card per tile with an icon and a large label."""
    image = Image.new("RGB", (menu.width, menu.height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for tile in menu.tiles:
        if len(tile.areas) > 1:
            _split_tile(image, draw, tile)
        else:
            _tile(image, draw, tile)
    return image


def _card(draw: ImageDraw.ImageDraw, rect: Rect, tone: Tone) -> tuple[int, int, int, int]:
    box = (rect.x + GAP, rect.y + GAP, rect.x + rect.width - GAP, rect.y + rect.height - GAP)
    draw.rounded_rectangle(box, radius=36, fill=tone.fill)
    return box


def _tile(image: Image.Image, draw: ImageDraw.ImageDraw, tile: Tile) -> None:
    tone = TONES[tile.key]
    left, top, right, bottom = _card(draw, tile.rect, tone)
    width, height = right - left, bottom - top
    disc = round(min(height * 0.42, width * 0.5))
    f, lines = fit(tile.label, width - 60, size=round(height * 0.11))
    space = round(height * 0.07)
    block = disc + space + f.size * 1.25 * len(lines)
    y = top + round((height - block) / 2)  # icon and label centred together in the card
    mark = icon(tile.areas[0].key, disc, tone.disc, tone.glyph, tone.fill)
    image.paste(mark, (left + (width - disc) // 2, y), mark)
    draw_lines(draw, lines, f, left + width / 2, y + disc + space, tone.text)


def _split_tile(image: Image.Image, draw: ImageDraw.ImageDraw, tile: Tile) -> None:
    """`talk`: the title across the top, then one half per tap area with its own icon and word."""
    tone = TONES[tile.key]
    left, top, right, bottom = _card(draw, tile.rect, tone)
    width, height = right - left, bottom - top
    title_font, title_lines = fit(tile.label, width - 60, size=round(height * 0.085))
    title_bottom = draw_lines(draw, title_lines, title_font, left + width / 2, top + height * 0.07, tone.text)
    divider_top = title_bottom + height * 0.04
    draw.line([(left + 40, divider_top), (right - 40, divider_top)], fill=tone.disc, width=6)
    halves = []
    for area in tile.areas:
        a_left = max(left, area.rect.x)
        half = min(right, area.rect.x + area.rect.width) - a_left
        f, lines = fit(area.label, half - 40, size=round(height * 0.1))
        halves.append((area, a_left, half, f, lines))
    disc = round(min(min(h[2] for h in halves) * 0.6, (bottom - divider_top) * 0.45))
    space = round(height * 0.05)
    block = disc + space + max(h[3].size * 1.25 * len(h[4]) for h in halves)
    y = round(divider_top + (bottom - divider_top - block) / 2)  # icons level even if one word wraps
    for i, (area, a_left, half, f, lines) in enumerate(halves):
        if i:
            draw.line([(a_left, divider_top + 40), (a_left, bottom - 40)], fill=tone.disc, width=6)
        mark = icon(area.key, disc, tone.disc, tone.glyph, tone.fill)
        image.paste(mark, (a_left + (half - disc) // 2, y), mark)
        draw_lines(draw, lines, f, a_left + half / 2, y + disc + space, tone.text)


def encode(image: Image.Image, limit: int = MAX_IMAGE_BYTES) -> tuple[bytes, str]:
    """PNG if it fits LINE's 1 MB limit, else the best JPEG quality that does; returns (bytes, MIME type)."""
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    if out.tell() <= limit:
        return out.getvalue(), "image/png"
    for quality in (92, 85, 78, 70, 60):
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=quality, optimize=True)
        if out.tell() <= limit:
            return out.getvalue(), "image/jpeg"
    raise ValueError("the rich-menu image does not fit 1 MB even as a JPEG of quality 60")


# --- the phone preview -------------------------------------------------------------------------------

PHONE_WIDTH = 1080  # px; a common phone screen width, so the menu is shown at the scale people see it
CHAT_BACKGROUND: Colour = (140, 171, 217)  # LINE's default talk-room blue
HEADER: Colour = (34, 39, 50)
BUBBLE_MINE: Colour = (133, 226, 73)  # LINE's green for your own messages


def render_preview(menu: Menu, image: Image.Image, channel: Channel) -> Image.Image:
    """The menu as a phone shows it: a talk room with the account's greeting, the menu below, the chat bar."""
    scale = PHONE_WIDTH / menu.width
    menu_h = round(menu.height * scale)
    status_h, header_h, bar_h, home_h, chat_h = 70, 150, 130, 60, 1000
    height = status_h + header_h + chat_h + menu_h + bar_h + home_h
    phone = Image.new("RGB", (PHONE_WIDTH, height), CHAT_BACKGROUND)
    d = ImageDraw.Draw(phone)
    d.rectangle([0, 0, PHONE_WIDTH, status_h + header_h], fill=HEADER)
    _status_bar(d, status_h)
    title = channel.name.pick(menu.language) or channel.id
    f, lines = fit(title, PHONE_WIDTH - 300, size=50, max_lines=1)
    d.text((PHONE_WIDTH / 2, status_h + header_h / 2), lines[0], font=f, fill=WHITE, anchor="mm")
    _chevron(d, 60, status_h + header_h / 2, 26, WHITE)

    y = status_h + header_h + 40
    texts = channel.texts_in(menu.language)
    y = _bubble(phone, d, texts.greeting, y, mine=False, avatar=title[:1])
    tapped = menu.areas[0].said
    _bubble(phone, d, tapped, y + 30, mine=True)

    menu_top = status_h + header_h + chat_h
    phone.paste(image.convert("RGB").resize((PHONE_WIDTH, menu_h), Image.Resampling.LANCZOS), (0, menu_top))
    bar_top = menu_top + menu_h
    d.rectangle([0, bar_top, PHONE_WIDTH, height], fill=WHITE)
    d.line([(0, bar_top), (PHONE_WIDTH, bar_top)], fill=(210, 214, 220), width=2)
    d.line([(150, bar_top + 25), (150, bar_top + bar_h - 25)], fill=(210, 214, 220), width=2)
    kb = icon("keyboard", 80, None, (90, 96, 105), WHITE)
    phone.paste(kb, (35, bar_top + (bar_h - 80) // 2), kb)
    bar_font = font(44)
    centre = (150 + PHONE_WIDTH) / 2
    d.text((centre - 20, bar_top + bar_h / 2), menu.chat_bar_text, font=bar_font, fill=INK, anchor="mm")
    tip_x = centre - 20 + bar_font.getlength(menu.chat_bar_text) / 2 + 36
    d.polygon([(tip_x - 14, bar_top + bar_h / 2 - 8), (tip_x + 14, bar_top + bar_h / 2 - 8),
               (tip_x, bar_top + bar_h / 2 + 10)], fill=INK)
    d.rounded_rectangle([PHONE_WIDTH / 2 - 140, height - 30, PHONE_WIDTH / 2 + 140, height - 20], radius=5,
                        fill=(30, 30, 30))
    return phone


def _status_bar(d: ImageDraw.ImageDraw, h: int) -> None:
    x = PHONE_WIDTH - 60
    d.rounded_rectangle([x - 60, h / 2 - 16, x, h / 2 + 16], radius=7, outline=WHITE, width=3)
    d.rectangle([x - 54, h / 2 - 10, x - 18, h / 2 + 10], fill=WHITE)
    for i in range(4):
        bx = x - 170 + i * 20
        d.rectangle([bx, h / 2 + 14 - (i + 1) * 8, bx + 12, h / 2 + 14], fill=WHITE)


def _chevron(d: ImageDraw.ImageDraw, x: float, y: float, size: float, colour: Colour) -> None:
    d.line([(x + size / 2, y - size), (x - size / 2, y), (x + size / 2, y + size)], fill=colour, width=7,
           joint="curve")


def _bubble(phone: Image.Image, d: ImageDraw.ImageDraw, text: str, top: float, mine: bool,
            avatar: str = "") -> float:
    f = font(38, bold=False)
    max_text = 640
    lines = wrap(text, f, max_text)[:9]
    line_h = 54
    w = max(f.getlength(line) for line in lines) + 64
    h = len(lines) * line_h + 44
    if mine:
        right = PHONE_WIDTH - 40
        box = (right - w, top, right, top + h)
        colour = BUBBLE_MINE
    else:
        d.ellipse([30, top, 130, top + 100], fill=(6, 199, 85))
        d.text((80, top + 50), avatar, font=font(46), fill=WHITE, anchor="mm")
        box = (160, top, 160 + w, top + h)
        colour = WHITE
    d.rounded_rectangle(box, radius=36, fill=colour)
    for i, line in enumerate(lines):
        d.text((box[0] + 32, box[1] + 22 + i * line_h), line, font=f, fill=INK)
    return top + h
