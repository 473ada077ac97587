"""`tsunagu serve`: the built site and the LINE intake on one origin on 127.0.0.1, on the embedded default.

The intake is the Chalice app in functions/app.py, run through Chalice's local API Gateway emulation,
so the routes a person tries here are the ones deployed. Without TSUNAGU_LINE_API a local LINE
stand-in answers the replies and writes them to build/line-outbox.jsonl. Request logs carry the
method, path and status only: never the client address.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from socketserver import ThreadingMixIn
from types import ModuleType
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from tsunagu.domain.errors import AppNotFoundError
from tsunagu.entry.commands import Subcommands
from tsunagu.ports.publisher import content_type
from tsunagu.settings import Settings
from tsunagu.wiring import Wiring

if TYPE_CHECKING:  # chalice is imported when serving starts: the CLI loads every command module
    from chalice import Chalice

DEFAULT_PORT = 8000
OUTBOX = Path("build/line-outbox.jsonl")
# Read at most this much of a request body: the intake answers 413 beyond 1 MiB anyway.
READ_LIMIT = 1024 * 1024 + 1
INTAKE_PREFIXES = ("/callback/", "/scan/")
STANDIN_KEEP = 1000
APP = Path("functions/app.py")


def register(sub: Subcommands) -> None:
    """Add `serve` to the command line."""
    p = sub.add_parser("serve", help="serve the built site and the LINE intake on 127.0.0.1")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})")
    p.add_argument("--site", type=Path, default=Path("build/site"), help="built site folder (default build/site)")
    p.add_argument("--app", type=Path, default=APP, help=f"the Chalice app to run (default {APP})")
    p.set_defaults(run=run)


def load_chalice_app(path: Path = APP) -> ModuleType:
    """Import the Chalice app module (functions/app.py of the checkout) and return it."""
    if not path.is_file():
        raise AppNotFoundError(f"{path}: the Chalice app is not here; run tsunagu serve from the repository "
                                "folder or give its functions/app.py with --app")
    spec = importlib.util.spec_from_file_location("tsunagu_functions_app", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_wsgi_app(chalice_app: Chalice, site: Path) -> Callable:
    """A WSGI app: /callback/ and /scan/ go to the Chalice app, everything else is the static site."""
    from chalice.config import Config
    from chalice.local import ForbiddenError, LocalGateway

    gateway = LocalGateway(chalice_app, Config())
    # One request at a time through the app, as one Lambda container takes them: Chalice keeps the
    # request in one attribute (`app.current_request`), so two threads inside it at once could each
    # read the other's; the soak bench saw a webhook processed twice and another one never, both 200.
    one_at_a_time = threading.Lock()

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        method = environ["REQUEST_METHOD"]
        if not path.startswith(INTAKE_PREFIXES):
            return _static(site, path, method, start_response)
        if environ.get("HTTP_TRANSFER_ENCODING"):
            # wsgiref does not decode chunked bodies; LINE always sends Content-Length.
            return _plain(start_response, 411, b"length required: send Content-Length, not chunks")
        length = _content_length(environ.get("CONTENT_LENGTH"))
        if length is None:
            return _plain(start_response, 400, b"bad Content-Length")
        body = environ["wsgi.input"].read(min(length, READ_LIMIT)) if length else b""
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        try:
            with one_at_a_time:
                res = gateway.handle_request(method, path, headers, body)
        except ForbiddenError:
            return _plain(start_response, 404, b"not found")
        out = res.get("body") or b""
        if isinstance(out, str):
            out = out.encode("utf-8")
        if res.get("isBase64Encoded"):
            import base64

            out = base64.b64decode(out)
        sent = [(k, v) for k, v in (res.get("headers") or {}).items() if k.lower() != "content-length"]
        start_response(_status(res["statusCode"]), [*sent, ("Content-Length", str(len(out)))])
        return [out]

    return app


def _content_length(value: str | None) -> int | None:
    """The request's Content-Length (0 when absent), or None when it is not a plain decimal number."""
    if not value:
        return 0
    # int() would accept "-5", " 5", "+5" and "5_0"; a negative length would read until the client hangs up.
    return int(value) if value.isascii() and value.isdigit() else None


def _static(site: Path, path: str, method: str, start_response: Callable) -> Iterable[bytes]:
    if method not in ("GET", "HEAD"):
        return _plain(start_response, 405, b"method not allowed")
    root = site.resolve()
    target = (root / path.lstrip("/")).resolve()
    if not target.is_relative_to(root):
        return _plain(start_response, 404, b"not found")
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return _plain(start_response, 404, b"not found (run 'tsunagu site' to build the site)")
    data = target.read_bytes()
    start_response("200 OK", [("Content-Type", content_type(target.name)), ("Content-Length", str(len(data)))])
    return [b"" if method == "HEAD" else data]


def _plain(start_response: Callable, status: int, text: bytes) -> list[bytes]:
    start_response(_status(status), [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(text)))])
    return [text]


def _status(code: int) -> str:
    from http import HTTPStatus

    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Status"


class ThreadingServer(ThreadingMixIn, WSGIServer):
    """One thread per request, like concurrent Lambda invocations."""

    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    """Logs method, path and status; never the client address."""

    disable_nagle_algorithm = True  # small responses in two writes would wait on delayed ACKs
    timeout = 10  # seconds a silent client may hold its thread (a body shorter than its Content-Length)
    quiet = False

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per request without the client address."""
        if not self.quiet:
            print(f"{self.command} {self.path.split('?', 1)[0]} {code}", file=sys.stderr, flush=True)

    def log_message(self, format: str, *args: Any) -> None:
        """Errors without the client address."""
        print(format % args, file=sys.stderr, flush=True)


def serve(settings: Settings, port: int, site: Path, app: Path = APP) -> None:
    """Serve until interrupted."""
    standin = None
    if settings.line_api == Settings().line_api:  # LINE's own host was not chosen: answer locally
        from tsunagu.adapters.standin.line import LineStandIn

        # It runs as long as serve does: remember only the latest requests (the outbox keeps them all).
        standin = LineStandIn(outbox=OUTBOX, keep=STANDIN_KEEP).start()
        settings = replace(settings, line_api=standin.url, line_data_api=standin.url)
    QuietHandler.quiet = settings.serve_quiet
    module = load_chalice_app(app)
    # The programme files as they are now, not a programs.json compiled earlier for packaging.
    module.use(Wiring(settings, programs_path=settings.programs_path()))
    server = make_server("127.0.0.1", port, make_wsgi_app(module.app, site), server_class=ThreadingServer,
                         handler_class=QuietHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"Site:   {url}/  (from {site})")
    print(f"Intake: {url}/callback/<channel>  and  {url}/scan/<placement>")
    if standin is not None:
        print(f"LINE:   local stand-in at {standin.url}; replies are written to {OUTBOX}")
    print("Ctrl-C stops.", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        if standin is not None:
            standin.stop()


def run(args: argparse.Namespace) -> int:
    """Serve the site and the intake on 127.0.0.1."""
    try:
        serve(args.wiring.settings, args.port, args.site, args.app)
    except KeyboardInterrupt:
        print("stopped")
    return 0
