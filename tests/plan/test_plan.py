"""`tsunagu plan` end to end on synthetic stores with known Poisson demand, and Taito's seed shape."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pytest
from plan_textbook import textbook
from support.demand import bulk_load, poisson_records

from tsunagu.adapters.store.sqlite import SqliteStore
from tsunagu.domain.kpi import Month
from tsunagu.domain.records import ContactRecord
from tsunagu.domain.schedule import JST
from tsunagu.entry.cli import main
from tsunagu.makers.plan.build import plan_ward, read_records
from tsunagu.makers.plan.erlang import Load, performance
from tsunagu.makers.plan.options import Options
from tsunagu.makers.plan.writer import write_plan
from tsunagu.makers.sources.programs import load_programs
from tsunagu.services.reporting import ward_report

PROGRAMS = load_programs(Path("programs"))
TAITO = "taito-habataki"  # open every day 17:00-22:00, 2 counsellors planned
FIRST, LAST = dt.date(2025, 4, 1), dt.date(2026, 3, 31)


def true_rate(hour: dt.datetime) -> float:
    """Busy evenings that rise through the week and the evening; a trickle while closed."""
    if 17 <= hour.hour < 22:
        return 30.0 + 2.0 * hour.weekday() + 1.5 * (hour.hour - 17)
    return 0.5 if hour.hour >= 7 else 0.1


@pytest.fixture(scope="module")
def busy_plan(tmp_path_factory):
    """`tsunagu plan` on a year of Poisson contacts with known rates (no simulation: the grid test checks it)."""
    folder = tmp_path_factory.mktemp("busy")
    store = SqliteStore(folder / "s.sqlite3")
    bulk_load(store, poisson_records(TAITO, FIRST, LAST, true_rate, seed=11))
    store.close()
    mp = pytest.MonkeyPatch()
    mp.setenv("TSUNAGU_STORE", f"sqlite:///{folder / 's.sqlite3'}")
    try:
        code = main(["plan", "--ward", "taito", "--from", "2025-04", "--to", "2026-03", "--out", str(folder / "out"),
                     "--no-simulation"])
    finally:
        mp.undo()
    assert code == 0
    return folder / "out"


def test_the_plan_recovers_the_arrival_rates_within_10_percent(busy_plan):
    doc = json.loads((busy_plan / "plan.json").read_text(encoding="utf-8"))
    (ch,) = doc["channels"]
    assert len(ch["slots"]) == 7 * 5  # every open hour of the week
    for s in ch["slots"]:
        weekday = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(s["weekday"])
        hour = int(s["start"][:2])
        want = true_rate(dt.datetime(2026, 1, 5 + weekday, hour, tzinfo=JST))
        assert s["arrivals_per_hour"] == pytest.approx(want, rel=0.10), s
    # closed hours are in the heatmap too (about 52 × 0.5 contacts in a day-time hour)
    assert doc["heatmap"][TAITO][0][12] > 0 and ch["open_hours"][0][12] is False and ch["open_hours"][0][17] is True


def test_the_recommended_counsellors_are_what_a_textbook_erlang_a_calculation_confirms(busy_plan):
    doc = json.loads((busy_plan / "plan.json").read_text(encoding="utf-8"))
    options = doc["options"]
    assert options == {"concurrency": 2, "answer_within_min": 10.0, "target": 0.8, "handle_minutes": 45.0,
                       "patience_minutes": 20.0}
    for s in doc["channels"][0]["slots"]:
        assert set(s) >= {"weekday", "start", "end", "arrivals_per_hour", "handle_minutes", "concurrency",
                          "counsellors", "capacity", "answered_in_time", "abandoned", "utilisation",
                          "expected_wait_min"}
        lam, c = s["arrivals_per_hour"], s["counsellors"]
        book = textbook(lam, 45, 20, c * 2)
        assert s["abandoned"] == pytest.approx(book["abandoned"], abs=1e-3)
        assert s["expected_wait_min"] == pytest.approx(book["expected_wait_min"], abs=0.02)
        assert s["answered_in_time"] >= 0.8 > performance(Load(lam, 45, 20), (c - 1) * 2, 10).answered_in_time
        # a textbook bound: whoever is answered at once (1 − P(W>0)) is answered in time
        assert s["answered_in_time"] >= 1 - book["wait_probability"] - 1e-3
        assert s["staffing"] == "under"  # 2 counsellors cannot answer 30+ contacts an hour


def test_the_plan_writes_its_files_and_a_heatmap_chart(busy_plan):
    names = {p.name for p in busy_plan.rglob("*") if p.is_file()}
    assert {"plan.md", "plan.html", "plan.xlsx", "plan.json", f"{TAITO}-heatmap.png"} <= names
    md = (busy_plan / "plan.md").read_text(encoding="utf-8")
    assert "曜日・時間帯別のコンタクト数" in md and "不足" in md and "モデル" in md
    # Built with --no-simulation: the definitions say the number of chats a counsellor holds, and no SimPy.
    assert re.search(r"相談員1人が[0-9]+件のチャット", md) and "K件" not in md and "SimPy" not in md
    html = (busy_plan / "plan.html").read_text(encoding="utf-8")
    assert 'class="closed"' in html and "data:image/png;base64," in html
    book = openpyxl.load_workbook(busy_plan / "plan.xlsx")
    assert book.sheetnames == ["相談員配置", "曜日時間帯", "予測"]
    heat = book["曜日時間帯"]
    assert heat["A3"].value == "月" and isinstance(heat["S3"].value, int)  # Monday 17:00 is a number cell
    png = (busy_plan / "charts" / f"{TAITO}-heatmap.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000


def test_the_plan_suggests_opening_busy_closed_hours_and_closing_empty_open_ones(tmp_path):
    def rate(hour: dt.datetime) -> float:
        if hour.hour == 22:  # just after closing, people still write
            return 4.0
        if 17 <= hour.hour < 22:
            return 0.01 if hour.hour == 17 else 5.0  # nobody writes at opening time
        return 0.05

    ward = PROGRAMS.ward("taito")
    records = poisson_records(TAITO, FIRST, LAST, rate, seed=3)
    plan = plan_ward(ward, records, FIRST, LAST, Options(simulate=False))
    (ch,) = plan.channels
    assert set(ch.suggest_open) == {(d, 22) for d in range(7)}
    assert set(ch.suggest_close) == {(d, 17) for d in range(7)}


def _trend_and_holidays(hour: dt.datetime) -> float:
    from tsunagu.makers.plan.forecast import is_break

    base = 3.0 + (hour.hour - 17) if 17 <= hour.hour < 22 else 0.3
    growth = 1 + 0.8 * (hour - dt.datetime(2025, 4, 1, tzinfo=JST)).days / 365  # demand almost doubles in a year
    return base * growth * (2.0 if is_break(hour.date()) else 1.0)  # holidays and the year-end: twice as many


def test_the_forecast_beats_the_naive_baseline_and_the_command_prints_both_errors(tmp_path, monkeypatch, capsys):
    store = SqliteStore(tmp_path / "s.sqlite3")
    bulk_load(store, poisson_records(TAITO, FIRST, LAST, _trend_and_holidays, seed=5))
    store.close()
    monkeypatch.setenv("TSUNAGU_STORE", f"sqlite:///{tmp_path / 's.sqlite3'}")
    assert main(["plan", "--ward", "taito", "--from", "2025-04", "--to", "2026-03", "--out", str(tmp_path / "o"),
                 "--no-simulation", "--language", "en"]) == 0
    printed = capsys.readouterr().out
    assert "backtest over the last 8 weeks" in printed and "model" in printed and "naive" in printed
    doc = json.loads((tmp_path / "o" / "plan.json").read_text(encoding="utf-8"))
    bt = doc["channels"][0]["backtest"]
    assert bt["weeks"] == 8 and bt["model_mae"] < bt["naive_mae"]
    forecast = doc["channels"][0]["forecast"]
    assert len(forecast) == 28 * 5  # every open hour of the next 4 weeks
    assert forecast[0]["start"] == "2026-04-01T17:00:00+09:00"
    assert all(f["low"] <= f["expected"] <= f["high"] for f in forecast)
    md = (tmp_path / "o" / "plan.md").read_text(encoding="utf-8")
    assert "Mean absolute error per hour over the last 8 weeks" in md
    # the seasonal view of a full year: holidays and the year-end had twice the contacts of other days
    seasons = doc["channels"][0]["seasons"]
    assert set(seasons) == {"ordinary", "holiday", "year_end", "september"}
    assert seasons["holiday"] > 1.6 * seasons["ordinary"] and seasons["year_end"] > 1.6 * seasons["ordinary"]
    assert "Year-end break (29 Dec to 3 Jan)" in md


def test_taito_at_40_7_percent_slot_utilisation_shows_its_over_staffed_slots(tmp_path):
    """Taito's seed: 40.7% of slot places used; with the seed's clock, the year's plan marks the excess."""
    ward = PROGRAMS.ward("taito")
    now = dt.datetime(2026, 3, 31, 23, tzinfo=JST)  # the seed's 8年3月時点
    store = SqliteStore(tmp_path / "s.sqlite3", clock=lambda: now.timestamp())
    days = [FIRST + dt.timedelta(days=i) for i in range((LAST - FIRST).days + 1)]
    used = round(0.407 * len(days) * 2)  # consultations ÷ (slots × 2 counsellors) = 40.7%
    for i in range(used):
        day = days[i * len(days) // used]
        at = dt.datetime(day.year, day.month, day.day, 17 + i % 5, 10, tzinfo=JST)
        assert store.record(ContactRecord(f"e{i}", TAITO, "message", day, at.hour, f"{i:016x}",
                                          int(at.timestamp()) + 400 * 86400, at=int(at.timestamp())))
    report = ward_report(store, ward, Month(2025, 4), Month(2026, 3), LAST)
    (block,) = report.channels
    assert round(100 * block.utilisation_total, 1) == 40.7
    plan = plan_ward(ward, read_records(store, ward, FIRST, LAST), FIRST, LAST)
    (ch,) = plan.channels
    assert ch.contacts == used
    assert [s.staffing for s in ch.slots] == ["over"] * 35  # one counsellor answers every slot in time
    assert all(s.counsellors == 1 and s.simulated_counsellors in (1, 2) for s in ch.slots)
    assert all(s.utilisation_at_capacity < 0.1 for s in ch.slots)
    written = write_plan(plan, ward, tmp_path / "out")
    assert "過剰な枠 35" in (tmp_path / "out" / "plan.md").read_text(encoding="utf-8")
    assert len(written) == 5
