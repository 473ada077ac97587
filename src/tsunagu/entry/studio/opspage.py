"""Same-day operations as forms: the same checks as `tsunagu ops` (domain.operation_problems), the effect
shown before saving (the next opening and the week), then services.operations stores, logs, republishes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tsunagu.domain.decode import Clock
from tsunagu.domain.errors import TsunaguError
from tsunagu.domain.operations import OPERATION_KINDS, Operation, Overlay, new_id, operation_problems
from tsunagu.domain.schedule import JST, next_open
from tsunagu.domain.text import Text
from tsunagu.entry.studio.today import week
from tsunagu.services.operations import add_operation, remove_operation

if TYPE_CHECKING:
    from tsunagu.entry.studio.app import Studio

# The command's option names, as its messages say them, and the form field each one is about.
FIELD_OF = {"--by": "by", "--date": "date", "--start": "start", "--from": "start", "--end": "end",
            "--reason": "note", "--note": "note", "--text": "texts", "--until": "until", "--channel": "channel"}


def routes(studio: Studio) -> list[Route]:
    """GET /ops, POST /ops/check, /ops/save and /ops/remove."""

    def show(request: Request, form: Mapping[str, str] | None = None, problems: list[tuple[str, str]] | None = None,
             effect: dict[str, object] | None = None, done: str = "", status: int = 200) -> Response:
        programs = studio.programs()
        return studio.render(request, "ops.html", status=status, form=form or {}, problems=problems or [],
                             by_field=_by_field((form or {}).get("kind", ""), problems or []),
                             effect=effect, done=done, kinds=OPERATION_KINDS, channels=programs.channels,
                             languages=sorted({lang for w in programs.wards for lang in w.languages}),
                             operations=studio.wiring.store().operations(None))

    async def index(request: Request) -> Response:
        return show(request)

    async def check(request: Request) -> Response:
        form = {k: str(v) for k, v in (await studio.access.form(request)).items()}
        op, problems = _operation(form, studio, studio.now())
        if op is None or problems:
            return show(request, form, problems, status=422)
        return show(request, form, effect=_effect(studio, op))

    async def save(request: Request) -> Response:
        form = {k: str(v) for k, v in (await studio.access.form(request)).items()}
        now = studio.now()
        op, problems = _operation(form, studio, now)
        if op is None or problems:
            return show(request, form, problems, status=422)
        w = studio.wiring
        try:
            add_operation(op, studio.programs(), w.store(), w.publisher(), now.date())
        except TsunaguError as exc:
            return show(request, form, [("", str(exc))], status=422)
        return show(request, effect=_effect(studio, None, op.channel), done="ops.saved")

    async def remove(request: Request) -> Response:
        form = await studio.access.form(request)
        by = str(form.get("by", "")).strip()
        if not by:  # as `tsunagu ops remove --by`: the change log says who removed it
            return show(request, problems=[("--by", "say who makes the change (your name as staff), for the change "
                                                    "log")], status=422)
        w = studio.wiring
        try:
            removed = remove_operation(str(form.get("id", "")), by,
                                       studio.programs(), w.store(), w.publisher(), studio.now().date())
        except TsunaguError as exc:
            return show(request, problems=[("", str(exc))], status=422)
        return show(request, effect=_effect(studio, None, removed.channel), done="ops.removed")

    return [Route("/ops", index), Route("/ops/check", check, methods=["POST"]),
            Route("/ops/save", save, methods=["POST"]), Route("/ops/remove", remove, methods=["POST"])]


def _by_field(kind: str, problems: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Each message beside the field it is about (`--from`/`--to` are the notice's days or a closure's hours)."""
    fields = dict(FIELD_OF, **({"--from": "first", "--to": "last"} if kind == "notice" else {"--to": "end"}))
    out: dict[str, list[str]] = {}
    for option, message in problems:
        out.setdefault(fields.get(option, "kind"), []).append(f"{option}: {message}" if option else message)
    return out


def _effect(studio: Studio, op: Operation | None, channel_id: str = "") -> dict[str, object]:
    """The channel's next opening and week with the stored operations (plus `op`, not yet saved)."""
    channel_id = op.channel if op is not None else channel_id
    now = studio.now()
    ops = tuple(studio.wiring.store().operations(channel_id)) + ((op,) if op is not None else ())
    channel = studio.programs().channel(channel_id)
    return {"channel": channel, "next_open": next_open(channel, now, Overlay(ops)),
            "week": week(channel, now.date(), Overlay(ops))}


def _operation(form: Mapping[str, str], studio: Studio, now: dt.datetime
               ) -> tuple[Operation | None, list[tuple[str, str]]]:
    """The form as an Operation and its problems as (option, message), the way `tsunagu ops` says them."""
    problems: list[tuple[str, str]] = []

    def date(name: str, option: str) -> dt.date | None:
        text = form.get(name, "").strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            problems.append((option, f"{text!r}: write the date as YYYY-MM-DD"))
            return None

    def clock(name: str, option: str) -> Clock | None:
        text = form.get(name, "").strip()
        if not text:
            return None
        try:
            return Clock.parse(text)
        except ValueError as exc:
            problems.append((option, str(exc)))
            return None

    kind = next((k for k in OPERATION_KINDS if k == form.get("kind")), None)
    channel = form.get("channel", "")
    if kind is None:
        return None, [("kind", "choose closure, extra, notice or busy")]
    try:
        ward = studio.programs().ward_of(channel)
    except TsunaguError as exc:
        return None, [("--channel", str(exc))]
    common = {"id": new_id(), "channel": channel, "author": form.get("by", ""), "created": now}
    closure = kind == "closure"
    op = Operation(kind=kind, date=date("date", "--date"), start=clock("start", "--from" if closure else "--start"),
                   end=clock("end", "--to" if closure else "--end"), note=form.get("note", "").strip(),
                   texts=Text({lang: form[f"text_{lang}"] for lang in ward.languages if form.get(f"text_{lang}")}),
                   first=date("first", "--from"), last=date("last", "--to"), **common)
    if kind == "busy":
        until = clock("until", "--until")
        op = Operation(kind="busy", until=None if until is None else
                       dt.datetime(now.year, now.month, now.day, tzinfo=JST) + dt.timedelta(minutes=until.minutes),
                       **common)
    elif kind == "notice":
        op = Operation(kind="notice", first=op.first, last=op.last, texts=op.texts, **common)
    elif kind in ("closure", "extra"):
        op = Operation(kind=kind, date=op.date, start=op.start, end=op.end, note=op.note, **common)
    return op, problems + operation_problems(op, ward.languages, now.date())
