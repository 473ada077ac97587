"""Who may use the studio: one person at the machine, who opened the URL with the one-time token.

The studio listens on 127.0.0.1, but a web page in any browser tab can still send requests there, and a
DNS name rebound to 127.0.0.1 can still read answers. So: a Host other than 127.0.0.1:PORT or
localhost:PORT is refused (DNS rebinding); every page but the login needs the session cookie, which is
HttpOnly and SameSite=Strict (no other site's page sends it); every form carries a CSRF token bound to
the session; and every response forbids scripts, frames from elsewhere and any third-party request.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "tsunagu_studio"
# Everything the studio shows it serves itself: its stylesheet, its images, its own preview pages.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
       "frame-ancestors 'self'; form-action 'self'; base-uri 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "Cache-Control": "no-store", "Cross-Origin-Resource-Policy": "same-origin"}
OPEN_PATHS = ("/login", "/static/")


class Access:
    """The login token (spent on first use) and the sessions it opened, each with its CSRF token."""

    def __init__(self, port: int, token: str | None = None) -> None:
        self.port = port
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self._token: str | None = token or secrets.token_urlsafe(32)
        self._sessions: dict[str, str] = {}

    def login_url(self) -> str:
        """The URL to print; it works once."""
        return f"http://127.0.0.1:{self.port}/login?token={self._token}"

    def spend(self, token: str) -> str | None:
        """A new session id for the right token, once; None otherwise."""
        if self._token is None or not hmac.compare_digest(token.encode(), self._token.encode()):
            return None
        self._token = None
        session = secrets.token_urlsafe(32)
        self._sessions[session] = secrets.token_urlsafe(32)
        return session

    def csrf(self, request: Request) -> str:
        """The CSRF token of the request's session (every form carries it)."""
        return self._sessions.get(request.cookies.get(SESSION_COOKIE, ""), "")

    def signed_in(self, request: Request) -> bool:
        """True when the request carries a live session cookie."""
        return request.cookies.get(SESSION_COOKIE, "") in self._sessions

    async def form(self, request: Request) -> FormData:
        """The posted form, once its CSRF token matches the session's; 403 otherwise."""
        form = await request.form()
        sent, expected = str(form.get("csrf", "")), self.csrf(request)
        if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            raise HTTPException(403, "csrf")
        return form


def guard(access: Access, refuse: Callable[[Request, int, str], Response]
          ) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """The middleware: Host check, then the session (except the login and the stylesheet), then headers."""

    async def dispatch(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.headers.get("host", "") not in access.hosts:
            response = refuse(request, 403, "refused_host")
        elif not access.signed_in(request) and not request.url.path.startswith(OPEN_PATHS):
            response = refuse(request, 403, "signed_out")
        else:
            response = await call_next(request)
        response.headers.update(HEADERS)
        return response

    return dispatch
