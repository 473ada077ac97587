"""A ward as ready-to-render text in one language: hours baked from the schedule engine, tel links, QR."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

from tsunagu.catalog import section
from tsunagu.domain.config import Channel, Contact, Programs, Ward
from tsunagu.domain.dates import DateFormat, date_format, minutes_after
from tsunagu.domain.schedule import JST, Slot, next_slot, slots
from tsunagu.makers.drawing import qrcodes

# "This week" on the page: the build day and the six days after it.
WEEK_DAYS = 7


@dataclass(frozen=True)
class Words:
    """The portal catalogue of one language (`catalog/<lang>/portal.yml`) and how it writes dates."""

    lang: str
    strings: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.strings[key]

    @property
    def dates(self) -> DateFormat:
        """How this language writes dates and times."""
        return date_format(self.lang)

    def script_formats(self) -> dict[str, str]:
        """The formats the 'open now' script needs, as data-* attribute values (the same as `dates`)."""
        formats = {key: self.dates.strings[key] for key in ("date", "time", "span", "span_overnight", "slot")}
        formats |= {key: self[key] for key in ("status_open", "status_next")}
        return {"weekdays": ",".join(self.dates.weekdays), "months": ",".join(self.dates.month_names),
                **{key.replace("_", "-"): value for key, value in formats.items()}}


@functools.cache
def words(lang: str) -> Words:
    """The portal words of one language; KeyError when the language has no portal catalogue."""
    return Words(lang, section(lang, "portal"))


def tel_href(phone: str) -> str:
    """A tel: link; '#' (e.g. #8008) must be percent-encoded or the dialler drops everything after it."""
    return "tel:" + quote(phone, safe="+-0123456789*")


# Drawn codes by URL without their title, shared by every language of a channel (only the title differs).
_CODES: dict[str, str] = {}
# Codes being drawn on other cores (`prepare_qr`): the chunk that will hold each URL's code.
_PENDING: dict[str, Future[list[str]]] = {}
# Below this many codes a process pool costs more than it saves (qrcode takes ~5 ms per code).
PARALLEL_FROM = 64
# URLs per task: small enough that the first pages need not wait long, big enough to keep overheads low.
CHUNK = 24
# Where the title goes in a drawn code (`tsunagu.makers.drawing.qrcodes.svg` writes it there).
_TITLE_AT = 'role="img">'


def qr_svg(url: str, title: str) -> str:
    """The add-friend URL as an inline SVG QR code with a 4-module quiet zone (encoded and drawn once per URL)."""
    code = _CODES.get(url)
    if code is None:
        code = _CODES[url] = _collect(url) if url in _PENDING else _untitled_svg(url)
    return code.replace(_TITLE_AT, f"{_TITLE_AT}<title>{escape(title)}</title>", 1)


def _untitled_svg(url: str) -> str:
    return qrcodes.svg(qrcodes.make(url), module=5)


def _untitled_svgs(urls: list[str]) -> list[str]:
    return [_untitled_svg(url) for url in urls]


def _collect(url: str) -> str:
    """Wait for the chunk holding `url` and keep all of its codes."""
    chunk = _PENDING[url]
    for done, code in zip([u for u, f in _PENDING.items() if f is chunk], chunk.result(), strict=True):
        _CODES[done] = code
        del _PENDING[done]
    return _CODES[url]


def prepare_qr(urls: list[str]) -> None:
    """Start drawing many codes on other cores, in the order given, and return at once.

    An all-Japan build has ~1,700 channels and qrcode takes ~5 ms a code: the pages are rendered here
    meanwhile, each waiting only for the chunk that holds its code (give the URLs in page order).
    """
    todo = [url for url in dict.fromkeys(urls) if url not in _CODES and url not in _PENDING]
    if len(todo) < PARALLEL_FROM:
        return
    pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1)
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start:start + CHUNK]
        future = pool.submit(_untitled_svgs, chunk)
        _PENDING.update(dict.fromkeys(chunk, future))
    pool.shutdown(wait=False)  # the workers finish what was submitted, then exit


@dataclass(frozen=True)
class DayHours:
    """One day of this week: its date and spans (empty when closed), with specialist names."""

    date: str
    spans: tuple[str, ...]
    specialists: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpecialistView:
    """A specialist service with its coming dates."""

    name: str
    description: str
    dates: tuple[str, ...]


@dataclass(frozen=True)
class PhoneView:
    """A contact or partner with an optional phone number and hours."""

    name: str
    phone: str = ""
    tel: str = ""
    hours: str = ""


@dataclass(frozen=True)
class ChannelView:
    """Everything the ward page shows about one channel, in one language."""

    id: str
    name: str
    audience: str
    topics: tuple[str, ...]
    line_url: str
    qr_svg: str
    placeholder: bool
    ended: str  # notice when the channel has ended (then hours and the button are not shown)
    starts: str  # notice when the channel has not started yet
    status: str
    is_open: bool
    week: tuple[DayHours, ...]
    specialists: tuple[SpecialistView, ...]
    outreach: bool
    partners: tuple[PhoneView, ...]


@dataclass(frozen=True)
class ResourceView:
    """Practical help with where to find it."""

    name: str
    description: str
    places: tuple[str, ...]


@dataclass(frozen=True)
class WardView:
    """A ward page in one language."""

    id: str
    lang: str
    name: str
    program: str
    channels: tuple[ChannelView, ...]
    emergency: tuple[PhoneView, ...]
    resources: tuple[ResourceView, ...]


def ward_view(ward: Ward, lang: str, now: dt.datetime) -> WardView:
    """The ward page's content in `lang`, with this week's hours as of `now` (Japan time)."""
    w = words(lang)
    local = now.astimezone(JST)
    return WardView(
        id=ward.id,
        lang=lang,
        name=ward.name.pick(lang),
        program=ward.program.pick(lang),
        channels=tuple(_channel_view(ward, ch, w, local) for ch in ward.channels),
        emergency=tuple(_phone(c, lang) for c in ward.emergency_contacts),
        resources=tuple(ResourceView(r.name.pick(lang), r.description.pick(lang),
                                     tuple(p.pick(lang) for p in r.places)) for r in ward.resources),
    )


def _channel_view(ward: Ward, ch: Channel, w: Words, now: dt.datetime) -> ChannelView:
    lang = w.lang
    today = now.date()
    ended = starts = ""
    if ch.valid is not None and ch.valid.end < today:
        ended = w["ended"].format(date=w.dates.date_full(ch.valid.end))
    elif ch.valid is not None and ch.valid.start > today:
        starts = w["starts"].format(date=w.dates.date_full(ch.valid.start))
    status, is_open = _status(ch, w, now)
    topics = section(lang, "topics")
    partners = {p.id: p for p in ward.partners}
    return ChannelView(
        id=ch.id,
        name=ch.name.pick(lang),
        audience=ch.audience.pick(lang),
        topics=tuple(topics[key] for key in ch.topics),  # every language names every topic (a test checks)
        line_url=ch.add_friend_url,
        qr_svg="" if ended else qr_svg(ch.add_friend_url, w["qr_title"]),
        placeholder=ch.is_placeholder,
        ended=ended,
        starts=starts,
        status=status,
        is_open=is_open,
        week=_week(ch, w, today),
        specialists=_specialists(ch, lang, w, today),
        outreach=ch.outreach,
        partners=tuple(_partner(partners[pid], lang) for pid in ch.partners if pid in partners),
    )


def _status(ch: Channel, w: Words, now: dt.datetime) -> tuple[str, bool]:
    # Yesterday to the end of this week answers almost every page; the engine searches further only if not.
    near = slots(ch, now.date() - dt.timedelta(days=1), WEEK_DAYS + 1)
    current = next((s for s in near if now in s), None)
    if current is not None:
        return w["status_open"].format(end=w.dates.time(_slot_end(current))), True
    upcoming = next((s for s in near if s.start >= now), None) or next_slot(ch, now)
    if upcoming is None:
        return w["status_none"], False
    return w["status_next"].format(when=w.dates.slot(upcoming)), False


def _slot_end(slot: Slot) -> int:
    """When a slot ends, in minutes after its opening day's midnight (24:00, or 25:00 for 1 a.m.)."""
    return minutes_after(slot.start.astimezone(JST).date(), slot.end)


def _week(ch: Channel, w: Words, today: dt.date) -> tuple[DayHours, ...]:
    found = slots(ch, today, WEEK_DAYS)
    names = {s.kind: s.name.pick(w.lang) for s in ch.specialist_days}
    days = []
    for offset in range(WEEK_DAYS):
        day = today + dt.timedelta(days=offset)
        mine = [s for s in found if s.start.astimezone(JST).date() == day]
        kinds = dict.fromkeys(k for s in mine for k in s.specialist)
        days.append(DayHours(w.dates.date(day), tuple(w.dates.slot_span(s) for s in mine),
                             tuple(names[k] for k in kinds)))
    return tuple(days)


def _specialists(ch: Channel, lang: str, w: Words, today: dt.date) -> tuple[SpecialistView, ...]:
    out = []
    for s in ch.specialist_days:
        coming = sorted(d for d in s.dates if d >= today)
        if coming:
            out.append(SpecialistView(s.name.pick(lang), s.description.pick(lang) if s.description else "",
                                      tuple(w.dates.date_full(d) for d in coming)))
    return tuple(out)


def _phone(contact: Contact, lang: str) -> PhoneView:
    return PhoneView(contact.name.pick(lang), contact.phone, tel_href(contact.phone),
                     contact.hours.pick(lang) if contact.hours else "")


def _partner(partner: Any, lang: str) -> PhoneView:
    phone = partner.phone or ""
    return PhoneView(partner.name.pick(lang), phone, tel_href(phone) if phone else "",
                     partner.hours.pick(lang) if partner.hours else "")


@dataclass(frozen=True)
class WardLink:
    """One ward on the index page: its name and page in the index's language (or its first language)."""

    name: str
    program: str
    url: str
    lang: str

    @property
    def html_lang(self) -> str:
        """The HTML lang attribute of the linked page's language."""
        return words(self.lang)["html_lang"]


def ward_links(programs: Programs, lang: str) -> tuple[WardLink, ...]:
    """Every ward for the index page in `lang`, linking to its page in that language when it has one."""
    from tsunagu.makers.portal.pages import Generated

    out = []
    for ward in programs.wards:
        shown = lang if lang in ward.languages else ward.languages[0]
        out.append(WardLink(ward.name.pick(shown), ward.program.pick(shown),
                            Generated("ward", shown, ward=ward.id).url, shown))
    return tuple(out)
