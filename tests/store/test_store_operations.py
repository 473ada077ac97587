"""Same-day operations in the store (contract, both adapters): kept until they end, listed, removed by id."""

from __future__ import annotations

import datetime as dt

from tsunagu.domain.decode import Clock
from tsunagu.domain.operations import Operation
from tsunagu.domain.schedule import JST
from tsunagu.domain.text import Text


def op(op_id: str, channel: str, kind="closure", created=None, **fields) -> Operation:
    created = created or dt.datetime.now(JST)
    return Operation(id=op_id, channel=channel, kind=kind, author="山田", created=created, **fields)


def test_operations_are_kept_listed_per_channel_and_removed_by_id(store):
    today = dt.datetime.now(JST).date()
    a = op("a1", "kita-women", date=today, note="台風")
    b = op("b2", "taito-habataki", kind="notice", first=today, last=today, texts=Text({"ja": "お知らせ"}))
    c = op("c3", "kita-women", kind="extra", date=today + dt.timedelta(days=1), start=Clock(18 * 60),
           end=Clock(21 * 60), created=a.created + dt.timedelta(seconds=1))
    for one in (a, b, c):
        store.put_operation(one)
    assert store.operations("kita-women") == [a, c]
    assert {o.id for o in store.operations(None)} == {"a1", "b2", "c3"}
    assert store.remove_operation("a1") == a
    assert store.remove_operation("a1") is None
    assert store.operations("kita-women") == [c]


def test_an_ended_operation_is_no_longer_read(store):
    long_ago = dt.datetime(2020, 1, 1, 9, tzinfo=JST)
    store.put_operation(op("old", "kita-women", created=long_ago, date=long_ago.date()))
    store.put_operation(op("busy", "kita-women", kind="busy", created=long_ago, until=long_ago + dt.timedelta(hours=1)))
    assert store.operations("kita-women") == []
