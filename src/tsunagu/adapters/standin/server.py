"""What the local stand-ins share: a threaded HTTP server on 127.0.0.1 that keeps quiet when a client leaves."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class QuietServer(ThreadingHTTPServer):
    """A client that gave up waiting (a hung stand-in outlasting its timeout) is not worth a traceback."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve_locally(port: int, handler: type[BaseHTTPRequestHandler], name: str) -> QuietServer:
    """Start serving on 127.0.0.1 (a free port for 0) in a daemon thread; the caller stops it."""
    server = QuietServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, name=name, daemon=True).start()
    return server
