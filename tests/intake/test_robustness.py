"""What an attacker, a flaky network and LINE's own spec throw at the webhook: the batch survives, logs stay."""

from __future__ import annotations

import logging

from support.intake_moments import open_moment
from support.line_events import make_event, new_user_id

from tsunagu.adapters.programs import load_programs

KITA = "kita-women"


def kita():
    from pathlib import Path

    return load_programs(Path("programs")).channel(KITA)


def test_a_503_leaves_a_warning_line_in_the_app_log(intake_on, tmp_path, make_faulty_store, caplog):
    # Chalice(app_name="tsunagu") once set the `tsunagu` logger to ERROR without propagation: no line at all.
    from tsunagu.adapters.store.sqlite import SqliteStore

    inner = SqliteStore(tmp_path / "s.sqlite3")
    app = intake_on(make_faulty_store(inner, before=1.0, after=0.0))
    caplog.set_level(logging.INFO)
    user = new_user_id()
    assert app.post(KITA, make_event("follow", user_id=user, at=open_moment(kita()))).status_code == 503
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and r.name.startswith("tsunagu")]
    assert any("storage unavailable" in r.getMessage() for r in warnings), caplog.text
    assert user not in caplog.text
    inner.close()
