"""The studio's Starlette app: routes, templates in the staff's language, errors mapped in one place."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from tsunagu.catalog import section
from tsunagu.domain.config import Programs
from tsunagu.domain.errors import ConfigError
from tsunagu.domain.schedule import JST
from tsunagu.entry.studio import opspage, planpage, preview, programme, publish, records, today
from tsunagu.entry.studio.access import SESSION_COOKIE, Access, guard
from tsunagu.entry.studio.builds import Builds
from tsunagu.makers.sources.programs import load_programs
from tsunagu.wiring import Wiring

LANGUAGES = ("ja", "en")
LANG_COOKIE = "tsunagu_studio_lang"


class Studio:
    """What every page needs: the wiring (store, publisher, notifier), the programme folder, the clock."""

    def __init__(self, wiring: Wiring, programs_dir: Path, access: Access,
                 now: Callable[[], dt.datetime] | None = None, work: Path = Path("build/studio")) -> None:
        self.wiring = wiring
        self.programs_dir = programs_dir
        self.builds = Builds(work, programs_dir)
        self.access = access
        self.now = now or (lambda: dt.datetime.now(JST))
        self._programs: tuple[tuple[tuple[str, int], ...], Programs] | None = None
        self.templates = Environment(loader=PackageLoader("tsunagu.entry.studio", "templates"),
                                     autoescape=select_autoescape(default=True), trim_blocks=True,
                                     lstrip_blocks=True)

    def stamp(self) -> tuple[tuple[str, int], ...]:
        """Which programme files there are and when each last changed (builds are kept until this moves)."""
        return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(self.programs_dir.glob("*.yml")))

    def programs(self) -> Programs:
        """The programme files as they are now (read again after any file changes; ConfigError if invalid)."""
        stamp = self.stamp()
        if self._programs is None or self._programs[0] != stamp:
            self._programs = (stamp, load_programs(self.programs_dir))
        return self._programs[1]

    def language(self, request: Request) -> str:
        """The staff member's chosen language (Japanese unless English was chosen)."""
        lang = request.cookies.get(LANG_COOKIE, "ja")
        return lang if lang in LANGUAGES else "ja"

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A page in the staff's language, with the session's CSRF token for its forms."""
        lang = self.language(request)
        strings = section(lang, "studio")
        html = self.templates.get_template(template).render(
            t=functools.partial(_lookup, strings), lang=lang, csrf=self.access.csrf(request),
            path=request.url.path, **context)
        return HTMLResponse(html, status_code=status)


def _lookup(strings: dict[str, Any], key: str, **values: object) -> str:
    node: Any = strings
    for part in key.split("."):
        node = node[part]
    return str(node).format(**values) if values else str(node)


def create_app(studio: Studio) -> Starlette:
    """The studio as an ASGI app."""
    access = studio.access

    def refuse(request: Request, status: int, key: str) -> Response:
        return studio.render(request, "refused.html", status=status, message_key=key)

    async def login(request: Request) -> Response:
        session = access.spend(request.query_params.get("token", ""))
        if session is None:
            return refuse(request, 403, "signed_out")
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", path="/")
        return response

    async def language(request: Request) -> Response:
        lang = request.path_params["lang"]
        target = request.query_params.get("next", "/")
        if not target.startswith("/") or target.startswith("//"):
            target = "/"
        response = RedirectResponse(target, status_code=303)
        if lang in LANGUAGES:
            response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="strict", path="/")
        return response

    async def config_error(request: Request, exc: Exception) -> Response:
        # A programme file broken outside the studio: say what `tsunagu check` says, and let staff fix it here.
        assert isinstance(exc, ConfigError)
        files = sorted({Path(p.file).stem for p in exc.problems if Path(p.file).suffix == ".yml"})
        return studio.render(request, "broken.html", status=422, problems=exc.problems, files=files)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 403 and exc.detail == "csrf":
            return refuse(request, 403, "refused_csrf")
        return PlainTextResponse(str(exc.detail), status_code=exc.status_code)

    routes = [
        Route("/login", login),
        Route("/lang/{lang}", language),
        Route("/", today.page(studio)),
        *opspage.routes(studio),
        *programme.routes(studio),
        *preview.routes(studio),
        *publish.routes(studio),
        *records.routes(studio),
        *planpage.routes(studio),
        # The portal as `tsunagu site` builds it, from the studio's own origin (the preview frames).
        Mount("/site", StaticFiles(directory=studio.builds.work / "site", html=True, check_dir=False), name="site"),
        Mount("/static", StaticFiles(packages=[("tsunagu.entry.studio", "static")]), name="static"),
    ]
    return Starlette(routes=routes, middleware=[Middleware(BaseHTTPMiddleware, dispatch=guard(access, refuse))],
                     exception_handlers={HTTPException: http_error, ConfigError: config_error})
