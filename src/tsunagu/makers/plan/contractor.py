"""The contractor's monthly counts as a workbook: the template tsunagu writes and the import that checks it.

One sheet per channel. Column A holds each row's key (hidden: the contractor sees the label in B and writes
the count in C); the rows are the headline counts, the duration bands, the topic catalogue's keys, the
hand-off kinds and the channel's partner organisations. The import refuses the whole file with one line per
bad cell (`file:row: sheet!cell key: reason`) and stores nothing until every sheet is right.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from tsunagu.catalog import section
from tsunagu.domain.config import Channel, Programs, Ward
from tsunagu.domain.counts import DURATION_BANDS, HEADLINE, ContractorCounts
from tsunagu.domain.dates import date_format
from tsunagu.domain.errors import ConfigError, ConfigProblem
from tsunagu.domain.kpi import Month
from tsunagu.domain.vocabulary import HANDOFF_KINDS

META = ("ward", "channel", "month")
FIRST_ROW = 4  # rows 1-2: title and instructions
FILL = PatternFill("solid", fgColor="FFF8DC")  # the cells to fill in
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def rows_of(ward: Ward, channel: Channel) -> list[tuple[str, str | None]]:
    """The template's rows after the meta rows: (key, None) for a count, ('', heading) for a section heading."""
    topics = section("ja", "topics")
    out: list[tuple[str, str | None]] = [("", "headline"), *((k, None) for k in HEADLINE)]
    out += [("", "duration"), *((f"duration/{b}", None) for b in DURATION_BANDS)]
    out += [("", "topic"), *((f"topic/{t}", None) for t in topics)]
    out += [("", "handoff"), *((f"handoff/{k}", None) for k in HANDOFF_KINDS)]
    partners = [p for p in ward.partners if p.id in channel.partners]
    if partners:
        out += [("", "referral"), *((f"referral/{p.id}", None) for p in partners)]
    return out


def write_template(ward: Ward, month: str, path: Path, language: str = "ja") -> Path:
    """Write the workbook the contractor fills in for `month` (YYYY-MM): a sheet per channel of the ward."""
    text = section(language, "plan")["counts_sheet"]
    labels = _labels(ward, language, text)
    book = Workbook()
    book.remove(book.active)
    for ch in ward.channels:
        sheet = book.create_sheet(ch.id[:31])
        sheet.append([None, text["title"].format(ward=ward.name.pick(language), channel=ch.name.pick(language),
                                                 month=date_format(language).month(Month.parse(month).first))])
        sheet["B1"].font = Font(bold=True, size=13)
        sheet.append([None, text["instructions"]])
        sheet.append([])
        for key, value in zip(META, (ward.id, ch.id, month), strict=True):
            sheet.append([key, text["meta"][key], value])
        sheet.append([None, text["item"], text["count"]])
        sheet.cell(sheet.max_row, 2).font = sheet.cell(sheet.max_row, 3).font = Font(bold=True)
        for key, heading in rows_of(ward, ch):
            if heading:
                sheet.append([None, text["sections"].get(heading, text.get(heading))])
                sheet.cell(sheet.max_row, 2).font = Font(bold=True)
            else:
                sheet.append([key, labels[key], None])
                sheet.cell(sheet.max_row, 3).fill = FILL
        sheet.column_dimensions["A"].hidden = True
        sheet.column_dimensions["B"].width = 44
        sheet.column_dimensions["C"].width = 12
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def read_counts(path: Path, programs: Programs) -> list[ContractorCounts]:
    """The counts of every channel sheet of a filled template; ConfigError with every bad cell otherwise."""
    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise ConfigError([ConfigProblem(str(path), 1, "file", f"not an Excel workbook ({exc}); "
                                         "fill in the file `tsunagu counts template` wrote")]) from None
    problems: list[ConfigProblem] = []
    found = [c for sheet in book.worksheets if (c := _sheet(sheet, str(path), programs, problems)) is not None]
    if not found and not problems:
        problems.append(ConfigProblem(str(path), 1, "file", "no sheet of counts (with ward, channel and month rows); "
                                      "fill in the file `tsunagu counts template` wrote"))
    if problems:
        raise ConfigError(problems)
    return found


def _sheet(sheet: Worksheet, file: str, programs: Programs, problems: list[ConfigProblem]) -> ContractorCounts | None:
    rows = {str(r[0].value).strip(): r[0].row for r in sheet.iter_rows(min_col=1, max_col=1) if r[0].value}
    if "channel" not in rows:
        return None  # a notes sheet, say: not part of the counts

    def bad(row: int, key: str, message: str) -> None:
        problems.append(ConfigProblem(file, row, f"{sheet.title}!C{row} {key}", message))

    before = len(problems)
    meta = {k: str(sheet.cell(rows[k], 3).value or "").strip() if k in rows else "" for k in META}
    ward = channel = None
    try:
        ward = programs.ward(meta["ward"])
    except KeyError:
        bad(rows.get("ward", 1), "ward", f"unknown ward {meta['ward']!r}; keep the id the template wrote")
    if ward is not None:
        try:
            channel = ward.channel(meta["channel"])
        except KeyError:
            bad(rows["channel"], "channel", f"{meta['channel']!r} is not a channel of {ward.id}; "
                                            "keep the id the template wrote")
    if not MONTH.match(meta["month"]):
        bad(rows.get("month", 1), "month", f"{meta['month']!r} is not a month such as 2026-04")
    if ward is None or channel is None:
        return None
    expected = [key for key, heading in rows_of(ward, channel) if not heading]
    for key in rows:
        if key not in expected and key not in META:
            bad(rows[key], key, "not a row of this channel's template; write counts only in the rows it has")
    counts: dict[str, int] = {}
    read: set[str] = set()  # rows whose cell held a count (or was empty where that means 0)
    for key in expected:
        if key not in rows:
            bad(FIRST_ROW, key, "this row is missing; fill in a fresh template from `tsunagu counts template`")
            continue
        value, reason = parse_count(sheet.cell(rows[key], 3).value)
        if reason:
            bad(rows[key], key, reason)
        elif value is None and key in HEADLINE:
            bad(rows[key], key, "empty; write 0 if there were none")
        else:
            read.add(key)
            if value:
                counts[key] = value
    durations = sum(v for k, v in counts.items() if k.startswith("duration/"))
    if "answered" in read and durations > counts.get("answered", 0):
        bad(rows[f"duration/{DURATION_BANDS[0]}"], "duration", f"the duration bands add up to {durations}, more "
            f"than the {counts.get('answered', 0)} consultations answered (C{rows['answered']})")
    if len(problems) > before:
        return None
    return ContractorCounts(channel.id, meta["month"], counts)


def parse_count(value: Any) -> tuple[int | None, str | None]:
    """A cell as a count: (count or None when empty, None) or (None, why it is not one)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, f"{value!r} is not a count; write a whole number such as 12"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
        if not re.fullmatch(r"-?\d+", text):
            return None, f"{value!r} is not a whole number; write the count alone, e.g. 12"
        value = int(text)
    if not isinstance(value, int):
        return None, f"{value!r} is not a whole number; write the count alone, e.g. 12"
    if value < 0:
        return None, f"{value} is negative; a count is 0 or more"
    return value, None


def _labels(ward: Ward, language: str, text: dict[str, Any]) -> dict[str, str]:
    topics = section(language, "topics")
    handoff = section(language, "report")["handoff"]
    labels = {k: text[k] for k in HEADLINE}
    labels |= {f"duration/{b}": text["duration"][b] for b in DURATION_BANDS}
    labels |= {f"topic/{t}": topics[t] for t in topics}
    labels |= {f"handoff/{k}": handoff[k] for k in HANDOFF_KINDS}
    labels |= {f"referral/{p.id}": p.name.pick(language) for p in ward.partners}
    return labels
