"""`tsunagu site --deploy s3://BUCKET`: changed files only, the right headers, against a moto S3 server."""

from __future__ import annotations

import uuid
from pathlib import Path

import boto3
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsunagu.domain.errors import SiteDeployError
from tsunagu.makers.sitedeploy import CACHE_IMMUTABLE, cache_control_for, deploy_site, parse_target

SITE = {
    "index.html": "<h1>つなぐ</h1>",
    "kita/index.html": "<h1>北区</h1>",
    "assets/javascripts/bundle.f13b1293.min.js": "console.log(1)",
    "assets/stylesheets/main.8608ea7d.min.css": "body{}",
    "assets/images/favicon.png": "\x89PNG",
    "schedule.json": "{}",
    "calendar/kita-women.ics": "BEGIN:VCALENDAR",
    "fonts/noto.woff2": "wOF2",
    "download.bin": "?",
    "assets/exit.js": "location.replace('/')",
}


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    return boto3.client("s3", endpoint_url=s3_endpoint)


@pytest.fixture
def bucket(s3) -> str:
    name = f"site-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
    return name


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    for rel, text in SITE.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def head(s3, bucket, key):
    return s3.head_object(Bucket=bucket, Key=key)


def test_first_deploy_uploads_everything_with_headers_per_type(s3, bucket, site):
    result = deploy_site(site, f"s3://{bucket}")
    assert sorted(result.uploaded) == sorted(SITE)
    page = head(s3, bucket, "kita/index.html")
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "public, max-age=300"
    js = head(s3, bucket, "assets/javascripts/bundle.f13b1293.min.js")
    assert js["ContentType"] == "text/javascript; charset=utf-8"
    assert js["CacheControl"] == CACHE_IMMUTABLE
    assert head(s3, bucket, "assets/stylesheets/main.8608ea7d.min.css")["ContentType"] == "text/css; charset=utf-8"
    assert head(s3, bucket, "schedule.json")["CacheControl"] == "public, max-age=300"
    assert head(s3, bucket, "calendar/kita-women.ics")["ContentType"] == "text/calendar; charset=utf-8"
    png = head(s3, bucket, "assets/images/favicon.png")
    assert (png["ContentType"], png["CacheControl"]) == ("image/png", "public, max-age=86400")
    assert head(s3, bucket, "fonts/noto.woff2")["ContentType"] == "font/woff2"
    assert head(s3, bucket, "download.bin")["ContentType"] == "application/octet-stream"
    assert head(s3, bucket, "assets/exit.js")["CacheControl"] == "public, max-age=300"  # a fix must arrive soon
    body = s3.get_object(Bucket=bucket, Key="kita/index.html")["Body"].read().decode("utf-8")
    assert body == "<h1>北区</h1>"


def test_redeploy_sends_only_what_changed(s3, bucket, site):
    deploy_site(site, f"s3://{bucket}")
    again = deploy_site(site, f"s3://{bucket}")
    assert again.uploaded == ()
    assert again.unchanged == len(SITE)
    (site / "kita/index.html").write_text("<h1>北区 (新しい時間)</h1>", encoding="utf-8")
    edited = deploy_site(site, f"s3://{bucket}")
    assert edited.uploaded == ("kita/index.html",)
    body = s3.get_object(Bucket=bucket, Key="kita/index.html")["Body"].read().decode("utf-8")
    assert "新しい時間" in body


def test_removed_pages_are_deleted_but_the_lambdas_schedule_is_kept(s3, bucket, site):
    s3.put_object(Bucket=bucket, Key="schedule/kita-women.json", Body=b"{}")
    deploy_site(site, f"s3://{bucket}")
    (site / "kita/index.html").unlink()
    result = deploy_site(site, f"s3://{bucket}")
    assert result.deleted == ("kita/index.html",)
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert "kita/index.html" not in keys
    assert "schedule/kita-women.json" in keys


def test_a_prefix_keeps_the_site_under_it(s3, bucket, site):
    s3.put_object(Bucket=bucket, Key="other/keep.txt", Body=b"x")
    result = deploy_site(site, f"s3://{bucket}/public/")
    assert "public/index.html" in result.uploaded
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert "other/keep.txt" in keys
    assert deploy_site(site, f"s3://{bucket}/public").uploaded == ()


def test_a_missing_bucket_names_it(s3, site):
    with pytest.raises(SiteDeployError, match="s3://no-such-bucket-here/: cannot deploy"):
        deploy_site(site, "s3://no-such-bucket-here")


def test_a_missing_build_says_to_build_first(tmp_path):
    with pytest.raises(SiteDeployError, match="build the site first"):
        deploy_site(tmp_path / "nothing", "s3://bucket")


@pytest.mark.parametrize("bad", ["bucket", "s3://", "s3:///prefix", "https://bucket"])
def test_bad_targets_are_refused(bad):
    with pytest.raises(SiteDeployError, match="s3://BUCKET"):
        parse_target(bad)


@given(st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True), st.sampled_from([".html", ".json", ".ics"]))
def test_pages_and_data_are_never_cached_long(stem, suffix):
    assert cache_control_for(f"assets/{stem}.0123abcd{suffix}") == "public, max-age=300"


def test_tsunagu_site_deploy_builds_and_uploads_the_real_site(s3, bucket, tmp_path, capsys):
    from tsunagu.entry.cli import main

    assert main(["site", "--out", str(tmp_path / "site"), "--deploy", f"s3://{bucket}"]) == 0
    assert head(s3, bucket, "index.html")["ContentType"] == "text/html; charset=utf-8"
    css = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="assets/stylesheets/")["Contents"]
           if o["Key"].endswith(".min.css")]
    assert css and head(s3, bucket, css[0])["CacheControl"] == CACHE_IMMUTABLE
    assert "uploaded" in capsys.readouterr().out
    assert main(["site", "--out", str(tmp_path / "site"), "--deploy", f"s3://{bucket}"]) == 0
    assert "0 uploaded" in capsys.readouterr().out  # a rebuild of the same programmes changes nothing
