"""Same-day operations in the DynamoDB table: one small partition, read whole by the intake once a minute.

| item      | pk    | sk               | other attributes                     |
| --------- | ----- | ---------------- | ------------------------------------ |
| operation | `OP`  | `<channel>#<id>` | `doc` (the operation's JSON), `expires_at` (TTL) |

A ward has a handful of live operations at most, so one partition holding all of them is read in one
Query; `expires_at` lets DynamoDB's TTL delete them after they end, and reads skip the ended ones first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from tsunagu.domain.operations import Operation

PARTITION = "OP"


def operation_item(op: Operation) -> dict[str, Any]:
    """The item of an operation."""
    return {"pk": {"S": PARTITION}, "sk": {"S": f"{op.channel}#{op.id}"},
            "doc": {"S": json.dumps(op.to_json(), ensure_ascii=False)},
            "expires_at": {"N": str(int(op.ends().timestamp()))}}


def live_operations(items: Iterator[dict[str, Any]], now: int, channel: str | None) -> list[Operation]:
    """The operations of the partition's items not yet ended, of one channel or all, oldest first."""
    ops = []
    for item in items:
        if int(item["expires_at"]["N"]) <= now:
            continue
        op = Operation.from_json(json.loads(item["doc"]["S"]))
        if channel is None or op.channel == channel:
            ops.append(op)
    return sorted(ops, key=lambda op: (op.created, op.id))


def query_all(query: Callable[..., Iterator[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    """Every operation item, through the store's paginated Query."""
    return query(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": PARTITION}},
                 ConsistentRead=True)
