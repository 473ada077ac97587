"""A page that builds a maker's files for a ward and a period (Report, Plan): the form, the files built
under the studio's work folder, the HTML shown inline and the rest to download."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from tsunagu.domain.config import Ward
from tsunagu.domain.kpi import Month

if TYPE_CHECKING:
    from pathlib import Path

    from tsunagu.entry.studio.app import Studio

Build = Callable[["Studio", Ward, Month, Month, str, "Path"], None]  # writes the files into the folder given


def period_routes(studio: Studio, name: str, files: dict[str, str], build: Build,
                  default_last: Callable[[dt.date], Month], default_first: Callable[[Month], Month]) -> list[Route]:
    """GET /{name} (the form; the files once a ward is chosen) and GET /{name}/{ward}/{first}/{last}/{file}.

    Without a period, the last month is `default_last(today)` and the first `default_first(last)`.
    """

    def period(request: Request) -> tuple[Month, Month]:
        try:
            last = Month.parse(request.query_params.get("to") or request.path_params.get("last")
                               or str(default_last(studio.now().date())))
            first = Month.parse(request.query_params.get("from") or request.path_params.get("first")
                                or str(default_first(last)))
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        return first, last

    def folder(ward: str, first: Month, last: Month) -> Path:
        return studio.builds.work / name / ward / f"{first}_{last}"

    async def index(request: Request) -> Response:
        programs = studio.programs()
        ward_id = request.query_params.get("ward") or programs.wards[0].id
        first, last = period(request)
        problem, built = "", False
        if first > last:
            problem = f"--from {first} is after --to {last}; give the first month first"
        elif "ward" in request.query_params:
            try:
                ward = programs.ward(ward_id)
            except KeyError:
                raise HTTPException(404, "no such ward") from None
            build(studio, ward, first, last, studio.language(request), folder(ward.id, first, last))
            built = True
        return studio.render(request, f"{name}.html", wards=programs.wards, ward=ward_id, first=str(first),
                             last=str(last), built=built, problem=problem, files=files)

    async def built_file(request: Request) -> Response:
        file = request.path_params["file"]
        first, last = period(request)
        found = folder(request.path_params["ward"], first, last) / file
        if file not in files or not found.is_file():
            raise HTTPException(404, f"no such {name} file")
        disposition = "inline" if file.endswith(".html") else "attachment"
        return FileResponse(found, media_type=files[file],
                            headers={"Content-Disposition": f'{disposition}; filename="{file}"'})

    return [Route(f"/{name}", index), Route(f"/{name}/{{ward}}/{{first}}/{{last}}/{{file}}", built_file)]
