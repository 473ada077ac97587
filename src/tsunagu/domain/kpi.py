"""The figures a ward reports to its council, per channel and month, from anonymized records alone.

Pure domain: records, scans and logged outcomes in, frozen figures out; no I/O.

What each figure means (name, formula, source) is written once, in the report catalogue's `figures`
(`domain.figures` lists them; the README's Figures table is the English one). This module computes the
monthly ones; `domain.consultations` says what a consultation is and `domain.kpi_headline` computes the
seeds' headline figures. Targets (目標) are per programme year, the Japanese fiscal year from April to
March; the report keeps one block per fiscal year so that each total is the figure compared with its target.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tsunagu.domain.config import Channel, Ward
from tsunagu.domain.consultations import consultations as consultations_in
from tsunagu.domain.consultations import slot_index
from tsunagu.domain.contacts import Heatmap, heatmap
from tsunagu.domain.contacts import contacts as contacts_of
from tsunagu.domain.counts import HEADLINE, ContractorCounts
from tsunagu.domain.insight import InsightSnapshot
from tsunagu.domain.kpi_headline import Headline, channel_headline, keep_latest
from tsunagu.domain.operations import NO_OVERLAY, Overlay
from tsunagu.domain.records import OVER_CEILING, ActivityEntry, ContactRecord, HandoffOutcome
from tsunagu.domain.vocabulary import AGE_BANDS, HANDOFF_KINDS, NO_ANSWER, SURVEY_ANSWERS, SURVEY_QUESTIONS

FISCAL_YEAR_START = 4  # 年度: April to March
NO_PARTNER = "none"


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written YYYY-MM."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse YYYY-MM; ValueError otherwise."""
        year, _, month = text.partition("-")
        if len(year) != 4 or len(month) != 2 or not (year + month).isdigit() or not 1 <= int(month) <= 12:
            raise ValueError(f"{text!r} is not a month such as 2024-04")
        return cls(int(year), int(month))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        """The month a day falls in."""
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first(self) -> dt.date:
        """Its first day."""
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        """Its last day."""
        return self.next().first - dt.timedelta(days=1)

    def next(self) -> Month:
        """The month after."""
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    @property
    def fiscal_year(self) -> int:
        """The fiscal year (年度) it belongs to, named by the year it starts in."""
        return self.year if self.month >= FISCAL_YEAR_START else self.year - 1


def month_range(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last` inclusive."""
    out: list[Month] = []
    m = first
    while m <= last:
        out.append(m)
        m = m.next()
    return out


@dataclass(frozen=True)
class KpiRow:
    """One line of the 目標 / 実績 / 達成率 table."""

    key: str  # consultations, consultations_per_month, friends, felt_positive_pct, glad_pct
    target: float | None
    actual: float | None
    rate: float | None  # actual ÷ target × 100


@dataclass(frozen=True)
class ChannelYear:
    """One channel's figures for the months of one fiscal year inside the report's range."""

    channel: str
    fiscal_year: int
    months: tuple[str, ...]
    capacity: int
    consultations: dict[str, int]
    follows: dict[str, int]
    unfollows: dict[str, int]
    contacts: dict[str, int]
    contacts_total: int
    slots: dict[str, int]
    age: dict[str, dict[str, int]]  # month -> band -> people
    survey: dict[str, dict[str, int]]  # question -> yes/no/skip -> answers
    handoff_requests: dict[str, dict[str, int]]  # month -> kind -> requests
    outcomes: dict[str, dict[str, int]]  # month -> kind -> people handed over
    outcomes_by_partner: dict[str, dict[str, int]]  # partner -> kind -> people handed over
    kpi: tuple[KpiRow, ...]
    headline: Headline | None = None  # the seeds' headline figures (None: the channel did not run then)
    previous: Headline | None = None  # the same over the whole previous fiscal year
    reported: dict[str, dict[str, int]] = field(default_factory=dict)  # month -> the contractor's headline counts
    heatmap: Heatmap = ()  # contacts per weekday (Monday first) and hour, open and closed hours alike (issue 24)

    def answered(self, month: str) -> int:
        """The month's consultations for utilisation: the contractor's "answered" where they reported it (they
        see the counsellors' replies), else tsunagu's own count."""
        reported = self.reported.get(month)
        return reported["answered"] if reported else self.consultations[month]

    def utilisation(self, month: str) -> float | None:
        """Consultations ÷ (slots × capacity) in a month, or None without slots."""
        capacity = self.slots[month] * self.capacity
        return self.answered(month) / capacity if capacity else None

    @property
    def utilisation_total(self) -> float | None:
        """The same over the whole block."""
        capacity = sum(self.slots.values()) * self.capacity
        return sum(self.answered(m) for m in self.months) / capacity if capacity else None


@dataclass(frozen=True)
class ScanYear:
    """Scans of a ward's counted placements, per month, for one fiscal year."""

    fiscal_year: int
    months: tuple[str, ...]
    placements: tuple[str, ...]
    scans: dict[str, dict[str, int]]  # month -> placement -> scans


@dataclass(frozen=True)
class ActivityYear:
    """Staff-logged activity counts of a ward, per month, for one fiscal year."""

    fiscal_year: int
    months: tuple[str, ...]
    rows: tuple[tuple[str, str | None, str], ...]  # (activity, item, measure) in programme-file order
    counts: dict[tuple[str, str | None, str], dict[str, int]]  # row -> month -> count


@dataclass(frozen=True)
class WardReport:
    """Everything the report shows for one ward and month range."""

    ward: str
    first: str
    last: str
    channels: tuple[ChannelYear, ...]
    scans: tuple[ScanYear, ...]
    activities: tuple[ActivityYear, ...] = ()


def compute(ward: Ward, first: Month, last: Month, records: Iterable[ContactRecord],
            outcomes: Iterable[HandoffOutcome], scan_counts: dict[tuple[str, dt.date], int],
            snapshots: Iterable[InsightSnapshot] = (), activities: Iterable[ActivityEntry] = (),
            today: dt.date | None = None, contractor: Iterable[ContractorCounts] = (),
            overlays: Mapping[str, Overlay] | None = None) -> WardReport:
    """The ward's figures for `first`..`last`.

    Records may extend one day past the end (night slots) and should reach back as far as the store keeps
    them: the net friend count is cumulative and the headline compares with the previous fiscal year.
    `today` (JST) ends the headline's period when the report runs to this month: days still to come are
    not open days yet, and the friend count is the one at hand.
    """
    months = month_range(first, last)
    by_channel: dict[str, list[ContactRecord]] = defaultdict(list)
    for rec in records:
        by_channel[rec.channel].append(rec)
    outcome_list = list(outcomes)
    snapshot_list = list(snapshots)
    reported = list(contractor)
    years = sorted({m.fiscal_year for m in months})
    blocks = [
        _with_reported(_channel_year(ch, [m for m in months if m.fiscal_year == fy], fy, by_channel.get(ch.id, []),
                                     [o for o in outcome_list if o.channel == ch.id],
                                     [s for s in snapshot_list if s.channel == ch.id], today,
                                     (overlays or {}).get(ch.id, NO_OVERLAY)),
                       ch, [c for c in reported if c.channel == ch.id])
        for ch in ward.channels for fy in years
    ]
    counted = tuple(p.id for p in ward.placements if p.count_scans)
    scan_years = []
    for fy in years:
        mine = [str(m) for m in months if m.fiscal_year == fy]
        # Scans over a placement's daily ceiling (issue 19, F5) get a column of their own, where there were any.
        over = tuple(p + OVER_CEILING for p in counted
                     if any(k == (p + OVER_CEILING) and str(Month.of(d)) in mine for k, d in scan_counts))
        table = {m: dict.fromkeys(counted + over, 0) for m in mine}
        for (placement, day), n in scan_counts.items():
            month = str(Month.of(day))
            if placement in table.get(month, {}):
                table[month][placement] += n
        scan_years.append(ScanYear(fy, tuple(mine), counted + over, table))
    return WardReport(ward.id, str(first), str(last), tuple(blocks), tuple(scan_years),
                      activity_years(ward, months, activities))


def activity_years(ward: Ward, months: list[Month], entries: Iterable[ActivityEntry]) -> tuple[ActivityYear, ...]:
    """Each fiscal year's activity counts per (activity, item, measure) and month; none without activities."""
    if not ward.activities:
        return ()
    rows: list[tuple[str, str | None, str]] = [(a.id, i.id, m.id) for a in ward.activities for i in a.items
                                               for m in a.measures]
    rows += [(a.id, None, m.id) for a in ward.activities if not a.items for m in a.measures]
    order = {a.id: n for n, a in enumerate(ward.activities)}
    rows.sort(key=lambda r: order[r[0]])
    entry_list = list(entries)
    out = []
    for fy in sorted({m.fiscal_year for m in months}):
        keys = [str(m) for m in months if m.fiscal_year == fy]
        counts = {r: dict.fromkeys(keys, 0) for r in rows}
        for e in entry_list:
            row, month = (e.activity, e.item, e.measure), str(Month.of(e.day))
            if e.ward == ward.id and row in counts and month in counts[row]:
                counts[row][month] += e.count
        out.append(ActivityYear(fy, tuple(keys), tuple(rows), counts))
    return tuple(out)


def _channel_year(ch: Channel, months: list[Month], fy: int, records: list[ContactRecord],
                  outcomes: list[HandoffOutcome], snapshots: list[InsightSnapshot],
                  today: dt.date | None, overlay: Overlay = NO_OVERLAY) -> ChannelYear:
    keys = [str(m) for m in months]
    first, last = months[0].first, months[-1].last
    found, index = slot_index(ch, first, last, overlay)  # a closure of staff's (tsunagu ops) has no slots
    weekly = heatmap(contacts_of([r for r in records if first <= r.day <= last]), ch.id)
    consulted = consultations_in(index, records)  # once: the monthly table and the headline share them
    consultations: dict[str, set[tuple[str, dt.datetime]]] = {k: set() for k in keys}
    for who, start in consulted:
        month = str(Month.of(start.date()))
        if month in consultations:
            consultations[month].add((who, start))
    follows, unfollows = Counter[str](), Counter[str]()
    contacts: dict[str, set[str]] = {k: set() for k in keys}
    declared: dict[tuple[str, str], tuple[tuple[dt.date, int, int], str]] = {}
    answers: dict[tuple[str, str], tuple[tuple[dt.date, int, int], str]] = {}  # (question, person) -> latest
    asked: set[tuple[str, str, dt.date, str]] = set()  # (month, person, day, kind): a request counts once a day
    for rec in records:
        if not first <= rec.day <= last:
            continue
        month = str(Month.of(rec.day))
        if rec.kind == "message":
            contacts[month].add(rec.pseudonym)
        elif rec.kind == "follow":
            follows[month] += 1
        elif rec.kind == "unfollow":
            unfollows[month] += 1
        elif rec.kind == "age":
            band: str = rec.age_band if rec.age_band in AGE_BANDS else NO_ANSWER
            keep_latest(declared, (month, rec.pseudonym), rec, band, AGE_BANDS.index(band))
        elif rec.kind == "survey":
            for question, answer in rec.survey.items():
                if question in SURVEY_QUESTIONS and answer in SURVEY_ANSWERS:
                    keep_latest(answers, (question, rec.pseudonym), rec, answer, SURVEY_ANSWERS.index(answer))
        elif rec.kind == "handoff" and rec.handoff in HANDOFF_KINDS:
            asked.add((month, rec.pseudonym, rec.day, rec.handoff))
    age: dict[str, dict[str, int]] = {k: {b: 0 for b in AGE_BANDS} for k in keys}
    for (month, _), (_, band) in declared.items():
        age[month][band] += 1
    survey: dict[str, dict[str, int]] = {q: {a: 0 for a in SURVEY_ANSWERS} for q in SURVEY_QUESTIONS}
    for (asked_about, _), (_, latest) in answers.items():  # each person once per question: her latest answer
        survey[asked_about][latest] += 1
    requests: dict[str, dict[str, int]] = {k: {h: 0 for h in HANDOFF_KINDS} for k in keys}
    for month, _, _, kind in asked:  # a person tapping hand-off ten times in a day asked once
        requests[month][kind] += 1
    logged: dict[str, dict[str, int]] = {k: {h: 0 for h in HANDOFF_KINDS} for k in keys}
    partners = [*ch.partners, NO_PARTNER]
    by_partner: dict[str, dict[str, int]] = {p: {h: 0 for h in HANDOFF_KINDS} for p in partners}
    for o in outcomes:
        month = str(Month.of(o.day))
        if month in logged and o.kind in HANDOFF_KINDS:
            logged[month][o.kind] += o.count
            by_partner.setdefault(o.partner or NO_PARTNER, {h: 0 for h in HANDOFF_KINDS})[o.kind] += o.count
    slot_months = Counter(str(Month.of(s.start.date())) for s in found)
    block = ChannelYear(
        channel=ch.id, fiscal_year=fy, months=tuple(keys), capacity=ch.capacity,
        consultations={k: len(v) for k, v in consultations.items()},
        follows={k: follows[k] for k in keys}, unfollows={k: unfollows[k] for k in keys},
        contacts={k: len(v) for k, v in contacts.items()},
        contacts_total=len(set().union(*contacts.values())),
        slots={k: slot_months[k] for k in keys}, age=age, survey=survey, handoff_requests=requests,
        outcomes=logged, outcomes_by_partner=by_partner, kpi=(), heatmap=weekly,
        headline=channel_headline(ch, first, min(last, today) if today else last, records, snapshots,
                                  (first, last, found, consulted), overlay),
        previous=channel_headline(ch, dt.date(fy - 1, FISCAL_YEAR_START, 1), dt.date(fy, FISCAL_YEAR_START, 1)
                                  - dt.timedelta(days=1), records, snapshots, overlay=overlay),
    )
    return _with_kpi(block, ch)


def _with_reported(block: ChannelYear, ch: Channel, counts: list[ContractorCounts]) -> ChannelYear:
    """The contractor's monthly counts beside tsunagu's own; the KPI's consultations become theirs where given.

    The webhook never sees the counsellors' replies, so the contractor's 'answered' is the better figure for
    相談件数: a month they reported counts their figure, a month they did not keeps tsunagu's own, and the
    KPI row's key says which (`consultations_reported` when any month is theirs).
    """
    from dataclasses import replace

    mine: dict[str, dict[str, int]] = {c.month: {str(h): c.get(h) for h in HEADLINE} for c in counts
                                       if c.month in block.months}
    if not mine:
        return block
    total = sum(mine[m]["answered"] if m in mine else block.consultations[m] for m in block.months)
    rows = []
    for row in block.kpi:
        if row.key in ("consultations", "consultations_per_month"):
            actual = total if row.key == "consultations" else total / len(block.months)
            key = "consultations_reported" if row.key == "consultations" else "consultations_per_month_reported"
            row = KpiRow(key, row.target, actual, 100 * actual / row.target if row.target else None)
        rows.append(row)
    return replace(block, reported=mine, kpi=tuple(rows))


def survey_pct(counts: dict[str, int]) -> float | None:
    """Yes ÷ (yes + no) × 100, or None without answers."""
    n = counts["yes"] + counts["no"]
    return 100 * counts["yes"] / n if n else None


def _with_kpi(block: ChannelYear, ch: Channel) -> ChannelYear:
    from dataclasses import replace

    total = sum(block.consultations.values())
    actual: dict[str, float | None] = {
        "consultations": total,
        "consultations_per_month": total / len(block.months),
        "friends": block.headline.friends if block.headline else sum(block.follows.values()) - sum(
            block.unfollows.values()),
        "felt_positive_pct": survey_pct(block.survey["positive"]),
        "glad_pct": survey_pct(block.survey["glad"]),
    }
    target: dict[str, float | None] = {
        "consultations": ch.kpi.consultations, "consultations_per_month": ch.kpi.consultations_per_month,
        "friends": ch.kpi.friends, "felt_positive_pct": ch.kpi.felt_positive_pct, "glad_pct": ch.kpi.glad_pct,
    }
    always = ("consultations", "friends")  # the seeds' two headline rows, with or without a target
    rows = []
    for key, goal in target.items():
        if goal is None and key not in always:
            continue
        got = actual[key]
        rate = 100 * got / goal if goal and got is not None else None
        rows.append(KpiRow(key, goal, got, rate))
    return replace(block, kpi=tuple(rows))
