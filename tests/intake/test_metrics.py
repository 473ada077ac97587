"""Embedded-metric lines: the counts an operator and the alarms read, and nothing about a person anywhere.

A batch with a follow, an emergency message, a hand-off request, a redelivery and a scan goes through
the app; every EMF line must parse as CloudWatch reads it (each declared metric present, dimensions
present), count what happened, and hold only counts and ids of channels and placements. The log lines
of the same requests are searched for the user ids, the texts and the reply tokens too.
"""

from __future__ import annotations

import io
import json
import logging

from support.line_events import make_event

from tsunagu.adapters.metrics import EmbeddedMetrics
from tsunagu.adapters.store.sqlite import SqliteStore
from tsunagu.ports.metrics import METRIC_NAMES

CHANNEL = "kita-women"


def emf_lines(stream: io.StringIO) -> list[dict]:
    """Each line as CloudWatch reads it; fails unless every declared metric and dimension is in the line."""
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    for doc in lines:
        [directive] = doc["_aws"]["CloudWatchMetrics"]
        assert directive["Namespace"] == "tsunagu" and isinstance(doc["_aws"]["Timestamp"], int)
        for dimensions in directive["Dimensions"]:
            assert all(isinstance(doc[d], str) for d in dimensions)
        for metric in directive["Metrics"]:
            assert metric["Unit"] == "Count" and isinstance(doc[metric["Name"]], int)
        assert set(doc) <= {"_aws", "Service", "Source", *METRIC_NAMES}, set(doc)
    return lines


def test_counts_reach_the_metrics_and_nothing_personal_reaches_metrics_or_logs(intake_on, tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="tsunagu")
    stream = io.StringIO()
    store = SqliteStore(tmp_path / "intake.sqlite3")
    intake = intake_on(store, metrics=EmbeddedMetrics("tsunagu-kita", stream=stream))
    events = [make_event("follow"), make_event("text", text="もう死にたい、たすけて"),
              make_event("postback", data="action=handoff&kind=phone")]
    assert intake.post(CHANNEL, *events).status_code == 200
    assert intake.post(CHANNEL, events[0]).status_code == 200  # LINE redelivers the follow

    [first, second] = emf_lines(stream)
    assert (first["Service"], first["Source"]) == ("tsunagu-kita", CHANNEL)
    assert first["EventsRecorded"] == 3 and first["RepliesSent"] == 3 and first["EmergencyAlerts"] == 1
    assert second == {**second, "EventsDuplicate": 1} and "EventsRecorded" not in second

    personal = [v for e in events
                for v in (e["source"]["userId"], e.get("replyToken"), e.get("message", {}).get("text")) if v]
    for value in personal:
        assert value not in stream.getvalue() and value not in caplog.text
    store.close()


def test_scans_are_counted_in_the_metrics_by_placement(intake_on, tmp_path):
    from chalice.test import Client

    stream = io.StringIO()
    store = SqliteStore(tmp_path / "intake.sqlite3")
    intake = intake_on(store, metrics=EmbeddedMetrics("tsunagu-kita", stream=stream))
    with Client(intake.app) as client:
        res = client.http.post("/scan/kita-sticker-ward-office", headers={"Content-Type": "text/plain"}, body=b"")
    assert res.status_code == 204
    [line] = emf_lines(stream)
    assert (line["Source"], line["ScansCounted"]) == ("kita-sticker-ward-office", 1) and "ScansCapped" not in line
    store.close()
