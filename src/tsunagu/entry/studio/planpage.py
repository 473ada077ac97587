"""Plan: `tsunagu plan` in the studio (issue 24): when people write, the counsellors each open hour needs, and
suggestions for the hours, for a chosen ward and period; plan.html inline, the other files to download.

Erlang-A only here (the page answers in seconds); `tsunagu plan` also checks each slot by simulation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.routing import Route

from tsunagu.domain.config import Ward
from tsunagu.domain.kpi import Month
from tsunagu.entry.studio.periodpage import period_routes

if TYPE_CHECKING:
    from tsunagu.entry.studio.app import Studio

FILES = {"plan.html": "text/html; charset=utf-8", "plan.xlsx":
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "plan.json": "application/json", "plan.md": "text/markdown; charset=utf-8"}


def routes(studio: Studio) -> list[Route]:
    """GET /plan (the form, and the plan once a ward is chosen) and /plan/{ward}/{first}/{last}/{file}."""
    # As `tsunagu plan` defaults: the twelve whole months before this one.
    return period_routes(studio, "plan", FILES, _build,
                         lambda today: Month.of(Month.of(today).first - dt.timedelta(days=1)),
                         lambda last: Month(last.year - 1, last.month).next())


def _build(studio: Studio, ward: Ward, first: Month, last: Month, language: str, out: Path) -> None:
    """Write the plan's files as `tsunagu plan --no-simulation` would (the same maker, the same files)."""
    from tsunagu.makers.plan.build import plan_ward, read_contractor, read_records
    from tsunagu.makers.plan.options import DEFAULTS
    from tsunagu.makers.plan.writer import write_plan

    store = studio.wiring.store()
    plan = plan_ward(ward, read_records(store, ward, first.first, last.last), first.first, last.last,
                     replace(DEFAULTS, simulate=False), reported=read_contractor(store, ward, first.first, last.last))
    write_plan(plan, ward, out, language)
