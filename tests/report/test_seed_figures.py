"""The seed reports' figures as tsunagu reports them: Taito end to end through `tsunagu insight` and
`tsunagu report` against the LINE stand-in (md, csv, html and xlsx), and the Kanagawa and Osaka tables
reproduced from records made to match them, on a store whose clock is set to the seeds' own time."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from tsunagu.adapters.secrets.files import init_local_secrets
from tsunagu.adapters.standin.line import LineStandIn
from tsunagu.adapters.store.sqlite import SqliteStore
from tsunagu.domain.insight import InsightSnapshot
from tsunagu.domain.kpi import Month
from tsunagu.domain.records import ActivityEntry, ContactRecord
from tsunagu.domain.schedule import JST, slots
from tsunagu.entry.cli import main
from tsunagu.makers.report import build_tables, write_report
from tsunagu.makers.sources.programs import load_programs
from tsunagu.services.reporting import ward_report
from tsunagu.wiring import open_store

PROGRAMS = load_programs(Path("programs"))
FAR = 4_000_000_000  # expiry in 2096
RETENTION = 400 * 86400


def _csv(path: Path) -> dict[tuple[str, str, str, str], str]:
    with open(path, encoding="utf-8") as f:
        return {(r["channel"], r["table"], r["row"], r["column"]): r["value"] for r in csv.DictReader(f)}


# --- Taito, end to end ---------------------------------------------------------------------------

TAITO = "taito-habataki"
BANDS = ["10s"] + ["20s"] * 6 + ["30s"] * 5 + ["40s"] * 7 + ["50s"] * 3 + ["no-answer"] * 2  # 22 people answer
STATUSES = ["student"] * 2 + ["working"] * 11 + ["other"] * 3 + ["no-answer"] * 4  # 16 give a status


def _taito_records() -> list[ContactRecord]:
    recs: list[ContactRecord] = []

    def add(kind: str, day: dt.date, who: str, hour: int = 18, **extra: object) -> None:
        recs.append(ContactRecord(f"e{len(recs):05d}", TAITO, kind, day, hour, who, FAR, **extra))

    start = dt.date(2025, 4, 1)
    for i in range(30):  # friends before the fiscal year
        add("follow", dt.date(2025, 3, 1) + dt.timedelta(days=i % 28), f"old{i}")
    for i in range(40):
        who = f"p{i:02d}"
        add("follow", start + dt.timedelta(days=i * 7), who)
        if i < 6:
            add("unfollow", start + dt.timedelta(days=i * 7 + 3), who)
        if i < 30:  # 30 people consult, person i on (i % 5) + 1 days, once in a 17:00-22:00 slot each
            for k in range(i % 5 + 1):
                add("message", start + dt.timedelta(days=i * 7 + k * 11), who)
                add("message", start + dt.timedelta(days=i * 7 + k * 11), who, hour=19)  # same slot: once
        if i < len(BANDS):
            add("age", start + dt.timedelta(days=i * 7), who, age_band="50s")  # changed their answer later:
            add("age", start + dt.timedelta(days=i * 7 + 1), who, age_band=BANDS[i])  # the latest counts
        if i < len(STATUSES):
            add("status", start + dt.timedelta(days=i * 7 + 1), who, detail=STATUSES[i])
    add("message", start + dt.timedelta(days=2), "p00", hour=3)  # out of hours: not a consultation
    return recs


@pytest.fixture(scope="module")
def taito(tmp_path_factory):
    folder = tmp_path_factory.mktemp("taito")
    secrets = folder / "secrets.json"
    init_local_secrets(secrets, [TAITO])
    token = json.loads(secrets.read_text())["channels"][TAITO]["access_token"]
    url = f"sqlite:///{folder / 'store.sqlite3'}"
    store = open_store(url)
    for rec in _taito_records():
        store.record(rec)
    store.close()
    mp = pytest.MonkeyPatch()
    mp.setenv("TSUNAGU_STORE", url)
    mp.setenv("TSUNAGU_SECRETS", str(secrets))
    with LineStandIn() as line:
        mp.setenv("TSUNAGU_LINE_API", line.url)
        line.insight.set_followers(token, dt.date(2026, 3, 1), 635, 512, 40)
        assert main(["insight", "--channel", TAITO, "--date", "2026-03-31"]) == 0
        for name, flags in (("staff", []), ("public", ["--public"])):
            assert main(["report", "--ward", "taito", "--from", "2025-04", "--to", "2026-03",
                         "--out", str(folder / name), *flags]) == 0
    mp.undo()
    return folder


def _expected() -> dict[str, object]:
    recs = _taito_records()
    consultations = sum(i % 5 + 1 for i in range(30))
    return {
        "consultations": consultations, "open_days": 365, "per_open_day": round(consultations / 365, 1),
        "friends_official": 635, "friends_net": 30 + 40 - 6,
        "consulted_share": round(100 * 30 / 635, 1),
        "young_share": round(100 * 12 / 22, 1), "teen_share": round(100 * 1 / 22, 1),
        "student_share": round(100 * 2 / 16, 1), "people": len({r.pseudonym for r in recs if r.kind == "message"}),
    }


def test_taito_csv_has_the_official_count_beside_the_net_count_and_every_seed_share(taito):
    got, exp = _csv(taito / "staff" / "report.csv"), _expected()
    row = lambda figure: got[(TAITO, "headline", figure, "this")]  # noqa: E731
    assert int(row("friends_official")) == exp["friends_official"]
    assert row("friends_official_date") == "2026-03-31"
    assert int(row("friends_net")) == exp["friends_net"]
    assert row("friends_basis") == "LINE公式の友だち数"
    assert int(row("consultations")) == exp["consultations"] and int(row("open_days")) == 365
    for figure in ("per_open_day", "consulted_share", "young_share", "teen_share", "student_share"):
        assert float(row(figure)) == exp[figure], figure
    assert int(got[(TAITO, "kpi", "friends", "actual")]) == 635  # the grant's KPI row uses LINE's figure
    assert float(got[(TAITO, "kpi", "friends", "rate")]) == round(100 * 635 / 350, 1)
    # the previous fiscal year beside it: friends made in March 2025, and no official count then
    assert int(got[(TAITO, "headline", "friends_net", "previous")]) == 30
    assert got[(TAITO, "headline", "friends_basis", "previous")] == "Webhookの純増（LINE公式の数なし）"


def test_taito_markdown_and_html_show_the_same_figures_with_their_definitions(taito):
    exp = _expected()
    md = (taito / "staff" / "report.md").read_text("utf-8")
    assert "| 友だち登録者数（LINE公式） | 635 |" in md
    assert f"| 友だち登録者数（Webhookの純増） | {exp['friends_net']} |" in md
    assert f"| 友だち登録者のうち相談した人の割合 | {exp['consulted_share']}% |" in md
    assert f"| 若年層（39歳以下）の割合 | {exp['young_share']}% |" in md
    assert f"| 学生の割合 | {exp['student_share']}% |" in md
    assert f"| 1日あたりの相談件数 | {exp['per_open_day']} |" in md
    assert "## 数値の定義" in md and "| 相談した人数 ÷ 期間末の友だち登録者数" in md
    html = (taito / "staff" / "report.html").read_text("utf-8")
    assert "<th scope=\"row\">友だち登録者数（LINE公式）</th><td>635</td>" in html
    assert f"<td>{exp['teen_share']}%</td>" in html and "数値の定義" in html


def test_taito_workbook_reads_back_with_numbers_as_numbers(taito):
    exp = _expected()
    book = openpyxl.load_workbook(taito / "staff" / "report.xlsx")
    assert book.sheetnames[0] == "目標・KPI" and "月別の実績" in book.sheetnames
    assert book.sheetnames[-1] == "数値の定義"
    front = book["目標・KPI"]
    rows = {r[0].value: r[1:] for r in front.iter_rows() if r[0].value}
    assert rows["友だち登録者数（LINE公式）"][0].value == 635
    assert rows["友だち登録者数（Webhookの純増）"][0].value == exp["friends_net"]
    share = rows["友だち登録者のうち相談した人の割合"][0]
    assert share.number_format == "0.0%" and share.value == pytest.approx(exp["consulted_share"] / 100)
    assert rows["学生の割合"][0].value == pytest.approx(exp["student_share"] / 100)
    assert rows["1日あたりの相談件数"][0].value == exp["per_open_day"]
    kpi = rows["友だち登録者数（期間末）"]
    assert [c.value for c in kpi[:2]] == [350, 635] and kpi[2].number_format == "0.0%"
    monthly = {r[0].value: [c.value for c in r[1:]] for r in book["月別の実績"].iter_rows() if r[0].value}
    assert monthly["合計"][0] == exp["consultations"] and isinstance(monthly["2025-04"][0], int)


def test_taito_public_workbook_withholds_the_same_small_counts_as_the_csv(taito):
    public = _csv(taito / "public" / "report.csv")
    assert public[(TAITO, "headline", "student_share", "this")] == "<5"  # 2 students: withheld with its share
    book = openpyxl.load_workbook(taito / "public" / "report.xlsx")
    rows = {r[0].value: r[1:] for r in book["目標・KPI"].iter_rows() if r[0].value}
    assert rows["学生の割合"][0].value == "<5"
    assert rows["友だち登録者数（LINE公式）"][0].value == 635


# --- Kanagawa's press release: three channels side by side ---------------------------------------

KANAGAWA = {  # channel: (consultations, days, per day, {question: share})
    "kanagawa-child": (264, 28, 9.4, {"glad": 67.5, "again": 64.9, "easy": 83.1}),
    "kanagawa-single-parent": (341, 19, 17.9, {"glad": 74.0, "again": 72.0, "easy": 78.0}),
    "kanagawa-women": (691, 14, 49.4, {"glad": 83.2, "again": 79.7, "easy": 86.0}),
}


def _answers(pct: float) -> tuple[int, int]:
    """The fewest (yes, answers) whose share rounds to `pct` at one decimal, as the seed prints it."""
    for n in range(1, 1000):
        for yes in range(n + 1):
            if round(100 * yes / n, 1) == pct:
                return yes, n
    raise AssertionError(pct)


def _seed_store(path: Path, now: dt.datetime) -> SqliteStore:
    """A store whose clock is the seed's own time, so records expiring 400 days after them still count."""
    return SqliteStore(path, clock=lambda: now.timestamp())


def _ts(day: dt.date, hour: int) -> int:
    return int(dt.datetime(day.year, day.month, day.day, hour, tzinfo=JST).timestamp())


def test_kanagawa_three_channels_per_day_and_survey_shares_are_reproduced(tmp_path):
    ward = PROGRAMS.ward("kanagawa")
    store = _seed_store(tmp_path / "s.sqlite3", dt.datetime(2019, 4, 22, tzinfo=JST))  # the press release's day
    n = 0
    for channel, (count, days, _, shares) in KANAGAWA.items():
        start = ward.channel(channel).valid.start
        for i in range(count):
            day = start + dt.timedelta(days=i % days)
            n += 1
            assert store.record(ContactRecord(f"k{n}", channel, "message", day, 18, f"{channel}-{i}", _ts(day, 18)
                                              + RETENTION))
        for question, pct in shares.items():
            yes, answers = _answers(pct)
            for i in range(answers):
                n += 1
                day = start + dt.timedelta(days=i % days)
                store.record(ContactRecord(f"k{n}", channel, "survey", day, 21, f"{channel}-{i}", _ts(day, 21)
                                           + RETENTION, survey={question: "yes" if i < yes else "no"}))
    report = ward_report(store, ward, Month(2019, 2), Month(2019, 2))
    store.close()
    tables = build_tables(report, ward)
    write_report(tables, ward, "2019-02", "2019-02", tmp_path / "r")
    got = _csv(tmp_path / "r" / "report.csv")
    for channel, (count, days, per_day, shares) in KANAGAWA.items():
        assert int(got[("", "channels", "consultations", channel)]) == count
        assert int(got[("", "channels", "open_days", channel)]) == days
        assert float(got[("", "channels", "per_open_day", channel)]) == per_day
        for question, pct in shares.items():
            assert float(got[("", "channels", f"survey_{question}", channel)]) == pct
    md = (tmp_path / "r" / "report.md").read_text("utf-8")
    assert "| 1日あたりの相談件数 | 9.4 | 17.9 | 49.4 |" in md
    assert "| 相談してよかった | 67.5% | 74.0% | 83.2% |" in md


def test_without_the_seed_clock_retention_hides_those_records(tmp_path):
    day = dt.date(2019, 2, 1)
    store = SqliteStore(tmp_path / "s.sqlite3")  # today's clock: 400 days after 2019 has long passed
    store.record(ContactRecord("old", "kanagawa-women", "message", day, 18, "p", _ts(day, 18) + RETENTION))
    assert list(store.records(None, day, day)) == []
    store.close()


# --- Osaka: 1,081 consultations in 105 sessions, reasons, staff activities -------------------------


def test_osaka_year_per_session_reasons_friends_and_activities_are_reproduced(tmp_path):
    ward = PROGRAMS.ward("osaka")
    channel = ward.channel("osaka-women")
    sessions = slots(channel, dt.date(2022, 4, 1), 365)
    assert len(sessions) == 105  # Wednesdays and Sundays, two extra days, closed on 1 January
    store = _seed_store(tmp_path / "s.sqlite3", dt.datetime(2023, 4, 1, tzinfo=JST))
    n = 0
    for i in range(1081):
        slot = sessions[i % 105]
        day, hour = slot.start.date(), slot.start.hour + 1
        n += 1
        store.record(ContactRecord(f"o{n}", channel.id, "message", day, hour, f"p{i}", _ts(day, hour) + RETENTION))
    for i in range(99):  # 99 answered "why": 56 とにかく誰かに相談したかった, 53 LINEなら, some both
        day = sessions[i].start.date()
        chosen = (["anyone"] if i < 56 else []) + (["line-ok"] if i >= 46 else [])
        for reason in chosen:
            n += 1
            store.record(ContactRecord(f"o{n}", channel.id, "reason", day, 15, f"p{i}", _ts(day, 15) + RETENTION,
                                       detail=reason))
    store.put_snapshot(InsightSnapshot(channel.id, dt.date(2023, 3, 31), 1424, 1100, 60))
    packs = {"city-offices": 3000, "gender-centres": 2000, "mothers-hello-work": 1500, "food-pantries": 2000,
             "schools": 1500}
    for place, count in packs.items():
        store.add_activity(ActivityEntry("osaka", "sanitary-packs", dt.date(2022, 6, 1), "packs", count, place))
    for i, participants in enumerate([3, 4, 3, 4, 3, 4]):
        day = dt.date(2022, 5 + i, 10)
        store.add_activity(ActivityEntry("osaka", "peer-support", day, "sessions", 1))
        store.add_activity(ActivityEntry("osaka", "peer-support", day, "participants", participants))
    for kind, days, counts in (("legal", [dt.date(2022, 9, 18), dt.date(2023, 2, 19)], [12, 11]),
                               ("health", [dt.date(2022, 10, 16), dt.date(2023, 3, 19)], [10, 11])):
        for day, count in zip(days, counts, strict=True):
            store.add_activity(ActivityEntry("osaka", "specialist", day, "sessions", 1, kind))
            store.add_activity(ActivityEntry("osaka", "specialist", day, "consultations", count, kind))
    report = ward_report(store, ward, Month(2022, 4), Month(2023, 3))
    store.close()
    write_report(build_tables(report, ward), ward, "2022-04", "2023-03", tmp_path / "r")
    got = _csv(tmp_path / "r" / "report.csv")
    this = lambda figure: got[(channel.id, "headline", figure, "this")]  # noqa: E731
    assert (int(this("consultations")), int(this("open_days")), float(this("per_open_day"))) == (1081, 105, 10.3)
    assert int(this("friends_official")) == 1424 and this("friends_official_date") == "2023-03-31"
    assert float(got[(channel.id, "reasons", "anyone", "pct")]) == 56.6
    assert float(got[(channel.id, "reasons", "line-ok", "pct")]) == 53.5
    assert int(got[(channel.id, "reasons", "answered", "people")]) == 99
    total = lambda row: int(got[("", "activities", row, "total")])  # noqa: E731
    assert sum(total(f"sanitary-packs/{place}/packs") for place in packs) == 10_000
    assert (total("peer-support/sessions"), total("peer-support/participants")) == (6, 21)
    assert (total("specialist/legal/sessions"), total("specialist/legal/consultations")) == (2, 23)
    assert (total("specialist/health/sessions"), total("specialist/health/consultations")) == (2, 21)
    md = (tmp_path / "r" / "report.md").read_text("utf-8")
    assert "| ピアサポート（パステルアートの居場所）：参加者数 |" in md
    assert "| 専門相談・法律相談：相談件数 |" in md


def test_taito_from_simulated_line_traffic_through_the_intake_to_every_report_file(intake, tmp_path, monkeypatch):
    """The whole path: signed LINE events into the intake, LINE's count from the stand-in, then the report."""
    from tsunagu.entry.commands.simulate import traffic

    channel = PROGRAMS.channel(TAITO)
    for request in traffic(channel, 600, seed=15, days=20):
        assert intake.post(TAITO, *request).status_code == 200
    records = intake.records(TAITO)
    statuses = {}
    for r in sorted((r for r in records if r.kind == "status"), key=lambda r: (r.day, r.hour, r.event_id)):
        statuses[r.pseudonym] = r.detail  # the latest answer counts
    answered = [s for s in statuses.values() if s != "no-answer"]
    assert answered, "the simulated crowd answers the status question after the age band"
    token = json.loads(intake.secrets_path.read_text())["channels"][TAITO]["access_token"]
    yesterday = dt.datetime.now(JST).date() - dt.timedelta(days=1)
    intake.line.insight.set_followers(token, yesterday - dt.timedelta(days=30), 635, 500, 20)
    monkeypatch.setenv("TSUNAGU_STORE", f"sqlite:///{intake.store.path}")
    monkeypatch.setenv("TSUNAGU_LINE_API", intake.line.url)
    assert main(["insight", "--channel", TAITO]) == 0
    month = f"{yesterday:%Y-%m}"
    out = tmp_path / "report"
    assert main(["report", "--ward", "taito", "--to", month, "--out", str(out)]) == 0
    got = _csv(out / "report.csv")
    row = lambda figure: got[(TAITO, "headline", figure, "this")]  # noqa: E731
    assert int(row("friends_official")) == 635 and row("friends_official_date") == yesterday.isoformat()
    net = sum({"follow": 1, "unfollow": -1}.get(r.kind, 0) for r in records)
    assert int(row("friends_net")) == net
    assert float(row("student_share")) == round(100 * answered.count("student") / len(answered), 1)
    assert float(row("consulted_share")) == round(100 * int(row("people_consulted")) / 635, 1)
    for figure in ("young_share", "teen_share", "per_open_day"):
        assert row(figure) != "", figure
    # this fiscal year so far: days still to come are not open days yet
    today = yesterday + dt.timedelta(days=1)
    fy_start = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    assert int(row("open_days")) == len({s.start.date() for s in slots(channel, fy_start, (today - fy_start).days + 1)})
    md, html = (out / "report.md").read_text("utf-8"), (out / "report.html").read_text("utf-8")
    assert "| 友だち登録者数（LINE公式） | 635 |" in md and f"| 友だち登録者数（Webhookの純増） | {net} |" in md
    assert "学生の割合" in html and "1日あたりの相談件数" in html
    rows = {r[0].value: r[1].value for r in openpyxl.load_workbook(out / "report.xlsx")["目標・KPI"].iter_rows()
            if r[0].value}
    assert rows["友だち登録者数（LINE公式）"] == 635 and rows["友だち登録者数（Webhookの純増）"] == net
