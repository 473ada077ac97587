"""What only the DynamoDB adapter promises: lazy boto3, the env endpoint, Query-only reads, clear failures."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import time

import pytest

from tsunagu.domain.records import ContactRecord, HandoffOutcome, ScanRecord
from tsunagu.ports.store import StoreUnavailable
from tsunagu.wiring import open_store

pytestmark = pytest.mark.dynalite
DAY = dt.date(2026, 4, 1)


def rec(event_id: str, channel: str = "minato-main", day: dt.date = DAY) -> ContactRecord:
    return ContactRecord(event_id=event_id, channel=channel, kind="message", day=day, hour=20,
                         pseudonym="0123456789abcdef", expires_at=int(time.time()) + 3600)


def test_wiring_a_sqlite_store_loads_no_boto3(tmp_path):
    # The adapter imports boto3 at its top; wiring imports the adapter only for a dynamodb:// store.
    code = ("import sys; from tsunagu.settings import Settings; from tsunagu.wiring import Wiring; "
            f"Wiring(Settings(store='sqlite:///{tmp_path}/s.sqlite3')).store().close(); "
            "sys.exit('boto3' in sys.modules or 'botocore' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_open_store_finds_the_table_through_the_environment(dynamo_store, monkeypatch, dynalite_endpoint):
    monkeypatch.delenv("AWS_ENDPOINT_URL_DYNAMODB")
    monkeypatch.setenv("AWS_ENDPOINT_URL", dynalite_endpoint)
    assert dynamo_store.record(rec("e1")) is True
    other = open_store(f"dynamodb://{dynamo_store.table}")
    assert other.record(rec("e1")) is False
    assert [r.event_id for r in other.records("minato-main", DAY, DAY)] == ["e1"]
    other.close()


def test_reads_query_only_the_partitions_that_hold_data_never_a_scan(dynamo_store):
    for i, ch in enumerate(("a", "b", "c")):
        dynamo_store.record(rec(f"e{i}", channel=ch, day=DAY + dt.timedelta(days=45 * i)))
        dynamo_store.add_outcome(HandoffOutcome(ch, "phone", DAY, 1))
    dynamo_store.record_scan(ScanRecord("station-toilet", DAY))
    dynamo_store.erase_contact("c", "fedcba9876543210")
    operations = []
    dynamo_store._client.meta.events.register("before-call.dynamodb.*", lambda model, **_: operations.append(
        model.name))
    century = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))
    assert len(list(dynamo_store.records(None, *century))) == 3
    assert len(list(dynamo_store.outcomes(None, *century))) == 3
    assert dynamo_store.scan_counts(*century) == {("station-toilet", DAY): 1}
    # one partition-index Query per read, then one per partition that holds data, not per month asked
    assert operations == ["Query"] * (1 + 3) * 2 + ["Query"] * (1 + 1)
    assert dynamo_store.erase_contact("a", "0123456789abcdef") == 1
    # Her partition read strongly consistently, the legacy index (items from before partitions), then
    # the record and its link deleted.
    assert operations[-4:] == ["Query", "Query", "DeleteItem", "DeleteItem"]


def test_ensure_table_is_idempotent(dynamo_store):
    dynamo_store.record(rec("kept"))
    dynamo_store.ensure_table()
    assert dynamo_store.record(rec("kept")) is False


def test_a_missing_table_raises_store_unavailable(dynalite_endpoint):
    from tsunagu.adapters.store.dynamodb import DynamoStore

    store = DynamoStore("no-such-table", endpoint_url=dynalite_endpoint)
    with pytest.raises(StoreUnavailable, match=r"no-such-table.*ResourceNotFoundException"):
        store.record(rec("e1"))
    with pytest.raises(StoreUnavailable, match=r"no-such-table: batch_get_item failed \(ResourceNotFoundException"):
        store.held(["minato-main:a1b2c3d4e5f60718:split-0a1b2c3d-2"], 1_800_000_000)


def test_an_unreachable_server_raises_store_unavailable(dynalite_endpoint):
    from tsunagu.adapters.store.dynamodb import DynamoStore

    with socket.socket() as s:  # a port nobody listens on once this socket is closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = DynamoStore("tsunagu", endpoint_url=f"http://127.0.0.1:{port}")
    with pytest.raises(StoreUnavailable, match="EndpointConnectionError"):
        store.record(rec("e1"))
    with pytest.raises(StoreUnavailable):
        list(store.records("minato-main", DAY, DAY))
    with pytest.raises(StoreUnavailable, match="EndpointConnectionError"):
        store.held(["minato-main:a1b2c3d4e5f60718:split-0a1b2c3d-2"], 1_800_000_000)


def test_table_items_lists_what_is_stored_for_privacy_scans(dynamo_store):
    from support.dynalite import table_items

    dynamo_store.record(rec("e1"))
    dynamo_store.claim("minato-main:0123456789abcdef:ack", 1_800_000_000, 60, 1_800_000_060)
    text = repr(table_items(dynamo_store))
    assert "0123456789abcdef" in text and "EV#e1" in text and "'MK#ack'" in text


def test_ensure_table_turns_on_ttl_where_the_server_has_it(s3_endpoint):
    from tsunagu.adapters.store.dynamodb import DynamoStore

    store = DynamoStore("tsunagu-ttl", endpoint_url=s3_endpoint)  # moto's server speaks DynamoDB too
    store.ensure_table()
    store.ensure_table()  # already on: nothing to do
    ttl = store._client.describe_time_to_live(TableName="tsunagu-ttl")["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}
    store.delete_table()


# Hop-by-hop headers (RFC 9110 7.6.1) describe one connection and must not be forwarded by a proxy.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}


@pytest.fixture
def lossy_proxy(dynalite_endpoint):
    """An HTTP proxy to dynalite that performs a request but drops its reply when `drop(target, body)` says so.

    Root cause of this file's once-flaky lost-reply test: the proxy speaks HTTP/1.0 and closes every
    connection after one reply, but it used to forward dynalite's `Keep-Alive: timeout=5` header. For
    an HTTP/1.0 reply that header tells http.client the connection stays open, so urllib3 pooled it
    and sent botocore's next request on it. When the proxy's thread had not closed the socket yet (a
    busy machine), that request went into a socket about to close and came back as a reset: a failed
    attempt nobody intended, which with the deliberate drop used up botocore's attempts. Retries only
    hid it. Now hop-by-hop headers are not forwarded and every reply says `Connection: close`; `linger`
    holds the socket open after each reply, which made the old proxy fail every time.
    """
    import http.client
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import urlsplit

    upstream = urlsplit(dynalite_endpoint)
    rules: dict = {"drop": lambda target, body: False, "dropped": 0, "linger": 0.0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=10)
            conn.request("POST", self.path, body, dict(self.headers))
            reply = conn.getresponse()
            payload = reply.read()
            conn.close()
            if rules["drop"](self.headers.get("X-Amz-Target", ""), body):
                rules["dropped"] += 1
                self.close_connection = True  # the write happened; the client never hears of it
                return
            self.send_response(reply.status)
            for name, value in reply.getheaders():
                if name.lower() not in HOP_BY_HOP | {"date"}:
                    self.send_header(name, value)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(payload)
            self.wfile.flush()
            time.sleep(rules["linger"])  # a busy machine: the reply is out, the socket not closed yet

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rules["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    yield rules
    server.shutdown()
    server.server_close()


def test_a_write_whose_reply_was_lost_is_still_this_calls_after_the_retry(dynamo_store, lossy_proxy):
    from tsunagu.adapters.store.dynamodb import DynamoStore

    def first_only(kind):
        return lambda target, body: target.endswith(kind) and not lossy_proxy["dropped"]

    # The production number of attempts (2): the dropped one and its retry, with none to spare.
    lossy_proxy["linger"] = 0.3
    store = DynamoStore(dynamo_store.table, endpoint_url=lossy_proxy["url"], read_timeout=30)
    store.record(rec("warm-up"))  # the partition index write goes through
    lossy_proxy["drop"] = first_only("PutItem")
    assert store.record(rec("lost-reply")) is True  # botocore retried; the retry met its own write
    assert lossy_proxy["dropped"] == 1
    assert store.record(rec("lost-reply")) is False  # a real redelivery is still a duplicate
    lossy_proxy["dropped"], lossy_proxy["drop"] = 0, first_only("UpdateItem")
    key = "minato-main:0123456789abcdef:out-of-hours"
    assert store.claim(key, 1_800_000_000, 10800, 1_800_086_400) is True
    assert lossy_proxy["dropped"] == 1
    assert store.claim(key, 1_800_000_001, 10800, 1_800_086_400) is False
    assert [r.event_id for r in dynamo_store.records("minato-main", DAY, DAY)].count("lost-reply") == 1


def test_erasure_reads_her_partition_strongly_consistently_not_the_lagging_index(dynamo_store):
    operations = []
    dynamo_store._client.meta.events.register("before-parameter-build.dynamodb.Query",
                                              lambda params, **_: operations.append(dict(params)))
    dynamo_store.record(rec("e1"))
    dynamo_store.erase_contact("minato-main", "0123456789abcdef", up_to=int(time.time()))
    erasing = [op for op in operations if ":c" in op.get("ExpressionAttributeValues", {})]
    direct = [op for op in erasing if "IndexName" not in op]
    assert len(direct) == 1 and direct[0]["ConsistentRead"] is True
    assert direct[0]["ExpressionAttributeValues"][":c"] == {"S": "CT#minato-main#0123456789abcdef"}
    assert list(dynamo_store.records("minato-main", DAY, DAY)) == []
