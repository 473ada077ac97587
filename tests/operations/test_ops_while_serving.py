"""A closure made with `tsunagu ops close` while `tsunagu serve` runs reaches the out-of-hours reply without a
restart, within the overlay's time to live (TSUNAGU_OVERLAY_TTL, 60 s by default; 1 s here)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time

from support.line_events import make_event, sign, webhook_body
from support.serve_process import REPO

from tsunagu.domain.schedule import JST, slots
from tsunagu.makers.sources.programs import load_programs

KITA = "kita-women"


def out_of_hours_reply(server, outbox, at: dt.datetime) -> str:
    body = webhook_body(make_event("text", at=at))
    before = outbox.read_text(encoding="utf-8").count("\n") if outbox.exists() else 0
    assert server.post(f"/callback/{KITA}", body, {"X-Line-Signature": sign(body, server.secret(KITA))}) == 200
    for _ in range(50):
        lines = outbox.read_text(encoding="utf-8").splitlines() if outbox.exists() else []
        if len(lines) > before:
            return json.loads(lines[-1])["messages"][0]
        time.sleep(0.1)
    raise AssertionError("no reply reached the LINE stand-in")


def test_a_closure_moves_the_next_opening_in_the_running_intakes_reply(serve_process, tmp_path):
    server = serve_process(env={"TSUNAGU_OVERLAY_TTL": "1"})
    outbox = tmp_path / "build" / "line-outbox.jsonl"
    channel = load_programs(REPO / "programs").channel(KITA)
    upcoming = slots(channel, dt.datetime.now(JST).date() + dt.timedelta(days=1), 14)
    first_day = upcoming[0].start.date()
    asking = upcoming[0].start - dt.timedelta(minutes=1)  # closed then; the next opening is a minute away
    before = out_of_hours_reply(server, outbox, asking)
    env = {"TSUNAGU_STORE": f"sqlite:///{tmp_path / 'serve.sqlite3'}", "TSUNAGU_PROGRAMS": str(REPO / "programs"),
           "TSUNAGU_PUBLISH": str(tmp_path / "published"), "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-m", "tsunagu.entry.cli", "ops", "close", "--channel", KITA, "--date",
                           first_day.isoformat(), "--reason", "台風", "--by", "山田"], env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    published = json.loads((tmp_path / "published" / "schedule" / f"{KITA}.json").read_text(encoding="utf-8"))
    assert first_day.isoformat() not in {s["start"][:10] for s in published["slots"]}, "dropped at once"
    time.sleep(1.5)  # the overlay's time to live
    after = out_of_hours_reply(server, outbox, asking + dt.timedelta(seconds=1))
    day = f"{first_day.month}月{first_day.day}日"
    assert day in before and day not in after, (before, after)
