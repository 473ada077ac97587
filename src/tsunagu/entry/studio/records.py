"""Report and Log: the KPI report for a chosen period (HTML inline, xlsx and csv to download), built by the
report maker as `tsunagu report` builds it, and forms for `tsunagu log` and `tsunagu handoff log` (the same
checks, the same messages, counts only)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tsunagu.domain.activities import check_activity, check_outcome
from tsunagu.domain.config import Ward
from tsunagu.domain.errors import TsunaguError
from tsunagu.domain.kpi import Month
from tsunagu.domain.vocabulary import HANDOFF_KINDS
from tsunagu.entry.studio.periodpage import period_routes
from tsunagu.services.reporting import ward_report

if TYPE_CHECKING:
    from tsunagu.entry.studio.app import Studio

FILES = {"report.html": "text/html; charset=utf-8", "report.csv": "text/csv; charset=utf-8",
         "report.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def routes(studio: Studio) -> list[Route]:
    """GET /report, /report/{ward}/{first}/{last}/{file}; GET /log, POST /log/activity and /log/handoff."""

    def show_log(request: Request, form: dict | None = None, problem: str = "", done: str = "",
                 status: int = 200) -> Response:
        programs = studio.programs()
        return studio.render(request, "log.html", status=status, form=form or {}, problem=problem, done=done,
                             wards=programs.wards, channels=programs.channels, kinds=HANDOFF_KINDS,
                             today=studio.now().date().isoformat())

    async def log_page(request: Request) -> Response:
        return show_log(request)

    async def log_activity(request: Request) -> Response:
        form = {k: str(v) for k, v in (await studio.access.form(request)).items()}
        try:
            ward = studio.programs().ward(form.get("ward", ""))
        except KeyError:
            return show_log(request, form, f"unknown ward {form.get('ward', '')!r}", status=422)
        counts = [c.strip() for c in form.get("count", "").split(",") if c.strip()]
        try:
            entries = check_activity(ward, form.get("activity", ""), form.get("item") or None, form.get("date", ""),
                                     counts, studio.now().date())
        except TsunaguError as exc:
            return show_log(request, form, str(exc), status=422)
        store = studio.wiring.store()
        for entry in entries:
            store.add_activity(entry)
        done = ", ".join(f"{e.count} {e.measure}" for e in entries) + f" — {ward.id} {entries[0].activity}"
        return show_log(request, done=done)

    async def log_handoff(request: Request) -> Response:
        form = {k: str(v) for k, v in (await studio.access.form(request)).items()}
        try:
            outcome = check_outcome(studio.programs(), form.get("channel", ""), form.get("kind", ""),
                                    form.get("partner", ""), form.get("date", ""), form.get("count") or "1",
                                    studio.now().date())
        except TsunaguError as exc:
            return show_log(request, form, str(exc), status=422)
        studio.wiring.store().add_outcome(outcome)
        return show_log(request, done=f"{outcome.count} {outcome.kind} — {outcome.channel} {outcome.day}")

    # As `tsunagu report` defaults: April of the fiscal year to this month.
    return [*period_routes(studio, "report", FILES, _build, Month.of,
                           lambda last: Month(last.year if last.month >= 4 else last.year - 1, 4)),
            Route("/log", log_page), Route("/log/activity", log_activity, methods=["POST"]),
            Route("/log/handoff", log_handoff, methods=["POST"])]


def _build(studio: Studio, ward: Ward, first: Month, last: Month, language: str, out: Path) -> None:
    """Write the staff version of the report (small counts shown, as `tsunagu report` without --public)."""
    from tsunagu.entry.commands.report import staffing_for
    from tsunagu.makers.report import build_tables, write_report

    store = studio.wiring.store()
    figures = ward_report(store, ward, first, last, studio.now().date())
    tables = build_tables(figures, ward, language, staffing=staffing_for(store, ward, first, last))
    write_report(tables, ward, str(first), str(last), out, language)
