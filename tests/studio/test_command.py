"""`tsunagu studio` as staff start it: one URL printed, served on 127.0.0.1 only, a foreign Host refused."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time

import pytest

from tests.studio.conftest import REPO, free_port


@pytest.fixture
def running(tmp_path):
    port = free_port()
    env = dict(os.environ, TSUNAGU_STORE=f"sqlite:///{tmp_path / 's.sqlite3'}", TSUNAGU_PUBLISH=str(tmp_path / "site"),
               TSUNAGU_NOTIFY=str(tmp_path / "alerts.log"), PYTHONPATH=str(REPO / "src"))
    proc = subprocess.Popen([sys.executable, "-m", "tsunagu.entry.cli", "studio", "--port", str(port),
                             "--programs", str(REPO / "programs")], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                            text=True)
    try:
        yield port, proc.stdout.readline()
    finally:
        proc.terminate()
        proc.wait(10)


def get(port: int, path: str, host: str, cookie: str = "") -> http.client.HTTPResponse:
    deadline = time.monotonic() + 20
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers={"Host": host, **({"Cookie": cookie} if cookie else {})})
            response = conn.getresponse()
            response.read()
            return response
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_the_command_prints_a_one_time_url_and_guards_the_host(running):
    port, line = running
    assert f"http://127.0.0.1:{port}/login?token=" in line
    path = line.split(f"127.0.0.1:{port}", 1)[1].split()[0]
    assert get(port, path, f"evil.example:{port}").status == 403  # DNS rebinding: refused, token not spent
    login = get(port, path, f"127.0.0.1:{port}")
    assert login.status == 303
    cookie = login.getheader("set-cookie").split(";")[0]
    assert get(port, "/", f"localhost:{port}", cookie).status == 200
    assert get(port, "/", f"attacker.example:{port}", cookie).status == 403
    assert get(port, path, f"127.0.0.1:{port}").status == 403  # spent
