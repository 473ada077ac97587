"""The intake role grants exactly the DynamoDB calls the store makes on the Lambda's paths (dynalite).

The Lambda records events, claims reply markers, erases a contact on request and counts scans; reports
run elsewhere with staff credentials. Each call is recorded as boto3 sends it, so a new store operation
without a grant (AccessDenied in production, a 503 loop for LINE) fails here, and so does a grant
nothing uses.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tsunagu.domain.records import ContactRecord, ScanRecord

pytestmark = pytest.mark.dynalite

REPO = Path(__file__).resolve().parents[2]
TABLE_ADMIN = {"CreateTable", "DescribeTable", "UpdateTimeToLive", "DeleteTable"}  # the fixture's, not the Lambda's


def granted_dynamodb(policy_file: str = "policy-api.json") -> tuple[set[str], set[str]]:
    """Actions and resources a function's policy grants on DynamoDB."""
    policy = json.loads((REPO / "functions" / ".chalice" / policy_file).read_text(encoding="utf-8"))
    actions, resources = set(), set()
    for st in policy["Statement"]:
        acts = [st["Action"]] if isinstance(st["Action"], str) else st["Action"]
        if any(a.startswith("dynamodb:") for a in acts):
            actions |= {a.removeprefix("dynamodb:") for a in acts}
            resources |= set([st["Resource"]] if isinstance(st["Resource"], str) else st["Resource"])
    return actions, resources


def test_intake_grants_match_the_store_calls(dynamo_store):
    calls: list[tuple[str, str | None]] = []

    def note(model, params, **_kwargs):
        calls.append((model.name, params.get("IndexName")))

    dynamo_store._client.meta.events.register("before-parameter-build.dynamodb", note)
    day = dt.date(2026, 11, 27)
    expires = int(dt.datetime(2027, 12, 31, tzinfo=dt.UTC).timestamp())
    rec = ContactRecord("01PROOFEVENT", "kita-women", "message", day, 14, "abc123", expires)
    assert dynamo_store.record(rec)
    assert not dynamo_store.record(rec)  # a redelivery
    now = int(dt.datetime(2026, 11, 27, 5, tzinfo=dt.UTC).timestamp())
    assert dynamo_store.claim("kita-women#abc123#out-of-hours", now, 3 * 3600, expires)
    dynamo_store.record_scan(ScanRecord("kita-sticker-ward-office", day))
    assert dynamo_store.erase_contact("kita-women", "abc123") == 1

    used = {op for op, _ in calls} - TABLE_ADMIN
    actions, resources = granted_dynamodb()
    assert used == actions, f"grant exactly these in policy-api.json: {sorted(used)}"
    indexes = {index for _, index in calls if index}
    assert resources == {"${IntakeTable.Arn}"} | {f"${{IntakeTable.Arn}}/index/{i}" for i in indexes}


def test_daily_snapshot_grants_match_the_store_calls(dynamo_store):
    from tsunagu.domain.insight import FollowerCount
    from tsunagu.makers.sources.programs import load_programs
    from tsunagu.ports.insight import InsightSource
    from tsunagu.services.insight import daily_snapshots

    class Steady(InsightSource):
        def followers(self, channel: str, day: dt.date) -> FollowerCount:
            return FollowerCount("ready", 100, 70, 3)

    calls: list[tuple[str, str | None]] = []

    def note(model, params, **_kwargs):
        calls.append((model.name, params.get("IndexName")))

    dynamo_store._client.meta.events.register("before-parameter-build.dynamodb", note)
    results = daily_snapshots(load_programs(REPO / "programs"), Steady(), dynamo_store, dt.date(2026, 11, 28))
    assert results and {r.status for r in results} == {"ready"}
    used = {op for op, _ in calls} - TABLE_ADMIN
    actions, resources = granted_dynamodb("policy-snapshot-insight.json")
    assert used == actions, f"grant exactly these in policy-snapshot-insight.json: {sorted(used)}"
    assert resources == {"${IntakeTable.Arn}"} and not any(index for _, index in calls)
