"""The deployment zip, proven where it will run: unpacked into a venv holding only the Lambda runtime's packages.

The handler is imported in a subprocess (a cold start) and given an API Gateway proxy event carrying a
LINE webhook signed with the channel secret stored in SSM (moto), with DynamoDB at dynalite. The
environment comes from the template itself, so its wiring (table, prefix, topic, bucket) is proven too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest
from support.apigateway import proxy_event
from support.line_events import make_event, sign, webhook_body

from tsunagu.adapters.standin.line import LineStandIn
from tsunagu.adapters.store.dynamodb import DynamoStore
from tsunagu.domain.schedule import JST

CHANNEL = "kita-women"
PREFIX = "/tsunagu-proof"
SECRET = "proof-channel-secret-0123456789ab"

# Runs inside the clean venv: /var/task first on the path, as on Lambda; times the cold import.
RUNNER = r"""
import json, sys, sysconfig, time
task, handler = sys.argv[1], sys.argv[2]
sys.path.insert(0, task)
started = time.perf_counter()
import app
imported = time.perf_counter()

class Context:
    function_name = "tsunagu-intake"
    memory_limit_in_mb = 1024
    aws_request_id = "proof-request"
    invoked_function_arn = "arn:aws:lambda:ap-northeast-1:123456789012:function:tsunagu-intake"
    def get_remaining_time_in_millis(self):
        return 10000

response = getattr(app, handler)(json.loads(sys.stdin.read()), Context())
done = time.perf_counter()
stdlib = (sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib"))
outside = sorted(name for name, m in list(sys.modules.items())
                 if getattr(m, "__file__", None) and not m.__file__.startswith((task, *stdlib)))
boto3 = sys.modules.get("boto3")
print(json.dumps({"import_s": imported - started, "call_s": done - imported, "response": response,
                  "boto3": boto3 and boto3.__file__, "outside": outside,
                  "modules": sorted({m.split(".")[0] for m in sys.modules})}, default=str))
"""


@pytest.fixture(scope="module")
def aws(deployment, dynalite_endpoint, s3_endpoint):
    """The template's table (dynalite), SSM secrets, topic and bucket (moto), and the env the template sets."""
    t = deployment.template["Resources"]
    table = f"tsunagu-proof-{uuid.uuid4().hex[:8]}"
    props = t["IntakeTable"]["Properties"]
    dynamo = boto3.client("dynamodb", endpoint_url=dynalite_endpoint)
    dynamo.create_table(TableName=table, **{k: props[k] for k in (
        "BillingMode", "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes")})
    ssm = boto3.client("ssm", endpoint_url=s3_endpoint)
    for name, value in {"pseudonym_key": "proof-pseudonym-key-" + "x" * 30, f"channels/{CHANNEL}/secret": SECRET,
                        f"channels/{CHANNEL}/access_token": "proof-access-token"}.items():
        ssm.put_parameter(Name=f"{PREFIX}/{name}", Value=value, Type="SecureString", Overwrite=True)
    topic = boto3.client("sns", endpoint_url=s3_endpoint).create_topic(Name="tsunagu-alerts")["TopicArn"]
    review = boto3.client("sns", endpoint_url=s3_endpoint).create_topic(Name="tsunagu-review")["TopicArn"]
    bucket = f"site-{uuid.uuid4().hex[:8]}"
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
    queue = boto3.client("sqs", endpoint_url=s3_endpoint).create_queue(
        QueueName=f"retry-{uuid.uuid4().hex[:8]}", Attributes={"SqsManagedSseEnabled": "true"})["QueueUrl"]
    console = boto3.client("sqs", endpoint_url=s3_endpoint).create_queue(
        QueueName=f"console-{uuid.uuid4().hex[:8]}.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    names = {"${IntakeTable}": table, "${SecretsPrefix}": PREFIX, "${AlertTopic}": topic, "${ReviewTopic}": review,
             "${SiteBucket}": bucket,
             "${RetryQueue}": queue, "${ConsoleQueue}": console, "${AWS::StackName}": "tsunagu-proof"}
    return {"table": table, "bucket": bucket, "queue": queue, "dynalite": dynalite_endpoint, "moto": s3_endpoint,
            "resolve": lambda function: _template_env(t[function], names)}


def _template_env(function: dict[str, Any], names: dict[str, str]) -> dict[str, str]:
    env = {}
    for key, value in function["Properties"]["Environment"]["Variables"].items():
        if isinstance(value, dict):
            value = value["Fn::Sub"]
            for placeholder, real in names.items():
                value = value.replace(placeholder, real)
        assert "${" not in value, f"{key}: {value} refers to something the proof does not stand in for"
        env[key] = value
    return env


def invoke(lambda_task, handler: str, event: dict[str, Any], env: dict[str, str],
           only_the_zip: bool = False) -> dict[str, Any]:
    """Run the handler in a fresh interpreter: in the Lambda-like venv, or with nothing but the zip and the stdlib."""
    # -S: no site-packages at all (not even the venv's boto3); -I: no PYTHON* variables, no user site.
    flags = ["-S", "-I"] if only_the_zip else ["-I"]
    base = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(lambda_task.task.parent),
            "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "ap-northeast-1",
            "AWS_REGION": "ap-northeast-1", "AWS_EC2_METADATA_DISABLED": "true", "AWS_MAX_ATTEMPTS": "2"}
    result = subprocess.run([str(lambda_task.python), *flags, "-c", RUNNER, str(lambda_task.task), handler],
                            input=json.dumps(event), env={**base, **env}, cwd=lambda_task.task,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.dynalite
def test_signed_webhook_is_answered_200_and_recorded(deployment, lambda_task, aws, capsys):
    event = make_event("follow", at=dt.datetime.now(JST))
    body = webhook_body(event)
    env = aws["resolve"]("APIHandler")
    with LineStandIn() as line:
        env.update(TSUNAGU_LINE_API=line.url, AWS_ENDPOINT_URL=aws["dynalite"],
                   AWS_ENDPOINT_URL_SSM=aws["moto"], AWS_ENDPOINT_URL_SNS=aws["moto"], AWS_ENDPOINT_URL_SQS=aws["moto"])
        out = invoke(lambda_task, "app", proxy_event(CHANNEL, body, sign(body, SECRET)), env)
        replies = line.delivered()
    # On a busy machine the cold start may spend the 1 s reply budget (bench_coldstart measures it): then
    # the greeting waits in the retry queue instead, which is what the person would get.
    sqs = boto3.client("sqs", endpoint_url=aws["moto"])
    queued = sqs.receive_message(QueueUrl=aws["queue"], WaitTimeSeconds=1).get("Messages", [])
    for message in queued:
        sqs.delete_message(QueueUrl=aws["queue"], ReceiptHandle=message["ReceiptHandle"])
    assert out["response"]["statusCode"] == 200, out["response"]
    today = dt.datetime.now(JST).date()
    store = DynamoStore(aws["table"], endpoint_url=aws["dynalite"])
    recorded = [r for r in store.records(CHANNEL, today - dt.timedelta(days=1), today + dt.timedelta(days=1))]
    assert [r.event_id for r in recorded] == [event["webhookEventId"]]
    assert event["source"]["userId"] not in json.dumps([r.__dict__ for r in recorded], default=str)
    assert len(replies) + len(queued) == 1, "the intake answered LINE from the zip (or queued the greeting)"
    assert out["boto3"].startswith(str(lambda_task.python.parent.parent)), "boto3 must come from the runtime"
    assert not {"mkdocs", "PIL", "matplotlib", "qrcode", "rich"} & set(out["modules"])
    with capsys.disabled():
        print(f"\n[deployment] zip {deployment.zip.stat().st_size / 1e6:.1f} MB, cold import of app "
              f"{out['import_s'] * 1000:.0f} ms, first webhook {out['call_s'] * 1000:.0f} ms")


@pytest.mark.dynalite
def test_a_greeting_line_did_not_take_is_queued_and_pushed_by_the_worker_from_the_zip(lambda_task, aws):
    follow = make_event("follow", at=dt.datetime.now(JST))
    body = webhook_body(follow)
    aws_env = {"AWS_ENDPOINT_URL": aws["dynalite"], "AWS_ENDPOINT_URL_SSM": aws["moto"],
               "AWS_ENDPOINT_URL_SNS": aws["moto"], "AWS_ENDPOINT_URL_SQS": aws["moto"]}
    with LineStandIn() as line:
        line.fail("/v2/bot/message/reply", 503)
        line.fail("/v2/bot/message/push", 503)  # the in-request fallback push fails as well
        env = {**aws["resolve"]("APIHandler"), **aws_env, "TSUNAGU_LINE_API": line.url}
        out = invoke(lambda_task, "app", proxy_event(CHANNEL, body, sign(body, SECRET)), env)
        assert out["response"]["statusCode"] == 200
        line.fail("/v2/bot/message/push", None)  # LINE is back for the worker
        sqs = boto3.client("sqs", endpoint_url=aws["moto"])
        [message] = sqs.receive_message(QueueUrl=aws["queue"], WaitTimeSeconds=1)["Messages"]
        records = {"Records": [{"messageId": message["MessageId"], "receiptHandle": message["ReceiptHandle"],
                                "body": message["Body"], "attributes": {}, "messageAttributes": {},
                                "eventSource": "aws:sqs", "awsRegion": "ap-northeast-1"}]}
        worker_env = {**aws["resolve"]("RetryReplies"), **aws_env, "TSUNAGU_LINE_API": line.url}
        invoke(lambda_task, "retry_replies", records, worker_env)
        invoke(lambda_task, "retry_replies", records, worker_env)  # delivered twice by SQS: pushed once
        pushes = [r for r in line.delivered() if r.path == "/v2/bot/message/push"]
    assert len(pushes) == 1 and pushes[0].json["to"] == follow["source"]["userId"]
    assert pushes[0].headers["Authorization"] == "Bearer proof-access-token"


def test_the_zip_alone_answers_a_follow_with_the_standard_library(lambda_task, tmp_path):
    """Nothing but the unpacked zip and the stdlib: SQLite, local secrets and the stdlib LINE client need no boto3."""
    secrets = tmp_path / "secrets.json"
    secrets.write_text(json.dumps({"pseudonym_key": "only-zip-pseudonym-key-" + "z" * 30,
                                   "channels": {CHANNEL: {"secret": SECRET, "access_token": "only-zip-token"}}}),
                       encoding="utf-8")
    event = make_event("follow", at=dt.datetime.now(JST))
    body = webhook_body(event)
    with LineStandIn() as line:
        env = {"TSUNAGU_STORE": f"sqlite:///{tmp_path}/intake.sqlite3", "TSUNAGU_SECRETS": str(secrets),
               "TSUNAGU_NOTIFY": str(tmp_path / "alerts.log"), "TSUNAGU_LINE_API": line.url}
        out = invoke(lambda_task, "app", proxy_event(CHANNEL, body, sign(body, SECRET)), env, only_the_zip=True)
        replies = line.requests("/v2/bot/message/reply")
    assert out["response"]["statusCode"] == 200, out["response"]
    assert out["outside"] == [], "every module came from the zip or the standard library"
    assert out["boto3"] is None
    assert len(replies) == 1 and replies[0].headers["Authorization"] == "Bearer only-zip-token"
    assert len(replies[0].json["messages"]) == 5  # the greeting, hours, privacy, emergency numbers, age bands
    with sqlite3.connect(tmp_path / "intake.sqlite3") as db:
        stored = "\n".join(str(row) for row in db.execute("SELECT * FROM records"))
    assert event["webhookEventId"] in stored and event["source"]["userId"] not in stored


@pytest.mark.dynalite
def test_badly_signed_webhook_is_refused_and_not_recorded(lambda_task, aws):
    event = make_event("text")
    body = webhook_body(event)
    env = aws["resolve"]("APIHandler")
    env.update(AWS_ENDPOINT_URL=aws["dynalite"], AWS_ENDPOINT_URL_SSM=aws["moto"], AWS_ENDPOINT_URL_SNS=aws["moto"],
               TSUNAGU_LINE_API="http://127.0.0.1:9")
    out = invoke(lambda_task, "app", proxy_event(CHANNEL, body, sign(body, "not-the-secret")), env)
    assert out["response"]["statusCode"] == 400
    today = dt.datetime.now(JST).date()
    store = DynamoStore(aws["table"], endpoint_url=aws["dynalite"])
    ids = {r.event_id for r in store.records(CHANNEL, today - dt.timedelta(days=1), today + dt.timedelta(days=1))}
    assert event["webhookEventId"] not in ids


@pytest.mark.dynalite
def test_weekly_schedule_is_published_to_the_bucket(lambda_task, aws):
    env = aws["resolve"]("PublishSchedule")
    env["AWS_ENDPOINT_URL"] = aws["moto"]  # S3 and SNS; the same-day operations are read from DynamoDB
    env["AWS_ENDPOINT_URL_DYNAMODB"] = aws["dynalite"]
    scheduled = {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
                 "account": "123456789012", "time": "2026-11-29T21:00:00Z", "region": "ap-northeast-1",
                 "resources": ["arn:aws:events:ap-northeast-1:123456789012:rule/weekly"], "detail": {}}
    invoke(lambda_task, "publish_schedule", scheduled, env)
    s3 = boto3.client("s3", endpoint_url=aws["moto"])
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=aws["bucket"], Prefix="schedule/").get("Contents", [])}
    assert {f"schedule/{CHANNEL}.json", f"schedule/{CHANNEL}.ics"} <= keys
    doc = json.loads(s3.get_object(Bucket=aws["bucket"], Key=f"schedule/{CHANNEL}.json")["Body"].read())
    assert doc["timezone"] == "Asia/Tokyo" and doc["slots"]


def test_lambda_venv_really_lacks_the_build_packages(lambda_task):
    probe = "import importlib.util as u; print([m for m in ('yaml', 'mkdocs', 'PIL', 'linebot') if u.find_spec(m)])"
    out = subprocess.run([str(lambda_task.python), "-I", "-c", probe], capture_output=True, text=True,
                         env={"PATH": os.environ["PATH"]}, check=True).stdout
    assert out.strip() == "[]"  # everything the handler used came from the zip
    assert Path(lambda_task.task, "programs.json").exists()


@pytest.mark.dynalite
def test_daily_snapshot_stores_line_follower_counts_without_line_bot_sdk(lambda_task, aws, deployment):
    programs = json.loads(Path(lambda_task.task, "programs.json").read_text(encoding="utf-8"))
    today = dt.datetime.now(JST).date()
    channels = [ch["id"] for w in programs["wards"] for ch in w["channels"]
                if not ch.get("valid") or ch["valid"]["end"] >= (today - dt.timedelta(days=2)).isoformat()]
    ssm = boto3.client("ssm", endpoint_url=aws["moto"])
    for ch in channels:
        for name in ("secret", "access_token"):
            ssm.put_parameter(Name=f"{PREFIX}/channels/{ch}/{name}", Value=f"{ch}-{name}-proof" + "x" * 16,
                              Type="SecureString", Overwrite=True)
    env = aws["resolve"]("SnapshotInsight")
    env.update(AWS_ENDPOINT_URL_DYNAMODB=aws["dynalite"], AWS_ENDPOINT_URL_SSM=aws["moto"])
    scheduled = {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
                 "account": "123456789012", "time": "2026-11-30T01:00:00Z", "region": "ap-northeast-1",
                 "resources": ["arn:aws:events:ap-northeast-1:123456789012:rule/daily"], "detail": {}}
    with LineStandIn() as line:
        env["TSUNAGU_LINE_API"] = line.url
        out = invoke(lambda_task, "snapshot_insight", scheduled, env)
        asked = line.requests("/v2/bot/insight/followers")
    assert {r["channel"] for r in out["response"]} == set(channels) and len(asked) == 2 * len(channels)
    assert {r["status"] for r in out["response"]} == {"ready"}
    store = DynamoStore(aws["table"], endpoint_url=aws["dynalite"])
    stored = store.snapshots(None, today - dt.timedelta(days=2), today)
    expected = {(ch, today - dt.timedelta(days=n)) for ch in channels for n in (1, 2)}
    assert {(s.channel, s.day) for s in stored} == expected
    assert "linebot" not in out["modules"]
