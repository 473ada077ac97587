"""Writes the plan files: plan.json (the documented shape), plan.md, self-contained plan.html, plan.xlsx and
one heatmap PNG per channel, all from one WardPlan and the plan catalogue."""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from tsunagu.catalog import section
from tsunagu.domain.config import Ward
from tsunagu.domain.dates import date_format
from tsunagu.domain.vocabulary import WEEKDAYS
from tsunagu.makers.plan.build import ChannelPlan, ForecastHour, SlotPlan, WardPlan
from tsunagu.makers.plan.chart import draw_heatmap
from tsunagu.makers.plan.forecast import interval

SCHEMA = "tsunagu-plan/1"
COLUMNS = ("weekday", "slot", "arrivals_per_hour", "counsellors", "capacity", "staffing", "answered_in_time",
           "abandoned", "utilisation", "utilisation_at_capacity", "expected_wait_min", "simulated_counsellors",
           "simulated_answered_in_time")
SHARES = {"answered_in_time", "abandoned", "utilisation", "utilisation_at_capacity", "simulated_answered_in_time"}
CLOSED_FILL = PatternFill("solid", fgColor="DDDDDD")


def write_plan(plan: WardPlan, ward: Ward, out: Path, language: str = "ja",
               step: Callable[[str], None] | None = None) -> list[Path]:
    """Write every file under `out`; returns the paths written. `step` reports progress."""
    tick = step or (lambda _name: None)
    text = section(language, "plan")
    days = date_format(language)
    out.mkdir(parents=True, exist_ok=True)
    charts = {}
    for ch in plan.channels:
        name = ward.channel(ch.channel).name.pick(language)
        charts[ch.channel] = draw_heatmap(ch, text["heatmap_chart"].format(channel=name), days.weekdays,
                                          text["hour_axis"], out / "charts" / f"{ch.channel}-heatmap.png")
    tick("charts")
    written = list(charts.values())
    written.append(_write(out / "plan.json", json.dumps(to_json(plan), ensure_ascii=False, indent=1) + "\n"))
    tick("json")
    doc = _Document(plan, ward, text, language)
    written.append(_write(out / "plan.md", doc.markdown(charts, out)))
    tick("markdown")
    written.append(_write(out / "plan.html", doc.html(charts)))
    tick("html")
    written.append(doc.xlsx(out / "plan.xlsx"))
    tick("xlsx")
    return written


def to_json(plan: WardPlan) -> dict[str, Any]:
    """plan.json: per channel and slot the staffing figures, the heatmap, suggestions, backtest and forecast."""
    o = plan.options
    return {
        "schema": SCHEMA, "ward": plan.ward, "from": plan.first.isoformat(), "to": plan.last.isoformat(),
        "options": {"concurrency": o.concurrency, "answer_within_min": o.answer_within, "target": o.target,
                    "handle_minutes": o.handle_minutes, "patience_minutes": o.patience_minutes},
        "heatmap": {ch.channel: [list(row) for row in ch.heatmap] for ch in plan.channels},
        "channels": [_channel_json(ch) for ch in plan.channels],
    }


def _channel_json(ch: ChannelPlan) -> dict[str, Any]:
    def cell(d: int, h: int) -> dict[str, Any]:
        return {"weekday": WEEKDAYS[d], "start": f"{h:02d}:00", "end": f"{h + 1:02d}:00",
                "arrivals_per_hour": round(ch.rates[d][h], 4)}

    return {
        "id": ch.channel, "capacity": ch.capacity, "contacts": ch.contacts,
        "handle_minutes": round(ch.handle_minutes, 2), "handle_source": "contractor" if ch.bands else "default",
        "heatmap": [list(row) for row in ch.heatmap],
        "open_hours": [list(row) for row in ch.open_hours],
        "slots": [_slot_json(s) for s in ch.slots],
        "suggestions": {"open": [cell(d, h) for d, h in ch.suggest_open],
                        "close": [cell(d, h) for d, h in ch.suggest_close]},
        "months": ch.months,
        "seasons": {k: round(v, 3) for k, v in ch.seasons.items()},
        "backtest": None if ch.backtest is None else {
            "weeks": ch.backtest.weeks, "hours": ch.backtest.hours,
            "model_mae": round(ch.backtest.model_mae, 4), "naive_mae": round(ch.backtest.naive_mae, 4)},
        "forecast": [{"start": f.start.isoformat(), "expected": round(f.expected, 3), "low": f.low, "high": f.high}
                     for f in ch.forecast],
    }


def _slot_json(s: SlotPlan) -> dict[str, Any]:
    return {
        "weekday": WEEKDAYS[s.weekday], "start": s.start, "end": s.end,
        "arrivals_per_hour": round(s.arrivals_per_hour, 4), "handle_minutes": round(s.handle_minutes, 2),
        "concurrency": s.concurrency, "counsellors": s.counsellors, "capacity": s.capacity,
        "answered_in_time": round(s.answered_in_time, 4), "abandoned": round(s.abandoned, 4),
        "utilisation": round(s.utilisation, 4), "utilisation_at_capacity": round(s.utilisation_at_capacity, 4),
        "expected_wait_min": round(s.expected_wait_min, 2), "staffing": s.staffing,
        "simulated_counsellors": s.simulated_counsellors,
        "simulated_answered_in_time": None if s.simulated_answered_in_time is None
        else round(s.simulated_answered_in_time, 4),
    }


def daily_forecast(hours: tuple[ForecastHour, ...]) -> list[tuple[dt.date, float, int, int]]:
    """The forecast summed per day: expected contacts and the 90% interval of the day's Poisson total."""
    per_day: dict[dt.date, float] = defaultdict(float)
    for f in hours:
        per_day[f.start.date()] += f.expected
    return [(day, rate, *interval(rate)) for day, rate in sorted(per_day.items())]


def simulation_gaps(ch: ChannelPlan) -> list[int]:
    """Per simulated slot, how many counsellors the simulation and Erlang-A differ by."""
    return [abs(s.simulated_counsellors - s.counsellors) for s in ch.slots if s.simulated_counsellors is not None]


def _simulated(plan: WardPlan) -> bool:
    """Whether the plan carries the simulation's figures (`tsunagu plan`; not the studio, not --no-simulation)."""
    return any(s.simulated_counsellors is not None for ch in plan.channels for s in ch.slots)


class _Document:
    """The plan as rows of labelled cells, shared by the Markdown, HTML and Excel writers."""

    def __init__(self, plan: WardPlan, ward: Ward, text: dict[str, Any], language: str) -> None:
        self.plan, self.ward, self.text, self.language = plan, ward, text, language
        self.days = date_format(language)
        o = plan.options
        self.title = text["title"].format(ward=ward.name.pick(language))
        self.lines = [
            text["period"].format(first=self.days.date_full(plan.first), last=self.days.date_full(plan.last)),
            text["settings"].format(target=f"{o.target * 100:g}", within=f"{o.answer_within:g}",
                                    concurrency=o.concurrency, handle=f"{o.handle_minutes:g}",
                                    patience=f"{o.patience_minutes:g}"),
            " ".join([text["definitions"].format(concurrency=o.concurrency)]
                     + ([text["definitions_simulated"]] if _simulated(plan) else [])),
        ]

    def channel_name(self, ch: ChannelPlan) -> str:
        return str(self.ward.channel(ch.channel).name.pick(self.language))

    def slot_rows(self, ch: ChannelPlan, as_text: bool = True) -> list[list[Any]]:
        """The staffing table's rows; shares as text percentages (Markdown, HTML) or numbers (the workbook)."""
        rows = []
        for s in ch.slots:
            hour = int(s.start[:2])
            values = {**_slot_json(s), "weekday": self.days.weekdays[s.weekday],
                      "slot": self.days.span(60 * hour, 60 * (hour + 1)), "staffing": self.text["staffing"][s.staffing]}
            if as_text:
                values |= {k: f"{100 * values[k]:.1f}%" for k in SHARES if values[k] is not None}
                values |= {"arrivals_per_hour": f"{s.arrivals_per_hour:.2f}",
                           "expected_wait_min": f"{s.expected_wait_min:.1f}"}
            rows.append([values[c] for c in COLUMNS])
        return rows

    def summary(self, ch: ChannelPlan) -> list[str]:
        t = self.text
        counts = {k: sum(1 for s in ch.slots if s.staffing == k) for k in ("over", "under", "ok")}
        lines = [t["contacts"].format(count=f"{ch.contacts:,}"), t["staffing_summary"].format(**counts)]
        if ch.bands:
            lines.append(t["handle_contractor"].format(minutes=f"{ch.handle_minutes:.0f}"))
        gaps = simulation_gaps(ch)
        if gaps:
            lines.append(t["simulation_gap"].format(within=sum(1 for g in gaps if g <= 1), slots=len(gaps),
                                                    gap=max(gaps)))
        if ch.backtest:
            lines.append(t["backtest"].format(weeks=ch.backtest.weeks, model=f"{ch.backtest.model_mae:.3f}",
                                              naive=f"{ch.backtest.naive_mae:.3f}"))
        else:
            lines.append(t["no_backtest"])
        return lines

    def suggestions(self, ch: ChannelPlan) -> list[str]:
        def spans(cells: tuple[tuple[int, int], ...]) -> str:
            """Hours of a weekday run together: Mon 0:00–17:00 / 22:00–24:00."""
            runs: list[tuple[int, int, int]] = []  # (weekday, first hour, end hour)
            for d, h in sorted(cells):
                if runs and runs[-1][0] == d and runs[-1][2] == h:
                    runs[-1] = (d, runs[-1][1], h + 1)
                else:
                    runs.append((d, h, h + 1))
            sep = self.days.strings["day_separator"]
            return sep.join(f"{self.days.weekdays[d]} " + " / ".join(self.days.span(60 * a, 60 * b)
                                                                    for day, a, b in runs if day == d)
                            for d in sorted({r[0] for r in runs}))

        out = []
        if ch.suggest_open:
            out.append(self.text["suggest_open"].format(slots=spans(ch.suggest_open)))
        if ch.suggest_close:
            out.append(self.text["suggest_close"].format(slots=spans(ch.suggest_close)))
        return out or [self.text["no_suggestions"]]

    def season_rows(self, ch: ChannelPlan) -> list[list[Any]]:
        return [[self.text["seasons"][k], round(v, 2)] for k, v in ch.seasons.items()]

    def forecast_rows(self, ch: ChannelPlan) -> list[list[Any]]:
        return [[self.days.date(day), round(rate, 1), f"{low}-{high}"]
                for day, rate, low, high in daily_forecast(ch.forecast)]

    def headers(self) -> list[str]:
        return [self.text["columns"][c] for c in COLUMNS]

    def markdown(self, charts: dict[str, Path], out: Path) -> str:
        t = self.text
        parts = [f"# {self.title}", "", *(f"{line}\n" for line in self.lines)]
        for ch in self.plan.channels:
            parts += [f"## {self.channel_name(ch)}", "", *(f"- {line}" for line in self.summary(ch)), "",
                      f"### {t['heatmap_heading']}", "",
                      f"![{t['heatmap_heading']}]({charts[ch.channel].relative_to(out).as_posix()})", "",
                      _md_table(["", *[str(h) for h in range(24)]],
                                [[self.days.weekdays[d], *[_mark(ch, d, h) for h in range(24)]] for d in range(7)]),
                      f"### {t['staffing_heading']}", "", _md_table(self.headers(), self.slot_rows(ch)),
                      f"### {t['suggestions_heading']}", "", *(f"- {s}" for s in self.suggestions(ch)), "",
                      f"### {t['seasonal_heading']}", "",
                      _md_table([t["month"], t["count"]], [[m, n] for m, n in ch.months.items()]),
                      *([_md_table([t["season"], t["per_day"]], self.season_rows(ch))] if ch.seasons else []),
                      f"### {t['forecast_heading']}", "",
                      _md_table(list(t["forecast_columns"].values()), self.forecast_rows(ch))]
        return "\n".join(parts)

    def html(self, charts: dict[str, Path]) -> str:
        t, e = self.text, html.escape
        body = [f"<h1>{e(self.title)}</h1>", *(f"<p>{e(line)}</p>" for line in self.lines)]
        for ch in self.plan.channels:
            png = base64.b64encode(charts[ch.channel].read_bytes()).decode()
            heat = [[self.days.weekdays[d], *[_Cell(ch.heatmap[d][h], not ch.open_hours[d][h]) for h in range(24)]]
                    for d in range(7)]
            body += [f"<h2>{e(self.channel_name(ch))}</h2>",
                     "<ul>" + "".join(f"<li>{e(s)}</li>" for s in self.summary(ch)) + "</ul>",
                     f"<h3>{e(t['heatmap_heading'])}</h3>",
                     f'<img alt="{e(t["heatmap_heading"])}" src="data:image/png;base64,{png}">',
                     _html_table(["", *[str(h) for h in range(24)]], heat),
                     f"<h3>{e(t['staffing_heading'])}</h3>", _html_table(self.headers(), self.slot_rows(ch)),
                     f"<h3>{e(t['suggestions_heading'])}</h3>",
                     "<ul>" + "".join(f"<li>{e(s)}</li>" for s in self.suggestions(ch)) + "</ul>",
                     f"<h3>{e(t['seasonal_heading'])}</h3>",
                     _html_table([t["month"], t["count"]], [[m, n] for m, n in ch.months.items()]),
                     _html_table([t["season"], t["per_day"]], self.season_rows(ch)) if ch.seasons else "",
                     f"<h3>{e(t['forecast_heading'])}</h3>",
                     _html_table(list(t["forecast_columns"].values()), self.forecast_rows(ch))]
        style = ("body{font-family:sans-serif;max-width:80em;margin:1em auto;padding:0 1em}"
                 "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 6px;"
                 "text-align:right}td.closed{background:#ddd}img{max-width:100%}")
        return (f'<!doctype html><html lang="{e(self.language)}"><head><meta charset="utf-8">'
                f"<title>{e(self.title)}</title><style>{style}</style></head><body>{''.join(body)}</body></html>\n")

    def xlsx(self, path: Path) -> Path:
        t = self.text
        book = Workbook()
        sheet = book.active
        sheet.title = t["sheets"]["staffing"]
        sheet.append([self.title])
        sheet["A1"].font = Font(bold=True, size=14)
        for line in self.lines[:2]:
            sheet.append([line])
        for ch in self.plan.channels:
            sheet.append([])
            sheet.append([self.channel_name(ch)])
            for line in self.summary(ch) + self.suggestions(ch):
                sheet.append([line])
            sheet.append(self.headers())
            for row in self.slot_rows(ch, as_text=False):
                sheet.append(row)
                for col, name in enumerate(COLUMNS, start=1):
                    if name in SHARES:
                        sheet.cell(sheet.max_row, col).number_format = "0.0%"
        heat = book.create_sheet(t["sheets"]["heatmap"])
        for ch in self.plan.channels:
            heat.append([self.channel_name(ch)])
            heat.append(["", *range(24)])
            for d in range(7):
                heat.append([self.days.weekdays[d], *ch.heatmap[d]])
                for h in range(24):
                    if not ch.open_hours[d][h]:
                        heat.cell(heat.max_row, h + 2).fill = CLOSED_FILL
            heat.append([])
        ahead = book.create_sheet(t["sheets"]["forecast"])
        for ch in self.plan.channels:
            ahead.append([self.channel_name(ch)])
            ahead.append(list(t["forecast_columns"].values()))
            for row in self.forecast_rows(ch):
                ahead.append(row)
            ahead.append([])
        book.save(path)
        return path


class _Cell:
    """A heatmap count, shaded in HTML when the hour was closed."""

    def __init__(self, value: int, closed: bool) -> None:
        self.value, self.closed = value, closed


def _mark(ch: ChannelPlan, d: int, h: int) -> str:
    """A Markdown heatmap cell: closed hours in parentheses (Markdown cannot shade)."""
    n = f"{ch.heatmap[d][h]:,}"
    return n if ch.open_hours[d][h] else f"({n})"


def _md_table(headers: list[str], rows: list[list[Any]]) -> str:
    def fmt(v: Any) -> str:
        if v is None:
            return ""
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _html_table(headers: list[str], rows: list[list[Any]]) -> str:
    e = html.escape
    out = ["<table><thead><tr>", *(f"<th>{e(h)}</th>" for h in headers), "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>")
        for v in row:
            if isinstance(v, _Cell):
                out.append(f'<td class="closed">{v.value:,}</td>' if v.closed else f"<td>{v.value:,}</td>")
            else:
                out.append(f"<td>{'' if v is None else e(f'{v:.3f}' if isinstance(v, float) else str(v))}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
