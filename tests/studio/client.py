"""Plain-HTTP clients of a test studio: one signed in, one not, on the studio's Host or another."""

from __future__ import annotations

import re

from starlette.testclient import TestClient


def client(env, host: str | None = None) -> TestClient:
    """A client with no session, sending `host` (default the studio's own 127.0.0.1:PORT)."""
    return TestClient(env.app, base_url=f"http://{host or f'127.0.0.1:{env.port}'}", follow_redirects=False)


def login(env) -> TestClient:
    """A client that opened the one-time URL (the studio's session cookie set)."""
    c = client(env)
    token = env.studio.access.login_url().split("token=")[1]
    r = c.get(f"/login?token={token}")
    assert r.status_code == 303
    return c


def csrf_of(c: TestClient, path: str = "/ops") -> str:
    """The CSRF token a page's form carries."""
    return re.search(r'name="csrf" value="([^"]+)"', c.get(path).text).group(1)
