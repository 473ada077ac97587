"""The store contract (tsunagu.ports.store.Store), run against every adapter by the `store` fixture."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.faulty_store import FaultyStore

from tsunagu.domain.counts import ContractorCounts
from tsunagu.domain.insight import InsightSnapshot
from tsunagu.domain.records import OVER_CEILING, ActivityEntry, ContactRecord, HandoffOutcome, ScanRecord
from tsunagu.domain.vocabulary import AGE_BANDS, SURVEY_QUESTIONS
from tsunagu.ports.store import StoreUnavailable

DAY = dt.date(2026, 4, 1)
FUTURE = int(time.time()) + 400 * 86400  # the default retention: 400 days


def rec(event_id: str | None = None, **overrides) -> ContactRecord:
    """A live message record; override any field."""
    fields = dict(event_id=event_id or uuid.uuid4().hex, channel="minato-main", kind="message", day=DAY, hour=14,
                  pseudonym="a1b2c3d4e5f60718", expires_at=FUTURE)
    fields.update(overrides)
    return ContactRecord(**fields)


def all_records(store, channel=None, start=dt.date(2025, 6, 1), end=dt.date(2026, 12, 31)):
    return sorted(store.records(channel, start, end), key=lambda r: r.event_id)


def run_together(n: int, fn):
    """Call fn(i) from n threads released at the same moment; returns the results in order."""
    barrier = threading.Barrier(n)

    def go(i):
        barrier.wait()
        return fn(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(go, range(n)))


# --- exactly once -----------------------------------------------------------------------------


def test_a_redelivered_event_is_stored_once(store):
    first = rec("01JEVENT")
    assert store.record(first) is True
    assert store.record(first) is False
    assert store.record(rec("01JEVENT", kind="follow", hour=3)) is False  # the id decides, not the content
    assert all_records(store) == [first]


def test_concurrent_deliveries_of_one_event_store_it_exactly_once(store):
    results = run_together(8, lambda i: store.record(rec("same-event")))
    assert results.count(True) == 1
    assert len(all_records(store)) == 1


def test_concurrent_writers_of_different_events_lose_none(store):
    results = run_together(8, lambda i: [store.record(rec(f"t{i}-e{j}")) for j in range(10)])
    assert all(all(r) for r in results)
    assert len(all_records(store)) == 80


def test_storage_faults_with_redelivery_until_200_give_exactly_one_record_per_event(store):
    faulty = FaultyStore(store, before=0.25, after=0.25, seed=5)
    events = [rec(f"ev-{i}", hour=i % 24) for i in range(40)]
    answered = Counter()
    for event in events:
        while True:  # LINE redelivers every 503 until it gets a 200
            try:
                answered[event.event_id] += faulty.record(event)
                break
            except StoreUnavailable:
                continue
    assert faulty.faults_before and faulty.faults_after
    assert all_records(store) == sorted(events, key=lambda r: r.event_id)
    # an event whose first write succeeded unseen is never answered; none is answered twice
    assert max(answered.values()) == 1
    unanswered = sum(1 for e in events if not answered[e.event_id])
    assert unanswered <= faulty.faults_after


# --- round trip and queries -----------------------------------------------------------------

event_ids = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)
records_strategy = st.builds(
    ContactRecord,
    event_id=event_ids,
    channel=st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
    kind=st.sampled_from(["follow", "unfollow", "message", "age", "survey", "emergency", "handoff", "menu",
                           "status", "reason"]),
    day=st.dates(dt.date(2024, 1, 1), dt.date(2031, 12, 31)),
    hour=st.integers(0, 23),
    pseudonym=st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
    expires_at=st.integers(FUTURE, FUTURE + 10**6),
    age_band=st.none() | st.sampled_from(AGE_BANDS),
    survey=st.dictionaries(st.sampled_from(SURVEY_QUESTIONS), st.sampled_from(["yes", "no", "skip"])),
    handoff=st.none() | st.sampled_from(["phone", "face", "outreach", "partner"]),
    detail=st.none() | st.sampled_from(["hours", "privacy", "emergency", "student", "line-ok"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(r=records_strategy)
def test_any_record_reads_back_exactly_as_written(store, r):
    r = ContactRecord(**{**r.__dict__, "event_id": uuid.uuid4().hex + r.event_id})  # fresh per example
    assert store.record(r) is True
    found = [x for x in store.records(r.channel, r.day, r.day) if x.event_id == r.event_id]
    assert found == [r]


def test_records_are_filtered_by_channel_and_inclusive_day_range(store):
    days = [dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 1, 31), dt.date(2026, 2, 1), dt.date(2026, 3, 2)]
    written = [rec(f"{ch}-{d}", channel=ch, day=d) for ch in ("a", "b") for d in days]
    for r in written:
        store.record(r)
    got = {r.event_id for r in store.records("a", dt.date(2026, 1, 1), dt.date(2026, 2, 1))}
    assert got == {"a-2026-01-01", "a-2026-01-31", "a-2026-02-01"}
    got = {r.event_id for r in store.records(None, dt.date(2026, 1, 31), dt.date(2026, 3, 2))}
    assert got == {f"{ch}-{d}" for ch in "ab" for d in ("2026-01-31", "2026-02-01", "2026-03-02")}
    assert list(store.records("c", dt.date(2025, 1, 1), dt.date(2026, 12, 31))) == []
    assert list(store.records("a", dt.date(2026, 3, 3), dt.date(2026, 12, 31))) == []


def test_a_long_range_read_in_many_pages_returns_every_record_once(store):
    store.page_size = 7  # many pages, some ending in the middle of a day
    written = {f"bulk-{i:04d}" for i in range(120)}
    for i, event_id in enumerate(sorted(written)):
        store.record(rec(event_id, day=DAY + dt.timedelta(days=i % 90), expires_at=FUTURE - i % 2 * FUTURE))
    written = {e for i, e in enumerate(sorted(written)) if i % 2 == 0}  # the odd ones are expired
    got = [r.event_id for r in store.records("minato-main", DAY, DAY + dt.timedelta(days=89))]
    assert Counter(got) == Counter(written)


# --- expiry ------------------------------------------------------------------------------------


def test_expired_records_are_not_read_and_their_id_may_be_stored_again(store):
    past = int(time.time()) - 10
    store.record(rec("old", expires_at=past))
    store.record(rec("live"))
    assert [r.event_id for r in all_records(store)] == ["live"]
    renewed = rec("old")
    assert store.record(renewed) is True
    assert all_records(store) == sorted([renewed, rec("live")], key=lambda r: r.event_id)


# --- claim -------------------------------------------------------------------------------------


def test_record_claiming_claims_only_with_a_new_record(store):
    claim = ("ch:p:session", 1000, 60, 5000)
    assert store.record_claiming(rec("rc-1"), claim) == (True, True, None)
    assert store.record_claiming(rec("rc-1"), claim) == (False, False, None)  # a redelivery claims nothing
    assert store.record_claiming(rec("rc-2"), claim) == (True, False, None)  # the marker is held for 60 s
    assert store.record_claiming(rec("rc-3"), None) == (True, False, None)
    assert store.claim("ch:p:session", 1060, 60, 5000) is True  # it was the claim() marker itself
    assert sorted(r.event_id for r in all_records(store)) == ["rc-1", "rc-2", "rc-3"]


def test_record_claiming_adds_to_the_total_only_with_a_new_record(store):
    add = ("ch:p:evidence", 2.5, 1000, 4600)
    assert store.record_claiming(rec("ra-1"), None, add) == (True, False, (2.5, 1))
    assert store.record_claiming(rec("ra-1"), None, add) == (False, False, None)  # a redelivery adds nothing
    assert store.record_claiming(rec("ra-2"), ("ch:p:session", 1000, 60, 5000), add) == (True, True, (5.0, 2))
    assert store.add_to("ch:p:evidence", 0.5, 1001, 4600) == (5.5, 3)


def test_claim_rate_limits_by_interval(store):
    key, now, three_h = "minato-main:a1b2c3d4e5f60718:out-of-hours", 1_800_000_000, 3 * 3600
    assert store.claim(key, now, three_h, now + 86400) is True
    assert store.claim(key, now + 60, three_h, now + 86400) is False
    assert store.claim(key, now + three_h - 1, three_h, now + 86400) is False
    assert store.claim(key, now + three_h, three_h, now + 86400) is True
    assert store.claim(key, now + three_h + 1, three_h, now + 86400) is False  # the window restarted
    assert store.claim(key.replace("out-of-hours", "ack"), now + 1, three_h, now + 86400) is True


def test_an_expired_marker_counts_as_absent(store):
    key, now = "minato-main:a1b2c3d4e5f60718:ack", 1_800_000_000
    assert store.claim(key, now, 10**6, now + 100) is True
    assert store.claim(key, now + 99, 10**6, now + 200) is False
    assert store.claim(key, now + 100, 10**6, now + 200) is True


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 4000), st.integers(1, 6000)), max_size=12))
def test_claim_behaves_like_its_docstring(store, steps):
    key, now, marker = f"minato-main:{uuid.uuid4().hex[:16]}:out-of-hours", 1_800_000_000, None
    for advance, interval, ttl in steps:
        now += advance
        expected = marker is None or marker[0] <= now - interval or marker[1] <= now
        assert store.claim(key, now, interval, now + ttl) is expected
        if expected:
            marker = (now, now + ttl)


def test_concurrent_claims_of_one_key_grant_it_once(store):
    key, now = "minato-main:a1b2c3d4e5f60718:out-of-hours", 1_800_000_000
    results = run_together(8, lambda i: store.claim(key, now, 10800, now + 86400))
    assert results.count(True) == 1


# --- reading markers (her split phrases: which listed phrase a message started, never its letters) -----


def test_held_names_the_set_and_unexpired_markers_and_changes_nothing(store):
    me, now = "minato-main:a1b2c3d4e5f60718", 1_800_000_000
    started, other, never = f"{me}:split-0a1b2c3d-2", f"{me}:split-0a1b2c3d-3", f"{me}:split-ffffffff-1"
    assert store.claim(started, now, 0, now + 180) is True
    assert store.claim(other, now, 0, now + 60) is True
    assert store.held([started, other, never], now + 59) == {started, other}
    assert store.held([started, other, never], now + 60) == {started}  # the other expired
    assert store.held([], now) == set()
    assert store.held([never, never], now) == set()
    # Reading sets nothing, and a marker re-set with an interval of 0 moves its expiry on.
    assert store.claim(never, now + 61, 10**6, now + 300) is True
    assert store.claim(started, now + 100, 0, now + 280) is True
    assert store.held([started], now + 200) == {started}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 400), st.integers(1, 400), st.booleans()),
                      max_size=12))
def test_held_agrees_with_the_claims_made(store, steps):
    me, now = f"minato-main:{uuid.uuid4().hex[:16]}", 1_800_000_000
    keys = [f"{me}:split-{i}" for i in range(4)]
    expiry: dict[str, int] = {}
    for which, advance, ttl, set_it in steps:
        now += advance
        if set_it:
            assert store.claim(keys[which], now, 0, now + ttl) is True
            expiry[keys[which]] = now + ttl
        assert store.held(keys, now) == {k for k, until in expiry.items() if until > now}


def test_an_erasure_drops_her_split_phrase_markers(store):
    me, other, now = "eeeeeeeeeeeeeeee", "ffffffffffffffff", 1_800_000_000
    for who in (me, other):
        store.claim(f"minato-main:{who}:split-0a1b2c3d-2", now, 0, now + 180)
    store.erase_contact("minato-main", me, up_to=now + 10)
    keys = [f"minato-main:{who}:split-0a1b2c3d-2" for who in (me, other)]
    assert store.held(keys, now + 20) == {keys[1]}


# --- running totals (her concern score's model evidence: a number, never text) -------------------


def test_add_to_keeps_a_total_until_it_expires(store):
    key, now = "minato-main:a1b2c3d4e5f60718:evidence", 1_800_000_000
    assert store.add_to(key, 12.5, now, now + 3600) == (12.5, 1)
    assert store.add_to(key, 20.25, now + 60, now + 7200) == (32.75, 2)  # the first expiry holds
    assert store.add_to(key, 3.0, now + 3599, now + 9999) == (35.75, 3)
    assert store.add_to(key, 4.0, now + 3600, now + 7200) == (4.0, 1)  # expired: it starts again
    assert store.add_to(key.replace("evidence", "other"), 1.0, now + 3600, now + 7200) == (1.0, 1)


@pytest.mark.parametrize("amount", [0.0, -3.5, float("nan")])
def test_add_to_refuses_an_amount_that_is_not_above_0(store, amount):
    with pytest.raises(ValueError, match="above 0"):
        store.add_to("minato-main:a1b2c3d4e5f60718:evidence", amount, 1_800_000_000, 1_800_003_600)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 400), st.integers(1, 5000)), max_size=10))
def test_add_to_behaves_like_its_docstring(store, steps):
    key, now, kept = f"minato-main:{uuid.uuid4().hex[:16]}:evidence", 1_800_000_000, None
    for advance, quarters, ttl in steps:
        now += advance
        amount = quarters / 4  # exact in binary: the expected totals are exact too
        live = kept is not None and kept[2] > now
        kept = (kept[0] + amount, kept[1] + 1, kept[2]) if live else (amount, 1, now + ttl)  # type: ignore[index]
        assert store.add_to(key, amount, now, now + ttl) == kept[:2]


def test_concurrent_additions_to_one_total_all_count(store):
    key, now = "minato-main:a1b2c3d4e5f60718:evidence", 1_800_000_000
    run_together(8, lambda i: store.add_to(key, 1.5, now, now + 3600))
    assert store.add_to(key, 0.5, now + 1, now + 3600) == (12.5, 9)


def test_an_erasure_drops_her_totals(store):
    me, other, now = "eeeeeeeeeeeeeeee", "ffffffffffffffff", 1_800_000_000
    store.add_to(f"minato-main:{me}:evidence", 30.0, now, now + 3600)
    store.add_to(f"minato-main:{other}:evidence", 30.0, now, now + 3600)
    store.erase_contact("minato-main", me, up_to=now + 10)
    assert store.add_to(f"minato-main:{me}:evidence", 1.0, now + 20, now + 3600) == (1.0, 1)
    assert store.add_to(f"minato-main:{other}:evidence", 1.0, now + 20, now + 3600) == (31.0, 2)


# --- erasure -----------------------------------------------------------------------------------


def test_erase_contact_removes_that_pseudonym_in_that_channel_only(store):
    me, other = "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"
    mine = [rec(f"m{i}", pseudonym=me, day=DAY + dt.timedelta(days=40 * i)) for i in range(3)]
    kept = [rec("other-person", pseudonym=other), rec("other-channel", pseudonym=me, channel="kita-main"),
            rec("erasure-1", pseudonym="", kind="erasure")]
    for r in [*mine, *kept, rec("m-expired", pseudonym=me, expires_at=int(time.time()) - 5)]:
        store.record(r)
    now = 1_800_000_000
    store.claim(f"minato-main:{me}:out-of-hours", now, 10800, FUTURE)
    store.claim(f"minato-main:{other}:out-of-hours", now, 10800, FUTURE)
    store.claim(f"kita-main:{me}:out-of-hours", now, 10800, FUTURE)

    assert store.erase_contact("minato-main", me) == 3
    assert all_records(store) == sorted(kept, key=lambda r: r.event_id)
    assert store.claim(f"minato-main:{me}:out-of-hours", now + 1, 10800, FUTURE) is True  # marker gone
    assert store.claim(f"minato-main:{other}:out-of-hours", now + 1, 10800, FUTURE) is False
    assert store.claim(f"kita-main:{me}:out-of-hours", now + 1, 10800, FUTURE) is False
    assert store.erase_contact("minato-main", me) == 0


def test_an_erasure_removes_only_what_came_before_it_and_keeps_older_events_out(store):
    # Issue 12: an older message redelivered after 削除 brought her back; a redelivered 削除 erased what
    # she wrote after it. Times are the events' own (Unix seconds).
    me, t = "cccccccccccccccc", 1_800_000_000
    store.record(rec("before", pseudonym=me, at=t - 60))
    store.claim(f"minato-main:{me}:out-of-hours", t - 60, 10800, FUTURE)
    assert store.erase_contact("minato-main", me, up_to=t, tombstone_until=FUTURE) == 1
    assert store.record(rec("older-redelivered", pseudonym=me, at=t - 30)) is False  # dropped
    assert store.record(rec("at-the-erasure", pseudonym=me, at=t)) is False
    assert store.record(rec("after", pseudonym=me, at=t + 60)) is True
    assert store.record(rec("someone-else-older", pseudonym="dddddddddddddddd", at=t - 30)) is True
    assert store.claim(f"minato-main:{me}:out-of-hours", t + 60, 10800, FUTURE) is True  # the marker went too
    # LINE redelivers the erasure: what she wrote after it stays, and so does the new marker.
    assert store.erase_contact("minato-main", me, up_to=t, tombstone_until=FUTURE) == 0
    assert [r.event_id for r in all_records(store)] == ["after", "someone-else-older"]
    assert store.claim(f"minato-main:{me}:out-of-hours", t + 61, 10800, FUTURE) is False
    # A later erasure moves the tombstone forward; an earlier one does not move it back.
    assert store.erase_contact("minato-main", me, up_to=t + 120, tombstone_until=FUTURE) == 1
    store.erase_contact("minato-main", me, up_to=t, tombstone_until=FUTURE)
    assert store.record(rec("between", pseudonym=me, at=t + 90)) is False
    assert store.record(rec("later", pseudonym=me, at=t + 180)) is True


def test_a_tombstone_does_not_hold_the_pseudonym_and_ends(store):
    from tsunagu.ports.store import tombstone_id

    me, t = "eeeeeeeeeeeeeeee", int(time.time())
    store.erase_contact("minato-main", me, up_to=t, tombstone_until=t + 1)
    assert me not in tombstone_id("minato-main", me)
    time.sleep(1.1)  # past the tombstone's end: her old event may be recorded again
    assert store.record(rec("old-but-tombstone-gone", pseudonym=me, at=t - 10)) is True


def test_erase_contact_refuses_an_empty_pseudonym(store):
    store.record(rec("erasure-1", pseudonym="", kind="erasure"))
    with pytest.raises(ValueError):
        store.erase_contact("minato-main", "")
    assert len(all_records(store)) == 1


# --- scans and outcomes ------------------------------------------------------------------------


def test_scans_are_counted_per_placement_and_day(store):
    for placement, day, n in [("station-toilet", DAY, 3), ("station-toilet", DAY + dt.timedelta(days=30), 1),
                              ("library-card", DAY, 2), ("library-card", DAY - dt.timedelta(days=1), 1)]:
        for _ in range(n):
            store.record_scan(ScanRecord(placement, day))
    assert store.scan_counts(DAY, DAY + dt.timedelta(days=30)) == {
        ("station-toilet", DAY): 3, ("station-toilet", DAY + dt.timedelta(days=30)): 1, ("library-card", DAY): 2}
    assert store.scan_counts(DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=29)) == {}


def test_concurrent_scans_are_all_counted(store):
    run_together(6, lambda i: [store.record_scan(ScanRecord("station-toilet", DAY)) for _ in range(5)])
    assert store.scan_counts(DAY, DAY) == {("station-toilet", DAY): 30}


def test_outcomes_append_and_filter(store):
    logged = [HandoffOutcome("minato-main", "phone", DAY, 1), HandoffOutcome("minato-main", "phone", DAY, 1),
              HandoffOutcome("minato-main", "partner", DAY + dt.timedelta(days=31), 2, partner="shelter-a"),
              HandoffOutcome("kita-main", "face", DAY, 1)]
    for o in logged:
        store.add_outcome(o)
    key = lambda o: (o.channel, o.day, o.kind, o.count)  # noqa: E731
    month = store.outcomes("minato-main", DAY, DAY + dt.timedelta(days=31))
    assert sorted(month, key=key) == sorted(logged[:3], key=key)
    assert sorted(store.outcomes(None, DAY, DAY), key=key) == sorted([logged[0], logged[1], logged[3]], key=key)
    assert list(store.outcomes("minato-main", DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=30))) == []


# --- insight snapshots and activity logs -------------------------------------------------------


def test_a_snapshot_per_channel_and_day_replaced_by_a_later_put(store):
    later = DAY + dt.timedelta(days=40)
    store.put_snapshot(InsightSnapshot("minato-main", DAY, 100, 70, 3))
    store.put_snapshot(InsightSnapshot("minato-main", DAY, 104, 72, 5))  # the daily job ran twice
    store.put_snapshot(InsightSnapshot("minato-main", later, 120, 80, 6))
    store.put_snapshot(InsightSnapshot("kita-main", DAY, 50, 30, 1))
    assert store.snapshots("minato-main", DAY, later) == [InsightSnapshot("minato-main", DAY, 104, 72, 5),
                                                          InsightSnapshot("minato-main", later, 120, 80, 6)]
    assert store.snapshots(None, DAY, DAY) == [InsightSnapshot("kita-main", DAY, 50, 30, 1),
                                               InsightSnapshot("minato-main", DAY, 104, 72, 5)]
    assert store.snapshots("minato-main", DAY + dt.timedelta(days=1), later - dt.timedelta(days=1)) == []


def test_activity_counts_append_and_filter_by_ward_and_day(store):
    logged = [ActivityEntry("osaka", "sanitary-packs", DAY, "packs", 500, "city-offices"),
              ActivityEntry("osaka", "sanitary-packs", DAY, "packs", 500, "city-offices"),
              ActivityEntry("osaka", "peer-support", DAY + dt.timedelta(days=35), "participants", 4),
              ActivityEntry("kita", "peer-support", DAY, "sessions", 1)]
    for entry in logged:
        store.add_activity(entry)
    key = lambda e: (e.ward, e.day, e.activity, e.measure, e.count)  # noqa: E731
    assert sorted(store.activities("osaka", DAY, DAY + dt.timedelta(days=35)), key=key) == sorted(logged[:3], key=key)
    assert sorted(store.activities(None, DAY, DAY), key=key) == sorted([logged[0], logged[1], logged[3]], key=key)
    assert list(store.activities("osaka", DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=34))) == []


def test_at_most_the_cap_of_scans_a_minute_is_counted_per_placement(store):
    minute = 1_800_000_000 // 60 * 60
    counted = run_together(8, lambda i: [store.record_scan(ScanRecord("station-toilet", DAY), at=minute + i,
                                                           per_minute=30) for _ in range(6)])
    assert sum(r.count(True) for r in counted) == 30  # 48 sent from 8 threads in one minute
    assert store.record_scan(ScanRecord("school-card", DAY), at=minute + 30, per_minute=30) is True  # per placement
    assert store.record_scan(ScanRecord("station-toilet", DAY), at=minute + 60, per_minute=30) is True  # next minute
    assert store.record_scan(ScanRecord("station-toilet", DAY)) is True  # no cap asked: counted
    assert store.scan_counts(DAY, DAY) == {("station-toilet", DAY): 32, ("school-card", DAY): 1}


# --- the contractor's counts ------------------------------------------------------------------


def test_contractor_counts_are_kept_per_channel_and_month_and_a_corrected_sheet_replaces_the_first(store):
    april = ContractorCounts("minato-main", "2026-04", {"answered": 40, "mistaken": 9, "duration/30-60": 22,
                                                        "topic/dv": 7, "referral/police": 1})
    store.put_counts(april)
    store.put_counts(ContractorCounts("minato-main", "2026-05", {"answered": 51}))
    store.put_counts(ContractorCounts("minato-night", "2026-04", {"answered": 3}))
    assert store.contractor_counts("minato-main", "2026-04", "2026-04") == [april]
    corrected = ContractorCounts("minato-main", "2026-04", {"answered": 41, "mistaken": 8})
    store.put_counts(corrected)  # imported again after a fix: replaces, never adds up
    got = store.contractor_counts(None, "2026-03", "2026-05")
    assert [(c.channel, c.month, c.consultations) for c in got] == [
        ("minato-main", "2026-04", 41), ("minato-night", "2026-04", 3), ("minato-main", "2026-05", 51)]
    assert got[0] == corrected and got[0].get("duration/30-60") == 0
    assert store.contractor_counts("minato-main", "2026-06", "2027-03") == []
    assert store.contractor_counts("minato-main", "2026-05", "2026-12")[0].month == "2026-05"


def test_scans_past_the_daily_ceiling_are_counted_apart_not_lost(store):
    # Issue 19, F5: with only a per-minute cap, a script posting every two seconds added 43,200 scans a day.
    for i in range(12):
        assert store.record_scan(ScanRecord("station-toilet", DAY), at=60 * i, per_minute=30, per_day=5) is True
    store.record_scan(ScanRecord("school-card", DAY), per_day=5)
    counts = store.scan_counts(DAY, DAY)
    assert counts[("station-toilet", DAY)] == 5
    assert counts[("station-toilet" + OVER_CEILING, DAY)] == 7
    assert counts[("school-card", DAY)] == 1 and ("school-card" + OVER_CEILING, DAY) not in counts
    next_day = DAY + dt.timedelta(days=1)
    assert store.record_scan(ScanRecord("station-toilet", next_day), per_day=5) is True
    assert store.scan_counts(next_day, next_day) == {("station-toilet", next_day): 1}, "a new day, a new ceiling"
