"""Programme config: the shipped samples load, and each kind of mistake is reported as file:line: field."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tsunagu.entry.cli import main
from tsunagu.makers.sources.programs import load_programs

SAMPLE_CHANNELS = {
    "taito-habataki", "kita-women", "itabashi-chat", "osaka-women",
    "kanagawa-women", "kanagawa-single-parent", "kanagawa-child", "kanagawa-disaster",
}


def test_shipped_programmes_are_valid_and_carry_every_seed_channel(capsys):
    assert main(["check"]) == 0
    programs = load_programs(Path("programs"))
    assert {ch.id for ch in programs.channels} == SAMPLE_CHANNELS
    assert all(ch.is_placeholder for ch in programs.channels), "sample LINE IDs must stay placeholders"
    assert "ok: 5 programme file(s), 8 channel(s)" in capsys.readouterr().out


def test_seed_facts_are_in_the_samples():
    programs = load_programs(Path("programs"))
    taito = programs.channel("taito-habataki")
    assert (taito.kpi.consultations, taito.kpi.friends) == (750, 350)
    assert programs.channel("kita-women").kpi.consultations == 250
    assert programs.channel("kita-women").outreach
    assert programs.channel("itabashi-chat").kpi.consultations_per_month == 10
    assert programs.channel("osaka-women").kpi.felt_positive_pct == 70
    kita = programs.ward("kita")
    assert {p.kind for p in kita.placements} == {"sticker", "card", "poster"}
    assert any(r.id == "sanitary-products" for r in programs.ward("osaka").resources)
    assert {s.kind for s in programs.channel("osaka-women").specialist_days} == {"legal", "health"}


def _replace(file: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test edit target {old!r} not in {file}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return edit


def _all(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        for one in edits:
            one(folder)

    return edit


def _line_of(folder: Path, file: str, needle: str) -> int:
    for number, line in enumerate((folder / file).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found in {file}")


# (case, edit, file, line marker in the edited file, field path, words in the message)
BAD_CASES = [
    ("unknown key", _replace("kita.yml", "    outreach: true\n", "    outreach: true\n    colour: red\n"),
     "kita.yml", "colour: red", "channels[0].colour", "unknown field"),
    ("wrong type", _replace("kita.yml", "capacity: 2 ", "capacity: many "),
     "kita.yml", "capacity: many", "channels[0].capacity", "whole number"),
    ("malformed LINE ID", _replace("kita.yml", '"@sample-kita"', '"sample kita"'),
     "kita.yml", '"sample kita"', "channels[0].line_id", "not a LINE basic ID"),
    ("hours end before start", _replace("kita.yml", 'end: "22:00"', 'end: "18:00"'),
     "kita.yml", 'end: "18:00"', "channels[0].hours[0].end", "before they start"),
    ("overlapping hours", _replace("osaka.yml", '      - days: [sun]\n        start: "10:00"',
                                   '      - days: [sun, wed]\n        start: "10:00"'),
     "osaka.yml", 'start: "10:00"', "channels[0].hours[1].start", "overlaps hours[0] on wed"),
    ("unknown weekday", _replace("kita.yml", "days: [mon, wed, fri]", "days: [mon, wed, fry]"),
     "kita.yml", "days: [mon, wed, fry]", "channels[0].hours[0].days[2]", "must be one of"),
    ("validity ends before it starts", _replace("osaka.yml", "end: 2023-03-31}", "end: 2021-03-31}"),
     "osaka.yml", "end: 2021-03-31", "channels[0].valid.end", "ends before it starts"),
    ("channel id used twice across files", _replace("itabashi.yml", "- id: itabashi-chat", "- id: kita-women"),
     "kita.yml", "- id: kita-women", "channels[0].id", "itabashi.yml:75; ids must be unique across all"),
    ("missing text in a declared language",
     _replace("taito.yml", "name: {ja: 台東区, en: Taito City, ja-easy: たいとうく}",
              "name: {ja: 台東区, en: Taito City}"),
     "taito.yml", "name: {ja: 台東区, en: Taito City}", "name.ja-easy", "declared language 'ja-easy'"),
    ("missing reply language", _replace("itabashi.yml", "      en:\n        greeting:", "      fr:\n        greeting:"),
     "itabashi.yml", "    texts:", "channels[0].texts.en", "missing"),
    ("placement to unknown channel", _replace("kita.yml", "    channel: kita-women\n    kind: poster",
                                              "    channel: kita-girls\n    kind: poster"),
     "kita.yml", "channel: kita-girls", "placements[4].channel", "unknown channel 'kita-girls'"),
    ("clock time malformed", _replace("osaka.yml", 'start: "14:00"', 'start: "2pm"'),
     "osaka.yml", 'start: "2pm"', "channels[0].hours[0].start", "HH:MM"),
    ("unknown topic", _replace("osaka.yml", "topics: [money,", "topics: [moneyy,"),
     "osaka.yml", "topics: [moneyy,", "channels[0].topics[0]", "unknown topic"),
    ("reason id used twice", _replace("osaka.yml", "- {id: line-ok,", "- {id: anyone,"),
     "osaka.yml", "- {id: anyone, name: {ja: LINEなら", "channels[0].reasons[1].id", "used twice"),
    ("activity place id not an identifier", _replace("osaka.yml", "{id: city-offices,", "{id: City Offices,"),
     "osaka.yml", "{id: City Offices,", "activities[0].items[0].id", "lowercase letters"),
    ("activity without measures", _replace(
        "osaka.yml", "    measures:\n"
        "      - {id: sessions, name: {ja: 開催回数, en: Sessions, ja-easy: ひらいた かいすう}}\n"
        "      - {id: participants, name: {ja: 参加者数, en: Participants, ja-easy: きた ひとの かず}}\n",
        "    measures: []\n"),
     "osaka.yml", "measures: []", "activities[1].measures", "at least one measure"),
    ("status question not yes or no", _replace("taito.yml", "status_question: true", "status_question: maybe"),
     "taito.yml", "status_question: maybe", "channels[0].status_question", "true or false"),
    ("console in clear over a network", _replace("kita.yml", "    outreach: true\n",
                                                 "    outreach: true\n    console: {url: http://console.example.jp/k}\n"),
     "kita.yml", "console: {url: http", "channels[0].console.url", "use https"),
    ("scan ceiling of nothing", _replace("osaka.yml", "    scan_ceiling: 300 ", "    scan_ceiling: 0 "),
     "osaka.yml", "scan_ceiling: 0", "placements[0].scan_ceiling", "at least 1"),
    ("short address misspelt",
     _replace("osaka.yml", "    size_mm: [90, 55]\n", "    size_mm: [90, 55]\n    slug: Plaza!\n"),
     "osaka.yml", "slug: Plaza!", "placements[2].slug", "3 to 12 lowercase letters and digits"),
    ("sticker address too long for a small code",
     _replace("osaka.yml", "    size_mm: [90, 55]\n", "    size_mm: [90, 55]\n    slug: stickerplaza\n"),
     "osaka.yml", "slug: stickerplaza", "placements[2].slug", "needs QR version 4"),
    ("short address used twice across files",
     _all(_replace("itabashi.yml", "    language: ja\n    count_scans: true\n  - id: itabashi-poster-private",
                   "    language: ja\n    count_scans: true\n    slug: kita1\n  - id: itabashi-poster-private"),
          _replace("kita.yml", "    count_scans: true\n    quantity: 200", "    count_scans: true\n    slug: kita1\n"
                   "    quantity: 200")),
     "kita.yml", "slug: kita1", "placements[1].slug", "/go/ address 'kita1' is already used at"),
    ("console answers unknown", _replace("kita.yml", "    outreach: true\n",
                                         "    outreach: true\n    console: {url: local, answers: sometimes}\n"),
     "kita.yml", "answers: sometimes", "channels[0].console.answers", "must be one of"),
]


@pytest.mark.parametrize(("case", "edit", "file", "marker", "field", "words"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_check_names_file_line_and_field(programs_copy, capsys, case, edit, file, marker, field, words):
    edit(programs_copy)
    before = sorted(p.name for p in programs_copy.parent.rglob("*"))
    assert main(["check", "--programs", str(programs_copy)]) == 1
    err = capsys.readouterr().err
    line = _line_of(programs_copy, file, marker)
    expected = f"{programs_copy / file}:{line}: {field}: "
    matching = [row for row in err.splitlines() if row.startswith(expected)]
    assert matching, f"{case}: expected a line starting {expected!r} in:\n{err}"
    assert words in matching[0]
    assert sorted(p.name for p in programs_copy.parent.rglob("*")) == before, "loading must write nothing"


def test_every_problem_in_every_file_is_reported_at_once(programs_copy, capsys):
    _replace("kita.yml", "capacity: 2 ", "capacity: -1 ")(programs_copy)
    _replace("osaka.yml", '"@sample-osaka"', '"@OSAKA!"')(programs_copy)
    _replace("taito.yml", "retention_days: 400", "retention_days: 0")(programs_copy)
    assert main(["check", "--programs", str(programs_copy)]) == 1
    err = capsys.readouterr().err
    problems = [row for row in err.splitlines() if re.match(r"^\S+\.yml:\d+: ", row)]
    assert {row.split(":")[0].rsplit("/", 1)[-1] for row in problems} == {"kita.yml", "osaka.yml", "taito.yml"}
    assert "3 problem(s) found; nothing was written." in err


def test_yaml_syntax_error_names_the_line(programs_copy, capsys):
    _replace("kita.yml", "capacity: 2 ", "capacity: [2 ")(programs_copy)
    assert main(["check", "--programs", str(programs_copy)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(programs_copy / 'kita.yml'))}:\d+: \(yaml\): ", err)


def test_phone_number_written_as_a_number_is_explained(programs_copy, capsys):
    _replace("kita.yml", 'phone: "0120-279-338"', "phone: 1202793380")(programs_copy)
    assert main(["check", "--programs", str(programs_copy)]) == 1
    assert "put numbers such as phone numbers in quotes" in capsys.readouterr().err


def test_check_runs_from_any_folder_with_the_environment_variable(programs_copy, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TSUNAGU_PROGRAMS", str(programs_copy))
    assert main(["check"]) == 0
    assert not (tmp_path / "build").exists()
    assert os.listdir(tmp_path) == ["programs"]
