"""`tsunagu serve`: the built site and the LINE intake on one origin on 127.0.0.1, on the embedded default.

The intake is the Chalice app in functions/app.py, run through Chalice's local API Gateway emulation,
so the routes a person tries here are the ones deployed. Without TSUNAGU_LINE_API a local LINE
stand-in answers the replies and writes them to build/line-outbox.jsonl. The server bounds its
connections and gives each request one deadline (`tsunagu.entry.serving.connections`); copies of the
app serve webhooks and scans side by side (`tsunagu.entry.serving.apps`). Request logs carry the
method, path and status only: never the client address.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING
from wsgiref.simple_server import make_server

from tsunagu.entry.commands import Subcommands
from tsunagu.entry.serving.apps import AppPool, AppsBusy, load_chalice_app
from tsunagu.entry.serving.connections import BoundedServer, DeadlineHandler
from tsunagu.ports.publisher import content_type
from tsunagu.settings import Settings
from tsunagu.wiring import Wiring

if TYPE_CHECKING:  # chalice is imported when serving starts: the CLI loads every command module
    from chalice import Chalice

    from tsunagu.adapters.standin.console import ConsoleStandIn

DEFAULT_PORT = 8000
OUTBOX = Path("build/line-outbox.jsonl")
# Read at most this much of a request body: the intake answers 413 beyond 1 MiB anyway.
READ_LIMIT = 1024 * 1024 + 1
INTAKE_PREFIXES = ("/callback/", "/scan/")
STANDIN_KEEP = 1000
APP = Path("functions/app.py")
# Copies of the app: webhooks (LINE sends a channel's at once after an outage) and scans, kept apart.
WEBHOOK_APPS = 16
SCAN_APPS = 4
# Routes answer these methods; anything else on an intake path is 405 (OPTIONS included: no CORS preflight).
INTAKE_METHODS = {"/callback/": ("POST",), "/scan/": ("POST",)}


def register(sub: Subcommands) -> None:
    """Add `serve` to the command line."""
    p = sub.add_parser("serve", help="serve the built site and the LINE intake on 127.0.0.1")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})")
    p.add_argument("--site", type=Path, default=Path("build/site"), help="built site folder (default build/site)")
    p.add_argument("--app", type=Path, default=APP, help=f"the Chalice app to run (default {APP})")
    p.set_defaults(run=run)


def make_wsgi_app(apps: Chalice | tuple[AppPool, AppPool], site: Path) -> Callable:
    """A WSGI app: /callback/ and /scan/ go to the Chalice app (webhook and scan copies), the rest is the site."""
    if isinstance(apps, tuple):
        webhooks, scans = apps
    else:  # one app (tests): every request takes turns on it
        webhooks = scans = AppPool([apps])

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        method = environ["REQUEST_METHOD"]
        if "\x00" in path:
            return _plain(start_response, 400, b"bad path")
        if not path.startswith(INTAKE_PREFIXES):
            return _static(site, path, method, start_response)
        prefix = next(p for p in INTAKE_PREFIXES if path.startswith(p))
        if method not in INTAKE_METHODS[prefix]:
            return _plain(start_response, 405, b"method not allowed", [("Allow", ", ".join(INTAKE_METHODS[prefix]))])
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
        from chalice.local import ForbiddenError

        try:
            with (scans if prefix == "/scan/" else webhooks).gateway() as gateway:
                res = gateway.handle_request(method, path, headers, body)
        except ForbiddenError:
            return _plain(start_response, 404, b"not found")
        except AppsBusy:
            return _plain(start_response, 503, b"busy; retry", [("Retry-After", "1")])
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
        if not path.endswith("/"):  # /kita -> /kita/: the page's relative links need the slash
            return _plain(start_response, 301, b"moved", [("Location", path + "/")])
        target = target / "index.html"
    if not target.is_file():
        return _plain(start_response, 404, b"not found (run 'tsunagu site' to build the site)")
    data = target.read_bytes()
    start_response("200 OK", [("Content-Type", content_type(target.name)), ("Content-Length", str(len(data)))])
    return [b"" if method == "HEAD" else data]


def _plain(start_response: Callable, status: int, text: bytes,
           headers: list[tuple[str, str]] | None = None) -> list[bytes]:
    start_response(_status(status), [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(text))),
                                     *(headers or [])])
    return [text]


def _status(code: int) -> str:
    from http import HTTPStatus

    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} Status"


def serve(settings: Settings, port: int, site: Path, app: Path = APP) -> None:
    """Serve until interrupted."""
    standin = None
    if settings.line_api == Settings().line_api:  # LINE's own host was not chosen: answer locally
        from tsunagu.adapters.standin.line import LineStandIn

        # It runs as long as serve does: remember only the latest requests (the outbox keeps them all).
        standin = LineStandIn(outbox=OUTBOX, keep=STANDIN_KEEP).start()
        settings = replace(settings, line_api=standin.url, line_data_api=standin.url)
    DeadlineHandler.quiet = settings.serve_quiet
    # The programme files as they are now, not a programs.json compiled earlier for packaging; one wiring
    # (store, LINE client, queues) shared by every copy of the app.
    wiring = Wiring(settings, programs_path=settings.programs_path())
    console = _console_standin(wiring)
    if console is not None:  # programmes with `console: {url: local}` forward to it
        # the programmes and secrets already read are handed on, not read again
        wiring = Wiring(settings, programs_path=settings.programs_path(), provided={
            "programs": wiring.programs(), "secrets": wiring.secrets(), "console_local": console.url("")})
    modules = [_app_copy(app, f"tsunagu_functions_app_{i}", wiring) for i in range(WEBHOOK_APPS + SCAN_APPS)]
    pools = (AppPool([m.app for m in modules[:WEBHOOK_APPS]]), AppPool([m.app for m in modules[WEBHOOK_APPS:]]))
    server = make_server("127.0.0.1", port, make_wsgi_app(pools, site), server_class=BoundedServer,
                         handler_class=DeadlineHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"Site:   {url}/  (from {site})")
    print(f"Intake: {url}/callback/<channel>  and  {url}/scan/<placement>")
    if standin is not None:
        print(f"LINE:   local stand-in at {standin.url}; replies are written to {OUTBOX}")
    if console is not None:
        print(f"Console: local stand-in at http://127.0.0.1:{console.port}/ (the last forwarded events, in memory)")
    print("Ctrl-C stops.", flush=True)
    restore = _stop_on_signals(server)
    try:
        server.serve_forever(poll_interval=0.1)  # a stop is noticed within 0.1 s
    finally:
        restore()
        server.server_close()
        if standin is not None:
            standin.stop()
        if console is not None:
            console.stop()


def _stop_on_signals(server: BoundedServer) -> Callable[[], None]:
    """Ctrl-C (SIGINT) and SIGTERM stop the server between requests: `serve_forever` returns. A
    KeyboardInterrupt raised wherever the main thread happens to be could land in a weakref callback during
    garbage collection, where Python prints it as a traceback and swallows it, and the server kept running.
    Returns what puts the previous handlers back; outside the main thread (nothing to install), a no-op."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def stop(signum: int, frame: object) -> None:
        threading.Thread(target=server.shutdown, name="tsunagu-serve-stop", daemon=True).start()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore


def _console_standin(wiring: Wiring) -> ConsoleStandIn | None:
    """The counselling-console stand-in, started when a channel's programme says `console: {url: local}`."""
    local = [ch.id for ch in wiring.programs().channels if ch.console is not None and ch.console.is_local]
    if not local:
        return None
    from tsunagu.adapters.standin.console import ConsoleStandIn

    secrets = wiring.secrets()
    return ConsoleStandIn(lambda channel: secrets.channel(channel).secret).start()


def _app_copy(path: Path, name: str, wiring: Wiring) -> ModuleType:
    module = load_chalice_app(path, name)
    module.use(wiring)
    return module


def run(args: argparse.Namespace) -> int:
    """Serve the site and the intake on 127.0.0.1."""
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C before the server was up
        serve(args.wiring.settings, args.port, args.site, args.app)
    print("stopped")
    return 0
