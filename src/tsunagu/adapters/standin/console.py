"""A stand-in for the contracted counselling console, on 127.0.0.1, for rehearsing on a laptop and for tests.

`tsunagu serve` runs it when a channel's programme says `console: {url: local}`; tsunagu forwards that
channel's LINE requests to `http://127.0.0.1:PORT/line/<channel>` as it would to a real console. Like a
real one, the stand-in verifies each request's `X-Line-Signature` with the channel secret (a request that
fails is refused 401 and counted), dedupes events by `webhookEventId`, and keeps the last events in
memory only (never on disk); `GET /` shows them on a small page. Tests drive outages with `down()`.
"""

from __future__ import annotations

import html
import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

from tsunagu.adapters.standin.server import QuietServer, serve_locally
from tsunagu.domain.intake.signature import verify

PATH_PREFIX = "/line/"


@dataclass(frozen=True)
class Forwarded:
    """One request the console received and verified: its channel and the exact bytes."""

    channel: str
    body: bytes

    @property
    def events(self) -> list[dict[str, Any]]:
        """LINE's events in the body."""
        doc = json.loads(self.body)
        return list(doc.get("events", [])) if isinstance(doc, dict) else []


class ConsoleStandIn:
    """The stand-in console; `with ConsoleStandIn(secret_of) as console:` or `start()` / `stop()`."""

    def __init__(self, secret_of: Callable[[str], str], port: int = 0, keep: int | None = 200) -> None:
        self.secret_of = secret_of
        self.port = port
        self.received: deque[Forwarded] = deque(maxlen=keep)
        self.refused = 0  # requests whose signature did not verify
        self.seen_events: set[str] = set()
        self.duplicates = 0  # events delivered more than once (at-least-once delivery; a console dedupes)
        self._down: int | None = None
        self._hang = threading.Event()  # set: every request waits, unanswered, until `hang(False)`
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._server: QuietServer | None = None

    def url(self, channel: str) -> str:
        """The webhook URL of a channel on this stand-in."""
        return f"http://127.0.0.1:{self.port}{PATH_PREFIX}{channel}"

    def down(self, status: int | None = 503) -> None:
        """Answer every request with `status` (an outage) until `down(None)`."""
        with self._lock:
            self._down = status

    def hang(self, on: bool = True) -> None:
        """Accept requests and answer none of them (a console that hangs) until `hang(False)`."""
        if on:
            self._released.clear()
            self._hang.set()
        else:
            self._hang.clear()
            self._released.set()

    def events(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Every event received, in order (of one channel, or all)."""
        with self._lock:
            got = list(self.received)
        return [e for f in got if channel in (None, f.channel) for e in f.events]

    def take(self, channel: str, body: bytes, signature: str | None) -> int:
        """Answer one forwarded request: 401 when the signature fails, 200 when kept."""
        if self._hang.is_set():
            self._released.wait(60)
            return 503
        with self._lock:
            if self._down is not None:
                return self._down
        try:
            secret = self.secret_of(channel)
        except Exception:  # an unknown channel: nothing to verify with
            secret = ""
        if not secret or not verify(body, secret, signature):
            with self._lock:
                self.refused += 1
            return 401
        forwarded = Forwarded(channel, body)
        try:
            ids = [str(e.get("webhookEventId", "")) for e in forwarded.events]
        except (ValueError, AttributeError):
            return 400
        with self._lock:
            self.received.append(forwarded)
            for event_id in ids:
                if event_id in self.seen_events:
                    self.duplicates += 1
                self.seen_events.add(event_id)
        return 200

    def page(self) -> bytes:
        """A small page of the last events: kind, time and text (local only, in memory)."""
        rows = []
        with self._lock:
            got = list(self.received)[-50:]
        for f in reversed(got):
            for e in f.events:
                message = e.get("message") or {}
                what = message.get("text") or message.get("type") or (e.get("postback") or {}).get("data") or ""
                cells = (f.channel, e.get("type", ""), e.get("timestamp", ""), what)
                rows.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
        body = ("<!doctype html><html lang=ja><meta charset=utf-8><title>相談コンソール（練習用）</title>"
                "<h1>相談コンソール（練習用）</h1><p>tsunagu から転送された最新の出来事です。"
                "このページはメモリ上にだけあり、保存されません。</p>"
                "<table><tr><th>channel</th><th>type</th><th>timestamp</th><th>message</th></tr>"
                + "".join(rows) + "</table></html>")
        return body.encode("utf-8")

    def start(self) -> ConsoleStandIn:
        """Serve on 127.0.0.1 in a daemon thread (a free port unless one was given)."""
        self._server = serve_locally(self.port, _handler_for(self), "console-standin")
        self.port = self._server.server_address[1]
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> ConsoleStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _handler_for(console: ConsoleStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if not self.path.startswith(PATH_PREFIX):
                self._answer(404, b"")
                return
            status = console.take(self.path[len(PATH_PREFIX):], body, self.headers.get("X-Line-Signature"))
            self._answer(status, b"{}")

        def do_GET(self) -> None:
            self._answer(200, console.page(), "text/html; charset=utf-8")

        def _answer(self, status: int, out: bytes, kind: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet: nothing of a forwarded request may reach a log."""

    return Handler
