"""Erlang-A (M/M/n+M, Palm's queue with impatient customers) on n = counsellors × K chat places.

The chat model of issue 24: contacts arrive as a Poisson stream; a counsellor holds up to K chats at once,
so c counsellors are n = c·K places; a chat holds its place for an exponential time (mean: the handle
time); a person still waiting when her exponential patience runs out gives up. The queue is a birth-death
chain (birth λ, death min(j, n)·μ + max(j − n, 0)·θ), solved here exactly up to a negligible tail, and
the share answered in time comes from following one waiting person's place in the line (uniformisation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

TAIL = 1e-13  # states with less probability than this (relative to the largest) are cut off
MAX_COUNSELLORS = 200  # no slot of a ward's chat service needs more; a cap so that a typo cannot loop


@dataclass(frozen=True)
class Load:
    """What a slot must carry: arrivals per hour, and minutes per chat and of patience (means)."""

    arrivals_per_hour: float
    handle_minutes: float
    patience_minutes: float


@dataclass(frozen=True)
class Performance:
    """The steady state of one slot with `places` chat places."""

    places: int
    answered_in_time: float  # share of arrivals answered within the time asked
    abandoned: float  # share of arrivals who give up waiting
    wait_probability: float  # share of arrivals who find every place taken
    utilisation: float  # mean share of places in use
    expected_wait_min: float  # mean minutes an arrival waits (answered or not)


def performance(load: Load, places: int, answer_within: float) -> Performance:
    """Erlang-A figures for `places` chat places and an answer wanted within `answer_within` minutes."""
    lam = load.arrivals_per_hour / 60.0
    mu, theta, n = 1.0 / load.handle_minutes, 1.0 / load.patience_minutes, places
    if lam <= 0:
        return Performance(n, 1.0, 0.0, 0.0, 0.0, 0.0)
    p = _stationary(lam, mu, theta, n)
    j = np.arange(p.size)
    queue = np.maximum(j - n, 0)
    mean_queue = float(queue @ p)
    waiting = p[n:]
    answered = float(p[:n].sum()) + _served_within(waiting, mu * n, theta, answer_within)
    return Performance(
        places=n,
        answered_in_time=min(answered, 1.0),
        abandoned=theta * mean_queue / lam,  # abandonment rate θ·E[Q] over arrival rate
        wait_probability=float(waiting.sum()),
        utilisation=float(np.minimum(j, n) @ p) / n,
        expected_wait_min=mean_queue / lam,  # Little's law on the queue
    )


def counsellors_needed(load: Load, concurrency: int, answer_within: float, target: float) -> tuple[int, Performance]:
    """The fewest counsellors (at least one) that answer `target` of arrivals within `answer_within` minutes.

    The share answered in time only grows with places, so a binary search finds the fewest.
    """
    def enough(c: int) -> Performance | None:
        perf = performance(load, c * concurrency, answer_within)
        return perf if perf.answered_in_time >= target else None

    low, high = 0, 1  # not enough with `low` (none is never enough), enough with `high`
    while enough(high) is None and high < MAX_COUNSELLORS:
        low, high = high, min(2 * high, MAX_COUNSELLORS)
    while high - low > 1:
        mid = (low + high) // 2
        if enough(mid) is None:
            low = mid
        else:
            high = mid
    return high, performance(load, high * concurrency, answer_within)


def _stationary(lam: float, mu: float, theta: float, n: int) -> np.ndarray:
    """P(j chats in the system), j = 0, 1, ...: Poisson-like up to n, then thinned by impatience."""
    logs = [0.0]
    j = 0
    while True:
        j += 1
        death = min(j, n) * mu + max(j - n, 0) * theta
        logs.append(logs[-1] + math.log(lam / death))
        if j > n and logs[-1] < max(logs) + math.log(TAIL):
            break
    arr = np.exp(np.array(logs) - max(logs))
    return arr / arr.sum()


def _served_within(waiting: np.ndarray, service: float, theta: float, t: float) -> float:
    """Probability mass of arrivals finding m = 0, 1, ... people ahead (`waiting`) that is answered by t.

    The tagged person's state is the number ahead of her: it falls at rate n·μ + i·θ (a place frees or one
    ahead gives up); from 0 she is answered at rate n·μ; at rate θ she gives up herself.
    """
    if waiting.size == 0 or t <= 0:
        return 0.0
    m = waiting.size
    ahead = np.arange(m)
    down = service + ahead * theta  # out of state i towards the place
    rate = float(down[-1] + theta)  # uniformisation rate: at least every state's total out-rate
    v = waiting.astype(float).copy()
    served = 0.0
    mean = rate * t
    steps = int(mean + 12 * math.sqrt(mean) + 30)
    log_weight = -mean  # log Poisson(0; mean)
    tail = 1.0  # P(N >= k): the weight of having had at least k uniformised steps by t
    for k in range(1, steps + 1):
        tail -= math.exp(log_weight)
        if tail <= 0:
            break
        step_served = float(v[0]) * float(down[0]) / rate
        # answered at the k-th step counts when at least k steps happened by t
        served += step_served * tail
        nxt = v * (1.0 - (down + theta) / rate)
        nxt[:-1] += v[1:] * down[1:] / rate
        v = nxt
        log_weight += math.log(mean) - math.log(k)
    return served
