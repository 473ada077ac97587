"""The Chalice app wired to test parts: a fresh store, local secrets, the LINE stand-in, an alert log.

    def test_x(intake):
        res = intake.post("kita-women", make_event("follow"))
        assert res.status_code == 200 and intake.replies()

`intake` uses SQLite; `intake_on` is a factory taking any Store (the DynamoDB runs pass dynalite's) and
other ready-made parts by wiring name (`retry_queue=...`, `metrics=...`).
The app runs on a Wiring handed the test parts (functions/app.py `use`).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tsunagu.adapters.line.api import HttpLineClient
from tsunagu.adapters.notify.alertlog import AlertLog
from tsunagu.adapters.secrets.files import init_local_secrets
from tsunagu.adapters.standin.line import LineStandIn
from tsunagu.makers.sources.programs import load_programs
from tsunagu.ports.messaging import ReplySender
from tsunagu.ports.store import Store
from tsunagu.settings import Settings
from tsunagu.wiring import Wiring, load_secrets

REPO = Path(__file__).resolve().parents[2]


def load_app_module() -> Any:
    """functions/app.py as a fresh module (its builders memoise per module)."""
    spec = importlib.util.spec_from_file_location("tsunagu_functions_app", REPO / "functions" / "app.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Intake:
    """The app under test and everything around it."""

    module: Any
    store: Store
    line: LineStandIn
    alert_log: Path
    secrets_path: Path

    @property
    def app(self) -> Any:
        """The Chalice app object."""
        return self.module.app

    def secret(self, channel: str) -> str:
        """The channel secret webhooks are signed with."""
        return json.loads(self.secrets_path.read_text())["channels"][channel]["secret"]

    def post(self, channel: str, *events: dict, body: bytes | None = None, signature: str | None = "sign",
             headers: dict | None = None) -> Any:
        """POST a webhook through chalice.test.Client, signed with the channel's secret unless told."""
        from chalice.test import Client

        from .line_events import sign, webhook_body

        raw = body if body is not None else webhook_body(*events)
        sent = {"Content-Type": "application/json; charset=utf-8"}
        if signature == "sign":
            sent["X-Line-Signature"] = sign(raw, self.secret(channel) if channel in self.channels() else "x")
        elif signature is not None:
            sent["X-Line-Signature"] = signature
        sent.update(headers or {})
        with Client(self.app) as client:
            return client.http.post(f"/callback/{channel}", headers=sent, body=raw)

    def channels(self) -> set[str]:
        """Channel ids with secrets."""
        return set(json.loads(self.secrets_path.read_text())["channels"])

    def replies(self) -> list[dict]:
        """Every reply and push the stand-in received, as JSON bodies, oldest first."""
        return [r.json for r in self.line.received if r.path in ("/v2/bot/message/reply", "/v2/bot/message/push")]

    def reply_texts(self) -> list[str]:
        """The text of every message sent, in order."""
        return [m.get("text", "") for body in self.replies() for m in body["messages"]]

    def alerts(self) -> list[dict]:
        """Staff alerts written so far."""
        if not self.alert_log.exists():
            return []
        return [json.loads(line) for line in self.alert_log.read_text().splitlines()]

    def records(self, channel: str | None = None) -> list:
        """Every record in the store."""
        import datetime as dt

        return list(self.store.records(channel, dt.date(2000, 1, 1), dt.date(2100, 1, 1)))


@pytest.fixture
def intake_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Intake]]:
    """Build the app around a given store and reply client (secrets, LINE stand-in, alert log in tmp_path)."""
    standins: list[LineStandIn] = []
    secrets_path = tmp_path / "secrets.json"
    programs = load_programs(REPO / "programs")
    init_local_secrets(secrets_path, [ch.id for ch in programs.channels])
    monkeypatch.setenv("TSUNAGU_SECRETS", str(secrets_path))
    monkeypatch.setenv("TSUNAGU_PROGRAMS", str(REPO / "programs"))

    def build(store: Store, client_type: Callable[..., ReplySender] = HttpLineClient, **parts: object) -> Intake:
        line = LineStandIn().start()
        standins.append(line)
        module = load_app_module()
        secrets = load_secrets(str(secrets_path))
        alert_log = tmp_path / "alerts.log"
        client = client_type(secrets, line.url)
        notifier = AlertLog(alert_log)
        module.use(Wiring(Settings(), provided={"programs": programs, "secrets": secrets, "store": store,
                                                "line": client, "notifier": notifier, **parts}))
        return Intake(module, store, line, alert_log, secrets_path)

    yield build
    for line in standins:
        line.stop()


@pytest.fixture
def intake(intake_on: Callable[[Store], Intake], tmp_path: Path) -> Iterator[Intake]:
    """The app on a fresh SQLite store."""
    from tsunagu.adapters.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "intake.sqlite3")
    yield intake_on(store)
    store.close()


@pytest.fixture(params=["sqlite", pytest.param("dynamodb", marks=pytest.mark.dynalite)])
def intake_any(request: pytest.FixtureRequest, intake_on: Callable[[Store], Intake], tmp_path: Path) -> Intake:
    """The app on SQLite and on DynamoDB (dynalite), for the behaviours that lean on the store."""
    if request.param == "dynamodb":
        return intake_on(request.getfixturevalue("dynamo_store"))
    from tsunagu.adapters.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "any.sqlite3")
    request.addfinalizer(store.close)
    return intake_on(store)
