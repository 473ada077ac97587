"""Upload the built public site to its S3 bucket (`tsunagu site --deploy s3://BUCKET[/PREFIX]`).

Only changed files are sent: a file whose MD5 equals the object's ETag (single-part uploads, SSE-S3)
is skipped. Each object gets its Content-Type and a Cache-Control by kind: fingerprinted assets
(`bundle.f13b1293.min.js`) never change under their name, so browsers keep them a year; images and
fonts a day; pages, JSON and unfingerprinted scripts (the quick exit) five minutes, so an edit of a
programme or a fix reaches readers quickly. Objects the site no
longer has are deleted, so a removed page (an old phone number) stops being served; `schedule/` is
left alone because the weekly Lambda writes it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.client import BaseClient
from botocore.exceptions import BotoCoreError, ClientError
from rich.progress import Progress

from tsunagu.domain.errors import SiteDeployError
from tsunagu.ports.publisher import content_type, s3_location

# Fingerprinted names carry a hex content hash between dots (MkDocs Material: main.8608ea7d.min.css).
FINGERPRINT = re.compile(r"\.[0-9a-f]{8,}\.")
CACHE_IMMUTABLE = "public, max-age=31536000, immutable"  # one year: the name changes with the content
CACHE_SHORT = "public, max-age=300"  # five minutes: an edited page or schedule reaches readers quickly
CACHE_DAY = "public, max-age=86400"  # images, fonts, PDFs without a fingerprint: they rarely change
SHORT_SUFFIXES = {".html", ".json", ".ics", ".xml", ".txt", ".webmanifest"}
DAY_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif", ".ico", ".svg", ".woff", ".woff2", ".ttf", ".pdf"}
KEEP_PREFIXES = ("schedule/",)  # written by the weekly publish_schedule Lambda, not by `tsunagu site`
UPLOAD_THREADS = 8  # PutObject is network-bound; 8 keeps a ward's laptop uplink busy without throttling


@dataclass(frozen=True)
class SiteFile:
    """One local file of the built site and how it is stored."""

    key: str
    path: Path
    md5: str
    content_type: str
    cache_control: str


@dataclass(frozen=True)
class DeployResult:
    """What a deployment changed in the bucket."""

    uploaded: tuple[str, ...]
    unchanged: int
    deleted: tuple[str, ...]


def parse_target(url: str) -> tuple[str, str]:
    """Bucket and key prefix ('' or ending in '/') of `s3://BUCKET[/PREFIX]`."""
    try:
        bucket, prefix = s3_location(url)
    except ValueError:
        raise SiteDeployError(f"--deploy {url!r}: give the site bucket as s3://BUCKET or s3://BUCKET/PREFIX") \
            from None
    return bucket, (prefix + "/" if prefix else "")


def cache_control_for(name: str) -> str:
    """The Cache-Control of a file name: a year if fingerprinted, a day for media, else five minutes.

    Unfingerprinted scripts and styles (the quick-exit script) get five minutes: a fix must reach readers.
    """
    suffix = Path(name).suffix.lower()
    if suffix in SHORT_SUFFIXES:
        return CACHE_SHORT
    if FINGERPRINT.search(Path(name).name):
        return CACHE_IMMUTABLE
    return CACHE_DAY if suffix in DAY_SUFFIXES else CACHE_SHORT


def site_files(site_dir: Path, prefix: str = "") -> list[SiteFile]:
    """Every file of the built site with its key, MD5, Content-Type and Cache-Control."""
    if not site_dir.is_dir():
        raise SiteDeployError(f"{site_dir} does not exist; build the site first ('tsunagu site')")
    found = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        found.append(SiteFile(prefix + rel, path, hashlib.md5(path.read_bytes()).hexdigest(),
                              content_type(rel), cache_control_for(rel)))
    return found


def deploy_site(site_dir: Path, target: str, client: BaseClient | None = None,
                on_upload: Callable[[str, int], None] | None = None) -> DeployResult:
    """Upload new and changed files, delete stale ones (never under schedule/); returns what changed.

    `on_upload(key, count)` is called after each upload, with the number of files to upload.
    """
    bucket, prefix = parse_target(target)
    local = site_files(site_dir, prefix)
    client = client or _client()
    try:
        remote = dict(_remote_etags(client, bucket, prefix))
        changed = [f for f in local if remote.get(f.key) != f.md5]
        keys = {f.key for f in local}
        stale = sorted(k for k in remote if k not in keys
                       and not k.removeprefix(prefix).startswith(KEEP_PREFIXES))

        def upload(f: SiteFile) -> str:
            body = f.path.read_bytes()
            client.put_object(Bucket=bucket, Key=f.key, Body=body, ContentType=f.content_type,
                              CacheControl=f.cache_control,
                              ContentMD5=base64.b64encode(bytes.fromhex(f.md5)).decode("ascii"))
            if on_upload:
                on_upload(f.key, len(changed))
            return f.key

        with ThreadPoolExecutor(UPLOAD_THREADS) as pool:
            uploaded = tuple(pool.map(upload, changed))
        for i in range(0, len(stale), 1000):  # DeleteObjects takes at most 1000 keys
            client.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in stale[i:i + 1000]],
                                                         "Quiet": True})
    except (BotoCoreError, ClientError) as exc:
        raise SiteDeployError(f"s3://{bucket}/{prefix}: cannot deploy the site ({exc}); check the bucket name, "
                              "your AWS credentials and AWS_ENDPOINT_URL") from None
    return DeployResult(uploaded, len(local) - len(changed), tuple(stale))


def run_deploy(site_dir: Path, target: str) -> DeployResult:
    """Deploy with a progress bar and print a one-line summary (for `tsunagu site --deploy`)."""
    bucket, prefix = parse_target(target)
    with Progress(transient=True) as progress:
        task = progress.add_task(f"s3://{bucket}/{prefix}", total=None)

        def advance(_key: str, count: int) -> None:
            progress.update(task, total=count, advance=1)

        result = deploy_site(site_dir, target, on_upload=advance)
    print(f"s3://{bucket}/{prefix}: {len(result.uploaded)} uploaded, {result.unchanged} unchanged, "
          f"{len(result.deleted)} deleted")
    return result


def _client() -> BaseClient:
    return boto3.client("s3")  # honours AWS_ENDPOINT_URL (a local S3 stand-in) and the usual credentials


def _remote_etags(client: BaseClient, bucket: str, prefix: str) -> Iterator[tuple[str, str]]:
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            yield obj["Key"], obj["ETag"].strip('"')
