"""The template scripts/package builds: cfn-lint clean, the resources the issue asks for, least-privilege IAM."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
WILDCARDS = "tsunagu:wildcards"


def resources(template, kind: str) -> dict[str, dict[str, Any]]:
    return {k: r for k, r in template["Resources"].items() if r.get("Type") == kind}


def one(template, kind: str) -> dict[str, Any]:
    found = list(resources(template, kind).values())
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]["Properties"]


def text(value: Any) -> str:
    """A Resource/Action value as the string an operator reads (Fn::Sub unwrapped)."""
    if isinstance(value, dict) and "Fn::Sub" in value:
        return value["Fn::Sub"]
    return value if isinstance(value, str) else json.dumps(value)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def policy_statements(template):
    """(resource id, metadata, statement) for every IAM role policy and bucket policy."""
    for rid, res in template["Resources"].items():
        meta = res.get("Metadata", {}).get(WILDCARDS, {})
        if res.get("Type") == "AWS::IAM::Role":
            for policy in res["Properties"].get("Policies", []):
                for st in policy["PolicyDocument"]["Statement"]:
                    yield rid, meta, st
        elif res.get("Type") == "AWS::S3::BucketPolicy":
            for st in res["Properties"]["PolicyDocument"]["Statement"]:
                yield rid, meta, st


def role_statements(template, function: str) -> list[dict[str, Any]]:
    role = template["Resources"][function]["Properties"]["Role"]["Fn::GetAtt"][0]
    return [st for policy in template["Resources"][role]["Properties"]["Policies"]
            for st in policy["PolicyDocument"]["Statement"]]


def grants(statements, action: str) -> list[str]:
    """Resources (as text) on which an Allow statement grants `action`."""
    return [text(r) for st in statements if st["Effect"] == "Allow" and action in as_list(st["Action"])
            for r in as_list(st["Resource"])]


def lint_passed(returncode: int) -> bool:
    """cfn-lint's exit code is a bit field: 2 = errors, 4 = warnings, 8 = informational; 1 = cfn-lint itself
    failed (a crash, an unreadable template). Warnings and notes pass; anything else does not."""
    return returncode & ~(4 | 8) == 0


def test_lint_passed_refuses_a_crash_and_errors_and_allows_warnings():
    # `returncode & 2 == 0` alone let a crashing cfn-lint (exit 1) pass.
    assert [lint_passed(code) for code in (0, 4, 8, 12, 1, 2, 6, 3)] == [True] * 4 + [False] * 4


def test_cfn_lint_finds_no_error(deployment):
    result = subprocess.run([str(REPO / ".venv" / "bin" / "cfn-lint"), str(deployment.out / "sam.json")],
                            capture_output=True, text=True, check=False)
    assert lint_passed(result.returncode), result.stdout + result.stderr
    if result.stdout.strip():  # warnings: shown, not failed (new cfn-lint releases add rules)
        print(result.stdout)


def test_no_grant_of_everything(deployment):
    for rid, _, st in policy_statements(deployment.template):
        if st["Effect"] != "Allow":
            continue
        for action in as_list(st["Action"]):
            assert action != "*" and not action.endswith(":*"), f"{rid}: {action} grants a whole service"
        for res in as_list(st["Resource"]):
            assert text(res) != "*", f"{rid}: {st.get('Sid')} grants on every resource"


def test_every_wildcard_is_justified_in_metadata(deployment):
    for rid, meta, st in policy_statements(deployment.template):
        for value in [*as_list(st["Action"]), *as_list(st["Resource"])]:
            if "*" in text(value):
                assert meta.get(text(value), "").strip(), f"{rid}: {text(value)} has no justification in Metadata"


def test_intake_role_is_scoped_to_its_table_secrets_and_topic(deployment):
    statements = role_statements(deployment.template, "APIHandler")
    actions = {a for st in statements for a in as_list(st["Action"])}
    for action in ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query"):
        assert set(grants(statements, action)) <= {"${IntakeTable.Arn}", "${IntakeTable.Arn}/index/by_day",
                                                   "${IntakeTable.Arn}/index/by_contact"}
    assert not any(a.startswith("dynamodb:") and a in ("dynamodb:Scan", "dynamodb:DeleteTable", "dynamodb:CreateTable")
                   for a in actions)
    assert all("parameter${SecretsPrefix}" in r for r in grants(statements, "ssm:GetParametersByPath"))
    decrypt = [st for st in statements if "kms:Decrypt" in as_list(st["Action"])]
    assert decrypt and all(
        "ssm." in text(st["Condition"]["StringEquals"]["kms:ViaService"])
        and "parameter${SecretsPrefix}" in text(st["Condition"]["StringLike"]["kms:EncryptionContext:PARAMETER_ARN"])
        for st in decrypt)
    assert grants(statements, "sns:Publish") == ["${AlertTopic}", "${ReviewTopic}"]  # review notes: never paging
    # Only the schedule files, which a same-day operation (the staff's /ops route) republishes at once.
    assert grants(statements, "s3:PutObject") == ["arn:${AWS::Partition}:s3:::${SiteBucket}/schedule/*"]


def test_the_operations_api_is_iam_authorised(deployment):
    paths = deployment.template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    for path, methods in (("/ops", ("get", "post")), ("/ops/{op_id}", ("delete",))):
        for method in methods:
            assert paths[path][method]["security"] == [{"sigv4": []}], (path, method)


def test_schedule_role_writes_only_the_schedule_prefix(deployment):
    statements = role_statements(deployment.template, "PublishSchedule")
    assert grants(statements, "s3:PutObject") == ["arn:${AWS::Partition}:s3:::${SiteBucket}/schedule/*"]
    # It reads the same-day operations (closures, extra sessions) and nothing else of the table.
    assert grants(statements, "dynamodb:Query") == ["${IntakeTable.Arn}"]
    writes = [a for st in statements for a in as_list(st["Action"]) if a.startswith(("dynamodb:", "ssm:", "kms:"))]
    assert writes == ["dynamodb:Query"]


def test_secrets_are_read_from_ssm_by_prefix_never_shipped(deployment):
    for name in ("APIHandler", "PublishSchedule"):
        env = deployment.template["Resources"][name]["Properties"]["Environment"]["Variables"]
        assert text(env["TSUNAGU_SECRETS"]) == "ssm:${SecretsPrefix}"
        for var in env:
            assert not re.search(r"TOKEN|PASSWORD|KEY|CHANNEL_SECRET", var), f"{name}: {var} looks like a secret"
    template_text = (deployment.out / "sam.json").read_text(encoding="utf-8")
    with zipfile.ZipFile(deployment.zip) as z:
        shipped = [z.read(n) for n in z.namelist()]
    for value in deployment.secret_values:
        assert value not in template_text
        assert not any(value.encode() in blob for blob in shipped), "a local secret was packaged into the zip"


def test_table_is_on_demand_with_ttl_and_point_in_time_recovery(deployment):
    table = one(deployment.template, "AWS::DynamoDB::Table")
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}


def test_site_bucket_is_private_and_served_by_cloudfront_over_https(deployment):
    t = deployment.template
    bucket = one(t, "AWS::S3::Bucket")
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    dist = one(t, "AWS::CloudFront::Distribution")["DistributionConfig"]
    origins = {o["Id"]: o for o in dist["Origins"]}
    assert origins["site"]["OriginAccessControlId"] == {"Fn::GetAtt": ["SiteOriginAccessControl", "Id"]}
    assert one(t, "AWS::CloudFront::OriginAccessControl")["OriginAccessControlConfig"]["SigningBehavior"] == "always"
    behaviours = [dist["DefaultCacheBehavior"], *dist["CacheBehaviors"]]
    assert all(b["ViewerProtocolPolicy"] in ("https-only", "redirect-to-https") for b in behaviours)
    allow = [st for st in one(t, "AWS::S3::BucketPolicy")["PolicyDocument"]["Statement"] if st["Effect"] == "Allow"]
    assert [st["Principal"] for st in allow] == [{"Service": "cloudfront.amazonaws.com"}]


def test_webhook_and_scans_reach_the_api_through_cloudfront(deployment):
    dist = one(deployment.template, "AWS::CloudFront::Distribution")["DistributionConfig"]
    origins = {o["Id"]: o for o in dist["Origins"]}
    routed = {b["PathPattern"]: b for b in dist["CacheBehaviors"]}
    for pattern in ("/callback/*", "/scan/*"):
        behaviour = routed[pattern]
        assert "POST" in behaviour["AllowedMethods"]
        assert "${RestAPI}.execute-api" in text(origins[behaviour["TargetOriginId"]]["DomainName"])
        assert behaviour["ViewerProtocolPolicy"] == "https-only"  # a redirected POST would lose its body
    api_paths = deployment.template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    assert {"/callback/{channel}", "/scan/{placement}"} <= set(api_paths)


def test_security_headers_carry_a_csp_without_third_parties(deployment):
    config = one(deployment.template, "AWS::CloudFront::ResponseHeadersPolicy")["ResponseHeadersPolicyConfig"]
    headers = config["SecurityHeadersConfig"]
    csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if " " in d.strip())
    assert directives["default-src"] in ("'none'", "'self'")
    assert directives["frame-ancestors"] == "'none'"
    assert not re.search(r"https?:|\*|'unsafe-eval'", csp), csp
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "no-referrer"
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    dist = one(deployment.template, "AWS::CloudFront::Distribution")["DistributionConfig"]
    assert dist["DefaultCacheBehavior"]["ResponseHeadersPolicyId"] == {"Ref": "SiteHeadersPolicy"}


def test_weekly_schedule_and_alerts_exist(deployment):
    t = deployment.template
    events = t["Resources"]["PublishSchedule"]["Properties"]["Events"]
    assert [e["Type"] for e in events.values()] == ["Schedule"]
    assert t["Resources"]["AlertTopic"]["Type"] == t["Resources"]["ReviewTopic"]["Type"] == "AWS::SNS::Topic"
    for name in ("APIHandler", "PublishSchedule"):
        env = t["Resources"][name]["Properties"]["Environment"]["Variables"]
        assert env["TSUNAGU_NOTIFY"] == {"Fn::Sub": "sns:${AlertTopic}"}
    alarms = resources(t, "AWS::CloudWatch::Alarm").values()
    assert alarms and all(a["Properties"]["AlarmActions"] == [{"Ref": "AlertTopic"}] for a in alarms)


def test_the_zip_carries_only_what_the_lambda_imports(deployment):
    with zipfile.ZipFile(deployment.zip) as z:
        names = z.namelist()
        unpacked = sum(info.file_size for info in z.infolist())
    top = {n.split("/", 1)[0] for n in names}
    assert {"app.py", "programs.json", "tsunagu", "chalice", "tzdata"} <= top
    for never in ("linebot", "pydantic", "aiohttp", "yaml", "holidays", "mkdocs", "material", "PIL", "matplotlib",
                  "qrcode", "segno", "rich", "icalendar", "boto3", "botocore"):
        assert never not in top, f"{never} is in the zip"
    for left_out in ("tsunagu/entry/", "tsunagu/makers/", "tsunagu/adapters/standin/"):
        shipped = [n for n in names if n.startswith(left_out)]
        assert not shipped, f"{left_out} is shipped but the Lambda never imports it"
    assert "tsunagu/adapters/store/sqlite.py" in names, "adapters/ goes in whole"
    assert not [n for n in names if n.endswith(".yml")], "YAML ships compiled to JSON"
    assert unpacked <= 10_000_000, f"the zip unpacks to {unpacked / 1e6:.1f} MB; the goal is at most 10 MB"


def test_the_header_csp_is_the_portals_own(deployment):
    from tsunagu.makers.portal.plugin import CSP

    config = one(deployment.template, "AWS::CloudFront::ResponseHeadersPolicy")["ResponseHeadersPolicyConfig"]
    header = config["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    assert header.startswith(CSP + ";")
    assert "@" not in header


INDEX_CASES = [("/", {"uri": "/index.html"}), ("/kita/", {"uri": "/kita/index.html"}),
               ("/ja-easy/kita/", {"uri": "/ja-easy/kita/index.html"}),
               ("/assets/site.3f2a1b9c.css", {"uri": "/assets/site.3f2a1b9c.css"}),
               ("/kita", {"statusCode": 301, "location": "/kita/"})]


def test_folder_urls_are_served_from_their_index_page(deployment, tmp_path):
    """The CloudFront function, run in node (its runtime is JavaScript): MkDocs writes folder/index.html."""
    code = one(deployment.template, "AWS::CloudFront::Function")["FunctionCode"]
    harness = tmp_path / "index.js"
    harness.write_text(code + "\nconst out = {};\nfor (const uri of JSON.parse(process.argv[2])) {\n"
                       "  const r = handler({request: {uri: uri, headers: {}}});\n"
                       "  out[uri] = r.statusCode ? {statusCode: r.statusCode, location: r.headers.location.value}"
                       " : {uri: r.uri};\n}\nconsole.log(JSON.stringify(out));\n", encoding="utf-8")
    result = subprocess.run(["node", str(harness), json.dumps([u for u, _ in INDEX_CASES])],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == dict(INDEX_CASES)
    dist = one(deployment.template, "AWS::CloudFront::Distribution")["DistributionConfig"]
    assert [a["EventType"] for a in dist["DefaultCacheBehavior"]["FunctionAssociations"]] == ["viewer-request"]


def test_daily_insight_role_keeps_snapshots_reads_tokens_and_nothing_else(deployment):
    t = deployment.template
    statements = role_statements(t, "SnapshotInsight")
    actions = {a for st in statements for a in as_list(st["Action"])}
    assert {a for a in actions if a.startswith("dynamodb:")} == {"dynamodb:PutItem", "dynamodb:Query"}
    assert set(grants(statements, "dynamodb:PutItem")) == {"${IntakeTable.Arn}"}
    assert all("parameter${SecretsPrefix}" in r for r in grants(statements, "ssm:GetParametersByPath"))
    assert not [a for a in actions if a.startswith(("s3:", "sns:"))]
    events = t["Resources"]["SnapshotInsight"]["Properties"]["Events"]
    assert [e["Properties"]["Schedule"] for e in events.values()] == ["cron(0 1 * * ? *)"]  # 10:00 JST daily
    alarm = t["Resources"]["SnapshotInsightErrorsAlarm"]["Properties"]
    assert alarm["Dimensions"][0]["Value"] == {"Ref": "SnapshotInsight"}


FUNCTIONS = ("APIHandler", "PublishSchedule", "SnapshotInsight", "RetryReplies", "ForwardConsole")


def test_every_function_logs_json_at_info_into_a_90_day_group(deployment):
    t = deployment.template["Resources"]
    assert {k for k, r in t.items() if r["Type"] == "AWS::Serverless::Function"} == set(FUNCTIONS)
    for name in FUNCTIONS:
        config = t[name]["Properties"]["LoggingConfig"]
        assert {k: config[k] for k in ("LogFormat", "ApplicationLogLevel", "SystemLogLevel")} == {
            "LogFormat": "JSON", "ApplicationLogLevel": "INFO", "SystemLogLevel": "WARN"}, name
        group = t[config["LogGroup"]["Ref"]]["Properties"]
        assert group["RetentionInDays"] == 90
        assert text(group["LogGroupName"]) == "/aws/lambda/" + text(t[name]["Properties"]["FunctionName"])


def test_the_retry_queue_is_encrypted_short_lived_and_drains_into_a_dead_letter_queue(deployment):
    t = deployment.template["Resources"]
    queue, dead = t["RetryQueue"]["Properties"], t["RetryDeadLetterQueue"]["Properties"]
    assert queue["SqsManagedSseEnabled"] and dead["SqsManagedSseEnabled"]
    assert queue["MessageRetentionPeriod"] <= 3600 and dead["MessageRetentionPeriod"] <= 86400
    assert queue["RedrivePolicy"]["deadLetterTargetArn"] == {"Fn::GetAtt": ["RetryDeadLetterQueue", "Arn"]}
    # Pushed within a minute: first delivery after DelaySeconds, then every VisibilityTimeout.
    assert queue["DelaySeconds"] + queue["VisibilityTimeout"] <= 2 * 60 and queue["DelaySeconds"] < 60
    [source] = t["RetryReplies"]["Properties"]["Events"].values()
    assert source["Type"] == "SQS" and source["Properties"]["Queue"] == {"Fn::GetAtt": ["RetryQueue", "Arn"]}
    env = t["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert env["TSUNAGU_RETRY_QUEUE"] == {"Fn::Sub": "sqs:${RetryQueue}"}


def test_the_worker_role_takes_from_one_queue_and_reads_one_secret_path(deployment):
    statements = role_statements(deployment.template, "RetryReplies")
    actions = {a for st in statements for a in as_list(st["Action"])}
    assert actions == {"logs:CreateLogStream", "logs:PutLogEvents", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                       "sqs:GetQueueAttributes", "ssm:GetParametersByPath", "kms:Decrypt"}
    for action in ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"):
        assert grants(statements, action) == ["${RetryQueue.Arn}"]
    assert all("parameter${SecretsPrefix}" in r for r in grants(statements, "ssm:GetParametersByPath"))
    intake = role_statements(deployment.template, "APIHandler")
    assert sorted(grants(intake, "sqs:SendMessage")) == ["${ConsoleQueue.Arn}", "${RetryQueue.Arn}"]
    assert not grants(intake, "sqs:ReceiveMessage")


def test_the_console_worker_takes_from_the_fifo_queue_and_gives_up_to_its_dead_letter_queue(deployment):
    resources = deployment.template["Resources"]
    queue, dead = resources["ConsoleQueue"]["Properties"], resources["ConsoleDeadLetterQueue"]["Properties"]
    assert queue["FifoQueue"] and dead["FifoQueue"] and queue["SqsManagedSseEnabled"] and dead["SqsManagedSseEnabled"]
    assert 86_400 < queue["MessageRetentionPeriod"] <= 2 * 86_400  # 24 h of tries, then the worker gives up
    statements = role_statements(deployment.template, "ForwardConsole")
    for action in ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"):
        assert grants(statements, action) == ["${ConsoleQueue.Arn}"]
    assert grants(statements, "sqs:SendMessage") == ["${ConsoleDeadLetterQueue.Arn}"]
    assert not grants(statements, "ssm:GetParametersByPath"), "forwarding needs no secret: LINE signed the bytes"
    alarm = resources["ConsoleDeadLetterAlarm"]["Properties"]
    assert alarm["Dimensions"][0]["Value"] == {"Fn::GetAtt": ["ConsoleDeadLetterQueue", "QueueName"]}
    worker = resources["ForwardConsole"]["Properties"]
    assert worker["Events"] and all(e["Properties"]["Queue"] == {"Fn::GetAtt": ["ConsoleQueue", "Arn"]}
                                    for e in worker["Events"].values())


def test_the_api_stage_is_throttled_and_scans_more_tightly(deployment):
    settings = {(m["ResourcePath"], m["HttpMethod"]): m
                for m in deployment.template["Resources"]["RestAPI"]["Properties"]["MethodSettings"]}
    stage, scan = settings[("/*", "*")], settings[("/~1scan~1{placement}", "POST")]
    assert stage["ThrottlingRateLimit"] >= 2000  # LINE may send up to 2,000 requests a second
    assert scan["ThrottlingRateLimit"] < stage["ThrottlingRateLimit"] and scan["ThrottlingBurstLimit"] < 100
    api_paths = deployment.template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]["paths"]
    assert "/scan/{placement}" in api_paths  # the setting's path (~1 is "/") names a real resource


def test_alarms_watch_reply_failures_5xx_throttles_and_dead_letters(deployment):
    alarms = [a["Properties"] for a in resources(deployment.template, "AWS::CloudWatch::Alarm").values()]
    watched = {m["MetricStat"]["Metric"]["MetricName"] for a in alarms for m in a.get("Metrics", [])
               if "MetricStat" in m} | {a.get("MetricName") for a in alarms}
    assert {"RepliesFailed", "RepliesUnsent", "RepliesLost", "5XXError", "Throttles",
            "ApproximateNumberOfMessagesVisible"} <= watched
    dead = next(a for a in alarms if a.get("MetricName") == "ApproximateNumberOfMessagesVisible")
    assert dead["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["RetryDeadLetterQueue", "QueueName"]}}]


def test_the_intake_has_the_memory_the_operator_guide_reasons_for(deployment):
    memory = deployment.template["Resources"]["APIHandler"]["Properties"]["MemorySize"]
    guide = (REPO / "docs" / "operator.md").read_text(encoding="utf-8")
    assert f"{memory:,} MB" in guide
