"""`tsunagu ops` as staff use it: a closure drops the slot from the published schedule at once, bad input is one
line naming the option, and every change says who made it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tsunagu.domain.schedule import JST, slots
from tsunagu.entry.cli import main
from tsunagu.makers.sources.programs import load_programs

REPO = Path(__file__).resolve().parents[2]
CHANNEL = "kita-women"


@pytest.fixture
def ops_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TSUNAGU_STORE", f"sqlite:///{tmp_path / 'ops.sqlite3'}")
    monkeypatch.setenv("TSUNAGU_PUBLISH", str(tmp_path / "site"))
    monkeypatch.setenv("TSUNAGU_PROGRAMS", str(REPO / "programs"))
    return tmp_path


def next_open_day(after: dt.date) -> dt.date:
    channel = load_programs(REPO / "programs").channel(CHANNEL)
    return slots(channel, after, 14)[0].start.date()


def published(tmp_path: Path) -> list[str]:
    doc = json.loads((tmp_path / "site" / "schedule" / f"{CHANNEL}.json").read_text(encoding="utf-8"))
    return [s["start"][:10] for s in doc["slots"]]


def test_a_closure_drops_the_slot_from_the_published_schedule_at_once(ops_env, capsys):
    day = next_open_day(dt.datetime.now(JST).date() + dt.timedelta(days=1))
    assert main(["schedule", "--publish"]) == 0
    assert day.isoformat() in published(ops_env)
    capsys.readouterr()
    assert main(["ops", "close", "--channel", CHANNEL, "--date", day.isoformat(), "--reason", "台風",
                 "--by", "山田"]) == 0
    out = capsys.readouterr().out
    assert "closed" in out and "山田" in out and "next open" in out
    assert day.isoformat() not in published(ops_env)
    op_id = out.split()[1]
    assert main(["ops", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(o["id"], o["author"], o["kind"]) for o in listed] == [(op_id, "山田", "closure")]
    assert main(["ops", "remove", op_id, "--by", "佐藤"]) == 0
    assert day.isoformat() in published(ops_env)


@pytest.mark.parametrize(("argv", "words"), [
    (["close", "--channel", "nope", "--date", "2099-01-01"], "unknown channel 'nope'"),
    (["close", "--channel", CHANNEL, "--date", "2020-01-01"], "--date: 2020-01-01 is in the past"),
    (["open", "--channel", CHANNEL, "--date", "2099-01-01", "--start", "18:00", "--end", "17:00"], "--end: 17:00"),
    (["notice", "--channel", CHANNEL, "--from", "2099-01-01", "--to", "2099-01-02", "--text", "ja=" + "あ" * 501],
     "--text: ja: write 1 to 500 characters"),
    (["remove", "zzzz"], "no operation 'zzzz'"),
])
def test_bad_input_is_one_line_naming_the_option(ops_env, capsys, argv, words):
    assert main(["ops", *argv, "--by", "山田"]) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("tsunagu ops:")]
    assert len(err) == 1 and words in err[0], err
    assert not (ops_env / "site").exists(), "nothing is published for a refused change"
