"""A studio on a writable copy of programs/, its own SQLite store, publish folder and alert log."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tsunagu.domain.schedule import JST
from tsunagu.entry.studio.access import Access
from tsunagu.entry.studio.app import Studio, create_app
from tsunagu.settings import Settings
from tsunagu.wiring import Wiring

REPO = Path(__file__).resolve().parents[2]


@dataclass
class StudioEnv:
    studio: Studio
    app: object
    port: int
    base: str
    folder: Path

    @property
    def programs(self) -> Path:
        return self.folder / "programs"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_studio(tmp_path: Path, port: int | None = None, now: dt.datetime | None = None) -> StudioEnv:
    """A studio for tests; `now` fixes its clock."""
    shutil.copytree(REPO / "programs", tmp_path / "programs")
    settings = Settings.from_env({"TSUNAGU_STORE": f"sqlite:///{tmp_path / 'studio.sqlite3'}",
                                  "TSUNAGU_PUBLISH": str(tmp_path / "site"),
                                  "TSUNAGU_NOTIFY": str(tmp_path / "alerts.log"),
                                  "TSUNAGU_PROGRAMS": str(tmp_path / "programs")})
    port = port or free_port()
    studio = Studio(Wiring(settings), tmp_path / "programs", Access(port),
                    now=(lambda: now) if now is not None else None, work=tmp_path / "work")
    return StudioEnv(studio, create_app(studio), port, f"http://127.0.0.1:{port}", tmp_path)


@pytest.fixture
def studio_env(tmp_path) -> Iterator[StudioEnv]:
    env = make_studio(tmp_path, now=dt.datetime(2026, 12, 7, 9, 0, tzinfo=JST))  # a Monday morning
    yield env
    env.studio.wiring.close()
