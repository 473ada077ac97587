"""Writes the report files: Markdown, self-contained HTML, tidy CSV, Excel, PNG charts, open-data JSON."""

from __future__ import annotations

import base64
import csv
import html
import io
import json
from collections.abc import Callable
from pathlib import Path

from tsunagu.catalog import section
from tsunagu.domain.config import Ward
from tsunagu.domain.dates import date_format
from tsunagu.domain.figures import FIGURES
from tsunagu.domain.kpi import Month
from tsunagu.domain.suppression import MARKER, THRESHOLD
from tsunagu.makers.report.cells import FRONT, Table, Value, front
from tsunagu.makers.report.charts import draw_charts
from tsunagu.makers.report.xlsx import write_xlsx

OPEN_DATA_SCHEMA = "tsunagu-report/2"  # 2: headline tables hold dates and labels as text


def write_report(tables: list[Table], ward: Ward, first: str, last: str, out: Path, language: str = "ja",
                 public: bool = False, step: Callable[[str], None] | None = None) -> list[Path]:
    """Write every file under `out`; returns the paths written. `step` reports progress."""
    text = section(language, "report")
    tick = step or (lambda _name: None)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    charts = draw_charts(tables, ward, out / "charts", language)
    written.extend(charts)
    tick("charts")
    written.append(_write(out / "report.csv", _csv(tables)))
    tick("csv")
    month = date_format(language).month  # the period line, once for Markdown, HTML and the workbook
    period = text["period"].format(first=month(Month.parse(first).first), last=month(Month.parse(last).first))
    written.append(_write(out / "report.md", _markdown(tables, ward, period, text, public, charts, out, language)))
    tick("markdown")
    written.append(_write(out / "report.html", _html(tables, ward, period, text, public, charts, language)))
    tick("html")
    headings = {id(t): _heading(t, ward, text, language) for t in tables}
    written.append(write_xlsx(tables, ward, text, language, out / "report.xlsx", headings, period))
    tick("xlsx")
    if public:
        written.append(_write(out / "open-data.json", _open_data(tables, ward, first, last, language)))
        tick("open data")
    return written


def _write(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def format_value(value: Value, percent: bool = False) -> str:
    """A cell as people read it: '<5', '—' for not applicable, '40.7%' for percentages."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:.1f}%" if percent else f"{value:.1f}"
    return f"{value:,}"


def _rows(table: Table) -> list[tuple[str, list[str]]]:
    pct = {i for i, (cid, _) in enumerate(table.columns) if cid in table.percent_columns}
    return [(label, [format_value(v, i in pct or rid in table.percent_rows) for i, v in enumerate(cells)])
            for (rid, label), cells in zip(table.rows, table.cells, strict=True)]


def _heading(table: Table, ward: Ward, text: dict, language: str = "ja") -> str:
    year = text["fiscal_year"].format(year=table.fiscal_year)
    if table.channel is None:
        return text["heading_ward"].format(title=table.title, year=year)
    return text["heading"].format(where=ward.channel(table.channel).name.pick(language), title=table.title, year=year)


def _ordered(tables: list[Table], charts: list[Path]) -> list[Table | Path]:
    """The seeds' order: 目標 / 実績 / 達成率 and the headline figures first, then charts, then the details."""
    return [*front(tables), *charts, *(t for t in tables if t.id not in FRONT)]


def _definitions(text: dict) -> list[tuple[str, str, str]]:
    """Every figure's name, formula and source in the report's language (domain.figures, defined once)."""
    return [(text["figures"][f.id]["name"], text["figures"][f.id]["formula"], text["figures"][f.id]["source"])
            for f in FIGURES]


def _csv(tables: list[Table]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["channel", "fiscal_year", "table", "row", "column", "value"])
    for t in tables:
        for (rid, _), cells in zip(t.rows, t.cells, strict=True):
            for (cid, _), value in zip(t.columns, cells, strict=True):
                w.writerow([t.channel or "", t.fiscal_year, t.id, rid, cid, "" if value is None else value])
    return buf.getvalue()


def _markdown(tables: list[Table], ward: Ward, period: str, text: dict, public: bool,
              charts: list[Path], out: Path, language: str) -> str:
    name = ward.name.pick(language)
    lines = [f"# {text['title'].format(ward=name)}", "", period, "",
             f"> {text['public_note'] if public else text['staff_note']}", "", text["definitions"], ""]
    for t in _ordered(tables, charts):
        if isinstance(t, Path):
            lines += [f"![{t.stem}]({t.relative_to(out).as_posix()})", ""]
            continue
        if not t.rows:
            continue
        header = "| | " + " | ".join(label for _, label in t.columns) + " |"
        lines += [f"## {_heading(t, ward, text, language)}", "", header, "| --- |" + " ---: |" * len(t.columns)]
        lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in _rows(t)]
        lines.append("")
    if not any(t.rows for t in tables):
        lines += [text["empty"], ""]
    cols = text["definition_columns"]
    lines += [f"## {text['definitions_heading']}", "", f"| {cols['name']} | {cols['formula']} | {cols['source']} |",
              "| --- | --- | --- |"]
    lines += [f"| {name} | {formula} | {source} |" for name, formula, source in _definitions(text)]
    lines.append("")
    return "\n".join(lines)


STYLE = """
body{font-family:"Noto Sans CJK JP","Hiragino Sans",sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem;
color:#222;line-height:1.6}
table{border-collapse:collapse;margin:0 0 2rem}th,td{border:1px solid #bbb;padding:.25rem .6rem}
td{text-align:right}th{background:#f3f0f7;text-align:left}tr.total td,tr.total th{font-weight:bold}
table.definitions td{text-align:left}.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem 1rem}
img{max-width:100%;height:auto}
"""


def _html(tables: list[Table], ward: Ward, period: str, text: dict, public: bool,
          charts: list[Path], language: str) -> str:
    esc = html.escape
    name = ward.name.pick(language)
    title = text["title"].format(ward=name)
    parts = [f'<!doctype html><html lang="{esc(language)}"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>",
             f"<h1>{esc(title)}</h1><p>{esc(period)}</p>",
             f'<p class="note">{esc(text["public_note"] if public else text["staff_note"])}</p>',
             f"<p>{esc(text['definitions'])}</p>"]
    for t in _ordered(tables, charts):
        if isinstance(t, Path):  # embedded, so the file opens anywhere without further requests
            data = base64.b64encode(t.read_bytes()).decode("ascii")
            parts.append(f'<p><img alt="{esc(t.stem)}" src="data:image/png;base64,{data}"></p>')
            continue
        if not t.rows:
            continue
        parts.append(f"<h2>{esc(_heading(t, ward, text, language))}</h2><table><thead><tr><th></th>")
        parts += [f'<th scope="col">{esc(label)}</th>' for _, label in t.columns]
        parts.append("</tr></thead><tbody>")
        for (rid, _), (label, cells) in zip(t.rows, _rows(t), strict=True):
            parts.append(f'<tr{" class=total" if rid == "total" else ""}><th scope="row">{esc(label)}</th>')
            parts += [f"<td>{esc(c)}</td>" for c in cells]
            parts.append("</tr>")
        parts.append("</tbody></table>")
    if not any(t.rows for t in tables):
        parts.append(f"<p>{esc(text['empty'])}</p>")
    cols = text["definition_columns"]
    parts.append(f"<h2>{esc(text['definitions_heading'])}</h2><table class=definitions><thead><tr>")
    parts += [f'<th scope="col">{esc(cols[k])}</th>' for k in ("name", "formula", "source")]
    parts.append("</tr></thead><tbody>")
    for name, formula, source in _definitions(text):
        parts.append(f'<tr><th scope="row">{esc(name)}</th><td>{esc(formula)}</td><td>{esc(source)}</td></tr>')
    parts.append("</tbody></table></body></html>\n")
    return "".join(parts)


def _open_data(tables: list[Table], ward: Ward, first: str, last: str, language: str) -> str:
    doc = {
        "schema": OPEN_DATA_SCHEMA,
        "ward": {"id": ward.id, "name": dict(ward.name)},
        "from": first,
        "to": last,
        "suppression": {"threshold": THRESHOLD, "marker": MARKER},
        "tables": [
            {"id": t.id, "channel": t.channel, "fiscal_year": t.fiscal_year, "title": t.title,
             "rows": [{"id": rid, "label": label} for rid, label in t.rows],
             "columns": [{"id": cid, "label": label} for cid, label in t.columns],
             "cells": [list(row) for row in t.cells]}
            for t in tables if t.rows
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
