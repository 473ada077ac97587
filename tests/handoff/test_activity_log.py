"""`tsunagu log`: staff append counts of a ward's activities; anything the programme file does not allow is
refused with one line and nothing is written; `--activity handoff` logs hand-offs as `handoff log` does."""

from __future__ import annotations

import datetime as dt

import pytest

from tsunagu.domain.records import ActivityEntry
from tsunagu.domain.schedule import JST
from tsunagu.entry.cli import main
from tsunagu.wiring import open_store

TODAY = dt.datetime.now(JST).date()
DAY = (TODAY - dt.timedelta(days=2)).isoformat()


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'tsunagu.sqlite3'}"
    monkeypatch.setenv("TSUNAGU_STORE", url)
    return url


def _entries(url: str) -> list[ActivityEntry]:
    store = open_store(url)
    try:
        return sorted(store.activities(None, dt.date(2000, 1, 1), TODAY), key=lambda e: (e.activity, e.measure))
    finally:
        store.close()


def log(*args: str) -> int:
    return main(["log", *args])


def test_counts_by_place_and_by_measure_append(store_url, capsys):
    assert log("--ward", "osaka", "--activity", "sanitary-packs", "--item", "city-offices", "--date", DAY,
               "--count", "500") == 0
    assert "logged 500 packs for osaka sanitary-packs at city-offices" in capsys.readouterr().out
    # the place may be named as the programme file writes it
    assert log("--ward", "osaka", "--activity", "sanitary-packs", "--item", "市役所・区役所", "--date", DAY,
               "--count", "packs=250") == 0
    assert log("--ward", "osaka", "--activity", "peer-support", "--date", DAY,
               "--count", "sessions=1", "--count", "participants=4") == 0
    day = dt.date.fromisoformat(DAY)
    assert _entries(store_url) == [
        ActivityEntry("osaka", "peer-support", day, "participants", 4),
        ActivityEntry("osaka", "peer-support", day, "sessions", 1),
        ActivityEntry("osaka", "sanitary-packs", day, "packs", 500, "city-offices"),
        ActivityEntry("osaka", "sanitary-packs", day, "packs", 250, "city-offices"),
    ]


REFUSALS = [
    (["--ward", "nowhere", "--activity", "peer-support", "--count", "1"], "unknown ward 'nowhere'"),
    (["--ward", "osaka", "--activity", "yoga", "--count", "1"], "not one of osaka's activities"),
    (["--activity", "peer-support", "--count", "sessions=1"], "needs --ward"),
    (["--ward", "osaka", "--activity", "sanitary-packs", "--count", "5"], "--item is needed"),
    (["--ward", "osaka", "--activity", "sanitary-packs", "--item", "mars", "--count", "5"], "--item 'mars'"),
    (["--ward", "osaka", "--activity", "peer-support", "--item", "legal", "--count", "sessions=1"],
     "not counted by place or kind"),
    (["--ward", "osaka", "--activity", "peer-support", "--count", "3"], "name each"),
    (["--ward", "osaka", "--activity", "peer-support", "--count", "hours=3"], "counts sessions, participants"),
    (["--ward", "osaka", "--activity", "peer-support", "--count", "sessions=0"], "1 or more"),
    (["--ward", "osaka", "--activity", "peer-support", "--count", "sessions=two"], "whole number"),
    (["--ward", "osaka", "--activity", "peer-support", "--count", "sessions=1", "--count", "sessions=2"],
     "given twice"),
    (["--ward", "osaka", "--activity", "peer-support"], "at least one count"),
    (["--ward", "osaka", "--activity", "peer-support", "--count", "sessions=1", "--channel", "osaka-women"],
     "only for --activity handoff"),
    (["--activity", "handoff", "--channel", "kita-women", "--kind", "phone"], "needs --partner"),
    (["--activity", "handoff", "--channel", "kita-women", "--kind", "phone", "--partner", "hello-work"],
     "is not a partner of kita-women"),
]


@pytest.mark.parametrize(("args", "words"), REFUSALS, ids=[w for _, w in REFUSALS])
def test_refusals_are_one_line_and_write_nothing(store_url, capsys, args, words):
    assert log(*args, "--date", DAY) == 1
    err = capsys.readouterr().err.strip()
    assert words in err and len(err.splitlines()) == 1 and err.startswith("tsunagu log: ")
    assert _entries(store_url) == []


@pytest.mark.parametrize(("date", "words"), [("2026/01/01", "YYYY-MM-DD"), ("2999-01-01", "in the future")])
def test_dates_are_checked(store_url, capsys, date, words):
    assert log("--ward", "osaka", "--activity", "peer-support", "--count", "sessions=1", "--date", date) == 1
    assert words in capsys.readouterr().err


def test_handoff_through_log_is_the_same_as_handoff_log(store_url, capsys):
    assert log("--activity", "handoff", "--channel", "kita-women", "--kind", "phone", "--partner", "welfare-office",
               "--date", DAY, "--count", "2") == 0
    assert main(["handoff", "log", "--channel", "kita-women", "--kind", "phone", "--partner", "welfare-office",
                 "--date", DAY]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"logged 2 phone hand-off(s) via welfare-office for kita-women on {DAY}",
                   f"logged 1 phone hand-off(s) via welfare-office for kita-women on {DAY}"]
    store = open_store(store_url)
    assert sum(o.count for o in store.outcomes("kita-women", dt.date(2000, 1, 1), TODAY)) == 3
    store.close()
