"""The seeds' headline figures of one channel over one period: friends at the period end (LINE's official
count beside the net count from webhooks), the share of friends who consulted, young, teen and student
shares, reasons for consulting, consultations per open day.

Their definitions are written once, in the report catalogue's `figures` (see `domain.figures`); each
person counts once per period, by their latest answer. Pure domain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from tsunagu.domain.config import Channel
from tsunagu.domain.consultations import Consultation, consultations, open_days, slot_index
from tsunagu.domain.insight import InsightSnapshot, nearest_snapshot
from tsunagu.domain.operations import NO_OVERLAY, Overlay
from tsunagu.domain.records import ContactRecord
from tsunagu.domain.schedule import Slot
from tsunagu.domain.vocabulary import AGE_BANDS, NO_ANSWER, STATUSES, AgeBand

YOUNG_BANDS: tuple[AgeBand, ...] = ("10s", "20s", "30s")  # 39 or under, as Taito reports it
TEEN_BANDS: tuple[AgeBand, ...] = ("10s",)


K = TypeVar("K")  # what an answer is kept under: a person, or (month or question, person)

@dataclass(frozen=True)
class Headline:
    """One channel's headline figures over one period (`first`..`last`, the channel's own days)."""

    first: dt.date
    last: dt.date
    open_days: int
    consultations: int
    people_consulted: int
    snapshot: InsightSnapshot | None  # the official figure used, with its own date
    friends_net: int
    age_answered: int
    young: int
    teen: int
    status: dict[str, int]  # status -> people (latest answer in the period)
    reasons: dict[str, int]  # reason id -> people who chose it
    reasons_answered: int

    @property
    def friends(self) -> int:
        """Friends at the period end: LINE's official count when a snapshot exists, else the net count."""
        return self.snapshot.followers if self.snapshot is not None else self.friends_net

    @property
    def friends_basis(self) -> str:
        """Where `friends` comes from: `official` (LINE's Insight) or `net` (webhooks)."""
        return "official" if self.snapshot is not None else "net"

    @property
    def per_open_day(self) -> float | None:
        """Consultations ÷ open days."""
        return self.consultations / self.open_days if self.open_days else None

    @property
    def consulted_share(self) -> float | None:
        """People who consulted ÷ friends at the period end × 100."""
        return _pct(self.people_consulted, self.friends)

    @property
    def young_share(self) -> float | None:
        """People aged 39 or under ÷ people who gave an age × 100."""
        return _pct(self.young, self.age_answered)

    @property
    def teen_share(self) -> float | None:
        """Teenagers ÷ people who gave an age × 100."""
        return _pct(self.teen, self.age_answered)

    @property
    def status_answered(self) -> int:
        """People who gave a status other than "no answer"."""
        return sum(n for s, n in self.status.items() if s != NO_ANSWER)

    @property
    def student_share(self) -> float | None:
        """Students ÷ people who gave a status × 100."""
        return _pct(self.status.get("student", 0), self.status_answered)

    def reason_share(self, reason: str) -> float | None:
        """People who chose `reason` ÷ people who chose any reason × 100."""
        return _pct(self.reasons.get(reason, 0), self.reasons_answered)


def _pct(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def headline(first: dt.date, last: dt.date, open_days: int, consulted: Iterable[tuple[str, object]],
             records: Iterable[ContactRecord], prior_net: int, snapshots: Iterable[InsightSnapshot],
             reason_ids: Iterable[str]) -> Headline:
    """The headline of one channel over `first`..`last`.

    `consulted` are the period's consultations as (pseudonym, slot start) pairs; `records` the channel's
    records (those outside the period are skipped); `prior_net` follows minus unfollows before `first`.
    """
    pairs = list(consulted)
    net = prior_net
    age: dict[str, tuple[tuple[dt.date, int, int], str]] = {}
    status: dict[str, tuple[tuple[dt.date, int, int], str]] = {}
    chosen: dict[str, set[str]] = {r: set() for r in reason_ids}
    answered: set[str] = set()
    for rec in records:
        if rec.day > last:
            continue
        if rec.kind in ("follow", "unfollow") and rec.day >= first:
            net += 1 if rec.kind == "follow" else -1
        if rec.day < first:
            continue
        if rec.kind == "age":
            band: str = rec.age_band if rec.age_band in AGE_BANDS else NO_ANSWER
            keep_latest(age, rec.pseudonym, rec, band, AGE_BANDS.index(band))
        elif rec.kind == "status":
            value: str = rec.detail if rec.detail in STATUSES else NO_ANSWER
            keep_latest(status, rec.pseudonym, rec, value, STATUSES.index(value))
        elif rec.kind == "reason" and rec.detail in chosen:
            chosen[rec.detail].add(rec.pseudonym)
            answered.add(rec.pseudonym)
    bands = [band for _, band in age.values() if band != NO_ANSWER]
    statuses: dict[str, int] = {s: 0 for s in STATUSES}
    for _, answer in status.values():
        statuses[answer] += 1
    return Headline(
        first=first, last=last, open_days=open_days, consultations=len(pairs),
        people_consulted=len({who for who, _ in pairs}),
        snapshot=nearest_snapshot(snapshots, last), friends_net=net, age_answered=len(bands),
        young=sum(b in YOUNG_BANDS for b in bands), teen=sum(b in TEEN_BANDS for b in bands),
        status=statuses, reasons={r: len(who) for r, who in chosen.items()}, reasons_answered=len(answered),
    )


def keep_latest(seen: dict[K, tuple[tuple[dt.date, int, int], str]], key: K, rec: ContactRecord, value: str,
                order: int) -> None:
    """Keep each person's latest answer under `key` (ties on the same hour: the later option, deterministically).

    The one rule for "each person once, their latest answer": age bands and statuses here, age bands per
    month and survey answers per question in the report's tables.
    """
    rank = (rec.day, rec.hour, order)
    old = seen.get(key)
    if old is None or rank > old[0]:
        seen[key] = (rank, value)


def prior_net(records: Iterable[ContactRecord], before: dt.date) -> int:
    """Follows minus unfollows recorded before `before`: the net friend count the period starts from."""
    return sum((1 if r.kind == "follow" else -1) for r in records
               if r.day < before and r.kind in ("follow", "unfollow"))


def channel_headline(channel: Channel, first: dt.date, last: dt.date, records: Sequence[ContactRecord],
                     snapshots: Iterable[InsightSnapshot],
                     known: tuple[dt.date, dt.date, list[Slot], set[Consultation]] | None = None,
                     overlay: Overlay = NO_OVERLAY) -> Headline | None:
    """The channel's headline over `first`..`last` narrowed to its own period; None when it did not run then.

    `records` are the channel's, from as early as the store keeps them (the net friend count is cumulative).
    `known` is (first, last, slots, consultations) the caller already worked out: used when the period
    is the same, so the schedule and the consultations are worked out once per channel and year.
    """
    if channel.valid is not None:
        first, last = max(first, channel.valid.start), min(last, channel.valid.end)
    if first > last:
        return None
    if known is not None and known[:2] == (first, last):
        found, consulted = known[2], known[3]
    else:
        found, index = slot_index(channel, first, last, overlay)
        consulted = consultations(index, records)
    return headline(first, last, open_days(found), consulted, records,
                    prior_net(records, first), snapshots, [r.id for r in channel.reasons])
