"""The DynamoDB store's items in the low-level attribute-value form: keys, a contact record, and back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tsunagu.domain.records import ContactRecord


def s_value(value: str) -> dict[str, str]:
    return {"S": value}


def n_value(value: int) -> dict[str, str]:
    return {"N": str(value)}


def contact_key(channel: str, pseudonym: str) -> str:
    return f"CT#{channel}#{pseudonym}"


def month_start(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


def record_item(rec: ContactRecord) -> dict[str, Any]:
    """The DynamoDB item a contact record is stored as (low-level attribute-value form)."""
    item = {
        "pk": s_value(f"EV#{rec.event_id}"), "sk": s_value("EV"),
        "dpk": s_value(f"RC#{rec.channel}#{rec.day:%Y-%m}"), "dsk": s_value(f"{rec.day.isoformat()}#{rec.event_id}"),
        "event_id": s_value(rec.event_id), "channel": s_value(rec.channel), "kind": s_value(rec.kind),
        "day": s_value(rec.day.isoformat()), "hour": n_value(rec.hour), "pseudonym": s_value(rec.pseudonym),
        "expires_at": n_value(rec.expires_at), "at": n_value(rec.at),
    }
    for name in ("age_band", "handoff", "detail"):
        if getattr(rec, name) is not None:
            item[name] = s_value(getattr(rec, name))
    if rec.survey:
        item["survey"] = {"M": {q: s_value(a) for q, a in rec.survey.items()}}
    return item


def record_of(item: dict[str, Any]) -> ContactRecord:
    def opt(name: str) -> str | None:
        return item[name]["S"] if name in item else None

    return ContactRecord(
        event_id=item["event_id"]["S"], channel=item["channel"]["S"], kind=item["kind"]["S"],
        day=dt.date.fromisoformat(item["day"]["S"]), hour=int(item["hour"]["N"]), pseudonym=item["pseudonym"]["S"],
        expires_at=int(item["expires_at"]["N"]), age_band=opt("age_band"),
        survey={q: a["S"] for q, a in item.get("survey", {}).get("M", {}).items()},
        handoff=opt("handoff"), detail=opt("detail"), at=int(item.get("at", {"N": "0"})["N"]),
    )
