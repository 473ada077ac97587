"""Every event type and variant of LINE's webhook spec, generated from its schemas: 200, nothing personal kept."""

from __future__ import annotations

import json

from support.line_spec import SpecEvents

KITA = "kita-women"



def at_rest(store) -> bytes:
    """Everything the store holds, as bytes: the SQLite file and its WAL, or every DynamoDB item."""
    if hasattr(store, "path"):
        return b"".join(p.read_bytes() for p in store.path.parent.glob(store.path.name + "*"))
    from support.dynalite import table_items

    return json.dumps(table_items(store), ensure_ascii=False).encode("utf-8")


def test_every_spec_event_alone_and_all_together_is_200_and_nothing_personal_is_stored(intake_any):
    spec = SpecEvents.load()
    alone = spec.events()
    assert {e["type"] for e in alone} == set(spec.types()) and len(alone) > 150
    for event in alone:
        res = intake_any.post(KITA, event)
        assert res.status_code == 200, (event["type"], res.body)
    together = spec.events()  # the same shapes with fresh event ids, in one request
    assert intake_any.post(KITA, *together).status_code == 200
    # People's follows, unfollows and messages were recorded (some variants lack a userId: skipped).
    kinds = {r.kind for r in intake_any.records()}
    assert {"follow", "unfollow", "message"} <= kinds
    stored = at_rest(intake_any.store)
    leaked = sorted(v for v in spec.personal if v.encode("utf-8") in stored)
    assert not leaked, f"{len(leaked)} generated ids or texts are stored, e.g. {leaked[:3]}"
