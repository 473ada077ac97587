"""A discrete-event simulation (SimPy) of the chat model, to check the Erlang-A figures slot by slot.

Same model as `erlang`: Poisson arrivals, n = counsellors × K places, chats held for a handle time (an
exponential with the given mean, or drawn from the contractor's duration bands), and each waiting person
gives up after an exponential patience. What Erlang-A assumes away (band-shaped handle times) the
simulation keeps, so their gap says how far the approximation can be trusted.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass

import simpy

from tsunagu.makers.plan.erlang import MAX_COUNSELLORS, Load
from tsunagu.makers.plan.options import Bands

ARRIVALS = 3000  # simulated arrivals per estimate: the share answered in time to about ±2 points
WARM_UP = 0.05  # the first 5% of arrivals see an empty service and are not counted


@dataclass(frozen=True)
class Simulated:
    """What the simulation measured for one slot and one number of places."""

    places: int
    answered_in_time: float
    abandoned: float
    expected_wait_min: float


def simulate(load: Load, places: int, answer_within: float, *, bands: Bands = (), seed: int = 1,
             arrivals: int = ARRIVALS) -> Simulated:
    """Run the chat model until `arrivals` people have come; shares over those after the warm-up.

    People wait in order of arrival. One who is still waiting when her patience runs out has left: when a
    place frees, the first in line whose patience has not run out is answered, and those before her are
    counted as having given up at their deadline. That is the same outcome as a timer per person, with one
    SimPy event per arrival and one per chat instead of four.
    """
    if load.arrivals_per_hour <= 0:
        return Simulated(places, 1.0, 0.0, 0.0)
    rng = random.Random(seed)
    env = simpy.Environment()
    handle = _handle_sampler(load.handle_minutes, bands, rng)
    patience, gap = 1.0 / load.patience_minutes, load.arrivals_per_hour / 60.0
    waits: list[float] = [0.0] * arrivals
    answered = [False] * arrivals
    line: deque[tuple[int, float, float]] = deque()  # (person, arrived, gives up at)
    free = [places]

    def answer(person: int, arrived: float) -> None:
        waits[person], answered[person] = env.now - arrived, True
        free[0] -= 1
        env.timeout(handle()).callbacks.append(finish)

    def finish(_: simpy.Event) -> None:
        free[0] += 1
        while line:
            person, arrived, leaves = line.popleft()
            if leaves >= env.now:
                answer(person, arrived)
                return
            waits[person] = leaves - arrived  # gave up at her deadline

    def source() -> Generator[simpy.Event, None, None]:
        for person in range(arrivals):
            if free[0] > 0:
                answer(person, env.now)
            else:
                line.append((person, env.now, env.now + rng.expovariate(patience)))
            yield env.timeout(rng.expovariate(gap))

    env.process(source())
    env.run()
    for person, arrived, leaves in line:  # still waiting when the last chat ended: all past their deadline
        waits[person] = leaves - arrived
    counted = range(int(arrivals * WARM_UP), arrivals)
    n = len(counted)
    return Simulated(
        places=places,
        answered_in_time=sum(1 for i in counted if answered[i] and waits[i] <= answer_within) / n,
        abandoned=sum(1 for i in counted if not answered[i]) / n,
        expected_wait_min=sum(waits[i] for i in counted) / n,
    )


def counsellors_simulated(load: Load, concurrency: int, answer_within: float, target: float, start: int, *,
                          bands: Bands = (), seed: int = 1) -> tuple[int, Simulated]:
    """The fewest counsellors the simulation finds enough, searching from `start` (Erlang-A's answer)."""
    def run(c: int) -> Simulated:
        return simulate(load, c * concurrency, answer_within, bands=bands, seed=seed)

    c = max(start, 1)
    found = run(c)
    if found.answered_in_time >= target:
        while c > 1:
            fewer = run(c - 1)
            if fewer.answered_in_time < target:
                break
            c, found = c - 1, fewer
        return c, found
    while found.answered_in_time < target and c < MAX_COUNSELLORS:
        c += 1
        found = run(c)
    return c, found


def _handle_sampler(mean: float, bands: Bands, rng: random.Random) -> Callable[[], float]:
    if not bands:
        return lambda: rng.expovariate(1.0 / mean)
    spans = [(lo, hi) for lo, hi, _ in bands]
    weights = [share for _, _, share in bands]
    return lambda: rng.uniform(*rng.choices(spans, weights)[0])


def check_slot(job: tuple[Load, int, float, float, int, Bands, int]) -> tuple[int, float]:
    """One slot's check, as a worker process runs it: (counsellors the simulation needs, share answered in time)."""
    load, concurrency, within, target, start, bands, seed = job
    c, sim = counsellors_simulated(load, concurrency, within, target, start, bands=bands, seed=seed)
    return c, sim.answered_in_time
