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
    """Fit the Poisson GLM by iteratively reweighted least squares."""
    origin = hours[0]
    x = _design(hours, origin)
    seen = np.bincount([h.weekday() * 24 + h.hour for h in hours], weights=counts, minlength=WEEK_HOURS)
    times = np.bincount([h.weekday() * 24 + h.hour for h in hours], minlength=WEEK_HOURS)
    beta = np.zeros(x.shape[1])
    beta[:WEEK_HOURS] = np.log((seen + 0.1) / np.maximum(times, 1))
    ridge = RIDGE * np.eye(x.shape[1])
    for _ in range(50):
        eta = x @ beta
        mu = np.exp(eta)
        z = eta + (counts - mu) / mu
        xw = x * mu[:, None]
        new = np.linalg.solve(x.T @ xw + ridge, xw.T @ z)
        done = np.max(np.abs(new - beta)) < 1e-7
        beta = new
        if done:
            break
    return Model(tuple(float(b) for b in beta[:WEEK_HOURS]), float(beta[WEEK_HOURS]), float(beta[WEEK_HOURS + 1]),
                 origin)


def backtest(hours: Sequence[dt.datetime], counts: np.ndarray, weeks: int = BACKTEST_WEEKS) -> Backtest | None:
    """Fit on all but the last `weeks` weeks and score both forecasts on them; None with under 4 weeks to fit."""
    held = weeks * 7 * 24
    if len(hours) - held < 4 * 7 * 24:
        return None
    model = fit(hours[:-held], counts[:-held])
    predicted = np.array([model.rate(h) for h in hours[-held:]])
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


def _design(hours: Sequence[dt.datetime], origin: dt.datetime) -> np.ndarray:
    x = np.zeros((len(hours), WEEK_HOURS + 2))
    year = 365.25 * 86400
    for i, h in enumerate(hours):
        x[i, h.weekday() * 24 + h.hour] = 1.0
        x[i, WEEK_HOURS] = float(is_break(h.date()))
        x[i, WEEK_HOURS + 1] = (h - origin).total_seconds() / year
    return x
