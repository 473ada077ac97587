"""The KPI report against figures computed here, independently, from a year of seeded synthetic records."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections import defaultdict
from pathlib import Path

import pytest

from tsunagu.domain.records import ContactRecord, HandoffOutcome, ScanRecord
from tsunagu.domain.schedule import slots
from tsunagu.domain.vocabulary import AGE_BANDS, SURVEY_ANSWERS, SURVEY_QUESTIONS
from tsunagu.entry.cli import main
from tsunagu.makers.sources.programs import load_programs
from tsunagu.wiring import open_store

WARD = "kita"
CHANNEL = "kita-women"
FIRST, LAST = dt.date(2024, 4, 1), dt.date(2025, 3, 31)  # fiscal year 2024
HEADLINE_COUNTS = ("consultations", "people_consulted", "friends_net", "age_answered", "status_answered")
FAR = 4_000_000_000  # expiry in 2096: nothing is purged during the test


def _generate(store, seed=20240401):
    """A year of events for one channel through the store API; returns what was stored."""
    rng = random.Random(seed)
    people = [f"p{i:03d}" for i in range(40)]
    recs, n = [], 0
    day = FIRST - dt.timedelta(days=1)  # a night before the year: must not count in April
    while day <= LAST + dt.timedelta(days=1):  # and a night after it
        for _ in range(rng.randint(0, 8)):
            n += 1
            kind = rng.choices(["message", "follow", "unfollow", "age", "survey", "handoff", "menu"],
                               [60, 6, 2, 5, 4, 3, 2])[0]
            extra = {}
            if kind == "age":
                extra["age_band"] = rng.choice(AGE_BANDS)
            elif kind == "survey":
                extra["survey"] = {q: rng.choice(["yes", "yes", "no", "skip"]) for q in SURVEY_QUESTIONS}
            elif kind == "handoff":
                extra["handoff"] = rng.choice(["phone", "face", "outreach"])
            elif kind == "menu":
                extra["detail"] = "hours"
            rec = ContactRecord(event_id=f"ev{n:06d}", channel=CHANNEL, kind=kind, day=day,
                                hour=rng.choice([0, 1, 12, 19, 20, 21, 22, 23]), pseudonym=rng.choice(people),
                                expires_at=FAR, **extra)
            assert store.record(rec)
            recs.append(rec)
        day += dt.timedelta(days=1)
    partners = [*load_programs(Path("programs")).channel(CHANNEL).partners, None]
    outcomes = []
    for _ in range(40):
        o = HandoffOutcome(CHANNEL, rng.choice(["phone", "face", "outreach", "partner"]),
                           FIRST + dt.timedelta(days=rng.randrange(365)), rng.randint(1, 3), rng.choice(partners))
        store.add_outcome(o)
        outcomes.append(o)
    scans = defaultdict(int)
    for _ in range(300):
        s = ScanRecord(rng.choice(["kita-sticker-ward-office", "kita-sticker-commercial", "kita-card-high-school"]),
                       FIRST + dt.timedelta(days=rng.randrange(365)))
        store.record_scan(s)
        scans[(s.placement, f"{s.day:%Y-%m}")] += 1
    return recs, outcomes, scans


def _expected(recs, outcomes, scans):
    """The report's figures, computed from the definitions in the README, not with tsunagu.domain.kpi."""
    channel = load_programs(Path("programs")).channel(CHANNEL)
    all_slots = slots(channel, FIRST - dt.timedelta(days=1), 367)
    exp = defaultdict(int)
    pairs = set()
    for r in recs:
        if r.kind != "message":
            continue
        hour_start = dt.datetime(r.day.year, r.day.month, r.day.day, r.hour, tzinfo=all_slots[0].start.tzinfo)
        hour_end = hour_start + dt.timedelta(hours=1)
        hit = [s for s in all_slots if s.start < hour_end and s.end > hour_start]
        if hit and FIRST <= hit[0].start.date() <= LAST:
            pairs.add((r.pseudonym, hit[0].start))
    for _, start in pairs:
        exp[("monthly", f"{start:%Y-%m}", "consultations")] += 1
    exp["net_friends"] = sum({"follow": 1, "unfollow": -1}.get(r.kind, 0) for r in recs if r.day <= LAST)
    in_year = [r for r in recs if FIRST <= r.day <= LAST]
    people = defaultdict(set)
    latest = {}
    answered: dict = {}
    requested: set = set()
    for r in in_year:
        month = f"{r.day:%Y-%m}"
        if r.kind in ("follow", "unfollow"):
            exp[("monthly", month, r.kind + "s")] += 1
        elif r.kind == "message":
            people[month].add(r.pseudonym)
        elif r.kind == "age":
            key = (month, r.pseudonym)
            rank = (r.day, r.hour, AGE_BANDS.index(r.age_band))
            if key not in latest or rank > latest[key][0]:
                latest[key] = (rank, r.age_band)
        elif r.kind == "survey":  # each person once per question: her latest answer (issue 19, F6)
            for q, a in r.survey.items():
                rank = (r.day, r.hour, SURVEY_ANSWERS.index(a))
                if (q, r.pseudonym) not in answered or rank > answered[(q, r.pseudonym)][0]:
                    answered[(q, r.pseudonym)] = (rank, a)
        elif r.kind == "handoff":  # once per person, kind and day however often she taps
            requested.add((month, r.pseudonym, r.day, r.handoff))
    for (q, _), (_, a) in answered.items():
        exp[("survey", q, a)] += 1
    for month, _, _, kind in requested:
        exp[("handoff_requests", month, kind)] += 1
    for month, who in people.items():
        exp[("monthly", month, "contacts")] = len(who)
    exp[("monthly", "total", "contacts")] = len(set().union(*people.values()))
    for (month, _), (_, band) in latest.items():
        exp[("age", month, band)] += 1
    for s in slots(channel, FIRST, 365):
        exp[("monthly", f"{s.start:%Y-%m}", "slots")] += 1
    for o in outcomes:
        exp[("outcomes", f"{o.day:%Y-%m}", o.kind)] += o.count
        exp[("outcomes_by_partner", o.partner or "none", o.kind)] += o.count
    for (placement, month), n in scans.items():
        exp[("scans", month, placement)] += n
    return exp


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    url = f"sqlite:///{folder / 'store.sqlite3'}"
    store = open_store(url)
    try:
        data = _generate(store)
    finally:
        store.close()
    mp = pytest.MonkeyPatch()
    mp.setenv("TSUNAGU_STORE", url)
    for name, flags in (("staff", []), ("public", ["--public"])):
        args = ["report", "--ward", WARD, "--from", "2024-04", "--to", "2025-03", "--out", str(folder / name)]
        assert main(args + flags) == 0
    mp.undo()
    return folder, _expected(*data)


def _csv(path):
    with open(path, encoding="utf-8") as f:
        return {(r["table"], r["row"], r["column"]): r["value"] for r in csv.DictReader(f)}


def test_staff_csv_equals_the_independent_count(year):
    folder, exp = year
    got = _csv(folder / "staff" / "report.csv")
    months = [f"{m:%Y-%m}" for m in (dt.date(2024 + (4 + i - 1) // 12, (4 + i - 1) % 12 + 1, 1) for i in range(12))]
    for month in months:
        for col in ("consultations", "follows", "unfollows", "contacts", "slots"):
            assert int(got[("monthly", month, col)]) == exp[("monthly", month, col)], (month, col)
        for band in AGE_BANDS:
            assert int(got[("age", month, band)]) == exp[("age", month, band)], (month, band)
        for kind in ("phone", "face", "outreach"):
            assert int(got[("handoff_requests", month, kind)]) == exp[("handoff_requests", month, kind)]
            assert int(got[("outcomes", month, kind)]) == exp[("outcomes", month, kind)]
        for placement in ("kita-sticker-ward-office", "kita-sticker-commercial", "kita-card-high-school"):
            assert int(got[("scans", month, placement)]) == exp[("scans", month, placement)]
    total = sum(exp[("monthly", m, "consultations")] for m in months)
    assert int(got[("monthly", "total", "consultations")]) == total
    assert int(got[("monthly", "total", "contacts")]) == exp[("monthly", "total", "contacts")]
    for q in SURVEY_QUESTIONS:
        yes, no = exp[("survey", q, "yes")], exp[("survey", q, "no")]
        assert (int(got[("survey", q, "yes")]), int(got[("survey", q, "no")])) == (yes, no)
        assert float(got[("survey", q, "pct")]) == round(100 * yes / (yes + no), 1)
    for partner in ("social-welfare-council", "child-family-centre", "welfare-office", "police", "none"):
        for kind in ("phone", "face", "outreach", "partner"):
            assert int(got[("outcomes_by_partner", partner, kind)]) == exp[("outcomes_by_partner", partner, kind)]
    slots_year = sum(exp[("monthly", m, "slots")] for m in months)
    assert float(got[("monthly", "total", "utilisation")]) == round(100 * total / (slots_year * 2), 1)
    # KPI table with the seeds' columns: kita's target is 250 consultations a year.
    assert float(got[("kpi", "consultations", "target")]) == 250
    assert int(got[("kpi", "consultations", "actual")]) == total
    assert float(got[("kpi", "consultations", "rate")]) == round(100 * total / 250, 1)
    # without LINE's official count, friends at the period end are follows minus unfollows, cumulative
    assert int(got[("kpi", "friends", "actual")]) == exp["net_friends"]


def test_public_csv_shows_no_count_under_5(year):
    folder, _ = year
    staff = _csv(folder / "staff" / "report.csv")
    public = _csv(folder / "public" / "report.csv")
    # The staffing table is the staff's alone: its arrivals per hour are small counts averaged (issue 24).
    assert {k for k in staff if k[0] != "staffing"} == public.keys()
    assert any(k[0] == "staffing" for k in staff) and not any(k[0] == "staffing" for k in public)
    withheld = [k for k, v in public.items() if v == "<5"]
    assert withheld, "a year of a small channel has small cells"
    for key, value in staff.items():
        table, row, column = key
        if table == "staffing":
            continue
        if table == "kpi" or column in ("slots", "utilisation", "pct"):
            continue  # targets, schedule slots and rates are not counts
        if table in ("headline", "channels") and row not in HEADLINE_COUNTS:
            continue  # dates, days open, shares and labels are not counts of people
        if value and float(value) < 5:
            assert public[key] == "<5", key
        elif public[key] != "<5":
            assert public[key] == value


def test_hand_off_requests_and_logged_outcomes_appear_in_the_report(year):
    folder, _ = year
    md = (folder / "staff" / "report.md").read_text("utf-8")
    assert "電話・面談などへのつなぎの希望" in md and "つないだ先（連携機関別）" in md
    assert "北区社会福祉協議会" in md  # the partner's name from the programme file
    html = (folder / "staff" / "report.html").read_text("utf-8")
    assert "つないだ件数" in html


def test_html_is_self_contained_and_charts_exist(year):
    folder, _ = year
    html = (folder / "staff" / "report.html").read_text("utf-8")
    assert "http://" not in html and "https://" not in html and "src=\"data:image/png;base64," in html
    charts = sorted(p.name for p in (folder / "staff" / "charts").glob("*.png"))
    assert charts == ["kita-2024-scans.png", "kita-women-2024-age.png", "kita-women-2024-monthly.png",
                      "kita-women-2024-survey.png"]
    assert "| 目標 | 実績 | 達成率 |" in (folder / "staff" / "report.md").read_text("utf-8")


def test_public_open_data_json_follows_the_schema(year):
    folder, _ = year
    doc = json.loads((folder / "public" / "open-data.json").read_text("utf-8"))
    assert doc["schema"] == "tsunagu-report/2" and doc["suppression"] == {"threshold": 5, "marker": "<5"}
    for table in doc["tables"]:
        assert len(table["cells"]) == len(table["rows"])
        assert all(len(row) == len(table["columns"]) for row in table["cells"])
        for row, cells in zip(table["rows"], table["cells"], strict=True):
            text_row = row["id"] in ("period", "friends_official_date", "friends_basis")  # dates and labels
            assert all(v is None or v == "<5" or isinstance(v, int | float) or text_row for v in cells)
    assert not (folder / "staff" / "open-data.json").exists()


def test_an_empty_store_gives_a_report_of_zeros(tmp_path, monkeypatch):
    monkeypatch.setenv("TSUNAGU_STORE", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    out = str(tmp_path / "r")
    assert main(["report", "--ward", "osaka", "--from", "2022-04", "--to", "2022-06", "--out", out]) == 0
    rows = _csv(tmp_path / "r" / "report.csv")
    assert rows[("monthly", "total", "consultations")] == "0"
    assert rows[("kpi", "felt_positive_pct", "actual")] == ""  # no survey answers: no percentage
    assert (tmp_path / "r" / "report.html").exists()


def test_bad_input_is_refused_with_a_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TSUNAGU_STORE", f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert main(["report", "--ward", "nowhere"]) == 1
    assert "unknown ward 'nowhere'" in capsys.readouterr().err
    assert main(["report", "--from", "2024-05", "--to", "2024-04"]) == 1
    with pytest.raises(SystemExit):
        main(["report", "--from", "2024-13"])


def test_a_range_over_two_fiscal_years_gives_one_block_each_in_english(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    store = open_store(url)
    # Saturday 29 March 2025, 20:00-25:00 slot: a message at 00:00 on the 30th belongs to it (FY2024).
    for i, (day, hour) in enumerate([(dt.date(2025, 3, 29), 21), (dt.date(2025, 3, 30), 0), (dt.date(2025, 4, 5), 23)]):
        store.record(ContactRecord(f"e{i}", CHANNEL, "message", day, hour, f"p{i}", FAR))
    store.close()
    monkeypatch.setenv("TSUNAGU_STORE", url)
    out = tmp_path / "r"
    assert main(["report", "--ward", WARD, "--from", "2025-03", "--to", "2025-04", "--out", str(out),
                 "--language", "en"]) == 0
    with open(out / "report.csv", encoding="utf-8") as f:
        rows = {(r["fiscal_year"], r["table"], r["row"], r["column"]): r["value"] for r in csv.DictReader(f)}
    assert rows[("2024", "monthly", "2025-03", "consultations")] == "2"
    assert rows[("2025", "monthly", "2025-04", "consultations")] == "1"
    md = (out / "report.md").read_text("utf-8")
    assert "Targets and results (Fiscal year 2024)" in md and "Targets and results (Fiscal year 2025)" in md


def test_repeated_taps_count_once_per_person(tmp_path):
    # Issue 19, F6: one person tapping hand-off ten times made ten requests, and "yes" ten times ten answers.
    from tsunagu.domain.kpi import Month, compute

    ward = load_programs(Path("programs")).ward(WARD)
    day = dt.date(2024, 6, 3)
    taps = [ContactRecord(event_id=f"h{i}", channel=CHANNEL, kind="handoff", day=day, hour=20, pseudonym="p1",
                          expires_at=FAR, handoff="phone") for i in range(10)]
    taps += [ContactRecord(event_id=f"h2-{i}", channel=CHANNEL, kind="handoff", day=day + dt.timedelta(days=1),
                           hour=20, pseudonym="p1", expires_at=FAR, handoff="phone") for i in range(2)]
    answers = [ContactRecord(event_id=f"s{i}", channel=CHANNEL, kind="survey", day=day, hour=10 + i,
                             pseudonym="p1", expires_at=FAR, survey={"glad": "yes" if i < 9 else "no"})
               for i in range(10)]
    report = compute(ward, Month(2024, 4), Month(2025, 3), taps + answers, [], {})
    block = next(b for b in report.channels if b.channel == CHANNEL and b.fiscal_year == 2024)
    assert block.handoff_requests["2024-06"]["phone"] == 2, "once a day: two days, two requests"
    assert block.survey["glad"] == {"yes": 0, "no": 1, "skip": 0}, "her latest answer, once"


def test_scans_over_the_daily_ceiling_have_a_column_of_their_own(tmp_path):
    from tsunagu.domain.kpi import Month, compute
    from tsunagu.domain.records import OVER_CEILING

    ward = load_programs(Path("programs")).ward(WARD)
    placement = next(p.id for p in ward.placements if p.count_scans)
    day = dt.date(2024, 6, 3)
    report = compute(ward, Month(2024, 4), Month(2025, 3), [], [],
                     {(placement, day): 500, (placement + OVER_CEILING, day): 43_000})
    scans = next(s for s in report.scans if s.fiscal_year == 2024)
    assert scans.scans["2024-06"][placement] == 500
    assert scans.scans["2024-06"][placement + OVER_CEILING] == 43_000
    quiet = compute(ward, Month(2024, 4), Month(2025, 3), [], [], {(placement, day): 3})
    assert not [p for s in quiet.scans for p in s.placements if p.endswith(OVER_CEILING)], "no column without any"


def test_a_staff_closure_takes_its_slot_out_of_the_report(tmp_path):
    # Issue 23: the report's slots and utilisation follow the same-day operations, as the schedule does.
    import datetime as dt

    from tsunagu.domain.kpi import Month, compute
    from tsunagu.domain.operations import Operation, Overlay
    from tsunagu.domain.schedule import JST, slots

    ward = load_programs(Path("programs")).ward(WARD)
    channel = ward.channels[0]
    day = slots(channel, dt.date(2024, 6, 1), 30)[0].start.date()
    closure = Operation("c1", channel.id, "closure", "山田", dt.datetime(2024, 5, 30, 9, tzinfo=JST), date=day)
    plain = compute(ward, Month(2024, 6), Month(2024, 6), [], [], {})
    closed = compute(ward, Month(2024, 6), Month(2024, 6), [], [], {}, overlays={channel.id: Overlay((closure,))})
    before = next(b for b in plain.channels if b.channel == channel.id).slots["2024-06"]
    after = next(b for b in closed.channels if b.channel == channel.id).slots["2024-06"]
    assert after == before - 1


def test_the_report_shows_when_people_write_per_weekday_and_hour(tmp_path):
    # Issue 24: the heatmap (contacts: a first message after 30 minutes of silence) inside the report.
    import datetime as dt

    from tsunagu.domain.kpi import Month, compute
    from tsunagu.makers.report import build_tables

    monday = dt.date(2024, 6, 3)
    at = int(dt.datetime(2024, 6, 3, 21, 5, tzinfo=dt.timezone(dt.timedelta(hours=9))).timestamp())
    messages = [ContactRecord(event_id=f"m{i}", channel=CHANNEL, kind="message", day=monday, hour=21, pseudonym="p1",
                              expires_at=FAR, at=at + 60 * i) for i in range(3)]  # one conversation: one contact
    messages.append(ContactRecord(event_id="m9", channel=CHANNEL, kind="message", day=monday, hour=23,
                                  pseudonym="p1", expires_at=FAR, at=at + 2 * 3600))  # two hours later: another
    ward = load_programs(Path("programs")).ward(WARD)
    report = compute(ward, Month(2024, 6), Month(2024, 6), messages, [], {})
    block = next(b for b in report.channels if b.channel == CHANNEL)
    assert block.heatmap[0][21] == 1 and block.heatmap[0][23] == 1 and sum(map(sum, block.heatmap)) == 2
    tables = {t.id: t for t in build_tables(report, ward, "ja") if t.channel == CHANNEL}
    assert "heatmap" in tables


def test_the_report_shows_the_counsellors_each_open_hour_needs_beside_the_plan(year):
    # Issue 24, item 4: the staffing table (Erlang-A per open hour against the programme's capacity) in the
    # report's files; the planner computes it, the report prints it.
    from openpyxl import load_workbook

    folder, _ = year
    md = (folder / "staff" / "report.md").read_text("utf-8")
    assert "相談枠ごとの必要相談員数（計画の相談員数との比較）" in md
    table = md.split("相談枠ごとの必要相談員数（計画の相談員数との比較）")[1].split("\n## ")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "–" in line]  # 月 19:00–20:00
    assert rows and all(any(word in line for word in ("過剰", "不足", "適正")) for line in rows)
    assert "相談枠ごとの必要相談員数" in (folder / "staff" / "report.html").read_text("utf-8")
    book = load_workbook(folder / "staff" / "report.xlsx", read_only=True)
    found = [c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
             if isinstance(c, str) and "相談枠ごとの必要相談員数" in c]
    assert found, "the staffing table is in the workbook"
