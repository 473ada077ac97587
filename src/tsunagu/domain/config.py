"""The programme config model: a ward or prefecture and its channels, as frozen dataclasses.

The shipped files in `programs/` are both the documentation of every field and the test fixtures.
The rules the types cannot say are in `tsunagu.domain.validation`; reading the files (YAML, or the
JSON the Lambda ships) is `tsunagu.makers.sources.programs`' job.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from tsunagu.domain.console import Console
from tsunagu.domain.decode import Clock
from tsunagu.domain.errors import UnknownChannelError, UnknownPlacementError
from tsunagu.domain.text import Text, pick
from tsunagu.domain.vocabulary import EmergencyCategory, PlacementKind, Weekday

# LINE basic IDs: '@' then 4-18 of lowercase letters, digits, '.', '_' or '-'.
LINE_ID = re.compile(r"^@[a-z0-9._-]{4,18}$")
# Placeholders are first-class: print refuses them unless --sample, the portal marks them "sample".
PLACEHOLDER_PREFIX = "@sample-"
IDENT = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ANNUAL = re.compile(r"^(\d{2})-(\d{2})(?:\.\.(\d{2})-(\d{2}))?$")
# LINE shows at most 13 quick-reply buttons; the reasons question keeps one for "that's all".
MAX_REASONS = 12
# A placement's scans counted a day unless its programme entry says otherwise: a busy station's stickers
# see tens a day; a script posting every two seconds would add 43,200.
DEFAULT_SCAN_CEILING = 500
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
class Named:
    """An id with a name in every declared language: a reason for consulting, a measure, a place or a kind."""

    id: str
    name: Text


@dataclass(frozen=True)
class Activity:
    """Something staff do beyond the chat and count for the report (`tsunagu log`), e.g. packs handed out."""

    id: str
    name: Text
    measures: tuple[Named, ...]  # what is counted: packs; or sessions and participants
    items: tuple[Named, ...] = ()  # what each count is for (places, kinds); empty: not broken down


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
    status_question: bool = False  # after the age question, ask 学生 / 働いている / その他 / 答えない
    bot_user_id: str | None = None  # the bot's user id ("U" + 32 hex): webhooks must name it as `destination`
    reasons: tuple[Named, ...] = ()  # choices of "why did you consult", asked after the survey
    console: Console | None = None  # the contracted counselling console tsunagu forwards to (domain.console)

    @property
    def is_placeholder(self) -> bool:
        """True while the LINE basic ID is a sample, not a real account."""
        return self.line_id.startswith(PLACEHOLDER_PREFIX)

    @property
    def add_friend_url(self) -> str:
        """LINE's add-friend link for this account (the '@' percent-encoded, as LINE documents it)."""
        return f"https://line.me/R/ti/p/%40{self.line_id[1:]}"

    def texts_in(self, language: str) -> ChannelTexts:
        """The channel's replies for a reader of `language`, by the one fallback rule (`tsunagu.domain.text`)."""
        found = pick(self.texts, language)
        if found is None:
            raise KeyError(f"{self.id} has no replies (texts)")
        return found


@dataclass(frozen=True)
class Contact:
    """An emergency number shown on every page and in every emergency reply.

    `categories`: the emergencies it serves (189 for a child in danger, #8891 for sexual violence, ...);
    an emergency reply lists the numbers serving the detected category first. `source`: the official page
    the number and hours were checked against (a URL or a citation), for whoever checks them next.
    `printed`: false keeps a number off posters, stickers and cards (a card for children still picks its
    numbers by category); pages and replies show every number.
    """

    name: Text
    phone: str
    hours: Text | None = None
    categories: tuple[EmergencyCategory, ...] = ()
    source: str | None = None
    printed: bool = True


@dataclass(frozen=True)
class Issuer:
    """Who issues the printed items (発行): the department and its phone, printed in the issuer block.

    `logo` is the ward's mark, a PNG file path relative to the programme file; `badge` the
    official LINE 友だち追加 badge as the ward received it from LINE (tsunagu ships neither).
    """

    department: Text
    phone: str
    logo: str = ""
    badge: str = ""


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
    discreet: bool | None = None  # no "DV"/"abuse" in large type: an abuser may see it; None: by kind
    count_scans: bool = False  # the QR leads through the portal's short /go/<slug>/ to count scans
    quantity: int | None = None
    scan_ceiling: int | None = None  # scans counted a day at most; more are counted apart, "over the ceiling"
    slug: str | None = None  # the short /go/ address; None: derived from the id (tsunagu.domain.qr.slug_of)
    layout: str | None = None  # a print layout of its own (card-child); None: <kind>, or <kind>-discreet

    @property
    def daily_scan_ceiling(self) -> int:
        """Scans a day counted as this placement's; beyond it a script, not people (issue 19, F5)."""
        return DEFAULT_SCAN_CEILING if self.scan_ceiling is None else self.scan_ceiling

    @property
    def quiet(self) -> bool:
        """Whether the item uses the discreet wording: as set, else for cards, which a child takes home."""
        return self.kind == "card" if self.discreet is None else self.discreet


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
    activities: tuple[Activity, ...] = ()
    retention_days: int = 400
    issuer: Issuer | None = None  # the print kit's issuer block (ward, department, phone, logo)
    # The ward's own emergency patterns and exceptions, on top of the catalogue's (catalog/<lang>/detection.yml)
    emergency_patterns: tuple[str, ...] = ()
    emergency_exceptions: tuple[str, ...] = ()
    # A match that context demoted (past, negated, hypothetical, news) sends staff a low-priority review
    # note: at most one per person and day, on its own topic, never paging (README, "LINE intake").
    review_notes: bool = False
    source: str = field(default="", compare=False)  # the file it came from, set by the loader

    def channel(self, channel_id: str) -> Channel:
        """The channel with this id, or UnknownChannelError (a KeyError)."""
        for ch in self.channels:
            if ch.id == channel_id:
                return ch
        raise UnknownChannelError(channel_id)


@dataclass(frozen=True)
class Programs:
    """Every ward, in file-name order, with look-ups by id (channels through an index built once)."""

    wards: tuple[Ward, ...]
    _by_channel: dict[str, tuple[Ward, Channel]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {ch.id: (w, ch) for w in reversed(self.wards) for ch in reversed(w.channels)}
        object.__setattr__(self, "_by_channel", index)  # the first of a repeated id wins, as the scans did

    def find(self, channel_id: str) -> tuple[Ward, Channel] | None:
        """The ward and the channel with this id (one dictionary look-up), or None."""
        return self._by_channel.get(channel_id)

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
        """The ward that runs this channel, or UnknownChannelError (a KeyError)."""
        found = self.find(channel_id)
        if found is None:
            raise UnknownChannelError(channel_id)
        return found[0]

    def channel(self, channel_id: str) -> Channel:
        """The channel with this id, or UnknownChannelError (a KeyError)."""
        found = self.find(channel_id)
        if found is None:
            raise UnknownChannelError(channel_id)
        return found[1]

    def placement(self, placement_id: str) -> Placement:
        """The placement with this id, or UnknownPlacementError (a KeyError)."""
        for w in self.wards:
            for p in w.placements:
                if p.id == placement_id:
                    return p
        raise UnknownPlacementError(placement_id)
