"""What a programme must satisfy beyond its types: ids, LINE IDs, languages, hours, closures, references.

Pure: it is handed plain data (read from YAML by the CLI, from JSON by the Lambda) and returns every
`Problem` with its field path; the adapters that read the files turn paths into `file:line`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import fields, is_dataclass, replace

from tsunagu.catalog import section
from tsunagu.domain import qr
from tsunagu.domain.config import (
    ANNUAL,
    IDENT,
    LANGUAGE,
    LINE_ID,
    MAX_REASONS,
    PLACEHOLDER_PREFIX,
    Activity,
    Channel,
    Named,
    Placement,
    Ward,
    WeeklyHours,
)
from tsunagu.domain.console import url_problem
from tsunagu.domain.decode import Clock, DecodeError, Path_, Problem, decode
from tsunagu.domain.intake.lexicon import expand
from tsunagu.domain.intake.pattern_regex import pattern_problem
from tsunagu.domain.text import Text
from tsunagu.domain.vocabulary import WEEKDAYS

# A LINE user id (a bot's too): "U" and 32 lowercase hex digits, as webhooks give it in `destination`.
BOT_USER_ID = re.compile(r"^U[0-9a-f]{32}$")
# A placement's own short /go/ address.
SLUG = re.compile(r"^[a-z0-9]{3,12}$")


def check_ward(data: object, source: str) -> tuple[Ward | None, list[Problem]]:
    """Build one ward from plain data and list everything wrong with it (no ward when the types fail)."""
    try:
        ward = decode(Ward, data)
    except DecodeError as exc:
        return None, exc.problems
    ward = replace(ward, source=source)
    return ward, ward_problems(ward)


def ward_problems(ward: Ward) -> list[Problem]:
    """Everything wrong inside one ward that the types alone cannot say."""
    out: list[Problem] = []
    if not IDENT.match(ward.id):
        out.append(Problem(("id",), "use lowercase letters, digits and hyphens, e.g. kita"))
    for i, lang in enumerate(ward.languages):
        if not LANGUAGE.match(lang):
            out.append(Problem(("languages", i), f"{lang!r} is not a language code such as ja, en or ja-easy"))
    if not ward.portal_url.startswith("https://"):
        out.append(Problem(("portal_url",), "must start with https://"))
    out.extend(_text_problems(ward, ward.languages, ()))
    partner_ids = [p.id for p in ward.partners]
    out.extend(_duplicates(partner_ids, "partners", "partner id"))
    channel_ids = [ch.id for ch in ward.channels]
    out.extend(_duplicates(channel_ids, "channels", "channel id"))
    for i, ch in enumerate(ward.channels):
        out.extend(_channel_problems(ch, ("channels", i), ward.languages, set(partner_ids)))
    out.extend(_duplicates([p.id for p in ward.placements], "placements", "placement id"))
    for i, placement in enumerate(ward.placements):
        if placement.scan_ceiling is not None and placement.scan_ceiling < 1:
            out.append(Problem(("placements", i, "scan_ceiling"), "give the scans a day to count, at least 1 "
                               "(omit it for the default, 500)"))
    for i, pl in enumerate(ward.placements):
        where = ("placements", i)
        if pl.channel not in channel_ids:
            known = ", ".join(channel_ids)
            out.append(Problem((*where, "channel"), f"unknown channel {pl.channel!r}; this ward has: {known}"))
        if pl.language not in ward.languages:
            out.append(Problem((*where, "language"), f"{pl.language!r} is not one of the ward's languages"))
        if not IDENT.match(pl.id):
            out.append(Problem((*where, "id"), "use lowercase letters, digits and hyphens"))
        out.extend(_slug_problems(ward, pl, where))
        if pl.layout is not None and not IDENT.match(pl.layout):
            out.append(Problem((*where, "layout"), "name a layout file without .yml, e.g. card-child"))
        if pl.size_mm is not None and (len(pl.size_mm) != 2 or min(pl.size_mm) <= 0):
            out.append(Problem((*where, "size_mm"), "give [width, height] in millimetres, e.g. [90, 55]"))
    if ward.retention_days < 1:
        out.append(Problem(("retention_days",), "must be at least 1 day"))
    out.extend(_named_problems(ward.activities, ("activities",)))
    for i, activity in enumerate(ward.activities):
        where = ("activities", i)
        if not activity.measures:
            out.append(Problem((*where, "measures"), "name at least one measure, e.g. [{id: packs, name: ...}]"))
        out.extend(_named_problems(activity.measures, (*where, "measures")))
        out.extend(_named_problems(activity.items, (*where, "items")))
    for name in ("emergency_patterns", "emergency_exceptions"):
        for i, pattern in enumerate(getattr(ward, name)):
            problem = pattern_problem(expand(pattern) if isinstance(pattern, str) else pattern)
            if problem:
                out.append(Problem((name, i), problem))
    return out


def _channel_problems(ch: Channel, where: Path_, languages: Iterable[str], partners: set[str]) -> list[Problem]:
    out: list[Problem] = []
    if not IDENT.match(ch.id):
        out.append(Problem((*where, "id"), "use lowercase letters, digits and hyphens, e.g. kita-women"))
    if not LINE_ID.match(ch.line_id):
        out.append(Problem((*where, "line_id"),
                           f"{ch.line_id!r} is not a LINE basic ID: '@' then 4-18 lowercase letters, digits, "
                           f"'.', '_' or '-' (use {PLACEHOLDER_PREFIX}<name> until the account exists)"))
    if ch.bot_user_id is not None and not BOT_USER_ID.match(ch.bot_user_id):
        out.append(Problem((*where, "bot_user_id"),
                           f"{ch.bot_user_id!r} is not a LINE user id: 'U' then 32 hex digits, as LINE Developers "
                           "shows under Basic settings, 'Your user ID' (or leave the field out)"))
    if ch.capacity < 1:
        out.append(Problem((*where, "capacity"), "at least one counsellor per slot"))
    for lang in languages:
        if lang not in ch.texts:
            out.append(Problem((*where, "texts", lang), f"replies in declared language {lang!r} are missing"))
    for lang in ch.texts:
        if lang not in languages:
            out.append(Problem((*where, "texts", lang), f"{lang!r} is not one of the ward's languages"))
    out.extend(_text_problems(ch, tuple(languages), where))
    known_topics = topic_keys()
    for i, topic in enumerate(ch.topics):
        if topic not in known_topics:
            out.append(Problem((*where, "topics", i),
                               f"unknown topic {topic!r}; known: {', '.join(sorted(known_topics))}"))
    for i, pid in enumerate(ch.partners):
        if pid not in partners:
            out.append(Problem((*where, "partners", i), f"unknown partner {pid!r}; add it to the ward's partners"))
    if ch.valid is not None and ch.valid.end < ch.valid.start:
        out.append(Problem((*where, "valid", "end"), "the validity period ends before it starts"))
    out.extend(_hours_problems(ch.hours, (*where, "hours")))
    for i, rule in enumerate(ch.closures.annual):
        m = ANNUAL.match(rule)
        ends = [] if not m else [(m.group(1), m.group(2)), (m.group(3), m.group(4))]
        if not m or not all(_real_month_day(int(a), int(b)) for a, b in ends if a is not None):
            out.append(Problem((*where, "closures", "annual", i),
                               f"{rule!r}: write MM-DD or MM-DD..MM-DD, e.g. 01-01 or 12-29..01-03"))
    for i, p in enumerate(ch.closures.periods):
        if p.end < p.start:
            out.append(Problem((*where, "closures", "periods", i, "end"), "the closure ends before it starts"))
    for i, extra in enumerate(ch.extra_days):
        out.extend(span_problems(extra.start, extra.end, (*where, "extra_days", i)))
    out.extend(_named_problems(ch.reasons, (*where, "reasons")))
    if len(ch.reasons) > MAX_REASONS:
        out.append(Problem((*where, "reasons"), f"at most {MAX_REASONS} reasons: LINE shows 13 quick-reply buttons "
                           "and one is needed to finish"))
    if ch.console is not None:
        problem = url_problem(ch.console.url)
        if problem:
            out.append(Problem((*where, "console", "url"), problem))
    for i, day in enumerate(ch.specialist_days):
        if not IDENT.match(day.kind):
            out.append(Problem((*where, "specialist_days", i, "kind"), "use lowercase letters, e.g. legal"))
    return out


def topic_keys() -> set[str]:
    """Topic keys defined in the Japanese topic catalogue (the reference language)."""
    return set(section("ja", "topics"))


def _real_month_day(month: int, day: int) -> bool:
    try:
        dt.date(2024, month, day)  # a leap year, so 02-29 is allowed
    except ValueError:
        return False
    return True


def _hours_problems(hours: tuple[WeeklyHours, ...], where: Path_) -> list[Problem]:
    out: list[Problem] = []
    for i, rule in enumerate(hours):
        if not rule.days:
            out.append(Problem((*where, i, "days"), "name at least one weekday (mon ... sun)"))
        for j, n in enumerate(rule.nth):
            if not 1 <= n <= 5:
                out.append(Problem((*where, i, "nth", j), "nth weekday of the month must be 1 to 5"))
        out.extend(span_problems(rule.start, rule.end, (*where, i)))
    # overlapping rules on one weekday (rules limited to different nth weeks never meet)
    for i, a in enumerate(hours):
        for j in range(i + 1, len(hours)):
            b = hours[j]
            shared = set(a.days) & set(b.days)
            weeks_meet = not a.nth or not b.nth or set(a.nth) & set(b.nth)
            if shared and weeks_meet and _spans_overlap(a, b):
                day = sorted(shared, key=WEEKDAYS.index)[0]
                out.append(Problem((*where, j, "start"),
                                   f"overlaps hours[{i}] on {day} ({a.start}-{a.end} and {b.start}-{b.end}); "
                                   "merge them into one span"))
    return out


def span_problems(start: Clock, end: Clock, where: Path_) -> list[Problem]:
    """A span starts before 24:00, ends after it starts, and lasts at most a day."""
    if start.minutes >= 24 * 60:
        return [Problem((*where, "start"), f"{start} is not a start time; start before 24:00")]
    if end <= start:
        return [Problem((*where, "end"),
                        f"the hours end ({end}) before they start ({start}); for a span past midnight "
                        "write the end as 24:00-30:00, e.g. 20:00 to 25:00 for 8 p.m. to 1 a.m.")]
    return []


def _spans_overlap(a: WeeklyHours, b: WeeklyHours) -> bool:
    return a.start < b.end and b.start < a.end


def _text_problems(obj: object, languages: tuple[str, ...], where: Path_) -> list[Problem]:
    """Every `Text` (nested, but not inside channels: they are checked on their own) has every declared language."""
    if isinstance(obj, Text):
        return [Problem((*where, lang), f"text in declared language {lang!r} is missing")
                for lang in languages if not obj.has(lang)]
    if isinstance(obj, tuple):
        return [p for i, item in enumerate(obj) for p in _text_problems(item, languages, (*where, i))]
    if not is_dataclass(obj):
        return []
    return [p for f in fields(obj) if not (isinstance(obj, Ward) and f.name == "channels")
            for p in _text_problems(getattr(obj, f.name), languages, (*where, f.name))]


def _slug_problems(ward: Ward, pl: Placement, where: Path_) -> list[Problem]:
    """A set slug's spelling, and a counted sticker's address short enough for a version-3 code."""
    if pl.slug is not None and not SLUG.match(pl.slug):
        return [Problem((*where, "slug"), "use 3 to 12 lowercase letters and digits, or leave it out for one "
                        "made from the id")]
    url = qr.redirect_url(ward.portal_url, qr.slug_of(pl))
    if pl.kind == "sticker" and pl.count_scans and len(url.encode()) > qr.STICKER_PAYLOAD_BYTES:
        field = "slug" if pl.slug else "count_scans"
        return [Problem((*where, field), f"the sticker's code would encode {url} ({len(url.encode())} bytes): over "
                        f"{qr.STICKER_PAYLOAD_BYTES} it needs QR version 4, whose modules are too small on a "
                        "sticker; give a shorter slug or portal_url, or set count_scans: false")]
    return []


def _duplicates(ids: list[str], field_name: str, what: str) -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for i, value in enumerate(ids):
        if value in seen:
            out.append(Problem((field_name, i, "id"), f"{what} {value!r} is used twice (also [{seen[value]}])"))
        seen.setdefault(value, i)
    return out


def _named_problems(options: Iterable[Named | Activity], where: Path_) -> list[Problem]:
    """Ids of a list of named options: identifiers, each used once."""
    out: list[Problem] = []
    seen: dict[str, int] = {}
    for i, option in enumerate(options):
        if not IDENT.match(option.id):
            out.append(Problem((*where, i, "id"), "use lowercase letters, digits and hyphens, e.g. city-hall"))
        elif option.id in seen:
            out.append(Problem((*where, i, "id"), f"{option.id!r} is used twice (also [{seen[option.id]}])"))
        seen.setdefault(option.id, i)
    return out
