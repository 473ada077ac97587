"""What the intake says: LINE message objects built from the channel's texts and the intake catalogue.

A ward's own words (greeting, out-of-hours, emergency, acknowledgement) come from its programme file;
everything shared (hours layout, privacy promise, age bands, survey, hand-offs) from
catalog/<lang>/intake.yml. Messages are plain dicts in LINE's JSON shape, so this stays stdlib only.

The language is chosen per person (domain.intake.language: her LINE language, else her message's). In
a residents' language the ward's programme does not write (zh, ko, vi, pt, tl, ne, my), the channel's
four replies come from the catalogue's `channel_replies`; anything a catalogue lacks is said in the
ward's first language, key by key.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tsunagu.catalog import languages, section
from tsunagu.domain.config import Channel, ChannelTexts, Ward
from tsunagu.domain.dates import DateFormat, date_format
from tsunagu.domain.intake.language import reply_language
from tsunagu.domain.intake.postback import (
    MAX_LABEL,
    age_data,
    erase_data,
    reason_data,
    reasons_done_data,
    status_data,
    survey_data,
)
from tsunagu.domain.intake.webhook import WebhookEvent
from tsunagu.domain.operations import NO_OVERLAY, Overlay
from tsunagu.domain.schedule import JST, Slot, next_open, slots
from tsunagu.domain.text import Text
from tsunagu.domain.vocabulary import (
    AGE_BANDS,
    ERASE_ANSWERS,
    STATUSES,
    SURVEY_ANSWERS,
    SURVEY_QUESTIONS,
    EmergencyCategory,
    RequestedHandoff,
    SurveyQuestion,
)

Message = dict[str, Any]
# LINE allows at most 5 messages per reply (and 13 quick-reply buttons).
MAX_MESSAGES = 5
# How far ahead the specialist-day reply looks.
SPECIALIST_HORIZON_DAYS = 90
# Days of slots a Moment computes from the day before `at` (the slot open now may have begun then).
MOMENT_DAYS = 2


# The slots around a day, per channel and overlay object: a warm container answers a day's webhooks from
# one computation. Keyed by identity (a programme's channels and an overlay live as long as they are used);
# the entry keeps both objects, so an id is never reused while its entry stands.
_AROUND: dict[tuple[int, int, dt.date], tuple[Channel, Overlay, tuple[Slot, ...]]] = {}
_AROUND_MAX = 256


def _around(channel: Channel, day: dt.date, overlay: Overlay) -> tuple[Slot, ...]:
    key = (id(channel), id(overlay), day)
    found = _AROUND.get(key)
    if found is not None and found[0] is channel and found[1] is overlay:
        return found[2]
    around = tuple(slots(channel, day - dt.timedelta(days=1), MOMENT_DAYS, overlay))
    if len(_AROUND) >= _AROUND_MAX:
        _AROUND.clear()
    _AROUND[key] = (channel, overlay, around)
    return around


@dataclass(frozen=True)
class Moment:
    """A channel's schedule around one instant, computed once per event: the slot open now and the next opening."""

    channel: Channel
    at: dt.datetime  # in JST
    current: Slot | None
    around: tuple[Slot, ...]  # slots from the day before `at`, MOMENT_DAYS days
    overlay: Overlay = NO_OVERLAY  # same-day operations (tsunagu ops): closures, extra sessions, notice, busy

    @classmethod
    def of(cls, channel: Channel, at: dt.datetime, overlay: Overlay = NO_OVERLAY) -> Moment:
        """The schedule around `at` (one computation of the channel's slots), same-day operations applied."""
        local = at.astimezone(JST)
        around = _around(channel, local.date(), overlay)
        return cls(channel, local, next((s for s in around if local in s), None), around, overlay)

    def next_open(self) -> dt.datetime | None:
        """`at` when open, else the start of the next slot; beyond the computed days, the schedule is asked."""
        if self.current is not None:
            return self.at
        upcoming = next((s.start for s in self.around if s.start >= self.at), None)
        return upcoming if upcoming is not None else next_open(self.channel, self.at, self.overlay)


def _section(language: str, name: str) -> Mapping[str, Any]:
    """A catalogue section, empty where the language has none."""
    try:
        return section(language, name)
    except KeyError:
        return {}


def _fit(label: str) -> str:
    """A button label within LINE's 20 characters, cut with an ellipsis (the tap shows the whole text)."""
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def text(body: str, quick: list[tuple[str, str]] | None = None) -> Message:
    """A text message, with postback quick-reply buttons given as (label, data); a tap shows the whole label."""
    msg: Message = {"type": "text", "text": body}
    if quick:
        msg["quickReply"] = {"items": [
            {"type": "action",
             "action": {"type": "postback", "label": _fit(label), "data": data, "displayText": label}}
            for label, data in quick
        ]}
    return msg


@functools.cache
def offered_languages() -> tuple[str, ...]:
    """The languages the intake can answer in: those with an intake catalogue."""
    return tuple(languages("intake"))


def message_language(event: WebhookEvent, ward: Ward, detected: str | None = None) -> str:
    """The language of her message (its script and words; `detected`: the matching pattern's), else the ward's."""
    said = event.text if event.message_type == "text" else None
    return reply_language(None, said, ward.languages, offered_languages(), detected)


@dataclass(frozen=True)
class Replies:
    """The replies of one channel in one language (chosen per person; the ward's first by default)."""

    ward: Ward
    channel: Channel
    language: str

    @classmethod
    def of(cls, ward: Ward, channel: Channel, language: str | None = None) -> Replies:
        """Replies in `language` (domain.intake.language chooses it), else in the ward's first language."""
        return cls(ward, channel, language or ward.languages[0])

    @functools.cached_property
    def cat(self) -> Mapping[str, Any]:
        """The intake catalogue in this language, a key it lacks taken from the ward's first language's."""
        return {**_section(self.ward.languages[0], "intake"), **_section(self.language, "intake")}

    @property
    def texts(self) -> ChannelTexts:
        """The channel's own replies in this language; in one its programme does not write, the catalogue's."""
        if self.language not in self.channel.texts and "channel_replies" in _section(self.language, "intake"):
            c = _section(self.language, "intake")["channel_replies"]
            return ChannelTexts(c["greeting"].format(channel=self.local(self.channel.name)), c["out_of_hours"],
                                c["emergency"], c["acknowledgement"])
        return self.channel.texts_in(self.language)

    def local(self, value: Text | None) -> str:
        """A multilingual config field in this language (`Text.pick`); empty for an absent one."""
        return value.pick(self.language) if value else ""

    @property
    def dates(self) -> DateFormat:
        """How this language writes dates and times (the ward's first language's, if it has no dates catalogue)."""
        try:
            return date_format(self.language)
        except KeyError:
            return date_format(self.ward.languages[0])

    def next_open_text(self, moment: Moment) -> str:
        """When the channel opens next, in words; or that no day is planned."""
        when = moment.next_open()
        if when is None:
            return str(self.cat["no_next_open"])
        when = when.astimezone(JST)
        return str(self.cat["next_open"]).format(date=self.dates.date(when.date()), time=self.dates.clock(when))

    def hours(self, at: dt.datetime, overlay: Overlay = NO_OVERLAY) -> str:
        """This week's slots (today and the six days after), one per line, same-day operations applied."""
        c = self.cat
        found = slots(self.channel, at.astimezone(JST).date(), 7, overlay)
        lines = [self.dates.slot(s) for s in found]
        return f"{c['hours_heading']}\n" + ("\n".join(lines) if lines else str(c["hours_none"]))

    def contacts(self, category: EmergencyCategory | None = None, *, every: bool = False) -> str:
        """The ward's emergency numbers under a heading.

        Numbers without categories are general and always listed. A number for one kind of emergency is
        listed first when `category` is one it serves, and otherwise only with `every`.
        """
        c = self.cat
        numbers = self.ward.emergency_contacts
        chosen = [k for k in numbers if category is not None and category in k.categories]
        chosen += [k for k in numbers if k not in chosen and (every or not k.categories)]
        lines = [c["contact_hours" if k.hours else "contact"].format(name=self.local(k.name), phone=k.phone,
                                                                     hours=self.local(k.hours))
                 for k in chosen]
        return f"{c['emergency_heading']}\n" + "\n".join(lines)

    def greeting(self, at: dt.datetime, overlay: Overlay = NO_OVERLAY) -> list[Message]:
        """Friend added: who we are (and the notice in force), this week's hours, privacy, emergency numbers,
        blocking, age bands."""
        c = self.cat
        bands = [(c["age_bands"][b], age_data(b)) for b in AGE_BANDS]
        return [
            text(self.texts.greeting + self.notice_at(overlay, at)),
            text(self.hours(at, overlay)),
            text(c["privacy"] + "\n" + c["blocking_ok"]),
            text(self.contacts()),
            text(c["age_prompt"], bands),
        ]

    def out_of_hours(self, moment: Moment) -> list[Message]:
        """Closed now: the next open time, the notice in force and the emergency numbers."""
        body = self.texts.out_of_hours.format(next_open=self.next_open_text(moment))
        return [text(body + self.notice(moment) + "\n\n" + self.contacts())]

    def notice(self, moment: Moment) -> str:
        """The ward's same-day notice (tsunagu ops notice) in force, as a paragraph to add; "" when none."""
        return self.notice_at(moment.overlay, moment.at)

    def notice_at(self, overlay: Overlay, at: dt.datetime) -> str:
        """The notice in force at `at`, as a paragraph to add; "" when none."""
        found = overlay.notice(at.astimezone(JST), self.language)
        return f"\n\n{self.cat['notice_heading']}\n{found}" if found else ""

    def busy(self, moment: Moment) -> str:
        """The busy line (tsunagu ops busy) while a busy spell lasts; "" otherwise."""
        return f"\n{self.cat['busy']}" if moment.overlay.busy(moment.at) else ""

    def emergency(self, category: EmergencyCategory | None = None) -> list[Message]:
        """The emergency reply: the channel's words, the numbers (those for `category` first; every number
        when the category is not known), and the ways to ask for help in writing, for a person who cannot
        speak on the phone now."""
        numbers = self.contacts(category, every=category is None)
        return [text(self.texts.emergency + "\n\n" + numbers + "\n\n" + self.cat["text_routes"])]

    def acknowledgement(self, moment: Moment | None = None) -> list[Message]:
        """First message of a session: a counsellor will reply (and, while busy, that it will take a while)."""
        extra = "" if moment is None else self.busy(moment) + self.notice(moment)
        return [text(self.texts.acknowledgement + extra)]

    def privacy(self) -> list[Message]:
        """The privacy promise and that blocking is always fine."""
        return [text(self.cat["privacy"] + "\n" + self.cat["blocking_ok"])]

    def specialist(self, at: dt.datetime) -> list[Message]:
        """Upcoming specialist days (legal, health, ...) within the next months."""
        c = self.cat
        today = at.astimezone(JST).date()
        last = today + dt.timedelta(days=SPECIALIST_HORIZON_DAYS)
        days = sorted((d, self.local(s.name)) for s in self.channel.specialist_days for d in s.dates
                      if today <= d <= last)
        lines = [c["specialist_day"].format(date=self.dates.date(d), name=name) for d, name in days[:10]]
        return [text(c["specialist_heading"] + "\n" + ("\n".join(lines) if lines else c["specialist_none"]))]

    def survey_question(self, question: SurveyQuestion, intro: bool = False) -> list[Message]:
        """One survey question with yes / no / skip buttons (the intro before the first)."""
        c = self.cat
        buttons = [(c["survey_answers"][a], survey_data(question, a)) for a in SURVEY_ANSWERS]
        body = c["survey_questions"][question]
        return [text(c["survey_intro"] + "\n\n" + body if intro else body, buttons)]

    def survey_next(self, answered: SurveyQuestion) -> list[Message]:
        """After an answer: the next question; after the last, the reasons question (if any) or thanks."""
        i = SURVEY_QUESTIONS.index(answered)
        if i + 1 < len(SURVEY_QUESTIONS):
            return self.survey_question(SURVEY_QUESTIONS[i + 1])
        if self.channel.reasons:
            return self.reasons(self.cat["reasons_prompt"])
        return self.survey_thanks()

    def survey_thanks(self) -> list[Message]:
        """The survey (and the reasons, if asked) are over."""
        return [text(self.cat["survey_thanks"])]

    def reasons(self, prompt: str) -> list[Message]:
        """"Why did you consult": one button per reason of the channel, and one to finish."""
        buttons = [(self.local(r.name), reason_data(r.id)) for r in self.channel.reasons]
        return [text(prompt, [*buttons, (self.cat["reasons_done"], reasons_done_data())])]

    def reason_chosen(self) -> list[Message]:
        """A reason was chosen: the others can still be chosen, or finish."""
        return self.reasons(self.cat["reasons_more"])

    def age_thanks(self) -> list[Message]:
        """An age band was given; where the channel asks it, the optional status question follows."""
        c = self.cat
        if not self.channel.status_question:
            return [text(c["age_thanks"])]
        buttons = [(c["statuses"][s], status_data(s)) for s in STATUSES]
        return [text(c["age_thanks"] + "\n" + c["status_prompt"], buttons)]

    def status_thanks(self) -> list[Message]:
        """A status was given."""
        return [text(self.cat["status_thanks"])]

    def handoff(self, kind: RequestedHandoff, moment: Moment) -> list[Message]:
        """A hand-off request: what happens next, and when (now, or the next open time)."""
        c = self.cat
        if moment.current is not None:
            when = c["handoff_open"]
        else:
            when = c["handoff_closed"].format(next_open=self.next_open_text(moment))
        return [text(c["handoff"][kind] + "\n" + when)]

    def handoff_unavailable(self) -> list[Message]:
        """An outreach visit asked of a channel that offers none."""
        return [text(self.cat["handoff_unavailable"])]

    def deletion_confirm(self) -> list[Message]:
        """A deletion request: what would be erased (this channel's records), with delete / cancel buttons."""
        c = self.cat
        body = c["deletion_confirm"].format(channel=self.local(self.channel.name))
        return [text(body, [(c["deletion_answers"][a], erase_data(a)) for a in ERASE_ANSWERS])]

    def deletion_cancelled(self) -> list[Message]:
        """The person chose not to delete: nothing was erased."""
        return [text(self.cat["deletion_cancelled"])]

    def deletion_done(self) -> list[Message]:
        """The records were erased: one line."""
        return [text(self.cat["deletion_done"])]
