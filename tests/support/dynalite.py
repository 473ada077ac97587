"""dynalite (an npm DynamoDB server) on 127.0.0.1 for the whole test session, and fresh tables.

Fixtures:
- `dynalite_endpoint` (session): starts `node node_modules/dynalite/cli.js` on a free port, waits until it
  answers, sets dummy credentials, region ap-northeast-1 and `AWS_ENDPOINT_URL_DYNAMODB` (DynamoDB
  only, so an S3 stand-in elsewhere is not redirected), yields the URL, stops the server at the end.
- `dynamo_store` (function): a DynamoStore on a fresh table (`ensure_table()` done), dropped afterwards.

`table_items(store)` returns every raw item of a store's table, for privacy scans in tests.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "node_modules" / "dynalite" / "cli.js"
START_TIMEOUT_S = 20.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    """True once dynalite answers a ListTables call (any DynamoDB-shaped reply will do)."""
    request = urllib.request.Request(url, data=json.dumps({}).encode(), headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.ListTables"})
    try:
        with urllib.request.urlopen(request, timeout=1) as reply:
            return reply.status == 200
    except urllib.error.HTTPError:
        return True  # it answered (e.g. missing signature), so it is up
    except OSError:
        return False


@contextlib.contextmanager
def running_dynalite(log: Path) -> Iterator[str]:
    """Run dynalite on a free 127.0.0.1 port (output to `log`) and yield its URL; stop it afterwards."""
    node = shutil.which("node")
    if node is None or not CLI.exists():
        raise RuntimeError(f"dynalite needs node and {CLI.relative_to(ROOT)}: run scripts/setup")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    # Tables become ACTIVE at once (dynalite's default is 500 ms, paid by every test's fresh table).
    args = [node, str(CLI), "--host", "127.0.0.1", "--port", str(port),
            "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"]
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dynalite did not start on {url}: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# Dummy credentials: botocore signs every request, dynalite checks nothing.
AWS_ENV = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "ap-northeast-1",
           "AWS_REGION": "ap-northeast-1", "AWS_EC2_METADATA_DISABLED": "true"}


def missing(config: pytest.Config) -> str:
    """Why dynalite cannot run here ('' when it can): node or the npm package absent, or `--without dynalite`."""
    if "dynalite" in config.getoption("--without", default=[]):
        return "dynalite hidden by --without dynalite"
    if shutil.which("node") is None:
        return "node is not installed (scripts/setup installs it)"
    if not CLI.exists():
        return f"{CLI.relative_to(ROOT)} is missing (scripts/setup runs npm install)"
    return ""


@pytest.fixture(scope="session")
def dynalite_endpoint(tmp_path_factory, request) -> Iterator[str]:
    """URL of a dynalite server on 127.0.0.1, with AWS env vars pointing boto3's DynamoDB client at it.

    Skips (never errors) when dynalite is not installed; a dynalite that is installed but does not start fails."""
    reason = missing(request.config)
    if reason:
        pytest.skip(reason)
    try:
        server = running_dynalite(tmp_path_factory.mktemp("dynalite") / "dynalite.log")
        url = server.__enter__()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        with pytest.MonkeyPatch.context() as mp:
            for name, value in {**AWS_ENV, "AWS_ENDPOINT_URL_DYNAMODB": url}.items():
                mp.setenv(name, value)
            mp.delenv("AWS_PROFILE", raising=False)
            yield url
    finally:
        server.__exit__(None, None, None)


@pytest.fixture
def dynamo_store(dynalite_endpoint) -> Iterator[object]:
    """A DynamoStore on a fresh, empty table of the session's dynalite."""
    from tsunagu.adapters.store.dynamodb import DynamoStore

    # The production read timeout (1.5 s, for LINE's 2 s limit) would make tests flaky on a busy CI machine.
    store = DynamoStore(f"tsunagu-test-{uuid.uuid4().hex[:12]}", endpoint_url=dynalite_endpoint, read_timeout=30)
    store.ensure_table()
    yield store
    store.delete_table()
    store.close()


def table_items(store: object) -> list[dict]:
    """Every raw item of a DynamoStore's table (a Scan: for tests' privacy checks, never for the app)."""
    items, kwargs = [], {"TableName": store.table}
    while True:
        page = store._client.scan(**kwargs)
        items += page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
