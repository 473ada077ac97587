"""Same-day operations: closures, extra sessions, notices and busy spells that take effect without a redeploy.

Staff add them with `tsunagu ops` (or the studio); they live in the store beside the records, an item per
change, and hold nothing personal: a channel, dates and times, staff-written wording, and the name of the
operator who made the change. The schedule engine applies a channel's operations after its programme
rules, and a closure wins, as in the programme: a closed day or span has no slots whatever else says.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from dataclasses import dataclass, field
from typing import Literal, get_args

from tsunagu.domain.decode import Clock
from tsunagu.domain.text import Text, pick

OperationKind = Literal["closure", "extra", "notice", "busy"]
OPERATION_KINDS: tuple[OperationKind, ...] = get_args(OperationKind)
# LINE's text message holds 5,000 characters; a notice is added to a reply that has its own text, so it
# is kept well inside: 500 characters, about what a phone shows without scrolling.
MAX_NOTICE = 500
MAX_NOTE = 200
# A closure or extra session changed a month's slots: kept through two fiscal years of reports.
REPORT_DAYS = 800
# A day's whole span: a closure without hours closes everything that starts on the day (to 30:00).
WHOLE_DAY = (Clock(0), Clock(30 * 60))


@dataclass(frozen=True)
class Operation:
    """One same-day change to one channel. Which fields matter depends on `kind`:

    closure: `date`, optionally `start`-`end` (else the whole day), `note` (the reason);
    extra: `date`, `start`, `end`, `note`; notice: `texts`, `first`-`last` (dates);
    busy: `until` (a time today or later). `author` is the operator's name, never a LINE user.
    """

    id: str
    channel: str
    kind: OperationKind
    author: str
    created: dt.datetime
    date: dt.date | None = None
    start: Clock | None = None
    end: Clock | None = None
    note: str = ""
    texts: Text = field(default_factory=Text)
    first: dt.date | None = None
    last: dt.date | None = None
    until: dt.datetime | None = None

    def span(self) -> tuple[Clock, Clock]:
        """The hours a closure or extra session covers on its date."""
        if self.start is None or self.end is None:
            return WHOLE_DAY
        return self.start, self.end

    def ends(self) -> dt.datetime:
        """When it stops mattering (the store may forget it afterwards): a notice or busy spell once over;
        a closure or extra session after REPORT_DAYS, since the report counts the slots they changed."""
        tz = self.created.tzinfo
        if self.kind == "busy" and self.until is not None:
            return self.until
        last = self.last if self.kind == "notice" else self.date
        day = last or self.created.date()
        kept = REPORT_DAYS if self.kind in ("closure", "extra") else 2
        return dt.datetime(day.year, day.month, day.day, tzinfo=tz) + dt.timedelta(days=kept)

    def to_json(self) -> dict[str, object]:
        """The stored shape: plain JSON, dates as ISO, clocks as HH:MM."""
        doc: dict[str, object] = {"id": self.id, "channel": self.channel, "kind": self.kind, "author": self.author,
                                  "created": self.created.isoformat()}
        for name in ("date", "first", "last", "until"):
            value = getattr(self, name)
            if value is not None:
                doc[name] = value.isoformat()
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None:
                doc[name] = str(value)
        if self.note:
            doc["note"] = self.note
        if self.texts:
            doc["texts"] = dict(self.texts)
        return doc

    @classmethod
    def from_json(cls, doc: dict[str, object]) -> Operation:
        """Read the stored shape back; ValueError when it is not one."""
        try:
            kind = next((k for k in OPERATION_KINDS if k == doc["kind"]), None)
            if kind is None:
                raise ValueError(f"unknown operation kind {doc['kind']!r}")
            texts = doc.get("texts") or {}
            if not isinstance(texts, dict):
                raise ValueError("texts must be an object")
            return cls(id=str(doc["id"]), channel=str(doc["channel"]), kind=kind,
                       author=str(doc["author"]), created=dt.datetime.fromisoformat(str(doc["created"])),
                       date=_date(doc.get("date")), start=_clock(doc.get("start")), end=_clock(doc.get("end")),
                       note=str(doc.get("note", "")), texts=Text({str(k): str(v) for k, v in texts.items()}),
                       first=_date(doc.get("first")), last=_date(doc.get("last")),
                       until=dt.datetime.fromisoformat(str(doc["until"])) if doc.get("until") else None)
        except KeyError as exc:
            raise ValueError(f"operation without {exc}") from None


def new_id() -> str:
    """A short id staff can type (`tsunagu ops remove ID`)."""
    return secrets.token_hex(4)


def _date(value: object) -> dt.date | None:
    return None if value in (None, "") else dt.date.fromisoformat(str(value))


def _clock(value: object) -> Clock | None:
    return None if value in (None, "") else Clock.parse(str(value))


@dataclass(frozen=True, eq=False)
class Overlay:
    """A channel's operations, as the schedule engine and the intake read them."""

    operations: tuple[Operation, ...] = ()

    def closed(self, day: dt.date) -> list[tuple[Clock, Clock]]:
        """The spans closed on `day`."""
        return self._days.get(day, ([], []))[0]

    def extra(self, day: dt.date) -> list[tuple[Clock, Clock]]:
        """The extra sessions on `day`."""
        return self._days.get(day, ([], []))[1]

    def touches(self, day: dt.date) -> bool:
        """True when a closure or an extra session falls on `day` (the schedule engine asks every day)."""
        return day in self._days

    @functools.cached_property
    def _days(self) -> dict[dt.date, tuple[list[tuple[Clock, Clock]], list[tuple[Clock, Clock]]]]:
        """Closed and extra spans by day, made once: the schedule asks for tens of days per webhook."""
        days: dict[dt.date, tuple[list[tuple[Clock, Clock]], list[tuple[Clock, Clock]]]] = {}
        for op in self.operations:
            if op.kind in ("closure", "extra") and op.date is not None:
                closed, extra = days.setdefault(op.date, ([], []))
                (closed if op.kind == "closure" else extra).append(op.span())
        return days

    def notice(self, at: dt.datetime, language: str) -> str | None:
        """The notice in force at `at` (the newest), in the reader's language by the one fallback rule."""
        day = at.date()
        current = [op for op in self.operations if op.kind == "notice" and op.first is not None
                   and op.last is not None and op.first <= day <= op.last]
        if not current:
            return None
        return pick(max(current, key=lambda op: op.created).texts, language)

    def busy(self, at: dt.datetime) -> bool:
        """True while a busy spell lasts."""
        return any(op.kind == "busy" and op.until is not None and op.created <= at < op.until
                   for op in self.operations)


NO_OVERLAY = Overlay()


def subtract(spans: list[tuple[Clock, Clock]], closed: list[tuple[Clock, Clock]]) -> list[tuple[Clock, Clock]]:
    """The parts of `spans` outside every closed span (a closure wins)."""
    out = list(spans)
    for c_start, c_end in closed:
        kept: list[tuple[Clock, Clock]] = []
        for start, end in out:
            if c_end.minutes <= start.minutes or c_start.minutes >= end.minutes:
                kept.append((start, end))
                continue
            if start.minutes < c_start.minutes:
                kept.append((start, c_start))
            if c_end.minutes < end.minutes:
                kept.append((c_end, end))
        out = kept
    return out


def operation_problems(op: Operation, languages: tuple[str, ...], today: dt.date) -> list[tuple[str, str]]:
    """Everything wrong with an operation, as (field, message) a staff member can act on."""
    out: list[tuple[str, str]] = []
    if not op.author.strip():
        out.append(("--by", "say who makes the change (your name as staff), for the change log"))
    if op.kind in ("closure", "extra"):
        if op.date is None:
            out.append(("--date", "give the date, YYYY-MM-DD"))
        elif op.date < today:
            out.append(("--date", f"{op.date} is in the past; give today or a later date"))
        if op.kind == "extra" and (op.start is None or op.end is None):
            out.append(("--start", "give the session's start and end, HH:MM"))
        if (op.start is None) != (op.end is None):
            out.append(("--to", "give both the start and the end of the closed hours, or neither"))
        if op.start is not None and op.end is not None and op.end.minutes <= op.start.minutes:
            out.append(("--to" if op.kind == "closure" else "--end",
                        f"{op.end} is not after {op.start}; a span past midnight ends at 24:00-30:00"))
        if len(op.note) > MAX_NOTE:
            out.append(("--reason" if op.kind == "closure" else "--note", f"at most {MAX_NOTE} characters"))
    if op.kind == "notice":
        if op.first is None or op.last is None:
            out.append(("--from", "give the first and last day of the notice, YYYY-MM-DD"))
        elif op.last < op.first:
            out.append(("--to", f"{op.last} is before {op.first}"))
        elif op.last < today:
            out.append(("--to", f"{op.last} is in the past"))
        if not op.texts:
            out.append(("--text", "give the notice's text, e.g. --text ja=台風のため本日は休止します"))
        for lang, text in op.texts.items():
            if lang not in languages:
                out.append(("--text", f"{lang!r} is not one of the channel's languages ({', '.join(languages)})"))
            if not text.strip() or len(text) > MAX_NOTICE:
                out.append(("--text", f"{lang}: write 1 to {MAX_NOTICE} characters (LINE shows it in every reply)"))
    if op.kind == "busy" and (op.until is None or op.until <= op.created):
        out.append(("--until", "give a time later than now, HH:MM (today)"))
    return out
