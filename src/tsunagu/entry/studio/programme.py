"""Programme editing: a form per part of a ward's file, checked as `tsunagu check` checks it (the same
messages, beside their fields), a diff to approve, then the file written by the round-trip editor with
its comments and order kept."""

from __future__ import annotations

import functools
import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tsunagu.domain.errors import ConfigError, ConfigProblem
from tsunagu.makers.sources import yamledit
from tsunagu.makers.sources.programs import load_programs

if TYPE_CHECKING:
    from tsunagu.entry.studio.app import Studio

# Each part staff edit: where it sits in the file (per channel, or for the whole ward).
SECTIONS: dict[str, tuple[str, ...]] = {"hours": ("hours",), "closures": ("closures",),
                                        "extra_days": ("extra_days",), "texts": ("texts",),
                                        "contacts": ("emergency_contacts",), "placements": ("placements",)}
PER_CHANNEL = ("hours", "closures", "extra_days", "texts")


def routes(studio: Studio) -> list[Route]:
    """GET /programme, GET and POST /programme/{ward}/{part}, POST /programme/{ward}/{part}/save."""

    def located(request: Request) -> tuple[Path, str]:
        ward, part = request.path_params["ward"], request.path_params["part"]
        path = studio.programs_dir / f"{ward}.yml"
        # The file itself, not the loaded programmes: a file that does not pass `check` must stay editable.
        if part not in SECTIONS or not path.is_file() or path.parent != studio.programs_dir or "/" in ward:
            raise HTTPException(404, "no such programme part")
        return path, part

    def show(request: Request, path: Path, part: str, before: str, added: list[str] | None = None,
             values: dict[str, str] | None = None, problems: list[ConfigProblem] | None = None, diff: str = "",
             done: str = "", status: int = 200) -> Response:
        added = added or []
        groups = _groups(_with_rows(before, added), part)
        inline: dict[str, list[str]] = {}
        for p in problems or []:
            inline.setdefault(p.field, []).append(str(p))
        return studio.render(request, "programme.html", status=status, ward=path.stem, part=part,
                             sections=SECTIONS, groups=groups, values=values or {}, problems=problems or [],
                             inline=inline, diff=diff, done=done, base=_sha(before), added=added)

    async def index(request: Request) -> Response:
        return studio.render(request, "programme_index.html", wards=studio.programs().wards, sections=SECTIONS)

    async def edit(request: Request) -> Response:
        path, part = located(request)
        return show(request, path, part, path.read_text(encoding="utf-8"))

    def edited(before: str, added: list[str], values: dict[str, str]) -> str:
        try:
            return yamledit.apply(_with_rows(before, added), values)
        except yamledit.EditRefused as exc:
            raise HTTPException(400, str(exc)) from None

    async def check(request: Request) -> Response:
        path, part = located(request)
        form = await studio.access.form(request)
        values, added = _values(form), [str(a) for a in form.getlist("_added")]
        before = path.read_text(encoding="utf-8")
        if form.get("_add"):  # a new row, copied from the last, for staff to fill in before checking
            added.append(str(form["_add"]))
            edited(before, added, values)
            return show(request, path, part, before, added, values)
        after = edited(before, added, values)
        problems = _problems(studio.programs_dir, path, after)
        if problems:
            return show(request, path, part, before, added, values, problems, status=422)
        return show(request, path, part, before, added, values,
                    diff=yamledit.diff(before, after, path.name) or "-")

    async def save(request: Request) -> Response:
        path, part = located(request)
        form = await studio.access.form(request)
        before = path.read_text(encoding="utf-8")
        if str(form.get("base", "")) != _sha(before):
            return show(request, path, part, before, done="programme.stale", status=409)
        values, added = _values(form), [str(a) for a in form.getlist("_added")]
        after = edited(before, added, values)
        problems = _problems(studio.programs_dir, path, after)
        if problems:
            return show(request, path, part, before, added, values, problems, status=422)
        diff = yamledit.diff(before, after, path.name)
        path.write_text(after, encoding="utf-8")
        return show(request, path, part, after, diff=diff, done="programme.saved")

    return [Route("/programme", index), Route("/programme/{ward}/{part}", edit),
            Route("/programme/{ward}/{part}", check, methods=["POST"]),
            Route("/programme/{ward}/{part}/save", save, methods=["POST"])]


@functools.lru_cache(maxsize=32)
def _groups(text: str, part: str) -> list[tuple[str, bool, list[yamledit.Field]]]:
    """The part's fields, grouped by where they sit, and whether rows can be added to the group; a
    round-trip parse takes ~0.1 s, so a file's is kept."""
    doc = yamledit.load(text)
    return [(yamledit.dotted(root), yamledit.is_rows(doc, root), yamledit.fields(doc, root))
            for root in _roots(doc, part)]


def _with_rows(text: str, added: list[str]) -> str:
    """The text with the rows staff added (each a copy of its list's last row), in the order added."""
    for name in added:
        text = yamledit.append_copy(text, name)
    return text


def _roots(doc: object, part: str) -> list[yamledit.Path_]:
    """Where the part sits in this file (each channel's, or the ward's); parts a file lacks are skipped."""
    key = SECTIONS[part]
    if part in PER_CHANNEL:
        channels = doc.get("channels") or [] if isinstance(doc, dict) else []
        return [("channels", i, *key) for i, ch in enumerate(channels) if isinstance(ch, dict) and key[0] in ch]
    return [key] if isinstance(doc, dict) and key[0] in doc else []


def _values(form: object) -> dict[str, str]:
    """The posted fields (named as `tsunagu check` names them), without the form's own tokens."""
    items = form.items() if hasattr(form, "items") else []
    return {str(k): str(v).replace("\r\n", "\n") for k, v in items if k not in ("csrf", "base", "_add", "_added")}


def _problems(folder: Path, path: Path, text: str) -> list[ConfigProblem]:
    """What `tsunagu check` would say of the folder with this file edited (cross-file ids included)."""
    with tempfile.TemporaryDirectory(prefix="tsunagu-studio-") as tmp:
        for other in folder.glob("*.yml"):
            if other != path:
                shutil.copy(other, Path(tmp) / other.name)
        (Path(tmp) / path.name).write_text(text, encoding="utf-8")
        try:
            load_programs(Path(tmp))
        except ConfigError as exc:
            # Named as staff know the file (programs/kita.yml), as `tsunagu check` run beside the folder does.
            return [ConfigProblem(p.file.replace(tmp, folder.name), p.line, p.field, p.message)
                    for p in exc.problems]
    return []


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
