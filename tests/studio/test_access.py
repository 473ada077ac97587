"""The studio's guard, over plain HTTP: no session, a wrong CSRF token or a foreign Host is refused."""

from __future__ import annotations

import pytest

from tests.studio.client import client, csrf_of, login
from tsunagu.entry.studio.access import CSP

POSTS = ["/ops/check", "/ops/save", "/ops/remove", "/programme/kita/hours", "/programme/kita/hours/save", "/publish",
         "/log/activity", "/log/handoff"]
PAGES = ["/", "/ops", "/programme", "/programme/kita/hours", "/preview", "/publish", "/print/kita.zip",
         "/preview/richmenu/kita-women.png", "/report", "/log"]


def test_login_sets_a_strict_httponly_cookie_and_spends_the_token(studio_env):
    c = client(studio_env)
    token = studio_env.studio.access.login_url().split("token=")[1]
    r = c.get(f"/login?token={token}")
    cookie = r.headers["set-cookie"].lower()
    assert r.status_code == 303 and "httponly" in cookie and "samesite=strict" in cookie
    assert c.get("/").status_code == 200
    again = client(studio_env).get(f"/login?token={token}")
    assert again.status_code == 403  # spent: a second browser cannot use it


@pytest.mark.parametrize("path", PAGES)
def test_pages_need_the_session(studio_env, path):
    r = client(studio_env).get(path)
    assert r.status_code == 403 and "tsunagu studio" in r.text
    assert login(studio_env).get(path).status_code == 200


@pytest.mark.parametrize("path", POSTS)
def test_posts_need_the_session_and_the_csrf_token(studio_env, path):
    anonymous = client(studio_env)
    assert anonymous.post(path, data={"csrf": "x"}).status_code == 403
    c = login(studio_env)
    assert c.post(path, data={"csrf": "wrong", "kind": "closure", "channel": "kita-women"}).status_code == 403
    assert c.post(path, data={"kind": "closure", "channel": "kita-women"}).status_code == 403
    assert c.post(path, data={"csrf": csrf_of(c), "kind": "busy", "channel": "kita-women"}).status_code != 403


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1", "localhost:1", "127.0.0.1.nip.io"])
def test_a_foreign_host_is_refused_even_with_the_session(studio_env, host):
    c = login(studio_env)
    cookie = c.cookies.get("tsunagu_studio")
    foreign = client(studio_env, host)
    foreign.cookies.set("tsunagu_studio", cookie)
    assert foreign.get("/").status_code == 403
    assert foreign.get(f"/login?token={'x'}").status_code == 403


def test_localhost_is_accepted(studio_env):
    c = login(studio_env)
    local = client(studio_env, f"localhost:{studio_env.port}")
    local.cookies.set("tsunagu_studio", c.cookies.get("tsunagu_studio"))
    assert local.get("/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/login?token=x", "/static/studio.css", "/nope"])
def test_every_response_carries_the_strict_csp(studio_env, path):
    r = client(studio_env).get(path)
    assert r.headers["content-security-policy"] == CSP
    assert "http" not in CSP and "'unsafe" not in CSP and "script-src" not in CSP  # default-src 'none' covers it


def test_every_post_route_is_covered_above(studio_env):
    posts = {r.path for r in studio_env.app.routes if "POST" in (getattr(r, "methods", None) or ())}
    assert {p.replace("kita", "{ward}").replace("hours", "{part}") for p in POSTS} == posts
