"""The plan of one ward: per channel, when contacts arrive, what next weeks hold, and counsellors per slot.

A slot of the plan is one hour of the week (e.g. Monday 17:00-18:00) in which the channel was open during
the period. Its arrival rate is the contacts that arrived in that hour of the week (open or closed, since a
message sent while closed is demand too) divided by how often that hour occurred.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from typing import Literal, get_args

import numpy as np

from tsunagu.domain.config import Channel, Ward
from tsunagu.domain.contacts import WEEK_HOURS, Contact, Heatmap, contacts, heatmap, hour_exposure
from tsunagu.domain.counts import ContractorCounts, pooled_bands
from tsunagu.domain.records import ContactRecord
from tsunagu.domain.schedule import is_holiday, slots
from tsunagu.domain.staffing import Staffing, StaffingRow, staffing
from tsunagu.makers.plan import forecast
from tsunagu.makers.plan.erlang import Load, counsellors_needed, performance
from tsunagu.makers.plan.options import DEFAULTS, Bands, Options
from tsunagu.makers.plan.simulation import check_slot
from tsunagu.ports.store import Store

# Kinds of day the seasonal view compares: the year-end break (29 Dec-3 Jan), the fortnight around 1 September
# (the end of the summer holidays, when distress among the young peaks), other public holidays, other days.
Season = Literal["ordinary", "holiday", "year_end", "september"]
SEASONS: tuple[Season, ...] = get_args(Season)
SUGGEST_OPEN = 0.5  # a closed hour with at least half the mean arrivals of the open hours is worth opening
SUGGEST_CLOSE = 0.1  # an open hour with under a tenth of that mean has hardly anyone to answer


@dataclass(frozen=True)
class SlotPlan:
    """One open hour of the week: demand, the counsellors it needs, and how the service would do."""

    weekday: int  # 0 = Monday
    start: str  # HH:MM
    end: str
    arrivals_per_hour: float
    handle_minutes: float
    concurrency: int
    counsellors: int
    capacity: int  # counsellors the programme file plans
    answered_in_time: float
    abandoned: float
    utilisation: float
    expected_wait_min: float
    utilisation_at_capacity: float = 0.0  # the same with the programme's counsellors
    simulated_counsellors: int | None = None
    simulated_answered_in_time: float | None = None

    @property
    def staffing(self) -> Staffing:
        """Over-staffed when the programme plans more counsellors than needed, under- when fewer."""
        return staffing(self.capacity, self.counsellors)


@dataclass(frozen=True)
class ForecastHour:
    """Expected contacts in one open hour of the coming weeks, with a 90% interval."""

    start: dt.datetime
    expected: float
    low: int
    high: int


@dataclass(frozen=True)
class ChannelPlan:
    """Everything the plan shows for one channel."""

    channel: str
    capacity: int
    contacts: int
    heatmap: Heatmap
    open_hours: tuple[tuple[bool, ...], ...]  # 7 × 24: open at least once in the period
    rates: tuple[tuple[float, ...], ...]  # 7 × 24 arrivals per hour
    slots: tuple[SlotPlan, ...]
    suggest_open: tuple[tuple[int, int], ...]  # (weekday, hour) closed but with demand
    suggest_close: tuple[tuple[int, int], ...]  # (weekday, hour) open but hardly any demand
    months: dict[str, int]  # contacts per month (the seasonal view)
    backtest: forecast.Backtest | None
    seasons: dict[str, float] = field(default_factory=dict)  # contacts per day by kind of day (a full year only)
    forecast: tuple[ForecastHour, ...] = field(default=())
    handle_minutes: float = 45.0  # the mean chat duration the staffing used
    bands: Bands = ()  # the contractor's duration bands behind it, when reported


@dataclass(frozen=True)
class WardPlan:
    """The plan of a ward for a period."""

    ward: str
    first: dt.date
    last: dt.date
    options: Options
    channels: tuple[ChannelPlan, ...]


def staffing_rows(plan: WardPlan) -> list[StaffingRow]:
    """Every channel's slots as the report prints them (the report may not import the planner)."""
    return [StaffingRow(ch.channel, s.weekday, s.start, s.end, s.arrivals_per_hour, s.counsellors, s.capacity,
                        s.answered_in_time, s.abandoned, s.utilisation, s.expected_wait_min)
            for ch in plan.channels for s in ch.slots]


def read_records(store: Store, ward: Ward, first: dt.date, last: dt.date) -> list[ContactRecord]:
    """The ward's records of the period (one day more: a night slot runs past midnight)."""
    out: list[ContactRecord] = []
    for ch in ward.channels:
        out.extend(store.records(ch.id, first, last + dt.timedelta(days=1)))
    return out


def read_contractor(store: Store, ward: Ward, first: dt.date, last: dt.date) -> list[ContractorCounts]:
    """The contractor's counts of the ward's channels for the months of the period."""
    mine = {ch.id for ch in ward.channels}
    return [c for c in store.contractor_counts(None, f"{first:%Y-%m}", f"{last:%Y-%m}") if c.channel in mine]


def plan_ward(ward: Ward, records: Iterable[ContactRecord], first: dt.date, last: dt.date,
              options: Options = DEFAULTS, tick: Callable[[], None] | None = None,
              reported: Iterable[ContractorCounts] = ()) -> WardPlan:
    """The ward's plan from its records of `first`..`last`; `tick` is called as each slot is done.

    Where the contractor reported duration bands for a channel, its chats last as long as they did (the mean
    of the bands for Erlang-A, the bands themselves in the simulation) instead of `options.handle_minutes`.
    """
    found = [c for c in contacts(records) if first <= c.at.date() <= last]
    months = list(reported)
    plans = []
    for ch in ward.channels:
        bands = pooled_bands([m for m in months if m.channel == ch.id])
        mean = sum((lo + hi) / 2 * share for lo, hi, share in bands)
        mine = replace(options, handle_minutes=mean, bands=bands) if bands else options
        plans.append(_channel_plan(ch, found, first, last, mine))
    if not options.simulate:
        _tick(tick, sum(len(p.slots) for p in plans))
        return WardPlan(ward.id, first, last, options, tuple(_forecasted(p, found, first, last, ch)
                                                            for p, ch in zip(plans, ward.channels, strict=True)))
    with _Checks(plans, options) as checks:  # the simulations run in other processes while this one forecasts
        plans = [_forecasted(p, found, first, last, ch) for p, ch in zip(plans, ward.channels, strict=True)]
        return WardPlan(ward.id, first, last, options, tuple(checks.apply(plans, tick)))


def _channel_plan(ch: Channel, found: Sequence[Contact], first: dt.date, last: dt.date,
                  options: Options) -> ChannelPlan:
    open_slots = slots(ch, first, (last - first).days + 1)
    seen, opened = hour_exposure(first, last, open_slots)
    heat = heatmap(found, ch.id)
    flat = [n for row in heat for n in row]
    rates = [flat[i] / seen[i] if seen[i] else 0.0 for i in range(WEEK_HOURS)]
    staffed = [_slot(wh, rates[wh], ch.capacity, options) for wh in range(WEEK_HOURS) if opened[wh]]
    open_rates = [rates[i] for i in range(WEEK_HOURS) if opened[i]]
    mean_open = sum(open_rates) / len(open_rates) if open_rates else 0.0
    suggest_open = tuple(divmod(i, 24) for i in range(WEEK_HOURS)
                         if not opened[i] and mean_open and rates[i] >= SUGGEST_OPEN * mean_open)
    suggest_close = tuple(divmod(i, 24) for i in range(WEEK_HOURS)
                          if opened[i] and rates[i] < SUGGEST_CLOSE * mean_open)
    _, counts = forecast.hourly_counts(found, ch.id, first, last)
    return ChannelPlan(
        channel=ch.id, capacity=ch.capacity, contacts=int(counts.sum()), heatmap=heat,
        open_hours=tuple(tuple(opened[d * 24 + h] > 0 for h in range(24)) for d in range(7)),
        rates=tuple(tuple(rates[d * 24:(d + 1) * 24]) for d in range(7)),
        slots=tuple(staffed), suggest_open=suggest_open, suggest_close=suggest_close,
        months={f"{y:04d}-{m:02d}": n for (y, m), n in
                sorted(Counter((c.at.year, c.at.month) for c in found if c.channel == ch.id).items())},
        seasons=_seasons(counts, first, last), backtest=None,
        handle_minutes=options.handle_minutes, bands=options.bands,
    )


def _forecasted(plan: ChannelPlan, found: Sequence[Contact], first: dt.date, last: dt.date,
                ch: Channel) -> ChannelPlan:
    """The plan with its backtest and the forecast of the next weeks."""
    hours, counts = forecast.hourly_counts(found, ch.id, first, last)
    return replace(plan, backtest=forecast.backtest(hours, counts), forecast=_forecast(ch, hours, counts, last))


def _slot(wh: int, rate: float, capacity: int, options: Options) -> SlotPlan:
    weekday, hour = divmod(wh, 24)
    load = Load(rate, options.handle_minutes, options.patience_minutes)
    c, perf = counsellors_needed(load, options.concurrency, options.answer_within, options.target)
    at_capacity = performance(load, capacity * options.concurrency, options.answer_within).utilisation
    return SlotPlan(weekday, f"{hour:02d}:00", f"{hour + 1:02d}:00", rate, options.handle_minutes,
                    options.concurrency, c, capacity, perf.answered_in_time, perf.abandoned, perf.utilisation,
                    perf.expected_wait_min, at_capacity if capacity else 0.0)


class _Checks:
    """The simulation of every slot, started on entry in worker processes (one per core; each run is
    independent), so that it runs while the caller does other work; `apply` waits for the results."""

    def __init__(self, plans: list[ChannelPlan], options: Options) -> None:
        self.jobs = [(Load(s.arrivals_per_hour, p.handle_minutes, options.patience_minutes), options.concurrency,
                      options.answer_within, options.target, s.counsellors, p.bands, n + 1)
                     for p in plans for n, s in enumerate(p.slots)]
        self.busy = [i for i, job in enumerate(self.jobs) if job[0].arrivals_per_hour > 0]  # empty slots: no run
        self.pool: ProcessPoolExecutor | None = None
        self.pending: Iterator[tuple[int, float]] = iter(())

    def __enter__(self) -> _Checks:
        workers = min(len(os.sched_getaffinity(0)), len(self.busy))
        busy = [self.jobs[i] for i in self.busy]
        if workers > 1:
            self.pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
            self.pending = self.pool.map(check_slot, busy, chunksize=max(1, len(busy) // (4 * workers)))
        else:
            self.pending = map(check_slot, busy)
        return self

    def __exit__(self, *_: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def apply(self, plans: list[ChannelPlan], tick: Callable[[], None] | None) -> list[ChannelPlan]:
        """The plans with each slot's simulated counsellors and share answered in time."""
        results = [(job[4], 1.0) for job in self.jobs]  # no arrivals: nobody waits
        for i, result in zip(self.busy, self.pending, strict=True):
            results[i] = result
            if tick:
                tick()
        _tick(tick, len(self.jobs) - len(self.busy))
        found = iter(results)
        return [replace(p, slots=tuple(replace(s, simulated_counsellors=c, simulated_answered_in_time=share)
                                       for s, (c, share) in zip(p.slots, found, strict=False)))
                for p in plans]


def _tick(tick: Callable[[], None] | None, times: int) -> None:
    if tick:
        for _ in range(times):
            tick()


def season_of(day: dt.date) -> Season:
    """Which kind of day for the seasonal view; the year-end and the 1 September weeks come before holidays."""
    if (day.month, day.day) >= (12, 29) or (day.month, day.day) <= (1, 3):
        return "year_end"
    if (8, 25) <= (day.month, day.day) <= (9, 7):
        return "september"
    return "holiday" if is_holiday(day) else "ordinary"


def _seasons(counts: np.ndarray, first: dt.date, last: dt.date) -> dict[str, float]:
    """Mean contacts per day of each kind of day, when the period holds a full year (else nothing to compare)."""
    days = (last - first).days + 1
    if days < 365:
        return {}
    per_day = counts.reshape(days, 24).sum(axis=1)
    totals: dict[str, list[float]] = {s: [] for s in SEASONS}
    for i in range(days):
        totals[season_of(first + dt.timedelta(days=i))].append(float(per_day[i]))
    return {s: sum(v) / len(v) for s, v in totals.items() if v}


def _forecast(ch: Channel, hours: Sequence[dt.datetime], counts: np.ndarray, last: dt.date) -> tuple[ForecastHour, ...]:
    if len(hours) < 4 * 7 * 24:
        return ()
    model = forecast.fit(hours, counts)
    out = []
    for slot in slots(ch, last + dt.timedelta(days=1), forecast.HORIZON_DAYS):
        at = slot.start.replace(minute=0)
        while at < slot.end:
            rate = model.rate(at)
            low, high = forecast.interval(rate)
            out.append(ForecastHour(at, rate, low, high))
            at += dt.timedelta(hours=1)
    return tuple(out)

