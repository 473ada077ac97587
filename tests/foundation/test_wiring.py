"""Settings are read once and the wiring builds each adapter from them, once."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from tsunagu.adapters.secrets.files import init_local_secrets
from tsunagu.adapters.store.sqlite import SqliteStore
from tsunagu.settings import Settings
from tsunagu.wiring import Wiring


def test_settings_come_from_the_environment_and_unknown_names_are_warned(caplog):
    with caplog.at_level(logging.WARNING, logger="tsunagu.settings"):
        settings = Settings.from_env({"TSUNAGU_STORE": "sqlite:///x.sqlite3", "TSUNAGU_STROE": "typo",
                                      "TSUNAGU_SERVE_QUIET": "1", "TSUNAGU_NOTIFY": "", "HOME": "/root"})
    assert settings.store == "sqlite:///x.sqlite3"
    assert settings.serve_quiet is True
    assert settings.notify == Settings().notify  # empty means the default
    assert "TSUNAGU_STROE" in caplog.text


def test_the_line_client_is_built_from_the_secrets_without_deadlock(tmp_path: Path):
    secrets = tmp_path / "secrets.json"
    init_local_secrets(secrets, ["kita-women"])
    wiring = Wiring(Settings(secrets=str(secrets)))
    built: list[object] = []
    worker = threading.Thread(target=lambda: built.append(wiring.line()), daemon=True)
    worker.start()
    worker.join(10)
    assert built, "building the LINE client (which reads the secrets) must not wait on itself"
    assert wiring.line() is built[0]


def test_the_store_is_built_once_and_closed_with_the_wiring(tmp_path: Path):
    wiring = Wiring(Settings(store=f"sqlite:///{tmp_path}/one.sqlite3"))
    store = wiring.store()
    assert isinstance(store, SqliteStore)
    assert wiring.store() is store
    wiring.close()
    assert wiring.store() is not store
