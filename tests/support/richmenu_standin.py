"""Rich-menu endpoints for the local LINE API stand-in (`linestandin.LineStandIn`), checked as LINE checks them.

    line = LineStandIn().start()
    menus = RichMenuRoutes(line, token="...")   # adds the endpoints below
    ... tsunagu richmenu --deploy with TSUNAGU_LINE_API=line.url ...
    menus.default                               # the rich-menu id set as every friend's default

Endpoints (LINE Messaging API reference; the image upload lives on LINE's data host, which the
stand-in also plays): POST /v2/bot/richmenu/validate, POST /v2/bot/richmenu,
POST /v2/bot/richmenu/{richMenuId}/content, POST /v2/bot/user/all/richmenu/{richMenuId}.
Refusals follow LINE: 401 without the channel's bearer token, 400 for an object or image LINE would
refuse (with LINE-style `message` and `details`), 404 for an unknown rich-menu id, and 400 when a menu
without an image is set as the default.
"""

from __future__ import annotations

import io
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from tsunagu.adapters.standin.line import LineStandIn, Received
from tsunagu.domain.intake.postback import MAX_DATA, MAX_LABEL
from tsunagu.domain.richmenu import (
    MAX_AREAS,
    MAX_CHAT_BAR,
    MAX_DISPLAY_TEXT,
    MAX_IMAGE_BYTES,
    MAX_NAME,
    SIZES,
)

IMAGE_TYPES = ("image/png", "image/jpeg")  # LINE: rich-menu images are JPEG or PNG


@dataclass
class StoredMenu:
    """A rich menu the stand-in accepted, with its image once uploaded."""

    body: dict[str, Any]
    image: bytes | None = None
    content_type: str | None = None


@dataclass
class RichMenuRoutes:
    """The rich-menu part of the LINE API, registered on a LineStandIn."""

    line: LineStandIn
    token: str | None = None  # the channel access token expected after "Bearer "; None accepts any
    menus: dict[str, StoredMenu] = field(default_factory=dict)
    default: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.line.route("POST", "/v2/bot/richmenu/validate", self._validate)
        self.line.route("POST", "/v2/bot/richmenu", self._create)
        self.line.route("POST", "/v2/bot/richmenu/{richMenuId}/content", self._upload)
        self.line.route("POST", "/v2/bot/user/all/richmenu/{richMenuId}", self._set_default)

    def _refused(self, req: Received) -> tuple[int, Any] | None:
        auth = {k.lower(): v for k, v in req.headers.items()}.get("authorization", "")
        if not auth.startswith("Bearer ") or (self.token is not None and auth != f"Bearer {self.token}"):
            return 401, {"message": "Authentication failed due to the following reason: invalid token."}
        return None

    def _validate(self, req: Received) -> tuple[int, Any]:
        refused = self._refused(req)
        if refused:
            return refused
        problems = richmenu_object_problems(req.json)
        return (400, {"message": "The request body has 1 error(s)", "details": problems}) if problems else (200, {})

    def _create(self, req: Received) -> tuple[int, Any]:
        status, doc = self._validate(req)
        if status != 200:
            return status, doc
        menu_id = "richmenu-" + secrets.token_hex(16)
        with self._lock:
            self.menus[menu_id] = StoredMenu(req.json)
        return 200, {"richMenuId": menu_id}

    def _upload(self, req: Received) -> tuple[int, Any]:
        refused = self._refused(req)
        if refused:
            return refused
        menu = self.menus.get(req.params["richMenuId"])
        if menu is None:
            return 404, {"message": "Not found"}
        content_type = {k.lower(): v for k, v in req.headers.items()}.get("content-type", "")
        if content_type not in IMAGE_TYPES:
            return 415, {"message": f"Unsupported Content-Type {content_type!r}: use image/png or image/jpeg"}
        problem = image_problem(req.body, content_type, menu.body["size"])
        if problem:
            return 400, {"message": problem}
        with self._lock:
            if menu.image is not None:
                return 400, {"message": "An image has already been uploaded to the richmenu"}
            menu.image, menu.content_type = req.body, content_type
        return 200, {}

    def _set_default(self, req: Received) -> tuple[int, Any]:
        refused = self._refused(req)
        if refused:
            return refused
        menu_id = req.params["richMenuId"]
        menu = self.menus.get(menu_id)
        if menu is None:
            return 404, {"message": "Not found"}
        if menu.image is None:
            return 400, {"message": "must upload richmenu image before applying it to user"}
        with self._lock:
            self.default = menu_id
        return 200, {}


def richmenu_object_problems(doc: Any) -> list[dict[str, str]]:
    """LINE's checks of a rich-menu object, as `{"message", "property"}` details (empty when valid)."""
    out: list[dict[str, str]] = []

    def bad(prop: str, message: str) -> None:
        out.append({"message": message, "property": prop})

    if not isinstance(doc, dict):
        return [{"message": "must be an object", "property": ""}]
    for key in ("size", "selected", "name", "chatBarText", "areas"):
        if key not in doc:
            bad(key, "may not be null")
    size = doc.get("size") or {}
    if (size.get("width"), size.get("height")) not in SIZES:
        bad("size", "must be 2500x1686 or 2500x843")
    if not isinstance(doc.get("selected"), bool):
        bad("selected", "must be a boolean")
    if not isinstance(doc.get("name"), str) or not 0 < len(doc["name"]) <= MAX_NAME:
        bad("name", f"size must be between 1 and {MAX_NAME}")
    if not isinstance(doc.get("chatBarText"), str) or not 0 < len(doc["chatBarText"]) <= MAX_CHAT_BAR:
        bad("chatBarText", f"size must be between 1 and {MAX_CHAT_BAR}")
    areas = doc.get("areas")
    if not isinstance(areas, list) or not areas or len(areas) > MAX_AREAS:
        bad("areas", f"size must be between 1 and {MAX_AREAS}")
        areas = []
    width, height = size.get("width", 0), size.get("height", 0)
    for i, area in enumerate(areas):
        b = (area or {}).get("bounds") or {}
        x, y, w, h = (b.get(k) for k in ("x", "y", "width", "height"))
        if not all(isinstance(v, int) for v in (x, y, w, h)) or x < 0 or y < 0 or w <= 0 or h <= 0 \
                or x + w > width or y + h > height:
            bad(f"areas[{i}].bounds", "must be inside the rich menu")
        action = (area or {}).get("action") or {}
        if action.get("type") != "postback":
            continue
        if not isinstance(action.get("data"), str) or len(action["data"]) > MAX_DATA:
            bad(f"areas[{i}].action.data", f"size must be between 0 and {MAX_DATA}")
        if "label" in action and len(action["label"]) > MAX_LABEL:
            bad(f"areas[{i}].action.label", f"size must be between 0 and {MAX_LABEL}")
        if "displayText" in action and not 0 < len(action["displayText"]) <= MAX_DISPLAY_TEXT:
            bad(f"areas[{i}].action.displayText", f"size must be between 1 and {MAX_DISPLAY_TEXT}")
    return out


def image_problem(body: bytes, content_type: str, size: dict[str, int]) -> str | None:
    """Why LINE would refuse this rich-menu image (too big, not the declared format, wrong size), or None."""
    from PIL import Image, UnidentifiedImageError

    if len(body) > MAX_IMAGE_BYTES:
        return f"The image is {len(body)} bytes; the limit is {MAX_IMAGE_BYTES}"
    try:
        with Image.open(io.BytesIO(body)) as image:
            found, dims = image.format, image.size
    except UnidentifiedImageError:
        return "The image could not be read"
    if f"image/{(found or '').lower()}" != content_type:
        return f"The image is {found}, not {content_type}"
    if dims != (size["width"], size["height"]):
        return f"The image is {dims[0]}x{dims[1]}; the rich menu is {size['width']}x{size['height']}"
    return None
