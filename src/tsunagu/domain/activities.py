"""Staff logs, checked against the programme file before anything is stored: a ward's `activities`
(`tsunagu log`) and hand-off outcomes (`tsunagu handoff log`); counts are summed for the report.

A ward declares what its staff count beyond the chat (Osaka: sanitary-product packs by place,
peer-support sessions and participants, specialist consultations by kind). A log is one day, one
activity, optionally one item (a place or a kind) and one or more measures with whole counts of 1 or
more; a hand-off outcome is one day, one channel, one kind, one of the channel's partners and a count.
Counts only: no names, no notes. Logs append. Pure domain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from tsunagu.domain.config import Activity, Named, Partner, Programs, Ward
from tsunagu.domain.errors import ActivityLogError, HandoffLogError, TsunaguError
from tsunagu.domain.records import ActivityEntry, HandoffOutcome
from tsunagu.domain.vocabulary import HANDOFF_KINDS


def check_activity(ward: Ward, activity_id: str, item: str | None, day: str, counts: Sequence[str],
                   today: dt.date) -> list[ActivityEntry]:
    """The entries to store for one log line, or ActivityLogError saying what is wrong and what is accepted."""
    where = f"activities in {ward.source}"
    activity = next((a for a in ward.activities if a.id == activity_id), None)
    if activity is None:
        known = ", ".join(a.id for a in ward.activities) or "(none declared)"
        raise ActivityLogError(f"--activity {activity_id!r} is not one of {ward.id}'s activities: {known} ({where})")
    item_id = _item(activity, item, where)
    when = _day(day, today, ActivityLogError)
    measures = _counts(activity, counts, where)
    return [ActivityEntry(ward.id, activity.id, when, measure, n, item_id) for measure, n in measures]


def check_outcome(programs: Programs, channel_id: str, kind: str, partner: str, day: str, count: str,
                  today: dt.date) -> HandoffOutcome:
    """The outcome to store, or HandoffLogError naming what is wrong and what would be accepted."""
    ward = programs.ward_of(channel_id)
    channel = ward.channel(channel_id)
    if kind not in HANDOFF_KINDS:
        raise HandoffLogError(f"--kind {kind!r}: use one of {', '.join(HANDOFF_KINDS)}")
    if kind == "outreach" and not channel.outreach:
        raise HandoffLogError(f"--kind outreach: {channel_id} has no outreach team "
                              f"(channels[].outreach is false in {ward.source})")
    partner_id = _named([p for p in ward.partners if p.id in channel.partners], partner)
    if partner_id is None:
        valid = ", ".join(channel.partners) or "(none)"
        raise HandoffLogError(f"--partner {partner!r} is not a partner of {channel.id}; valid ids: {valid} "
                              f"(channels[].partners in {ward.source})")
    n = _whole(count, "--count ", HandoffLogError, " of people")
    when = _day(day, today, HandoffLogError)
    if channel.valid is not None and when not in channel.valid:
        raise HandoffLogError(f"--date {when}: {channel_id} ran from {channel.valid.start} to {channel.valid.end} "
                              f"(channels[].valid in {ward.source})")
    return HandoffOutcome(channel=channel_id, kind=kind, day=when, count=n, partner=partner_id)


def _named(options: Iterable[Named | Partner], given: str) -> str | None:
    """The id of the option with this id or this exact name in any language."""
    for option in options:
        if given == option.id or given in option.name.values():
            return option.id
    return None


def _item(activity: Activity, given: str | None, where: str) -> str | None:
    ids = ", ".join(i.id for i in activity.items)
    if not activity.items:
        if given is not None:
            raise ActivityLogError(f"--item {given!r}: {activity.id} is not counted by place or kind; leave --item out")
        return None
    if given is None:
        raise ActivityLogError(f"--item is needed: {activity.id} is counted by {ids} ({where})")
    found = _named(activity.items, given)
    if found is None:
        raise ActivityLogError(f"--item {given!r} is not one of {activity.id}'s: {ids} ({where})")
    return found


def _day(text: str, today: dt.date, error: type[TsunaguError]) -> dt.date:
    """The day a log is for: written YYYY-MM-DD, and not after today (Japan time)."""
    try:
        when = dt.date.fromisoformat(text)
    except ValueError:
        raise error(f"--date {text!r}: write the day as YYYY-MM-DD, e.g. {today.isoformat()}") from None
    if when > today:
        raise error(f"--date {when} is in the future (today is {today} in Japan); log what has happened")
    return when


def _whole(text: str, flag: str, error: type[TsunaguError], unit: str = "") -> int:
    """A count of 1 or more, as staff typed it after `flag`."""
    try:
        n = int(text)
    except ValueError:
        raise error(f"{flag}{text!r}: give a whole number{unit}, 1 or more") from None
    if n < 1:
        raise error(f"{flag}{n}: give a whole number{unit}, 1 or more")
    return n


def _counts(activity: Activity, counts: Sequence[str], where: str) -> list[tuple[str, int]]:
    measures = [m.id for m in activity.measures]
    example = " ".join(f"--count {m}=1" for m in measures)
    if not counts:
        raise ActivityLogError(f"give at least one count, e.g. {example}")
    out: dict[str, int] = {}
    for given in counts:
        name, sep, number = given.rpartition("=")
        if not sep:
            if len(measures) != 1:
                raise ActivityLogError(f"--count {given!r}: {activity.id} counts {', '.join(measures)}; "
                                       f"name each, e.g. {example}")
            name = measures[0]
        measure = _named(activity.measures, name)
        if measure is None:
            raise ActivityLogError(f"--count {given!r}: {activity.id} counts {', '.join(measures)} ({where})")
        n = _whole(number, f"--count {given[:len(given) - len(number)]}", ActivityLogError)
        if measure in out:
            raise ActivityLogError(f"--count {measure} is given twice; give each measure once")
        out[measure] = n
    return list(out.items())
