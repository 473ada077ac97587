"""Plan: `tsunagu plan` in the studio (issue 24): when people write, the counsellors each open hour needs, and
suggestions for the hours, for a chosen ward and period; plan.html inline, the other files to download.

Erlang-A only here (the page answers in seconds); `tsunagu plan` also checks each slot by simulation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from tsunagu.domain.config import Ward
from tsunagu.domain.kpi import Month

if TYPE_CHECKING:
    from tsunagu.entry.studio.app import Studio

FILES = {"plan.html": "text/html; charset=utf-8", "plan.xlsx":
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "plan.json": "application/json", "plan.md": "text/markdown; charset=utf-8"}


def routes(studio: Studio) -> list[Route]:
    """GET /plan (the form, and the plan once a ward is chosen) and /plan/{ward}/{first}/{last}/{file}."""

    def period(request: Request) -> tuple[Month, Month]:
        today = studio.now().date()
        default_last = Month.of(Month.of(today).first - dt.timedelta(days=1))  # the last whole month, as the CLI
        try:
            last = Month.parse(request.query_params.get("to") or request.path_params.get("last") or str(default_last))
            first = Month.parse(request.query_params.get("from") or request.path_params.get("first")
                                or str(Month(last.year - 1, last.month).next()))
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        return first, last

    async def index(request: Request) -> Response:
        programs = studio.programs()
        ward_id = request.query_params.get("ward") or programs.wards[0].id
        first, last = period(request)
        problem, built = "", False
        if first > last:
            problem = f"--from {first} is after --to {last}; give the first month first"
        elif "ward" in request.query_params:
            try:
                _build(studio, programs.ward(ward_id), first, last, studio.language(request))
                built = True
            except KeyError:
                raise HTTPException(404, "no such ward") from None
        return studio.render(request, "plan.html", wards=programs.wards, ward=ward_id, first=str(first),
                             last=str(last), built=built, problem=problem, files=FILES)

    async def plan_file(request: Request) -> Response:
        name = request.path_params["file"]
        first, last = period(request)
        folder = studio.builds.work / "plan" / request.path_params["ward"] / f"{first}_{last}"
        if name not in FILES or not (folder / name).is_file():
            raise HTTPException(404, "no such plan file")
        disposition = "inline" if name.endswith(".html") else "attachment"
        return FileResponse(folder / name, media_type=FILES[name],
                            headers={"Content-Disposition": f'{disposition}; filename="{name}"'})

    return [Route("/plan", index), Route("/plan/{ward}/{first}/{last}/{file}", plan_file)]


def _build(studio: Studio, ward: Ward, first: Month, last: Month, language: str) -> None:
    """Write the plan's files as `tsunagu plan --no-simulation` would (the same maker, the same files)."""
    from tsunagu.makers.plan.build import plan_ward, read_contractor, read_records
    from tsunagu.makers.plan.options import DEFAULTS
    from tsunagu.makers.plan.writer import write_plan

    store = studio.wiring.store()
    out = studio.builds.work / "plan" / ward.id / f"{first}_{last}"
    plan = plan_ward(ward, read_records(store, ward, first.first, last.last), first.first, last.last,
                     replace(DEFAULTS, simulate=False), reported=read_contractor(store, ward, first.first, last.last))
    write_plan(plan, ward, out, language)
