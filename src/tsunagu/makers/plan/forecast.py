"""The forecast: contacts per hour from a Poisson GLM with an hour-of-week, a holiday and a trend term.

log E[contacts in hour h] = β[hour of week of h] + γ·holiday(h) + δ·years since the first hour.

One coefficient per hour of the week (168) says when people write; γ says how much a public holiday or the
year-end break (29 December to 3 January) changes that; δ is the yearly growth. It is fitted by iteratively
reweighted least squares (the textbook way to fit a GLM), so each coefficient reads as a log-rate and the
model can be explained in one line. Intervals are the Poisson spread of an hour's count around its rate
(the coefficients' own uncertainty is small beside it with a year of data, and left out).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tsunagu.domain.contacts import WEEK_HOURS, Contact
from tsunagu.domain.schedule import JST, is_holiday

BACKTEST_WEEKS = 8  # issue 24: backtested on the last 8 weeks
HORIZON_DAYS = 28  # the next 4 weeks
RIDGE = 1e-4  # keeps hours of the week without any contact finite (their rate comes out near zero)
INTERVAL = (0.05, 0.95)  # a 90% interval


def is_break(day: dt.date) -> bool:
    """A public holiday or the year-end break (29 December to 3 January, when offices close)."""
    return is_holiday(day) or (day.month, day.day) >= (12, 29) or (day.month, day.day) <= (1, 3)


@dataclass(frozen=True)
class Model:
    """A fitted model: per hour-of-week log-rates, the holiday and trend terms, and where time starts."""

    week_hour: tuple[float, ...]
    holiday: float
    trend_per_year: float
    origin: dt.datetime

    def rate(self, hour: dt.datetime) -> float:
        """Expected contacts in the hour starting at `hour` (JST)."""
        years = (hour - self.origin).total_seconds() / (365.25 * 86400)
        wh = hour.weekday() * 24 + hour.hour
        return math.exp(self.week_hour[wh] + self.holiday * is_break(hour.date()) + self.trend_per_year * years)


@dataclass(frozen=True)
class Backtest:
    """Mean absolute error per hour over the held-out weeks: the model's and the naive baseline's."""

    weeks: int
    hours: int
    model_mae: float
    naive_mae: float  # the same hour one week before


def hourly_counts(found: Sequence[Contact], channel: str, first: dt.date, last: dt.date) -> tuple[list[dt.datetime],
                                                                                                  np.ndarray]:
    """Every hour from `first` 00:00 to `last` 24:00 (JST) and the channel's contacts in each."""
    origin = dt.datetime(first.year, first.month, first.day, tzinfo=JST)
    hours = ((last - first).days + 1) * 24
    counts = np.zeros(hours)
    for c in found:
        if c.channel == channel:
            i = int((c.at - origin).total_seconds() // 3600)
            if 0 <= i < hours:
                counts[i] += 1
    return [origin + dt.timedelta(hours=i) for i in range(hours)], counts


def fit(hours: Sequence[dt.datetime], counts: np.ndarray) -> Model:
    """Fit the Poisson GLM by iteratively reweighted least squares; `hours` are consecutive, as hourly_counts gives.

    The hour-of-week columns are one-hot, so XᵀWX is a diagonal block bordered by the holiday and trend columns:
    it is summed with bincount in one pass (no dense product, whose threads crawl on a shared machine).
    """
    origin = hours[0]
    wh, holiday, trend = _design(origin, len(hours), origin)
    times = np.bincount(wh, minlength=WEEK_HOURS)
    beta = np.log((np.bincount(wh, weights=counts, minlength=WEEK_HOURS) + 0.1) / np.maximum(times, 1))
    gamma = delta = 0.0
    for _ in range(50):
        eta = beta[wh] + gamma * holiday + delta * trend
        mu = np.exp(eta)
        z = eta + (counts - mu) / mu
        a = np.zeros((WEEK_HOURS + 2, WEEK_HOURS + 2))
        a[:WEEK_HOURS, :WEEK_HOURS] = np.diag(np.bincount(wh, weights=mu, minlength=WEEK_HOURS))
        for j, col in ((WEEK_HOURS, holiday), (WEEK_HOURS + 1, trend)):
            a[:WEEK_HOURS, j] = a[j, :WEEK_HOURS] = np.bincount(wh, weights=mu * col, minlength=WEEK_HOURS)
        a[WEEK_HOURS:, WEEK_HOURS:] = [[mu @ (holiday * holiday), mu @ (holiday * trend)],
                                       [mu @ (holiday * trend), mu @ (trend * trend)]]
        rhs = np.concatenate([np.bincount(wh, weights=mu * z, minlength=WEEK_HOURS),
                              [mu @ (z * holiday), mu @ (z * trend)]])
        new = np.linalg.solve(a + RIDGE * np.eye(WEEK_HOURS + 2), rhs)
        done = max(np.max(np.abs(new[:WEEK_HOURS] - beta)), abs(new[-2] - gamma), abs(new[-1] - delta)) < 1e-7
        beta, gamma, delta = new[:WEEK_HOURS], float(new[-2]), float(new[-1])
        if done:
            break
    return Model(tuple(float(b) for b in beta), gamma, delta, origin)


def backtest(hours: Sequence[dt.datetime], counts: np.ndarray, weeks: int = BACKTEST_WEEKS) -> Backtest | None:
    """Fit on all but the last `weeks` weeks and score both forecasts on them; None with under 4 weeks to fit."""
    held = weeks * 7 * 24
    if len(hours) - held < 4 * 7 * 24:
        return None
    model = fit(hours[:-held], counts[:-held])
    wh, holiday, trend = _design(hours[-held], held, model.origin)
    predicted = np.exp(np.array(model.week_hour)[wh] + model.holiday * holiday + model.trend_per_year * trend)
    actual = counts[-held:]
    naive = counts[-held - WEEK_HOURS:-WEEK_HOURS]
    return Backtest(weeks, held, float(np.mean(np.abs(predicted - actual))), float(np.mean(np.abs(naive - actual))))


def interval(rate: float) -> tuple[int, int]:
    """The 5% and 95% quantiles of a Poisson count with this mean."""
    low, high = INTERVAL
    k, term = 0, math.exp(-rate)
    total, out = term, []
    for q in (low, high):
        while total < q:
            k += 1
            term *= rate / k
            total += term
        out.append(k)
    return out[0], out[1]


def _design(start: dt.datetime, n: int, origin: dt.datetime) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For `n` consecutive hours from `start`: the hour of the week, the holiday flag and the years since `origin`."""
    i = np.arange(n)
    first = start.date()
    breaks = [is_break(first + dt.timedelta(days=d)) for d in range((start.hour + n - 1) // 24 + 1)]
    return ((start.weekday() * 24 + start.hour + i) % WEEK_HOURS,
            np.array(breaks, dtype=float)[(start.hour + i) // 24],
            ((start - origin).total_seconds() + 3600.0 * i) / (365.25 * 86400))
