"""Weekly schedule publishing: the files the portal reads, in a folder and in S3 (moto server)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest

from tsunagu.domain.schedule import slots
from tsunagu.makers.sources.programs import load_programs
from tsunagu.services.publishing import publish_schedules
from tsunagu.settings import Settings
from tsunagu.wiring import Wiring, open_publisher

START = dt.date(2022, 8, 8)  # osaka-women is valid in 2022 and has a special day on 13 August


@pytest.fixture(scope="module")
def programs():
    return load_programs(Path("programs"))


def test_local_folder_gets_json_and_ics_for_every_channel(tmp_path, programs):
    keys = publish_schedules(programs, open_publisher(str(tmp_path)), START)
    assert len(keys) == 2 * len(programs.channels)
    for ch in programs.channels:
        doc = json.loads((tmp_path / f"schedule/{ch.id}.json").read_text("utf-8"))
        assert set(doc) == {"timezone", "from", "days", "slots", "notices"}
        assert doc["notices"] == []  # none given: the staff's notices come with the overlay
        assert doc["timezone"] == "Asia/Tokyo" and doc["from"] == "2022-08-08" and doc["days"] == 14
        assert doc["slots"] == [s.to_json() for s in slots(ch, START, 14)]
        assert (tmp_path / f"schedule/{ch.id}.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    osaka = json.loads((tmp_path / "schedule/osaka-women.json").read_text("utf-8"))
    assert any(s["start"] == "2022-08-13T14:00:00+09:00" for s in osaka["slots"])


def test_s3_round_trip_with_content_type_and_cache_control(s3_endpoint, programs, monkeypatch):
    import boto3

    bucket = f"portal-{uuid.uuid4().hex[:8]}"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint)
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("TSUNAGU_PUBLISH", f"s3://{bucket}/site")
    keys = publish_schedules(programs, Wiring(Settings.from_env()).publisher(), START)
    listed = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert listed == {f"site/{k}" for k in keys}
    obj = s3.get_object(Bucket=bucket, Key="site/schedule/osaka-women.json")
    assert obj["ContentType"] == "application/json; charset=utf-8"
    assert obj["CacheControl"] == "max-age=300"
    doc = json.loads(obj["Body"].read().decode("utf-8"))
    assert doc["from"] == "2022-08-08" and doc["slots"]
    ics = s3.get_object(Bucket=bucket, Key="site/schedule/osaka-women.ics")
    assert ics["ContentType"] == "text/calendar; charset=utf-8"
    assert ics["CacheControl"] == "max-age=300"
    assert b"DTSTART;TZID=Asia/Tokyo:20220813T140000" in ics["Body"].read()


def test_s3_without_bucket_is_refused_with_a_hint():
    from tsunagu.domain.errors import PublishError

    with pytest.raises(PublishError, match="bucket"):
        open_publisher("s3://")


def test_schedule_publish_command_writes_the_portal_files(tmp_path, capsys):
    from tsunagu.entry.cli import main

    assert main(["schedule", "--publish", "--from", "2022-08-08", "--out", str(tmp_path)]) == 0
    doc = json.loads((tmp_path / "schedule/osaka-women.json").read_text("utf-8"))
    assert doc["days"] == 14 and doc["from"] == "2022-08-08"
    assert str(tmp_path) in capsys.readouterr().out


def test_a_missing_bucket_is_a_clear_error_not_a_stack_trace(s3_endpoint, programs, monkeypatch, capsys):
    from tsunagu.entry.cli import main

    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    assert main(["schedule", "--publish", "--from", "2022-08-08", "--out", "s3://no-such-bucket/site"]) == 1
    err = capsys.readouterr().err
    assert "s3://no-such-bucket/site/schedule/" in err and "check the bucket name" in err


def test_a_notice_in_force_is_published_beside_the_slots(tmp_path, programs):
    import datetime as dt

    from tsunagu.domain.operations import Operation, Overlay
    from tsunagu.domain.schedule import JST
    from tsunagu.domain.text import Text

    notice = Operation("n1", "kita-women", "notice", "山田", dt.datetime(2022, 8, 7, 9, tzinfo=JST),
                       first=START + dt.timedelta(days=3), last=START + dt.timedelta(days=4),
                       texts=Text({"ja": "台風のため休止します。", "en": "Closed for the typhoon."}))
    publish_schedules(programs, open_publisher(str(tmp_path)), START, overlays={"kita-women": Overlay((notice,))},
                      only="kita-women")
    doc = json.loads((tmp_path / "schedule/kita-women.json").read_text("utf-8"))
    assert doc["notices"] == [{"from": "2022-08-11", "to": "2022-08-12",
                               "text": {"ja": "台風のため休止します。", "en": "Closed for the typhoon."}}]
