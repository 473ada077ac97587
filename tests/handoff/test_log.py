"""`tsunagu handoff log`: staff append counts of people handed on; anything the config does not allow is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.domain.activities import check_outcome
from tsunagu.domain.errors import HandoffLogError
from tsunagu.domain.records import HandoffOutcome
from tsunagu.domain.schedule import JST
from tsunagu.entry.cli import main
from tsunagu.makers.sources.programs import load_programs
from tsunagu.wiring import open_store

PROGRAMS = load_programs(Path("programs"))
TODAY = dt.datetime.now(JST).date()


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    """An empty SQLite store named by TSUNAGU_STORE (the file appears on the first write)."""
    url = f"sqlite:///{tmp_path / 'tsunagu.sqlite3'}"
    monkeypatch.setenv("TSUNAGU_STORE", url)
    return url


def _outcomes(url: str, channel: str | None = None) -> list[HandoffOutcome]:
    store = open_store(url)
    try:
        return sorted(store.outcomes(channel, dt.date(2000, 1, 1), TODAY), key=lambda o: (o.day, o.kind, o.count))
    finally:
        store.close()


def log(*args: str) -> int:
    return main(["handoff", "log", *args])


def test_logs_append_and_show_through_the_store(store_url, capsys):
    day = (TODAY - dt.timedelta(days=3)).isoformat()
    assert log("--channel", "kita-women", "--kind", "phone", "--partner", "welfare-office", "--date", day,
               "--count", "2") == 0
    assert log("--channel", "kita-women", "--kind", "phone", "--partner", "welfare-office", "--date", day) == 0
    assert log("--channel", "kita-women", "--kind", "outreach", "--partner", "child-family-centre",
               "--date", TODAY.isoformat()) == 0
    assert "logged 2 phone hand-off(s) via welfare-office for kita-women" in capsys.readouterr().out
    found = _outcomes(store_url, "kita-women")
    d = dt.date.fromisoformat(day)
    assert found == [
        HandoffOutcome("kita-women", "phone", d, 1, "welfare-office"),
        HandoffOutcome("kita-women", "phone", d, 2, "welfare-office"),
        HandoffOutcome("kita-women", "outreach", TODAY, 1, "child-family-centre"),
    ]
    assert sum(o.count for o in found if o.kind == "phone") == 3  # appends, never overwrites
    assert _outcomes(store_url, "taito-habataki") == []


def test_a_partner_may_be_named_as_the_programme_file_names_it(store_url):
    assert log("--channel", "kita-women", "--kind", "partner", "--partner", "北区子ども家庭支援センター",
               "--date", TODAY.isoformat()) == 0
    assert [o.partner for o in _outcomes(store_url)] == ["child-family-centre"]


TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()
REFUSALS = {
    "unknown partner": (["--channel", "kita-women", "--kind", "phone", "--partner", "city-hospital"],
                        "--partner 'city-hospital' is not a partner of kita-women; valid ids: "
                        "social-welfare-council, child-family-centre, welfare-office, police"),
    "another channel's partner": (["--channel", "kita-women", "--kind", "partner", "--partner", "private-shelter"],
                                  "is not a partner of kita-women"),
    "zero count": (["--channel", "kita-women", "--kind", "phone", "--partner", "police", "--count", "0"],
                   "--count 0: give a whole number of people, 1 or more"),
    "negative count": (["--channel", "kita-women", "--kind", "phone", "--partner", "police", "--count", "-3"],
                       "--count -3: give a whole number of people, 1 or more"),
    "not a number": (["--channel", "kita-women", "--kind", "phone", "--partner", "police", "--count", "two"],
                     "--count 'two'"),
    "future date": (["--channel", "kita-women", "--kind", "face", "--partner", "police", "--date", TOMORROW],
                    f"--date {TOMORROW} is in the future"),
    "bad date": (["--channel", "kita-women", "--kind", "face", "--partner", "police", "--date", "2024-02-30"],
                 "--date '2024-02-30': write the day as YYYY-MM-DD"),
    "unknown channel": (["--channel", "kita-men", "--kind", "phone", "--partner", "police"],
                        "unknown channel 'kita-men'"),
    "no outreach team": (["--channel", "osaka-women", "--kind", "outreach", "--partner", "private-shelter",
                          "--date", "2022-10-01"], "osaka-women has no outreach team"),
    "outside the channel's period": (["--channel", "osaka-women", "--kind", "phone", "--partner",
                                      "private-shelter", "--date", "2024-10-01"],
                                     "osaka-women ran from 2022-04-01 to 2023-03-31"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=str)
def test_refused_with_one_clear_line_and_nothing_written(case, store_url, tmp_path, capsys):
    args, message = REFUSALS[case]
    if "--date" not in args:
        args = [*args, "--date", TODAY.isoformat()]
    assert log(*args) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert message in err
    assert not (tmp_path / "tsunagu.sqlite3").exists(), "a refused log must not even open the store"


def test_a_refusal_leaves_earlier_logs_untouched(store_url):
    assert log("--channel", "taito-habataki", "--kind", "face", "--partner", "police", "--date",
               TODAY.isoformat()) == 0
    assert log("--channel", "taito-habataki", "--kind", "face", "--partner", "police", "--date", TOMORROW) == 1
    assert [(o.day, o.count) for o in _outcomes(store_url)] == [(TODAY, 1)]


@given(st.integers(-10**6, 10**6), st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)))
def test_counts_and_dates_are_accepted_exactly_when_positive_and_not_in_the_future(count, day):
    def attempt() -> HandoffOutcome:
        return check_outcome(PROGRAMS, "kita-women", "phone", "police", day.isoformat(), str(count), today=TODAY)

    if count >= 1 and day <= TODAY:
        assert attempt() == HandoffOutcome("kita-women", "phone", day, count, "police")
    else:
        with pytest.raises(HandoffLogError):
            attempt()
