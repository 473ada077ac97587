"""Erlang-A against the textbook formulas, and against the SimPy simulation of the chat model."""

from __future__ import annotations

import math

import pytest
from plan_textbook import textbook

from tsunagu.makers.plan.erlang import Load, counsellors_needed, performance
from tsunagu.makers.plan.simulation import counsellors_simulated, simulate


@pytest.mark.parametrize(("lam", "places"), [(1, 2), (4, 4), (6, 6), (12, 8), (20, 18), (40, 20)])
def test_erlang_a_matches_the_textbook_closed_forms(lam, places):
    got = performance(Load(lam, 45, 20), places, 10)
    want = textbook(lam, 45, 20, places)
    assert got.wait_probability == pytest.approx(want["wait_probability"], rel=1e-4)
    assert got.abandoned == pytest.approx(want["abandoned"], rel=1e-4)
    assert got.expected_wait_min == pytest.approx(want["expected_wait_min"], rel=1e-4)
    # answered at once is answered in time; answered in time was never abandoned
    assert 1 - got.wait_probability <= got.answered_in_time <= 1 - got.abandoned
    assert performance(Load(lam, 45, 20), places, 0).answered_in_time == pytest.approx(1 - want["wait_probability"])


def test_the_share_answered_in_time_grows_with_time_and_places():
    load = Load(8, 45, 20)
    shares = [performance(load, 8, t).answered_in_time for t in (0, 1, 5, 10, 30, 120)]
    assert shares == sorted(shares) and shares[-1] < 1 - performance(load, 8, 0).abandoned + 1e-9
    assert [performance(load, n, 10).answered_in_time for n in (4, 6, 8, 10)] == sorted(
        performance(load, n, 10).answered_in_time for n in (4, 6, 8, 10))


def test_counsellors_needed_is_the_fewest_that_meet_the_target():
    load = Load(10, 45, 20)
    c, perf = counsellors_needed(load, 2, 10, 0.8)
    assert perf.answered_in_time >= 0.8 > performance(load, (c - 1) * 2, 10).answered_in_time
    assert counsellors_needed(Load(0.0, 45, 20), 2, 10, 0.8)[0] == 1  # an open slot keeps one counsellor


@pytest.mark.parametrize("lam", [0.5, 2, 5, 9, 15, 25])
@pytest.mark.parametrize("concurrency", [1, 2, 3])
def test_the_simulation_agrees_with_erlang_a_within_one_counsellor(lam, concurrency):
    load = Load(lam, 45, 20)
    c, _ = counsellors_needed(load, concurrency, 10, 0.8)
    simulated, _ = counsellors_simulated(load, concurrency, 10, 0.8, c, seed=int(lam * 10) + concurrency)
    assert abs(simulated - c) <= 1


def test_simulated_shares_are_close_to_erlang_a_at_a_busy_slot():
    load = Load(8, 45, 20)
    sim = simulate(load, 6, 10, arrivals=20_000, seed=3)
    exact = performance(load, 6, 10)
    assert sim.answered_in_time == pytest.approx(exact.answered_in_time, abs=0.02)
    assert sim.abandoned == pytest.approx(exact.abandoned, abs=0.02)
    assert sim.expected_wait_min == pytest.approx(exact.expected_wait_min, rel=0.1)


def test_duration_bands_shape_the_simulated_handle_times():
    bands = ((10.0, 20.0, 0.5), (60.0, 80.0, 0.5))  # mean 42.5 minutes
    load = Load(6, 42.5, 20)
    sim = simulate(load, 6, 10, bands=bands, arrivals=10_000, seed=5)
    assert math.isclose(sim.answered_in_time, performance(load, 6, 10).answered_in_time, abs_tol=0.05)
