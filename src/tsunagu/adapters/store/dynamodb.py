"""The AWS store: one DynamoDB table (on-demand), conditional writes, TTL on `expires_at`.

The table's layout (items, keys, indexes, and why) is `tsunagu.adapters.store.dynamodb_layout`.

Expiry: DynamoDB's TTL deletes items some time after `expires_at` (up to days later; local servers
never do), so every read filters `expires_at > now` and conditional writes treat an expired item as
absent, exactly like the SQLite adapter.

wiring imports this module only for `dynamodb://` stores, so the SQLite cold path never loads boto3.
The endpoint comes from `AWS_ENDPOINT_URL_DYNAMODB` or `AWS_ENDPOINT_URL`
when set (a local server such as dynalite).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import boto3
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from tsunagu.adapters.store.dynamodb_items import contact_key as _contact_key
from tsunagu.adapters.store.dynamodb_items import month_start as _month_start
from tsunagu.adapters.store.dynamodb_items import n_value as _n
from tsunagu.adapters.store.dynamodb_items import record_item
from tsunagu.adapters.store.dynamodb_items import record_of as _record
from tsunagu.adapters.store.dynamodb_items import s_value as _s
from tsunagu.adapters.store.dynamodb_layout import BY_CONTACT, BY_DAY, TABLE
from tsunagu.adapters.store.dynamodb_operations import PARTITION, live_operations, operation_item, query_all
from tsunagu.domain.counts import ContractorCounts
from tsunagu.domain.insight import InsightSnapshot
from tsunagu.domain.operations import Operation
from tsunagu.domain.records import ActivityEntry, ContactRecord, HandoffOutcome, ScanRecord
from tsunagu.ports.store import OVER_CEILING, Store, StoreUnavailable, positive, tombstone_id

# LINE allows 2 s for the whole webhook answer: fail fast and let LINE redeliver rather than wait. Two
# attempts of at most 0.5 s each (botocore's standard mode waits at most 25 ms between them for
# DynamoDB): a hanging table fails in about 1 s (it answered 503 at 3 s with 1.5 s reads), which leaves
# room for the staff alert; the second attempt is what recovers a write whose reply was lost.
CONNECT_TIMEOUT_S = 0.5
READ_TIMEOUT_S = 0.5
ATTEMPTS = 2
# Channel-month partitions are read on this many threads (a report's year of 10 channels is 120).
QUERY_THREADS = 8
AWS_ERRORS = (BotoCoreError, ClientError)  # what botocore raises for a failed call or connection
P = TypeVar("P")
T = TypeVar("T")


def _marker_key(key: str) -> dict[str, Any]:
    """The item key of marker `key`: a contact's marker lives in her partition (erasure reads it)."""
    parts = key.split(":", 2)
    if len(parts) == 3 and all(parts[:2]):
        return {"pk": _s(_contact_key(parts[0], parts[1])), "sk": _s(f"MK#{parts[2]}")}
    return {"pk": _s(f"MK#{key}"), "sk": _s("MK")}


def _total(item: dict[str, Any]) -> tuple[float, int]:
    """(total, amounts) of a running total's item (`DynamoStore.add_to`)."""
    return float(item["total"]["N"]), int(item["n"]["N"])


class DynamoStore(Store):
    """Store backed by one DynamoDB table (see the module docstring for the key design)."""

    def __init__(self, table: str, *, endpoint_url: str | None = None, region: str | None = None,
                 read_timeout: float = READ_TIMEOUT_S, clock: Callable[[], float] = time.time) -> None:
        self.table = table
        self._clock = clock
        self._partitions: set[str] = set()  # index entries this process has written
        self._partitions_lock = threading.Lock()
        self.page_size: int | None = None  # items per Query page; None = DynamoDB's 1 MB pages
        # endpoint_url None: botocore itself honours AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL (local servers).
        config = Config(connect_timeout=CONNECT_TIMEOUT_S, read_timeout=read_timeout, max_pool_connections=32,
                        retries={"mode": "standard", "total_max_attempts": ATTEMPTS})
        try:
            self._client: BaseClient = boto3.session.Session().client(
                "dynamodb", endpoint_url=endpoint_url, region_name=region, config=config)
        except AWS_ERRORS as exc:
            raise StoreUnavailable(f"DynamoDB table {table}: cannot create a client ({type(exc).__name__})") from exc

    # --- plumbing --------------------------------------------------------------------------------

    def _call(self, op: str, *, client: BaseClient | None = None, named: bool = True, **kwargs: Any) -> dict[str, Any]:
        """One DynamoDB API call (on this table: `named`; a batch call names it in its request instead);
        every failure except a failed condition becomes StoreUnavailable."""
        try:
            return getattr(client or self._client, op)(**({"TableName": self.table} if named else {}), **kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code == "ConditionalCheckFailedException":
                raise
            # DynamoDB's messages name fields and limits, never item values, so they may be shown.
            message = exc.response.get("Error", {}).get("Message", "")[:200]
            raise StoreUnavailable(f"DynamoDB table {self.table}: {op} failed ({code}: {message})") from exc
        except AWS_ERRORS as exc:
            raise StoreUnavailable(f"DynamoDB table {self.table}: {op} failed ({type(exc).__name__})") from exc

    def _conditional(self, op: str, key: dict[str, Any], token: str, **kwargs: Any) -> bool:
        """A conditional write carrying `wt = token`: True when this call's write happened.

        botocore retries a write whose reply was lost (a timeout, a dropped connection); the retry then
        fails its condition against the very write it repeats. A consistent read of the token tells
        that case (True) from a true duplicate (False); it costs one read per redelivery only.
        """
        try:
            self._call(op, **kwargs)
        except ClientError:
            item = self._call("get_item", Key=key, ConsistentRead=True, ProjectionExpression="wt").get("Item", {})
            return item.get("wt", {}).get("S") == token
        return True

    def _query(self, **kwargs: Any) -> Iterator[dict[str, Any]]:
        """Every item of a paginated Query."""
        if self.page_size:
            kwargs["Limit"] = self.page_size
        while True:
            page = self._call("query", **kwargs)
            yield from page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _register(self, partition: str) -> None:
        """List a partition in the index (once per process) before the first item is written to it."""
        if partition in self._partitions:
            return
        self._call("put_item", Item={"pk": _s("IX"), "sk": _s(partition)})
        with self._partitions_lock:
            self._partitions.add(partition)

    def _indexed(self, prefix: str, start: dt.date, end: dt.date) -> list[str]:
        """Partitions starting with `prefix` whose month (their last 7 characters) is in start..end."""
        first, last = f"{start:%Y-%m}", f"{end:%Y-%m}"
        return [p for p in (item["sk"]["S"] for item in self._query(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)", ConsistentRead=True,
            ExpressionAttributeValues={":pk": _s("IX"), ":prefix": _s(prefix)})) if first <= p[-7:] <= last]

    def _put_month(self, kind: str, owner: str, day: dt.date, fields: dict[str, str | int | None],
                   appended: bool = True) -> None:
        """Put an item, its None fields left out, in the `<kind>#<owner>#<YYYY-MM>` partition under its day."""
        # An appended log gets a random id after the day as well, so it never replaces another.
        partition = f"{kind}#{owner}#{day:%Y-%m}"
        self._register(partition)
        key = f"{day.isoformat()}#{uuid.uuid4().hex}" if appended else day.isoformat()
        item = {"pk": _s(partition), "sk": _s(key)}
        item |= {name: _s(v) if isinstance(v, str) else _n(v) for name, v in fields.items() if v is not None}
        self._call("put_item", Item=item)

    def _months(self, kind: str, owner: str | None, start: dt.date, end: dt.date) -> Iterator[dict[str, Any]]:
        """Items of the `<kind>#<owner>#<YYYY-MM>` partitions (one owner, or all) keyed by a day in start..end."""
        bounds = {":a": _s(start.isoformat()), ":b": _s(f"{end.isoformat()}$")}  # '$' sorts after the '#<id>'
        for partition in self._indexed(f"{kind}#{owner}#" if owner else f"{kind}#", start, end):
            yield from self._query(KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b", ConsistentRead=True,
                                   ExpressionAttributeValues={":p": _s(partition), **bounds})

    def _parallel(self, fn: Callable[[P], list[T]], parts: list[P]) -> Iterator[T]:
        """Run fn over parts (independent partitions) on a few threads; yields every result item."""
        if len(parts) <= 1:
            for part in parts:
                yield from fn(part)
            return
        with ThreadPoolExecutor(min(QUERY_THREADS, len(parts))) as pool:
            for items in pool.map(fn, parts):
                yield from items

    # --- table set-up ----------------------------------------------------------------------------

    def _admin(self) -> BaseClient:
        """A client for table management (deploy steps): it waits as long as that takes, 30 s a call."""
        meta = self._client.meta
        return boto3.session.Session().client("dynamodb", endpoint_url=meta.endpoint_url,
                                              region_name=meta.region_name,
                                              config=Config(connect_timeout=5, read_timeout=30))

    def ensure_table(self, timeout: float = 60.0) -> None:
        """Create the table (on-demand, with its indexes) if missing, wait until active, enable TTL."""
        admin = self._admin()
        try:
            self._call("create_table", client=admin, **TABLE)
        except StoreUnavailable as exc:
            if "ResourceInUseException" not in str(exc):  # it exists already
                raise
        deadline = time.monotonic() + timeout
        while True:
            table = self._call("describe_table", client=admin)["Table"]
            indexes = table.get("GlobalSecondaryIndexes", [])
            if table["TableStatus"] == "ACTIVE" and all(i.get("IndexStatus") == "ACTIVE" for i in indexes):
                break
            if time.monotonic() > deadline:
                raise StoreUnavailable(f"DynamoDB table {self.table}: not active after {timeout:.0f} s")
            time.sleep(0.1)
        ttl = self._call("describe_time_to_live", client=admin).get("TimeToLiveDescription", {})
        if ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
            return
        try:
            self._call("update_time_to_live", client=admin,
                       TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"})
        except StoreUnavailable as exc:
            if "UnknownOperation" not in str(exc):  # dynalite has no UpdateTimeToLive (nor deletes by TTL)
                raise

    def delete_table(self) -> None:
        """Drop the table (tests and benchmarks clean up with it)."""
        self._call("delete_table", client=self._admin())

    # --- the port --------------------------------------------------------------------------------

    def record(self, rec: ContactRecord) -> bool:
        """Add the record unless its event id is recorded or an erasure covers it; True when this call stored it."""
        token = uuid.uuid4().hex
        item = {**record_item(rec), "wt": _s(token)}
        self._register(item["dpk"]["S"])
        link = {"pk": _s(_contact_key(rec.channel, rec.pseudonym)), "sk": _s(f"EV#{rec.event_id}")}
        if rec.pseudonym:
            self._call("put_item", Item={**link, "at": _n(rec.at), "expires_at": _n(rec.expires_at)})
        key = {"pk": item["pk"], "sk": item["sk"]}
        stored = self._conditional(
            "put_item", key, token, Item=item, ConditionExpression="attribute_not_exists(pk) OR expires_at <= :now",
            ExpressionAttributeValues={":now": _n(int(self._clock()))},
        )
        if stored and rec.pseudonym and self._erased(rec):
            self._call("delete_item", Key=key)
            self._call("delete_item", Key=link)
            return False
        return stored

    def _erased(self, rec: ContactRecord) -> bool:
        """True when a live tombstone of the record's contact is at or after its time."""
        key = {"pk": _s(f"TS#{tombstone_id(rec.channel, rec.pseudonym)}"), "sk": _s("TS")}
        item = self._call("get_item", Key=key, ConsistentRead=True).get("Item")
        return bool(item) and int(item["at"]["N"]) >= rec.at and int(item["expires_at"]["N"]) > self._clock()

    def claim(self, key: str, now: int, interval: int, expires_at: int) -> bool:
        """Set marker `key` to `now` if absent, expired or at least `interval` seconds old."""
        token = uuid.uuid4().hex
        values = {":now": _n(now), ":cutoff": _n(now - interval), ":exp": _n(expires_at), ":wt": _s(token)}
        item_key = _marker_key(key)
        return self._conditional(
            "update_item", item_key, token, Key=item_key,
            UpdateExpression="SET #at = :now, expires_at = :exp, wt = :wt",
            ConditionExpression="attribute_not_exists(pk) OR #at <= :cutoff OR expires_at <= :now",
            ExpressionAttributeNames={"#at": "at"}, ExpressionAttributeValues=values,
        )

    def add_to(self, key: str, amount: float, now: int, expires_at: int) -> tuple[float, int]:
        """Add `amount` to the total under `key` (started again once expired); returns (total, amounts).

        An ADD to an unexpired total, else a fresh total: two conditional writes, each carrying a token
        (`wt`), so that botocore's retry of a write whose answer was lost fails its condition, and a
        consistent read finds the total that write made instead of adding twice."""
        amount = positive(amount)
        item_key = _marker_key(key)
        for _ in range(3):  # another call may start or expire the total between the two writes
            token = uuid.uuid4().hex
            values = {":x": {"N": f"{amount:.4f}"}, ":one": _n(1), ":now": _n(now), ":wt": _s(token)}
            writes = (("ADD #t :x, #n :one SET #at = :now, wt = :wt",
                       "attribute_exists(#t) AND expires_at > :now AND wt <> :wt", values),
                      ("SET #t = :x, #n = :one, #at = :now, expires_at = :exp, wt = :wt",
                       "attribute_not_exists(#t) OR expires_at <= :now", {**values, ":exp": _n(expires_at)}))
            for update, condition, given in writes:
                try:
                    done = self._call("update_item", Key=item_key, UpdateExpression=update,
                                      ConditionExpression=condition,
                                      ExpressionAttributeNames={"#at": "at", "#t": "total", "#n": "n"},
                                      ExpressionAttributeValues=given, ReturnValues="ALL_NEW")
                    return _total(done["Attributes"])
                except ClientError:
                    item = self._call("get_item", Key=item_key, ConsistentRead=True).get("Item", {})
                    if item.get("wt", {}).get("S") == token:  # this call's write, retried after its answer was lost
                        return _total(item)
        raise StoreUnavailable(f"DynamoDB table {self.table}: add_to kept losing races for one total")

    def held(self, keys: Sequence[str], now: int) -> set[str]:
        """The markers among `keys` that are set and unexpired: one consistent BatchGetItem (a message reads
        sixteen at most, only when it could complete or grow a split phrase), keys it leaves unprocessed
        asked again."""
        wanted = {key: _marker_key(key) for key in dict.fromkeys(keys)}
        found: set[tuple[str, str]] = set()
        pending = list(wanted.values())
        for _ in range(5):
            if not pending:
                break
            answer = self._call("batch_get_item", named=False, RequestItems={self.table: {
                "Keys": pending, "ConsistentRead": True, "ProjectionExpression": "pk, sk, expires_at"}})
            found |= {(i["pk"]["S"], i["sk"]["S"]) for i in answer.get("Responses", {}).get(self.table, [])
                      if int(i.get("expires_at", {}).get("N", "0")) > now}
            pending = answer.get("UnprocessedKeys", {}).get(self.table, {}).get("Keys", [])
        if pending:
            raise StoreUnavailable(f"DynamoDB table {self.table}: markers left unread after five tries")
        return {key for key, item in wanted.items() if (item["pk"]["S"], item["sk"]["S"]) in found}

    def erase_contact(self, channel: str, pseudonym: str, *, up_to: int | None = None,
                      tombstone_until: int | None = None) -> int:
        """Delete this contact's records and markers up to `up_to`, keep a tombstone; returns live records deleted."""
        if not pseudonym:
            raise ValueError("erase_contact needs a pseudonym")
        now = int(self._clock())
        if tombstone_until is not None:  # first, so a record written meanwhile sees it (see the module docstring)
            with contextlib.suppress(ClientError):  # a later erasure's tombstone is kept as it is
                self._call("update_item", Key={"pk": _s(f"TS#{tombstone_id(channel, pseudonym)}"), "sk": _s("TS")},
                           UpdateExpression="SET #at = :at, expires_at = :exp", ExpressionAttributeNames={"#at": "at"},
                           ConditionExpression="attribute_not_exists(pk) OR #at < :at",
                           ExpressionAttributeValues={":at": _n(now if up_to is None else up_to),
                                                      ":exp": _n(tombstone_until)})
        contact = _contact_key(channel, pseudonym)
        mine = [i for i in self._query(KeyConditionExpression="pk = :c", ConsistentRead=True,
                                       ExpressionAttributeValues={":c": _s(contact)})
                if up_to is None or int(i.get("at", {}).get("N", "0")) <= up_to]
        # Items from before contact partitions, found through the index (they hold no time: all erased).
        legacy = list(self._query(IndexName=BY_CONTACT, KeyConditionExpression="cpk = :c",
                                  ExpressionAttributeValues={":c": _s(contact)}))
        records = [{"pk": _s(i["sk"]["S"]), "sk": _s("EV")} for i in mine if i["sk"]["S"].startswith("EV#")]
        live = 0
        for key in [*records, *legacy, *({"pk": i["pk"], "sk": i["sk"]} for i in mine)]:
            item = self._call("delete_item", Key=key, ReturnValues="ALL_OLD").get("Attributes")
            if item and item["pk"]["S"].startswith("EV#") and int(item["expires_at"]["N"]) > now:
                live += 1
        return live

    def records(self, channel: str | None, start: dt.date, end: dt.date) -> Iterator[ContactRecord]:
        """Live records with `start <= day <= end`: one paginated GSI Query per channel-month."""
        now = int(self._clock())
        # "$" sorts just after "#", so the upper bound takes every event id of the last day.
        bounds = {":a": _s(start.isoformat()), ":b": _s(f"{end.isoformat()}$"), ":now": _n(now)}

        def month(partition: str) -> list[ContactRecord]:
            return [_record(item) for item in self._query(
                IndexName=BY_DAY, KeyConditionExpression="dpk = :p AND dsk BETWEEN :a AND :b",
                FilterExpression="expires_at > :now", ExpressionAttributeValues={":p": _s(partition), **bounds})]

        yield from self._parallel(month, self._indexed(f"RC#{channel}#" if channel else "RC#", start, end))

    def record_scan(self, scan: ScanRecord, *, at: int = 0, per_minute: int | None = None,
                    per_day: int | None = None) -> bool:
        """Count one scan of a placement on a day (an atomic ADD), within `per_minute` in `at`'s minute."""
        partition = f"SC#{scan.day:%Y-%m}"
        self._register(partition)
        if per_minute is not None:
            minute = at // 60  # a conditional ADD on the minute's counter, which TTL removes later
            try:
                self._call("update_item", Key={"pk": _s(f"SM#{scan.placement}#{minute}"), "sk": _s("SM")},
                           UpdateExpression="ADD n :one SET expires_at = :exp",
                           ConditionExpression="attribute_not_exists(n) OR n < :cap",
                           ExpressionAttributeValues={":one": _n(1), ":cap": _n(per_minute),
                                                      ":exp": _n(minute * 60 + 120)})
            except ClientError:
                return False  # the cap is reached: answered, not counted
        key = scan.placement
        condition = {} if per_day is None else {"ConditionExpression": "attribute_not_exists(n) OR n < :ceiling"}
        for _ in range(2):  # the placement's own counter, or past its ceiling the one kept apart
            values = {":one": _n(1), ":p": _s(key), ":d": _s(scan.day.isoformat())}
            try:
                self._call("update_item", Key={"pk": _s(partition), "sk": _s(f"{scan.day.isoformat()}#{key}")},
                           UpdateExpression="ADD n :one SET placement = :p, #day = :d",
                           ExpressionAttributeNames={"#day": "day"},
                           ExpressionAttributeValues={**values, **({":ceiling": _n(per_day)} if condition else {})},
                           **condition)
                return True
            except ClientError:
                key, condition = scan.placement + OVER_CEILING, {}
        return True

    def scan_counts(self, start: dt.date, end: dt.date) -> dict[tuple[str, dt.date], int]:
        """Scans per (placement, day) with `start <= day <= end`: one Query per month."""
        bounds = {":a": _s(start.isoformat()), ":b": _s(f"{end.isoformat()}$")}
        counts: dict[tuple[str, dt.date], int] = {}
        for partition in self._indexed("SC#", start, end):
            for item in self._query(KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b", ConsistentRead=True,
                                    ExpressionAttributeValues={":p": _s(partition), **bounds}):
                counts[(item["placement"]["S"], dt.date.fromisoformat(item["day"]["S"]))] = int(item["n"]["N"])
        return counts

    def add_outcome(self, outcome: HandoffOutcome) -> None:
        """Append a staff-logged hand-off count as its own item."""
        self._put_month("OC", outcome.channel, outcome.day, {
            "channel": outcome.channel, "kind": outcome.kind, "day": outcome.day.isoformat(), "count": outcome.count,
            "partner": outcome.partner})

    def outcomes(self, channel: str | None, start: dt.date, end: dt.date) -> Iterator[HandoffOutcome]:
        """Logged hand-off outcomes with `start <= day <= end`: one Query per channel-month."""
        for item in self._months("OC", channel, start, end):
            yield HandoffOutcome(
                channel=item["channel"]["S"], kind=item["kind"]["S"],
                day=dt.date.fromisoformat(item["day"]["S"]), count=int(item["count"]["N"]),
                partner=item["partner"]["S"] if "partner" in item else None,
            )

    def put_snapshot(self, snapshot: InsightSnapshot) -> None:
        """Keep LINE's follower figures of a channel for a day: one item per channel-day, replaced."""
        self._put_month("IN", snapshot.channel, snapshot.day, {
            "channel": snapshot.channel, "followers": snapshot.followers, "targeted_reaches": snapshot.targeted_reaches,
            "blocks": snapshot.blocks}, appended=False)

    def snapshots(self, channel: str | None, start: dt.date, end: dt.date) -> list[InsightSnapshot]:
        """Snapshots with `start <= day <= end`: one Query per channel-month, by day then channel."""
        found = [InsightSnapshot(item["channel"]["S"], dt.date.fromisoformat(item["sk"]["S"]),
                                 int(item["followers"]["N"]), int(item["targeted_reaches"]["N"]),
                                 int(item["blocks"]["N"]))
                 for item in self._months("IN", channel, start, end)]
        return sorted(found, key=lambda s: (s.day, s.channel))

    def add_activity(self, entry: ActivityEntry) -> None:
        """Append a staff-logged activity count as its own item."""
        self._put_month("AC", entry.ward, entry.day, {
            "ward": entry.ward, "activity": entry.activity, "day": entry.day.isoformat(), "measure": entry.measure,
            "count": entry.count, "item": entry.item})

    def activities(self, ward: str | None, start: dt.date, end: dt.date) -> Iterator[ActivityEntry]:
        """Logged activity counts with `start <= day <= end`: one Query per ward-month."""
        for item in self._months("AC", ward, start, end):
            day = dt.date.fromisoformat(item["day"]["S"])
            yield ActivityEntry(item["ward"]["S"], item["activity"]["S"], day, item["measure"]["S"],
                                int(item["count"]["N"]), item["item"]["S"] if "item" in item else None)

    def put_operation(self, op: Operation) -> None:
        """Keep a same-day operation until it ends."""
        self._call("put_item", Item=operation_item(op))

    def operations(self, channel: str | None) -> list[Operation]:
        """The operations not yet ended, oldest first (one Query)."""
        return live_operations(query_all(self._query), int(self._clock()), channel)

    def remove_operation(self, op_id: str) -> Operation | None:
        """Forget an operation by id."""
        found = next((op for op in live_operations(query_all(self._query), 0, None) if op.id == op_id), None)
        if found is not None:
            self._call("delete_item", Key={"pk": _s(PARTITION), "sk": _s(f"{found.channel}#{found.id}")})
        return found

    def put_counts(self, counts: ContractorCounts) -> None:
        """Keep the contractor's counts of a channel-month: one item, keyed by the month's first day, replaced."""
        self._put_month("CC", counts.channel, _month_start(counts.month), {
            "channel": counts.channel, "month": counts.month,
            "counts": json.dumps(dict(counts.counts), sort_keys=True)}, appended=False)

    def contractor_counts(self, channel: str | None, first: str, last: str) -> list[ContractorCounts]:
        """Counts of the months first..last: one Query per channel-month, by month then channel."""
        end = _month_start(last).replace(day=28)  # every month's item sits on its first day
        found = [ContractorCounts(item["channel"]["S"], item["month"]["S"], json.loads(item["counts"]["S"]))
                 for item in self._months("CC", channel, _month_start(first), end)]
        return sorted(found, key=lambda c: (c.month, c.channel))

    def close(self) -> None:
        """Close the client's connection pool."""
        self._client.close()
