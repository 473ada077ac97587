"""Report and Log over HTTP: the report maker's files for a chosen period, the log commands' checks and messages."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from tests.studio.client import csrf_of, login
from tsunagu.domain.activities import check_activity
from tsunagu.domain.records import ContactRecord
from tsunagu.makers.sources.programs import load_programs


def test_the_report_for_a_period_shows_inline_and_downloads(studio_env):
    c = login(studio_env)
    store = studio_env.studio.wiring.store()
    for i in range(7):
        store.record(ContactRecord(f"r{i}", "kita-women", "follow", dt.date(2026, 11, 3), 20, f"{i:016x}",
                                   2_000_000_000))
    page = c.get("/report?ward=kita&from=2026-10&to=2026-12")
    assert page.status_code == 200 and 'src="/report/kita/2026-10/2026-12/report.html"' in page.text
    html = c.get("/report/kita/2026-10/2026-12/report.html")
    assert html.status_code == 200 and "2026-10" in html.text
    xlsx = c.get("/report/kita/2026-10/2026-12/report.xlsx")
    assert "attachment" in xlsx.headers["content-disposition"]
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames
    assert c.get("/report/kita/2026-10/2026-12/report.csv").text.strip()
    assert c.get("/report/kita/2026-10/2026-12/secrets.txt").status_code == 404
    assert "is after" in c.get("/report?ward=kita&from=2026-12&to=2026-10").text


def test_an_activity_log_is_stored_and_a_bad_one_gets_the_commands_message(studio_env):
    c = login(studio_env)
    form = {"ward": "osaka", "activity": "sanitary-packs", "item": "schools", "date": "2026-12-01", "count": "40"}
    r = c.post("/log/activity", data={"csrf": csrf_of(c, "/log"), **form})
    assert r.status_code == 200 and "40 packs" in r.text
    [entry] = list(studio_env.studio.wiring.store().activities("osaka", dt.date(2026, 12, 1), dt.date(2026, 12, 1)))
    assert entry.count == 40 and entry.item == "schools"
    bad = {**form, "item": "nowhere"}
    r = c.post("/log/activity", data={"csrf": csrf_of(c, "/log"), **bad})
    ward = load_programs(studio_env.programs).ward("osaka")
    try:
        check_activity(ward, "sanitary-packs", "nowhere", "2026-12-01", ["40"], dt.date(2026, 12, 7))
    except Exception as exc:  # the command's own message, word for word
        expected = str(exc)
    assert r.status_code == 422 and expected.replace("'", "&#39;") in r.text


def test_a_handoff_log_is_stored(studio_env):
    c = login(studio_env)
    r = c.post("/log/handoff", data={"csrf": csrf_of(c, "/log"), "channel": "kita-women", "kind": "phone",
                                     "partner": "welfare-office", "date": "2026-12-01", "count": "2"})
    assert r.status_code == 200
    [outcome] = list(studio_env.studio.wiring.store().outcomes("kita-women", dt.date(2026, 12, 1),
                                                               dt.date(2026, 12, 1)))
    assert outcome.count == 2 and outcome.partner == "welfare-office"
    r = c.post("/log/handoff", data={"csrf": csrf_of(c, "/log"), "channel": "kita-women", "kind": "phone",
                                     "partner": "nobody", "date": "2026-12-01", "count": "1"})
    assert r.status_code == 422 and "nobody" in r.text


def test_the_plan_for_a_period_shows_inline_and_downloads(studio_env):
    # Issue 24, item 4: the plan in the studio, from the same maker as `tsunagu plan`.
    import json

    c = login(studio_env)
    store = studio_env.studio.wiring.store()
    monday = dt.datetime(2026, 11, 2, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    for i in range(12):
        at = monday + dt.timedelta(days=7 * (i % 4), minutes=40 * (i // 4))
        store.record(ContactRecord(f"p{i}", "kita-women", "message", at.date(), at.hour, f"{i % 5:016x}",
                                   2_000_000_000, at=int(at.timestamp())))
    page = c.get("/plan?ward=kita&from=2026-11&to=2026-11")
    assert page.status_code == 200 and 'src="/plan/kita/2026-11/2026-11/plan.html"' in page.text
    html = c.get("/plan/kita/2026-11/2026-11/plan.html")
    assert html.status_code == 200 and "相談枠ごとの必要相談員数" in html.text
    doc = json.loads(c.get("/plan/kita/2026-11/2026-11/plan.json").content)
    [channel] = doc["channels"]
    assert sum(map(sum, channel["heatmap"])) >= 3 and channel["slots"]
    assert load_workbook(io.BytesIO(c.get("/plan/kita/2026-11/2026-11/plan.xlsx").content)).sheetnames
    assert c.get("/plan/kita/2026-11/2026-11/secrets.txt").status_code == 404
    assert "is after" in c.get("/plan?ward=kita&from=2026-12&to=2026-10").text
