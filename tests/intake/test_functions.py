"""The other functions in functions/app.py: scan counting and the weekly schedule publishing."""

from __future__ import annotations

import datetime as dt
import json

from chalice.test import Client

from tsunagu.domain.schedule import JST
from tsunagu.settings import Settings
from tsunagu.wiring import Wiring


def test_scan_counts_placement_and_day_only(intake):
    with Client(intake.app) as client:
        res = client.http.post("/scan/kita-sticker-ward-office", headers={"Content-Type": "text/plain"},
                               body=b"anything at all")
        assert res.status_code == 204 and res.body == b""
        client.http.post("/scan/kita-sticker-ward-office", headers={"Content-Type": "application/json"}, body=b"{}")
        assert client.http.post("/scan/no-such-placement", headers={"Content-Type": "text/plain"}).status_code == 404
        # A placement that does not count scans is not counted either.
        plain = {"Content-Type": "text/plain"}
        assert client.http.post("/scan/kita-card-junior-high", headers=plain).status_code == 404
    today = dt.datetime.now(JST).date()
    counts = intake.store.scan_counts(today - dt.timedelta(days=1), today + dt.timedelta(days=1))
    assert counts == {("kita-sticker-ward-office", today): 2}


def test_publish_schedule_writes_every_channel(intake, tmp_path):
    built = intake.module.wiring()
    intake.module.use(Wiring(Settings(publish=str(tmp_path / "site")), provided={"programs": built.programs()}))
    with Client(intake.app) as client:
        client.lambda_.invoke("publish_schedule", client.events.generate_cw_event(
            source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]))
    doc = json.loads((tmp_path / "site" / "schedule" / "kita-women.json").read_text(encoding="utf-8"))
    assert doc["slots"] and doc["slots"][0]["channel"] == "kita-women"
    assert (tmp_path / "site" / "schedule" / "kita-women.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_publish_schedule_runs_mondays_at_six_in_japan(intake):
    [rule] = [s for s in intake.app.event_sources if s.name == "publish_schedule"]
    assert rule.schedule_expression.to_string() == "cron(0 21 ? * SUN *)"  # Sunday 21:00 UTC = Monday 06:00 JST
