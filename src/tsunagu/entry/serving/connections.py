"""The HTTP server under `tsunagu serve`: bounded connections, a deadline per request, one safe log line.

A laptop's `serve` meets what the deployed stack's API Gateway and CloudFront absorb: clients that send a
byte every few seconds, floods of connections, request lines that are not HTTP/1.x at all. So:
- at most `max_connections` connections at once, kept well below the descriptor limit; when full, the
  connection that has waited longest for its request to arrive is closed to make room (a trickle never
  crowds out a real request), and if every connection is busy the new one is closed at once;
- every request has a deadline for the whole of it (request line, headers and body), not per read;
- the listen queue holds 128 connections;
- malformed requests get 400, 414 or 505; the log gets one line, never the client's address, with
  control bytes escaped, and never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import logging
import resource
import socket
import sys
import threading
import time
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

log = logging.getLogger("tsunagu.serve")

# The whole request (line, headers, body) must arrive within this; LINE sends its webhook at once.
REQUEST_DEADLINE_S = 10.0
# Descriptors left for what is not a connection: the SQLite files, LINE's sockets, the site's files.
RESERVED_DESCRIPTORS = 64
LISTEN_QUEUE = 128
MAX_CONNECTIONS = 512


def connection_bound(limit: int | None = None) -> int:
    """How many connections may be open at once: half of what the descriptor limit leaves, at least 8."""
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0] if limit is None else limit
    if soft == resource.RLIM_INFINITY:
        soft = 4096
    return max(8, min(MAX_CONNECTIONS, (soft - RESERVED_DESCRIPTORS) // 2))


def printable(text: str, limit: int = 200) -> str:
    """Text safe for one log line: control bytes escaped, cut to `limit` characters."""
    out = "".join(c if c.isprintable() and c != "\\" else repr(c)[1:-1] for c in text[:limit])
    return out + ("…" if len(text) > limit else "")


class _DeadlineReader(io.RawIOBase):
    """A socket reader whose every read waits at most until the request's deadline."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock = sock
        self.deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("request deadline passed")
        self._sock.settimeout(remaining)
        return self._sock.recv_into(buffer)


class BoundedServer(ThreadingMixIn, WSGIServer):
    """A thread per connection, at most `max_connections` of them (see the module docstring)."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = LISTEN_QUEUE

    def __init__(self, *args: Any, max_connections: int | None = None, **kwargs: Any) -> None:
        self.max_connections = max_connections or connection_bound()
        self._open: dict[socket.socket, DeadlineHandler | None] = {}  # connection -> its handler once set up
        self._open_lock = threading.Lock()
        self.refused = 0
        self.evicted = 0
        super().__init__(*args, **kwargs)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Start the connection's thread, making room first when the bound is reached."""
        with self._open_lock:
            live = sum(1 for h in self._open.values() if h is None or not h.closing)
            if live >= self.max_connections and not self._evict_one():
                self.refused += 1
                self.shutdown_request(request)
                return
            self._open[request] = None
        super().process_request(request, client_address)

    def _evict_one(self) -> bool:
        """Close the connection that has waited longest for its request (lock held); False when none waits."""
        waiting = [(h.started, sock, h) for sock, h in self._open.items()
                   if h is not None and not h.request_read and not h.closing]
        if not waiting:
            return False
        _, sock, handler = min(waiting, key=lambda found: found[0])
        handler.closing = True  # its thread is ending: not a candidate again, not counted as room twice
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        self.evicted += 1
        return True

    def started(self, request: socket.socket, handler: DeadlineHandler) -> None:
        """A handler has begun reading its connection."""
        with self._open_lock:
            if request in self._open:
                self._open[request] = handler

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.pop(request, None)
        super().shutdown_request(request)

    def open_connections(self) -> int:
        """How many connections are open now."""
        with self._open_lock:
            return len(self._open)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line, no traceback, no client address (socketserver would print both)."""
        kind = sys.exc_info()[0]
        if kind is not None and issubclass(kind, TimeoutError | ConnectionError):
            return  # a client that went quiet or away: nothing to act on
        log.error("serve: a request failed: %s", kind.__name__ if kind else "unknown")


class DeadlineHandler(WSGIRequestHandler):
    """Reads each request against one deadline; logs method, path and status only, made printable."""

    disable_nagle_algorithm = True  # small responses in two writes would wait on delayed ACKs
    quiet = False
    deadline_s = REQUEST_DEADLINE_S

    def setup(self) -> None:
        self.started = time.monotonic()
        self.request_read = False
        self.closing = False
        super().setup()
        self.rfile = io.BufferedReader(_DeadlineReader(self.connection, self.started + self.deadline_s))
        if isinstance(self.server, BoundedServer):
            self.server.started(self.connection, self)

    def parse_request(self) -> bool:
        """The request line and headers are in: this connection no longer waits for its request."""
        ok = super().parse_request()
        self.request_read = True
        return ok

    # Errors answer as plain text with a status line, whatever the request line claimed to be.
    error_message_format = "%(code)d %(message)s\n"
    error_content_type = "text/plain; charset=utf-8"

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """An error with its status line: a request line too odd to parse would otherwise be answered as
        HTTP/0.9, a bare body without a status, which clients read as an empty or broken reply."""
        if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
            self.request_version = "HTTP/1.0"
        self.close_connection = True
        super().send_error(code, message, explain)

    def handle(self) -> None:
        try:
            super().handle()
        except (TimeoutError, ConnectionError, OSError):
            return  # the deadline passed or the client left: the connection is closed, one line at most

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One line per request without the client address."""
        if not self.quiet:
            path = printable(getattr(self, "path", "-").split("?", 1)[0])
            method = printable(getattr(self, "command", None) or "-", 20)
            print(f"{method} {path} {code}", file=sys.stderr, flush=True)

    def log_message(self, format: str, *args: Any) -> None:
        """Errors without the client address, made printable."""
        print(printable(format % args), file=sys.stderr, flush=True)
