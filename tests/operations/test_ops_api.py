"""The operations API in AWS (issue 23): the same checks as `tsunagu ops`, IAM-authorised, republished at once."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from chalice.test import Client

from tsunagu.domain.schedule import JST

KITA = "kita-women"


@pytest.fixture
def intake(intake_on, tmp_path):
    from tsunagu.adapters.publish.local import LocalPublisher
    from tsunagu.adapters.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "ops.sqlite3")
    yield intake_on(store, publisher=LocalPublisher(tmp_path / "site"))
    store.close()


def call(intake, method: str, path: str, body: dict | None = None):
    with Client(intake.app) as client:
        send = getattr(client.http, method.lower())
        return send(path, headers={"Content-Type": "application/json"},
                    **({"body": json.dumps(body, ensure_ascii=False)} if body is not None else {}))


def test_staff_add_list_and_remove_a_closure_through_the_api(intake, tmp_path):
    day = (dt.datetime.now(JST) + dt.timedelta(days=3)).date().isoformat()
    made = call(intake, "POST", "/ops", {"kind": "close", "channel": KITA, "date": day, "reason": "台風", "by": "山田"})
    assert made.status_code == 201, made.body
    op_id = json.loads(made.body)["operation"]["id"]
    published = json.loads((tmp_path / "site" / "schedule" / f"{KITA}.json").read_text(encoding="utf-8"))
    assert day not in {s["start"][:10] for s in published["slots"]}, "the channel's schedule republished at once"
    listed = json.loads(call(intake, "GET", f"/ops?channel={KITA}").body)["operations"]
    assert [(o["id"], o["author"], o["date"]) for o in listed] == [(op_id, "山田", day)]
    assert call(intake, "DELETE", f"/ops/{op_id}?by=佐藤").status_code == 200
    assert json.loads(call(intake, "GET", "/ops").body)["operations"] == []


def test_bad_operations_are_400_with_the_commands_message(intake):
    past = {"kind": "close", "channel": KITA, "date": "2020-01-01", "by": "山田"}
    refused = call(intake, "POST", "/ops", past)
    assert refused.status_code == 400 and "--date: 2020-01-01 is in the past" in json.loads(refused.body)["error"]
    unknown = call(intake, "POST", "/ops", {**past, "channel": "nope", "date": "2099-01-01"})
    assert unknown.status_code == 400 and "nope" in json.loads(unknown.body)["error"]
    assert call(intake, "POST", "/ops", {"kind": "hide"}).status_code == 400
    assert call(intake, "DELETE", "/ops/zzzz").status_code == 400  # who removes it, and no such operation
