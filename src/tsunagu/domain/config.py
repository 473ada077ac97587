"""The programme config: one YAML file per ward or prefecture, validated into frozen dataclasses.

The shipped files in `programs/` are both the documentation of every field and the test fixtures.
Loading never writes anything; every problem in every file is reported at once as
`file:line: field.path: message`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tsunagu.domain.decode import Clock, DecodeError, Path_, Problem, decode
from tsunagu.domain.errors import ConfigError, ConfigProblem

if TYPE_CHECKING:
    from tsunagu.adapters.yamlsource import Located

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PlacementKind = Literal["poster", "sticker", "card"]
Text = dict[str, str]  # language code -> user-facing text

# LINE basic IDs: '@' then 4-18 of lowercase letters, digits, '.', '_' or '-'.
LINE_ID = re.compile(r"^@[a-z0-9._-]{4,18}$")
# Placeholders are first-class: print refuses them unless --sample, the portal marks them "sample".
PLACEHOLDER_PREFIX = "@sample-"
IDENT = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ANNUAL = re.compile(r"^(\d{2})-(\d{2})(?:\.\.(\d{2})-(\d{2}))?$")
LANGUAGE = re.compile(r"^[a-z]{2}(-[a-z]+)?$")


@dataclass(frozen=True)
class Period:
    """An inclusive range of dates."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True)
class WeeklyHours:
    """Open hours on some weekdays; an `end` past 24:00 (e.g. 25:00) runs into the next morning."""

    days: tuple[Weekday, ...]
    start: Clock
    end: Clock
    nth: tuple[int, ...] = ()  # only the nth such weekday of the month (1-5), e.g. [2] = 2nd Saturday



@dataclass(frozen=True)
class Closures:
    """Days with no counselling; closures always win over weekly hours and extra days."""

    annual: tuple[str, ...] = ()  # "MM-DD" or a range "MM-DD..MM-DD" (may wrap the year end)
    dates: tuple[dt.date, ...] = ()
    periods: tuple[Period, ...] = ()


@dataclass(frozen=True)
class ExtraDay:
    """A one-off open day outside the weekly rule."""

    date: dt.date
    start: Clock
    end: Clock
    note: str = ""


@dataclass(frozen=True)
class SpecialistDay:
    """Dates on which a specialist (lawyer, nurse, ...) answers within the channel's open hours."""

    kind: str
    name: Text
    dates: tuple[dt.date, ...]
    description: Text | None = None


@dataclass(frozen=True)
class Kpi:
    """Targets the ward reports against (目標); any may be absent."""

    consultations: int | None = None  # per programme year
    consultations_per_month: int | None = None
    friends: int | None = None
    felt_positive_pct: float | None = None  # survey "前向きな気持ちになれた"
    glad_pct: float | None = None  # survey "相談してよかった"


@dataclass(frozen=True)
class ChannelTexts:
    """The replies the intake sends, in one language. `{next_open}` is filled in by the intake."""

    greeting: str
    out_of_hours: str
    emergency: str
    acknowledgement: str


@dataclass(frozen=True)
class Channel:
    """One LINE official account with its audience, hours and replies."""

    id: str
    line_id: str
    name: Text
    audience: Text
    topics: tuple[str, ...]
    hours: tuple[WeeklyHours, ...]
    capacity: int  # counsellors per slot
    texts: dict[str, ChannelTexts]
    valid: Period | None = None
    holidays: Literal["open", "closed"] = "open"
    closures: Closures = field(default_factory=Closures)
    extra_days: tuple[ExtraDay, ...] = ()
    specialist_days: tuple[SpecialistDay, ...] = ()
    kpi: Kpi = field(default_factory=Kpi)
    outreach: bool = False  # an outreach team visits on request (Kita)
    partners: tuple[str, ...] = ()  # ids of the ward's partner organisations this channel hands off to

    @property
    def is_placeholder(self) -> bool:
        """True while the LINE basic ID is a sample, not a real account."""
        return self.line_id.startswith(PLACEHOLDER_PREFIX)

    @property
    def add_friend_url(self) -> str:
        """LINE's add-friend link for this account (the '@' percent-encoded, as LINE documents it)."""
        return f"https://line.me/R/ti/p/%40{self.line_id[1:]}"


@dataclass(frozen=True)
class Contact:
    """An emergency number shown on every page and in every emergency reply."""

    name: Text
    phone: str
    hours: Text | None = None


@dataclass(frozen=True)
class Partner:
    """A partner organisation a counsellor can hand a person over to."""

    id: str
    name: Text
    phone: str | None = None
    hours: Text | None = None


@dataclass(frozen=True)
class Resource:
    """Practical help beyond the chat, e.g. places to pick up sanitary products."""

    id: str
    name: Text
    description: Text
    places: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Placement:
    """Where one printed item goes (a sticker in a stall, cards for a school, a poster)."""

    id: str
    channel: str
    kind: PlacementKind
    where: str  # for staff: which building, which stalls
    language: str
    size_mm: tuple[float, ...] | None = None  # [width, height]; defaults per kind
    discreet: bool = False  # no "DV"/"abuse" in large type: an abuser may see it
    count_scans: bool = False  # the QR leads through /go/<id>/ to count scans
    quantity: int | None = None


@dataclass(frozen=True)
class Ward:
    """One programme file: a ward or prefecture with its channels."""

    id: str
    name: Text
    program: Text
    languages: tuple[str, ...]
    portal_url: str
    emergency_contacts: tuple[Contact, ...]
    channels: tuple[Channel, ...]
    partners: tuple[Partner, ...] = ()
    resources: tuple[Resource, ...] = ()
    placements: tuple[Placement, ...] = ()
    retention_days: int = 400
    source: str = field(default="", compare=False)  # the file it came from, set by the loader

    def channel(self, channel_id: str) -> Channel:
        """The channel with this id, or KeyError."""
        for ch in self.channels:
            if ch.id == channel_id:
                return ch
        raise KeyError(channel_id)


@dataclass(frozen=True)
class Programs:
    """Every ward, in file-name order, with look-ups by id."""

    wards: tuple[Ward, ...]

    @property
    def channels(self) -> tuple[Channel, ...]:
        """Every channel of every ward."""
        return tuple(ch for w in self.wards for ch in w.channels)

    def ward(self, ward_id: str) -> Ward:
        """The ward with this id, or KeyError."""
        for w in self.wards:
            if w.id == ward_id:
                return w
        raise KeyError(ward_id)

    def ward_of(self, channel_id: str) -> Ward:
        """The ward that runs this channel, or KeyError."""
        for w in self.wards:
            if any(ch.id == channel_id for ch in w.channels):
                return w
        raise KeyError(channel_id)

    def channel(self, channel_id: str) -> Channel:
        """The channel with this id, or KeyError."""
        return self.ward_of(channel_id).channel(channel_id)

    def placement(self, placement_id: str) -> Placement:
        """The placement with this id, or KeyError."""
        for w in self.wards:
            for p in w.placements:
                if p.id == placement_id:
                    return p
        raise KeyError(placement_id)


def load_programs(folder: Path) -> Programs:
    """Load and validate every `*.yml` in the folder, or a compiled `.json`; raise ConfigError listing problems."""
    if folder.suffix == ".json":
        return load_compiled(folder)
    files = sorted(folder.glob("*.yml"))
    if not files:
        raise ConfigError([ConfigProblem(str(folder), 1, "(folder)", "no programme files (*.yml) found")])
    problems: list[ConfigProblem] = []
    wards: list[tuple[Ward, Located]] = []
    for path in files:
        ward, located, found = load_ward(path)
        problems.extend(found)
        if ward is not None and located is not None:
            wards.append((ward, located))
    problems.extend(_cross_file_problems(wards))
    if problems:
        raise ConfigError(problems)
    return Programs(tuple(w for w, _ in wards))


def load_ward(path: Path) -> tuple[Ward | None, Located | None, list[ConfigProblem]]:
    """Parse and validate one file: the ward (None if it could not be built), its source and its problems."""
    from tsunagu.adapters.yamlsource import (  # YAML only where files are read, not on Lambda
        YamlSyntaxError,
        load_located,
    )

    try:
        located = load_located(path)
    except YamlSyntaxError as exc:
        return None, None, [ConfigProblem(exc.file, exc.line, "(yaml)", exc.message)]
    try:
        ward = decode(Ward, located.data)
    except DecodeError as exc:
        return None, located, [_locate(located, p) for p in exc.problems]
    ward = _with_source(ward, located.file)
    return ward, located, [_locate(located, p) for p in ward_problems(ward)]


def compile_programs(programs: Programs) -> dict[str, Any]:
    """Plain JSON-ready data of validated programmes, so the Lambda needs no YAML parser."""
    return {"version": 1, "wards": [_plain(w) for w in programs.wards]}


def load_compiled(path: Path) -> Programs:
    """Load programmes compiled by `compile_programs` (validated again: the file may be stale or edited)."""
    import json

    doc = json.loads(path.read_text(encoding="utf-8"))
    problems: list[ConfigProblem] = []
    wards = []
    for i, data in enumerate(doc.get("wards", [])):
        source = data.pop("source", "") if isinstance(data, dict) else ""
        try:
            ward = _with_source(decode(Ward, data), source or f"{path}#wards[{i}]")
        except DecodeError as exc:
            problems.extend(ConfigProblem(str(path), 1, f"wards[{i}].{p.dotted}", p.message) for p in exc.problems)
            continue
        problems.extend(ConfigProblem(str(path), 1, f"wards[{i}].{p.dotted}", p.message) for p in ward_problems(ward))
        wards.append(ward)
    if problems:
        raise ConfigError(problems)
    return Programs(tuple(wards))


def _plain(value: Any) -> Any:
    if isinstance(value, Clock):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _with_source(ward: Ward, source: str) -> Ward:
    from dataclasses import replace

    return replace(ward, source=source)


def _locate(located: Located, problem: Problem) -> ConfigProblem:
    return ConfigProblem(located.file, located.line_of(problem.path), problem.dotted, problem.message)


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
    for i, pl in enumerate(ward.placements):
        where = ("placements", i)
        if pl.channel not in channel_ids:
            known = ", ".join(channel_ids)
            out.append(Problem((*where, "channel"), f"unknown channel {pl.channel!r}; this ward has: {known}"))
        if pl.language not in ward.languages:
            out.append(Problem((*where, "language"), f"{pl.language!r} is not one of the ward's languages"))
        if not IDENT.match(pl.id):
            out.append(Problem((*where, "id"), "use lowercase letters, digits and hyphens"))
        if pl.size_mm is not None and (len(pl.size_mm) != 2 or min(pl.size_mm) <= 0):
            out.append(Problem((*where, "size_mm"), "give [width, height] in millimetres, e.g. [90, 55]"))
    if ward.retention_days < 1:
        out.append(Problem(("retention_days",), "must be at least 1 day"))
    return out


def _channel_problems(ch: Channel, where: Path_, languages: Iterable[str], partners: set[str]) -> list[Problem]:
    out: list[Problem] = []
    if not IDENT.match(ch.id):
        out.append(Problem((*where, "id"), "use lowercase letters, digits and hyphens, e.g. kita-women"))
    if not LINE_ID.match(ch.line_id):
        out.append(Problem((*where, "line_id"),
                           f"{ch.line_id!r} is not a LINE basic ID: '@' then 4-18 lowercase letters, digits, "
                           f"'.', '_' or '-' (use {PLACEHOLDER_PREFIX}<name> until the account exists)"))
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
    for i, p in enumerate(ch.specialist_days):
        if not IDENT.match(p.kind):
            out.append(Problem((*where, "specialist_days", i, "kind"), "use lowercase letters, e.g. legal"))
    return out


def topic_keys() -> set[str]:
    """Topic keys defined in the Japanese topic catalogue (the reference language)."""
    from tsunagu.catalog import section

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


def _text_problems(obj: Any, languages: tuple[str, ...], where: Path_) -> list[Problem]:
    """Every `Text` field (nested, but not inside channels) must have every declared language."""
    out: list[Problem] = []
    if not is_dataclass(obj):
        return out
    for f in fields(obj):
        value = getattr(obj, f.name)
        path = (*where, f.name)
        if isinstance(obj, Ward) and f.name == "channels":
            continue
        if f.type in ("Text", "Text | None") and isinstance(value, Mapping):
            for lang in languages:
                if not str(value.get(lang, "")).strip():
                    out.append(Problem((*path, lang), f"text in declared language {lang!r} is missing"))
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if f.type == "tuple[Text, ...]" and isinstance(item, Mapping):
                    out.extend(Problem((*path, i, lang), f"text in declared language {lang!r} is missing")
                               for lang in languages if not str(item.get(lang, "")).strip())
                else:
                    out.extend(_text_problems(item, languages, (*path, i)))
        elif is_dataclass(value):
            out.extend(_text_problems(value, languages, path))
    return out


def _duplicates(ids: list[str], field_name: str, what: str) -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for i, value in enumerate(ids):
        if value in seen:
            out.append(Problem((field_name, i, "id"), f"{what} {value!r} is used twice (also [{seen[value]}])"))
        seen.setdefault(value, i)
    return out


def _cross_file_problems(wards: list[tuple[Ward, Located]]) -> list[ConfigProblem]:
    """Ids that must be unique across all files: wards, channels and placements."""
    out: list[ConfigProblem] = []
    kinds: list[tuple[str, Any]] = [
        ("id", lambda w: [(("id",), w.id)]),
        ("channel id", lambda w: [(("channels", i, "id"), c.id) for i, c in enumerate(w.channels)]),
        ("placement id", lambda w: [(("placements", i, "id"), p.id) for i, p in enumerate(w.placements)]),
    ]
    for what, ids_of in kinds:
        first: dict[str, str] = {}
        for ward, located in wards:
            for path, value in ids_of(ward):
                here = f"{located.file}:{located.line_of(path)}"
                if value in first:
                    out.append(ConfigProblem(located.file, located.line_of(path), Problem(path, "").dotted,
                                             f"{what} {value!r} is already used at {first[value]}; ids must be "
                                             "unique across all programme files"))
                else:
                    first[value] = here
    return out
