"""Programmes compiled to plain JSON: what `scripts/package` ships, so the Lambda needs no YAML parser.

Standard library only, so the Lambda's cold path can load it; the compiled file is validated again
on loading, since it may be stale or edited by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path

from tsunagu.domain.config import Programs
from tsunagu.domain.decode import Clock
from tsunagu.domain.errors import ConfigError, ConfigProblem
from tsunagu.domain.validation import check_ward

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def compile_programs(programs: Programs) -> dict[str, JsonValue]:
    """Plain JSON-ready data of validated programmes, so the Lambda needs no YAML parser."""
    return {"version": 1, "wards": [_plain(w) for w in programs.wards]}


def load_compiled(path: Path) -> Programs:
    """Load programmes compiled by `compile_programs` (validated again: the file may be stale or edited)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    problems: list[ConfigProblem] = []
    wards = []
    for i, data in enumerate(doc.get("wards", [])):
        source = data.pop("source", "") if isinstance(data, dict) else ""
        ward, found = check_ward(data, source or f"{path}#wards[{i}]")
        problems.extend(ConfigProblem(str(path), 1, f"wards[{i}].{p.dotted}", p.message) for p in found)
        if ward is not None:
            wards.append(ward)
    if problems:
        raise ConfigError(problems)
    return Programs(tuple(wards))


def _plain(value: object) -> JsonValue:
    if isinstance(value, Clock):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"{type(value).__name__} has no JSON form")
