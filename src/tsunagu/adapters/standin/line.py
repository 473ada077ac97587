"""A local stand-in of the LINE Messaging API on 127.0.0.1 that records every request it receives.

Tests point line-bot-sdk at it (TSUNAGU_LINE_API), `tsunagu serve` starts it so a person can watch
replies in build/line-outbox.jsonl, and other parts add endpoints with `route()`:

    with LineStandIn() as line:
        line.route("POST", "/v2/bot/richmenu", lambda req: (200, {"richMenuId": "rm-1"}))
        ...
        assert line.requests("/v2/bot/message/reply")[0].json["messages"]

Like LINE, a reply token works once; `expire(token)` (or any token starting "expired") makes LINE's
400 "Invalid reply token" answer, to exercise the push fallback. `hang(30)` makes every request wait
30 s before it is answered (an API that accepts connections and then says nothing); `stop()` ends
the wait. `insight` answers LINE's follower counts (`adapters.standin.insight`; tests call
`line.insight.set_followers(token, day, n)`). The outbox never gets the user id or
the reply token: only the endpoint and the messages sent.

Pushes count against a monthly quota, served as LINE does at GET /v2/bot/message/quota and
/quota/consumption (`set_quota(limit, used)`; no limit until set); like LINE, a push over the limit
is refused with 429, and a push repeating an accepted X-Line-Retry-Key answers 409 and is not sent
again. `delivered()` lists the replies and pushes that reached the person (answered 200);
`fail(path, 503)` makes LINE fail every call to a path until `fail(path, None)`. GET
/v2/bot/profile/{userId} answers a profile whose `language` is `profiles[userId]` (none when unset).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from tsunagu.adapters.standin.insight import PATH as INSIGHT_FOLLOWERS
from tsunagu.adapters.standin.insight import FollowerBook, bearer
from tsunagu.adapters.standin.server import QuietServer, serve_locally
from tsunagu.adapters.standin.tokens import TOKEN_PATH, TokenDesk


@dataclass(frozen=True)
class Received:
    """One request the stand-in received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    params: dict[str, str] = field(default_factory=dict)  # {name} segments of the matched route
    query: dict[str, str] = field(default_factory=dict)  # the query string (the last value of each name)

    @property
    def json(self) -> Any:
        """The body parsed as JSON (None when it is not JSON)."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None


Handler = Callable[[Received], tuple[int, Any]]


class LineStandIn:
    """The stand-in server; start with `with LineStandIn() as line:` or `start()` / `stop()`."""

    def __init__(self, port: int = 0, outbox: Path | None = None, keep: int | None = None) -> None:
        self.port = port
        self.outbox = outbox
        self.keep = keep  # requests, deliveries, used tokens remembered; None: all (tests), a number: `serve`
        self.received: deque[Received] = deque(maxlen=keep)
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._expired: set[str] = set()
        self._used: dict[str, None] = {}  # in use order, so the oldest can be forgotten
        self._lock = threading.Lock()
        self._server: QuietServer | None = None
        self._hang = 0.0
        self._stopping = threading.Event()
        self._delivered: deque[Received] = deque(maxlen=keep)
        self._failing: dict[str, int] = {}
        self._retry_keys: set[str] = set()
        self._quota_limit: int | None = None
        self._quota_used = 0
        self.route("POST", "/v2/bot/message/reply", self._reply)
        self.route("POST", "/v2/bot/message/push", self._push)
        self.insight = FollowerBook()
        self.route("GET", INSIGHT_FOLLOWERS, self._followers)
        self.route("GET", "/v2/bot/message/quota", self._quota)
        self.profiles: dict[str, str] = {}  # user id -> LINE language; others have a profile without one
        self.route("GET", "/v2/bot/profile/{userId}", self._profile)
        self.route("GET", "/v2/bot/message/quota/consumption", self._consumption)
        # Stateless channel access tokens (tsunagu's own; the long-lived token is the console's).
        self.tokens = TokenDesk()
        self.route("POST", TOKEN_PATH, lambda req: self.tokens.issue(req.body))

    @property
    def url(self) -> str:
        """Base URL to give line-bot-sdk (TSUNAGU_LINE_API)."""
        return f"http://127.0.0.1:{self.port}"

    def route(self, method: str, path: str, handler: Handler) -> None:
        """Answer `method path` (segments like {richMenuId} match anything) with handler(request)."""
        pattern = re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path)) + "$")
        with self._lock:
            self._routes.insert(0, (method.upper(), pattern, handler))

    def expire(self, token: str) -> None:
        """Make LINE refuse this reply token, as it does a minute after the event."""
        with self._lock:
            self._expired.add(token)

    def fail(self, path: str, status: int | None) -> None:
        """Answer every later request to `path` with `status` and deliver nothing (None: serve it again)."""
        with self._lock:
            if status is None:
                self._failing.pop(path, None)
            else:
                self._failing[path] = status

    def hang(self, seconds: float) -> None:
        """Answer every later request only after `seconds` (0: at once again)."""
        self._hang = seconds

    def requests(self, path: str | None = None) -> list[Received]:
        """Requests received so far (to one path, if given), oldest first."""
        with self._lock:
            return [r for r in self.received if path is None or r.path == path]

    def clear(self) -> None:
        """Forget the requests received so far."""
        with self._lock:
            self.received.clear()

    def set_quota(self, limit: int | None, used: int = 0) -> None:
        """This month's push quota (None: no limit) and how much of it is used."""
        with self._lock:
            self._quota_limit, self._quota_used = limit, used

    def delivered(self) -> list[Received]:
        """The replies and pushes LINE would have shown the person, oldest first."""
        with self._lock:
            return list(self._delivered)

    def _quota(self, req: Received) -> tuple[int, Any]:
        with self._lock:
            limit = self._quota_limit
        return 200, {"type": "none"} if limit is None else {"type": "limited", "value": limit}

    def _profile(self, req: Received) -> tuple[int, Any]:
        user = req.params["userId"]
        doc = {"displayName": "LINE user", "userId": user}
        with self._lock:
            language = self.profiles.get(user)
        return 200, doc if language is None else {**doc, "language": language}

    def _consumption(self, req: Received) -> tuple[int, Any]:
        with self._lock:
            return 200, {"totalUsage": self._quota_used}

    def _reply(self, req: Received) -> tuple[int, Any]:
        token = (req.json or {}).get("replyToken", "")
        with self._lock:
            refused = token in self._expired or token in self._used or token.startswith("expired")
            self._used[token] = None
            if self.keep is not None and len(self._used) > self.keep:
                del self._used[next(iter(self._used))]
        if refused:
            return 400, {"message": "Invalid reply token"}
        self._log("reply", req)
        with self._lock:
            self._delivered.append(req)
        return 200, {"sentMessages": [{"id": str(i)} for i, _ in enumerate(req.json.get("messages", []))]}

    def _followers(self, req: Received) -> tuple[int, Any]:
        token = bearer(req.headers)
        if token is None:
            return 401, {"message": "Authentication failed due to the following reason: no token. Confirm that the "
                                    "access token in the authorization header is valid."}
        return self.insight.answer(token, req.query.get("date"))

    def _push(self, req: Received) -> tuple[int, Any]:
        key = next((v for k, v in req.headers.items() if k.lower() == "x-line-retry-key"), None)
        with self._lock:
            if key is not None and key in self._retry_keys:
                return 409, {"message": "The retry key is already accepted"}
            if self._quota_limit is not None and self._quota_used >= self._quota_limit:
                return 429, {"message": "You have reached your monthly limit."}
            if key is not None:
                self._retry_keys.add(key)
            self._quota_used += 1
            self._delivered.append(req)
        self._log("push", req)
        return 200, {"sentMessages": [{"id": str(i)} for i, _ in enumerate((req.json or {}).get("messages", []))]}

    def _log(self, endpoint: str, req: Received) -> None:
        if self.outbox is None:
            return
        texts = [m.get("text", f"({m.get('type')})") for m in (req.json or {}).get("messages", [])]
        line = json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "endpoint": endpoint, "messages": texts},
                          ensure_ascii=False)
        with self._lock:
            self.outbox.parent.mkdir(parents=True, exist_ok=True)
            with self.outbox.open("a", encoding="utf-8") as f:
                f.write(line + "\n")

    def dispatch(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        """Record the request and answer it from the matching route (404 when none)."""
        if self._hang:
            self._stopping.wait(self._hang)
        path, _, raw_query = path.partition("?")
        query = dict(parse_qsl(raw_query, keep_blank_values=True))
        with self._lock:
            routes = list(self._routes)
            failing = self._failing.get(path)
        if failing is not None:
            with self._lock:
                self.received.append(Received(method, path, headers, body, {}, query))
            return failing, {"message": "failure set by LineStandIn.fail"}
        for m, pattern, handler in routes:
            found = pattern.match(path)
            if m == method and found:
                req = Received(method, path, headers, body, found.groupdict(), query)
                with self._lock:
                    self.received.append(req)
                return handler(req)
        with self._lock:
            self.received.append(Received(method, path, headers, body))
        return 404, {"message": "Not found"}

    def start(self) -> LineStandIn:
        """Serve on 127.0.0.1 in a daemon thread (a free port unless one was given)."""
        self._stopping.clear()
        self._server = serve_locally(self.port, _handler_for(self), "line-standin")
        self.port = self._server.server_address[1]
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LineStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _handler_for(standin: LineStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, doc = standin.dispatch(self.command, self.path, dict(self.headers.items()), body)
            out = b"" if doc is None else json.dumps(doc).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet: tests and `tsunagu serve` print what matters themselves."""

    return Handler
