"""Same-day operations as staff make them: checked, stored, logged (who, what, when), and republished at once.

A closure typed at 7 a.m. for a typhoon must reach the people reading the ward page and the published
schedule straight away: every change rewrites that channel's `schedule/<channel>.json` and `.ics`. The
intake reads the overlay itself, at most a minute stale (`OverlayCache`).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from tsunagu.domain.config import Programs
from tsunagu.domain.decode import Clock
from tsunagu.domain.errors import TsunaguError
from tsunagu.domain.operations import NO_OVERLAY, Operation, Overlay, new_id, operation_problems
from tsunagu.domain.text import Text
from tsunagu.ports.publisher import SCHEDULE_DAYS, Publisher
from tsunagu.ports.store import Store
from tsunagu.services.publishing import publish_schedules

log = logging.getLogger("tsunagu.services.operations")

# The intake's overlay may be this stale: one store read per channel per minute, none on most webhooks.
OVERLAY_TTL_S = 60.0
# How long a webhook waits for a due read of the overlay before it goes on with the last one it knows.
OVERLAY_WAIT_S = 0.1


class OperationRefused(TsunaguError):
    """A same-day operation a staff member asked for is not valid; the message says which option and why."""


def add_operation(op: Operation, programs: Programs, store: Store, publisher: Publisher | None,
                  today: dt.date) -> list[str]:
    """Check, store, log and republish; returns the schedule files rewritten."""
    ward = programs.ward_of(op.channel)  # UnknownChannelError names the channel
    problems = operation_problems(op, ward.languages, today)
    if problems:
        raise OperationRefused("; ".join(f"{option}: {message}" for option, message in problems))
    store.put_operation(op)
    log.info("operation %s added by %s: %s on %s", op.id, op.author, op.kind, op.channel)
    return republish(op.channel, programs, store, publisher, today)


def operation_from_request(doc: object, now: dt.datetime) -> Operation:
    """An operation from the JSON the AWS operations API takes, the command line's names as its keys:
    {"kind": "closure", "channel", "date", "from"?, "to"?, "reason"?, "by"} (open: "start", "end", "note";
    notice: "from", "to", "text": {lang: text}; busy: "until" HH:MM). OperationRefused names the field."""
    if not isinstance(doc, dict):
        raise OperationRefused("send a JSON object, e.g. {\"kind\": \"closure\", \"channel\": ..., \"date\": ...}")
    kind = {"close": "closure", "closure": "closure", "open": "extra", "extra": "extra", "notice": "notice",
            "busy": "busy"}.get(str(doc.get("kind", "")))
    if kind is None:
        raise OperationRefused("kind: give close, open, notice or busy")
    try:
        day = _day(doc.get("date"))
        ident, channel, author = new_id(), str(doc.get("channel", "")), str(doc.get("by", ""))
        if kind == "closure":
            return Operation(kind="closure", date=day, start=_clock(doc.get("from")), end=_clock(doc.get("to")),
                             note=str(doc.get("reason", "")), id=ident, channel=channel, author=author,
                             created=now)
        if kind == "extra":
            return Operation(kind="extra", date=day, start=_clock(doc.get("start")), end=_clock(doc.get("end")),
                             note=str(doc.get("note", "")), id=ident, channel=channel, author=author,
                             created=now)
        if kind == "notice":
            texts = doc.get("text") or {}
            if not isinstance(texts, dict):
                raise OperationRefused("text: give {\"ja\": \"...\"}, a text per language")
            return Operation(kind="notice", first=_day(doc.get("from")), last=_day(doc.get("to")),
                             texts=Text({str(k): str(v) for k, v in texts.items()}), id=ident, channel=channel,
                             author=author, created=now)
        until = _clock(doc.get("until"))
        midnight = dt.datetime(now.year, now.month, now.day, tzinfo=now.tzinfo)
        return Operation(kind="busy", until=None if until is None else midnight + dt.timedelta(minutes=until.minutes),
                         id=ident, channel=channel, author=author, created=now)
    except ValueError as exc:
        raise OperationRefused(str(exc)) from None


def _day(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{value!r}: write dates as YYYY-MM-DD") from None


def _clock(value: object) -> Clock | None:
    return None if value in (None, "") else Clock.parse(str(value))


def remove_operation(op_id: str, author: str, programs: Programs, store: Store, publisher: Publisher | None,
                     today: dt.date) -> Operation:
    """Remove by id (logged with who removed it) and republish its channel."""
    if not author.strip():
        raise OperationRefused("--by: say who removes it (your name as staff), for the change log")
    removed = store.remove_operation(op_id)
    if removed is None:
        raise OperationRefused(f"no operation {op_id!r}; `tsunagu ops list` shows the ids")
    log.info("operation %s removed by %s: %s on %s", op_id, author, removed.kind, removed.channel)
    if removed.channel in {c.id for c in programs.channels}:
        republish(removed.channel, programs, store, publisher, today)
    return removed


def republish(channel: str, programs: Programs, store: Store, publisher: Publisher | None,
              today: dt.date) -> list[str]:
    """Rewrite one channel's published schedule with its operations (nothing when there is no publisher)."""
    if publisher is None:
        return []
    overlays = {channel: Overlay(tuple(store.operations(channel)))}
    return publish_schedules(programs, publisher, today, SCHEDULE_DAYS, overlays, only=channel)


def overlays_of(store: Store) -> dict[str, Overlay]:
    """Every channel's overlay in one read (the weekly publisher, the report)."""
    found: dict[str, list[Operation]] = {}
    for op in store.operations(None):
        found.setdefault(op.channel, []).append(op)
    return {channel: Overlay(tuple(ops)) for channel, ops in found.items()}


class OverlayCache:
    """The intake's view of the overlay: one store read per channel per `ttl`, never long on the webhook's path.

    A read that is due runs beside the request and is waited for at most `wait` seconds (a healthy store
    answers in a few milliseconds): a store that hangs costs the webhook no more than that, so the
    emergency reply is never held by it. Until a read succeeds the last view is used (and logged), so a
    store blip never changes the hours a person is told.
    """

    def __init__(self, store: Callable[[], Store], ttl: float = OVERLAY_TTL_S,
                 clock: Callable[[], float] = time.monotonic, wait: float = OVERLAY_WAIT_S) -> None:
        self._store = store
        self._ttl = ttl
        self._clock = clock
        self._wait = wait
        self._cached: dict[str, tuple[float, Overlay]] = {}
        self._reading: dict[str, Future[Overlay]] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def get(self, channel: str) -> Overlay:
        """The channel's overlay, at most `ttl` seconds stale when the store answers."""
        now = self._clock()
        with self._lock:
            cached = self._cached.get(channel)
            if cached is not None and now - cached[0] < self._ttl:
                return cached[1]
            reading = self._reading.get(channel)
            if reading is None:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tsunagu-overlay")
                reading = self._reading[channel] = self._pool.submit(self._read, channel)
        try:
            return reading.result(timeout=self._wait)
        except FutureTimeout:
            log.warning("operations of %s not read within %.1f s: using the last known", channel, self._wait)
            return cached[1] if cached is not None else NO_OVERLAY

    def _read(self, channel: str) -> Overlay:
        started = self._clock()
        try:
            overlay = Overlay(tuple(self._store().operations(channel)))
        except TsunaguError as exc:
            log.warning("operations unread for %s (%s): using the last known", channel, type(exc).__name__)
            with self._lock:
                cached = self._cached.get(channel)
                self._reading.pop(channel, None)
            return cached[1] if cached is not None else NO_OVERLAY
        with self._lock:
            self._cached[channel] = (started, overlay)
            self._reading.pop(channel, None)
        return overlay
