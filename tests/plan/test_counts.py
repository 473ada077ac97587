"""The contractor's counts: the template round-trips (write, fill, import, plan), bad cells are refused by position."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.demand import bulk_load, poisson_records

from tsunagu.adapters.store.sqlite import SqliteStore
from tsunagu.entry.cli import main
from tsunagu.makers.plan.contractor import parse_count

TAITO = "taito-habataki"


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("TSUNAGU_STORE", url)
    return tmp_path / "store.sqlite3"


def template(tmp_path: Path, month: str = "2025-04") -> Path:
    out = tmp_path / "counts.xlsx"
    assert main(["counts", "template", "--ward", "taito", "--month", month, "--out", str(out)]) == 0
    return out


def fill(path: Path, values: dict[str, object]) -> dict[str, str]:
    """Write values by row key (column A) into column C; returns key -> cell address."""
    book = openpyxl.load_workbook(path)
    sheet = book[TAITO]
    where = {}
    for row in sheet.iter_rows(min_col=1, max_col=1):
        key = row[0].value
        if key in values:
            sheet.cell(row[0].row, 3).value = values[key]
        if key:
            where[key] = f"C{row[0].row}"
    book.save(path)
    return where


GOOD = {"answered": 74, "not_answered": 12, "turned_away": 3, "mistaken": 21, "emergencies": 2,
        "duration/15-30": 20, "duration/30-60": 40, "duration/60-90": 14, "topic/dv": 9, "topic/family": 30,
        "handoff/phone": 4, "referral/police": 1}


def test_the_template_has_a_sheet_per_channel_with_every_row_to_fill(tmp_path, store_url):
    path = template(tmp_path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [TAITO]
    sheet = book[TAITO]
    keys = [r[0].value for r in sheet.iter_rows(min_col=1, max_col=1) if r[0].value]
    assert keys[:3] == ["ward", "channel", "month"]
    assert {"answered", "not_answered", "turned_away", "mistaken", "emergencies", "duration/under-15",
            "duration/90-plus", "topic/dv", "topic/disaster", "handoff/partner", "referral/police"} <= set(keys)
    assert "2025年4月" in sheet["B1"].value and sheet.column_dimensions["A"].hidden
    assert all(sheet.cell(r[0].row, 3).value is None for r in sheet.iter_rows(min_col=1, max_col=1, min_row=7)
               if r[0].value)  # counts are left for the contractor


def test_a_filled_template_round_trips_into_the_store_and_the_plan(tmp_path, store_url, capsys):
    path = template(tmp_path)
    fill(path, {**GOOD, "topic/family": "３０"})  # full-width digits, as a Japanese keyboard types them
    assert main(["counts", "import", str(path)]) == 0
    assert "stored taito-habataki 2025-04: 74 consultations answered" in capsys.readouterr().out
    store = SqliteStore(store_url)
    (got,) = store.contractor_counts(TAITO, "2025-04", "2025-04")
    assert dict(got.counts) == GOOD
    # the planner's chats last as long as the contractor says: (22.5×20 + 45×40 + 75×14) ÷ 74 minutes
    bulk_load(store, poisson_records(TAITO, dt.date(2025, 4, 1), dt.date(2025, 4, 30), lambda h: 2.0, seed=2))
    store.close()
    out = tmp_path / "plan"
    assert main(["plan", "--ward", "taito", "--from", "2025-04", "--to", "2025-04", "--out", str(out)]) == 0
    doc = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    ch = doc["channels"][0]
    assert ch["handle_source"] == "contractor"
    assert ch["handle_minutes"] == pytest.approx((22.5 * 20 + 45 * 40 + 75 * 14) / 74, abs=0.01)
    assert all(s["handle_minutes"] == pytest.approx(ch["handle_minutes"]) for s in ch["slots"])
    assert all(s["simulated_counsellors"] is not None for s in ch["slots"])
    md = (out / "plan.md").read_text(encoding="utf-8")
    assert "受託事業者" in md
    assert "シミュレーションとの差: 35 枠のうち 35 枠で1人以内" in md  # both figures and their gap
    assert "the simulation needs the same counsellors as Erlang-A in" in capsys.readouterr().out


def test_importing_a_corrected_file_replaces_the_month(tmp_path, store_url):
    path = template(tmp_path)
    fill(path, GOOD)
    assert main(["counts", "import", str(path)]) == 0
    fill(path, {"answered": 80})
    assert main(["counts", "import", str(path)]) == 0
    store = SqliteStore(store_url)
    assert [c.consultations for c in store.contractor_counts(TAITO, "2025-01", "2025-12")] == [80]
    store.close()


def test_bad_cells_are_refused_one_line_each_with_sheet_and_cell_and_nothing_is_stored(tmp_path, store_url, capsys):
    path = template(tmp_path)
    where = fill(path, {**GOOD, "answered": "たくさん", "not_answered": None, "turned_away": -2, "mistaken": 2.5,
                        "topic/dv": "12件"})
    assert main(["counts", "import", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    expected = {"answered": "is not a whole number", "not_answered": "empty; write 0 if there were none",
                "turned_away": "is negative", "mistaken": "is not a whole number", "topic/dv": "is not a whole number"}
    for key, reason in expected.items():
        cell = where[key]
        (line,) = [e for e in err if f"{TAITO}!{cell} {key}:" in e]
        assert line.startswith(f"{path}:{cell[1:]}: ") and reason in line
    assert err[-1] == "5 problem(s) found; nothing was written."
    store = SqliteStore(store_url)
    assert store.contractor_counts(None, "2000-01", "2099-12") == []
    store.close()


def test_durations_beyond_the_consultations_answered_and_a_wrong_channel_are_refused(tmp_path, store_url, capsys):
    path = template(tmp_path)
    where = fill(path, {**GOOD, "answered": 10, "channel": "kita-women"})
    assert main(["counts", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{TAITO}!{where['channel']} channel: 'kita-women' is not a channel of taito" in err
    fill(path, {"channel": TAITO})
    assert main(["counts", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{TAITO}!{where['duration/under-15']} duration: the duration bands add up to 74, more than the 10" in err


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path, store_url, capsys):
    bad = tmp_path / "counts.xlsx"
    bad.write_text("answered,74\n", encoding="utf-8")
    assert main(["counts", "import", str(bad)]) == 1
    assert "not an Excel workbook" in capsys.readouterr().err


@given(st.integers(0, 10**7))
def test_a_count_is_read_however_excel_or_a_keyboard_wrote_it(n):
    fullwidth = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    for cell in (n, float(n), str(n), f" {n:,} ", fullwidth):
        assert parse_count(cell) == (n, None)


@given(st.one_of(st.integers(max_value=-1), st.floats(allow_nan=True).filter(lambda f: not float(f).is_integer()),
                 st.text().filter(lambda t: t.strip() and not t.strip().replace(",", "").isdigit()), st.booleans()))
def test_anything_else_is_refused_with_a_reason(cell):
    value, reason = parse_count(cell)
    if isinstance(cell, str) and unicodedata.normalize("NFKC", cell).strip().replace(",", "").isdecimal():
        return  # other scripts' digits that NFKC folds to ASCII (e.g. Arabic-Indic) are numbers too
    assert value is None and reason


def test_a_filled_template_round_trips_into_the_report_beside_tsunagus_own(tmp_path, store_url, capsys):
    # Issue 24: fill, import, report. The report shows the contractor's figures under their own source, and
    # the KPI table's consultations become theirs for the month they reported.
    import csv

    path = template(tmp_path)
    fill(path, GOOD)
    assert main(["counts", "import", str(path)]) == 0
    out = tmp_path / "report"
    assert main(["report", "--ward", "taito", "--from", "2025-04", "--to", "2025-04", "--out", str(out)]) == 0
    rows = list(csv.DictReader((out / "report.csv").open(encoding="utf-8")))
    contractor = {(r["row"], r["column"]): r["value"] for r in rows if r["table"] == "contractor"}
    assert contractor[("2025-04", "answered")] == "74" and contractor[("2025-04", "mistaken")] == "21"
    kpi = {(r["row"], r["column"]): r["value"] for r in rows if r["table"] == "kpi" and r["channel"] == TAITO}
    assert kpi[("consultations_reported", "actual")] == "74", kpi
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "相談事業者の報告" in md and "相談事業者の報告による" in md
