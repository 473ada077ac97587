"""`tsunagu insight` against the LINE stand-in: LINE's official follower count stored per channel and day,
`unready` and `out_of_service` reported and never stored, and the stand-in answering as insight.yml says."""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from tsunagu.adapters.secrets.files import init_local_secrets
from tsunagu.adapters.standin.line import LineStandIn
from tsunagu.domain.insight import InsightSnapshot
from tsunagu.domain.schedule import JST
from tsunagu.entry.cli import main
from tsunagu.wiring import open_store

# LINE's published OpenAPI document for the Insight API, copied with its licence (tests/fixtures/line-openapi/).
SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "line-openapi" / "insight.yml"
CHANNEL = "taito-habataki"
YESTERDAY = dt.datetime.now(JST).date() - dt.timedelta(days=1)


@pytest.fixture
def line(tmp_path, monkeypatch):
    """The stand-in, a secrets file for every sample channel and an empty store, all named by the environment."""
    secrets = tmp_path / "secrets.json"
    init_local_secrets(secrets, [CHANNEL, "kita-women"])
    monkeypatch.setenv("TSUNAGU_SECRETS", str(secrets))
    monkeypatch.setenv("TSUNAGU_STORE", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    with LineStandIn() as standin:
        monkeypatch.setenv("TSUNAGU_LINE_API", standin.url)
        standin.token = json.loads(secrets.read_text())["channels"][CHANNEL]["access_token"]
        yield standin


def _stored(channel: str | None = None) -> list[InsightSnapshot]:
    import os

    store = open_store(os.environ["TSUNAGU_STORE"])
    try:
        return store.snapshots(channel, dt.date(2016, 1, 1), dt.date(2100, 1, 1))
    finally:
        store.close()


def test_a_ready_count_is_stored_for_the_day_and_replaced_by_a_later_run(line, capsys):
    line.insight.set_followers(line.token, dt.date(2026, 3, 1), 630, 500, 21)
    line.insight.set_followers(line.token, dt.date(2026, 3, 31), 635, 501, 22)
    assert main(["insight", "--channel", CHANNEL, "--date", "2026-03-31"]) == 0
    assert "635 friends (LINE's official count)" in capsys.readouterr().out
    assert main(["insight", "--channel", CHANNEL, "--date", "2026-03-30"]) == 0
    line.insight.set_followers(line.token, dt.date(2026, 3, 31), 636, 501, 22)  # LINE corrected its count
    assert main(["insight", "--channel", CHANNEL, "--date", "2026-03-31"]) == 0
    assert _stored(CHANNEL) == [InsightSnapshot(CHANNEL, dt.date(2026, 3, 30), 630, 500, 21),
                                InsightSnapshot(CHANNEL, dt.date(2026, 3, 31), 636, 501, 22)]
    asked = line.requests("/v2/bot/insight/followers")[0]
    assert asked.query == {"date": "20260331"} and asked.headers["Authorization"] == f"Bearer {line.token}"


def test_without_a_date_it_asks_for_yesterday_in_japan(line):
    assert main(["insight", "--channel", CHANNEL]) == 0
    assert line.requests("/v2/bot/insight/followers")[0].query == {"date": f"{YESTERDAY:%Y%m%d}"}
    assert [s.day for s in _stored()] == [YESTERDAY]


@pytest.mark.parametrize(("day", "words"), [
    (dt.datetime.now(JST).date(), "has not finished counting"),  # today: LINE answers unready
    (dt.date(2016, 10, 31), "out_of_service"),  # before LINE started counting
])
def test_unready_and_out_of_service_are_reported_and_nothing_is_stored(line, capsys, day, words):
    assert main(["insight", "--channel", CHANNEL, "--date", day.isoformat()]) == 1
    err = capsys.readouterr().err
    assert words in err and "nothing was stored" in err and len(err.strip().splitlines()) == 1
    assert _stored() == []


@pytest.mark.parametrize(("args", "words"), [
    (["--channel", "nowhere"], "unknown channel 'nowhere'"),
    (["--channel", CHANNEL, "--date", "31/03/2026"], "write the day as YYYY-MM-DD"),
    (["--channel", CHANNEL, "--date", "2999-01-01"], "is in the future"),
    (["--channel", "osaka-women"], "no secrets for channel 'osaka-women'"),
])
def test_bad_input_is_refused_with_one_line(line, capsys, args, words):
    assert main(["insight", *args]) == 1
    err = capsys.readouterr().err.strip()
    assert words in err and len(err.splitlines()) == 1
    assert _stored() == []


def test_a_refused_token_or_unreachable_line_is_one_line_and_stores_nothing(line, capsys, monkeypatch):
    line.route("GET", "/v2/bot/insight/followers", lambda req: (401, {"message": "Authentication failed"}))
    assert main(["insight", "--channel", CHANNEL, "--date", "2026-03-31"]) == 1
    assert "HTTP 401" in capsys.readouterr().err
    monkeypatch.setenv("TSUNAGU_LINE_API", "http://127.0.0.1:9")  # nothing listens on the discard port
    assert main(["insight", "--channel", CHANNEL, "--date", "2026-03-31"]) == 1
    assert "cannot ask LINE" in capsys.readouterr().err
    assert _stored() == []


def _get(url: str, token: str | None = "t") -> tuple[int, dict]:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(req, timeout=5) as res:
            return res.status, json.loads(res.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_the_stand_in_answers_as_the_openapi_document_says(line):
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    op = spec["paths"]["/v2/bot/insight/followers"]["get"]
    pattern = op["parameters"][0]["schema"]["pattern"]
    schema = spec["components"]["schemas"]["GetNumberOfFollowersResponse"]["properties"]
    assert pattern == "^[0-9]{8}$"
    base = f"{line.url}/v2/bot/insight/followers"
    status, doc = _get(f"{base}?date={YESTERDAY:%Y%m%d}")
    assert status == 200 and doc["status"] == "ready" and set(doc) <= set(schema)
    assert all(isinstance(doc[k], int) for k in ("followers", "targetedReaches", "blocks"))
    assert _get(f"{base}?date={dt.datetime.now(JST).date():%Y%m%d}") == (200, {"status": "unready"})
    assert _get(f"{base}?date=20161031") == (200, {"status": "out_of_service"})
    assert {doc["status"] for _, doc in [_get(f"{base}?date=20161101")]} <= set(schema["status"]["enum"])
    for bad in ("2026-03-31", "202603", "20261341", ""):
        assert _get(f"{base}?date={bad}")[0] == 400
    assert _get(f"{base}?date=20260331", token=None)[0] == 401


def test_the_daily_run_catches_up_an_unready_day_and_reports_a_failure_after_the_others(line, tmp_path, caplog):
    from tsunagu.adapters.line.insight_http import HttpInsightSource
    from tsunagu.adapters.secrets.files import load_file_secrets
    from tsunagu.adapters.store.sqlite import SqliteStore
    from tsunagu.domain.errors import InsightError
    from tsunagu.makers.sources.programs import load_programs
    from tsunagu.services.insight import daily_snapshots

    programs = load_programs(Path("programs"))
    today = dt.datetime.now(JST).date()
    running = [ch.id for ch in programs.channels if ch.valid is None or today - dt.timedelta(days=1) in ch.valid]
    secrets_file = tmp_path / "all.json"
    init_local_secrets(secrets_file, running)
    source = HttpInsightSource(load_file_secrets(secrets_file), line.url)
    store = SqliteStore(tmp_path / "daily.sqlite3")
    midnight = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(), JST).timestamp()
    line.insight.clock = lambda: midnight  # LINE is still counting yesterday
    with caplog.at_level(logging.WARNING, logger="tsunagu.insight"):
        first = daily_snapshots(programs, source, store, today)
    assert {(r.day, r.status) for r in first} == {(today - dt.timedelta(days=2), "ready"),
                                                  (today - dt.timedelta(days=1), "unready")}
    assert "unready" in caplog.text
    line.insight.clock = lambda: midnight + 86400  # the next morning: yesterday is counted now
    second = daily_snapshots(programs, source, store, today)
    assert {(r.channel, r.day, r.status) for r in second} == {(ch, today - dt.timedelta(days=1), "ready")
                                                              for ch in running}
    assert len(store.snapshots(None, today - dt.timedelta(days=2), today)) == 2 * len(running)
    assert daily_snapshots(programs, source, store, today) == []  # nothing left to ask
    tomorrow = today + dt.timedelta(days=1)
    line.insight.clock = lambda: midnight + 3 * 86400
    doc = json.loads(secrets_file.read_text())
    del doc["channels"][running[0]]
    secrets_file.write_text(json.dumps(doc))
    source = HttpInsightSource(load_file_secrets(secrets_file), line.url)
    with pytest.raises(InsightError, match=f"no secrets for channel '{running[0]}'"):
        daily_snapshots(programs, source, store, tomorrow)
    later = store.snapshots(None, today, today)
    assert {s.channel for s in later} == set(running[1:])  # the others were stored all the same
    store.close()
