"""`tsunagu serve` as a real process on a free port, for what only a whole server shows (descriptors, stderr).

    def test_x(serve_process):
        server = serve_process(nofile=128)            # optional: RLIMIT_NOFILE of the server
        status = server.post("/scan/kita-sticker-ward-office", b"")
        server.stop(); assert "WARNING" in server.stderr()

The server runs from tmp_path (its LINE stand-in writes tmp_path/build/line-outbox.jsonl) on the
repository's programmes, fresh local secrets and a SQLite store in tmp_path, with PYTHONPATH set so a
worktree's own source is the one served.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tsunagu.adapters.secrets.files import init_local_secrets
from tsunagu.makers.sources.programs import load_programs

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30.0


@dataclass
class ServeProcess:
    """A running `tsunagu serve`."""

    proc: subprocess.Popen
    port: int
    folder: Path
    secrets_path: Path
    stderr_path: Path

    def secret(self, channel: str) -> str:
        """The channel secret webhooks are signed with."""
        return json.loads(self.secrets_path.read_text())["channels"][channel]["secret"]

    def post(self, path: str, body: bytes, headers: dict[str, str] | None = None) -> int:
        """POST on a new connection; returns the status."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("POST", path, body, {"Content-Type": "application/json", **(headers or {})})
            res = conn.getresponse()
            res.read()
            return res.status
        finally:
            conn.close()

    def stop(self) -> None:
        """Stop the server (SIGINT, as Ctrl-C) and collect its stderr."""
        if self.proc.poll() is None:
            self.proc.send_signal(2)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def stderr(self) -> str:
        """Everything the server wrote to stderr (stops it first)."""
        self.stop()
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


def start_serve(folder: Path, env: dict[str, str] | None = None, nofile: int | None = None) -> ServeProcess:
    """Start `tsunagu serve --port 0` in `folder` and wait until it prints its address."""
    secrets_path = folder / "secrets.json"
    init_local_secrets(secrets_path, [ch.id for ch in load_programs(REPO / "programs").channels])
    (folder / "site").mkdir(exist_ok=True)
    full_env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "TSUNAGU_PROGRAMS": str(REPO / "programs"),
                "TSUNAGU_SECRETS": str(secrets_path), "TSUNAGU_STORE": f"sqlite:///{folder / 'serve.sqlite3'}",
                "TSUNAGU_SERVE_QUIET": "1", **(env or {})}

    def limit() -> None:
        if nofile is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    stderr_path = folder / "serve.stderr"
    with stderr_path.open("w") as err:  # a file, not a pipe: a full pipe would block the server
        args = ["serve", "--port", "0", "--site", str(folder / "site"), "--app", str(REPO / "functions" / "app.py")]
        proc = subprocess.Popen([sys.executable, "-m", "tsunagu.entry.cli", *args], cwd=folder, env=full_env,
                                stdout=subprocess.PIPE,
                                stderr=err, text=True, preexec_fn=limit)
    deadline = time.monotonic() + START_TIMEOUT_S
    for line in proc.stdout:
        found = re.search(r"Intake: http://127\.0\.0\.1:(\d+)/", line)
        if found:
            return ServeProcess(proc, int(found.group(1)), folder, secrets_path, stderr_path)
        if time.monotonic() > deadline:
            break
    proc.kill()
    proc.wait()
    raise RuntimeError(f"tsunagu serve did not start: {stderr_path.read_text()[-2000:]}")


@pytest.fixture
def serve_process(tmp_path: Path) -> Iterator[Callable[..., ServeProcess]]:
    """A factory of `tsunagu serve` processes in tmp_path, all stopped afterwards."""
    started: list[ServeProcess] = []

    def start(env: dict[str, str] | None = None, nofile: int | None = None) -> ServeProcess:
        server = start_serve(tmp_path, env, nofile)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
