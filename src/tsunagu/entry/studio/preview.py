"""Preview and Print: the ward's portal page in each language (built by `tsunagu site`'s code, shown in a
frame from the studio's own origin), every print item's preview, the rich menus, and the print kit as a zip."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from tsunagu.domain.config import Ward
from tsunagu.entry.studio.builds import page_path, zip_folder

if TYPE_CHECKING:
    from tsunagu.entry.studio.app import Studio

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.png$")


def routes(studio: Studio) -> list[Route]:
    """GET /preview, /preview/{ward}, its images, and /print/{ward}.zip."""

    def ward_of(request: Request) -> Ward:
        try:
            return studio.programs().ward(request.path_params["ward"])
        except KeyError:
            raise HTTPException(404, "no such ward") from None

    async def index(request: Request) -> Response:
        return studio.render(request, "preview_index.html", wards=studio.programs().wards)

    async def ward_page(request: Request) -> Response:
        ward = ward_of(request)
        programs, stamp = studio.programs(), studio.stamp()
        studio.builds.site(stamp)
        kit = studio.builds.print_kit(programs, ward, stamp)
        for channel in ward.channels:
            studio.builds.richmenu(programs, channel.id, stamp)
        items = sorted(p.name for p in kit.glob("*.png"))
        pages = [(lang, f"/site/{page_path(ward.id, lang)}") for lang in ward.languages]
        return studio.render(request, "preview.html", ward=ward, pages=pages, items=items)

    async def print_image(request: Request) -> Response:
        ward, name = ward_of(request), request.path_params["name"]
        path = studio.builds.work / "print" / ward.id / name
        if not _NAME.match(name) or not path.is_file():
            raise HTTPException(404, "no such preview")
        return FileResponse(path, media_type="image/png")

    async def menu_image(request: Request) -> Response:
        channel = request.path_params["channel"]
        if channel not in {c.id for c in studio.programs().channels}:
            raise HTTPException(404, "no such channel")
        return FileResponse(studio.builds.richmenu(studio.programs(), channel, studio.stamp()), media_type="image/png")

    async def print_zip(request: Request) -> Response:
        ward = ward_of(request)
        kit = studio.builds.print_kit(studio.programs(), ward, studio.stamp())
        return Response(zip_folder(kit), media_type="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{ward.id}-print-kit.zip"'})

    return [Route("/preview", index), Route("/preview/{ward}", ward_page),
            Route("/preview/{ward}/print/{name}", print_image),
            Route("/preview/richmenu/{channel}.png", menu_image),
            Route("/print/{ward}.zip", print_zip)]
