"""Webhook events generated from LINE's OpenAPI spec (tests/fixtures/line-openapi/webhook.yml), not by hand.

    gen = SpecEvents.load()
    events = gen.events()        # every event type and variant the spec describes
    gen.personal                 # every free-text value generated (ids, texts, tokens): none may be stored

The walk: `Event`'s discriminator maps each `type` to its schema; a schema's `allOf` parts are merged;
a property whose schema has a discriminator (source, message content, module content, mentionee,
things result, membership ...) or an enum or a boolean has several variants. Each event type gives a
full instance (every property, first variants), one more instance per other variant of each property
(one change at a time, not every combination), and a minimal one (required properties only: e.g. no
`source`, as module and bot events arrive). Strings are unique and traceable; `timestamp` is now.
"""

from __future__ import annotations

import copy
import itertools
import time
from pathlib import Path
from typing import Any

import yaml

SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "line-openapi" / "webhook.yml"
MAX_DEPTH = 8  # the spec's deepest nesting is well under this; it only guards against a cyclic $ref


class SpecEvents:
    """A generator of spec-shaped events with fresh ids on every call."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.schemas: dict[str, Any] = spec["components"]["schemas"]
        self.personal: set[str] = set()  # generated free-text values: ids, texts, tokens, URLs
        self._counter = itertools.count(1)

    @classmethod
    def load(cls) -> SpecEvents:
        """The generator over the repository's copy of the spec."""
        return cls(yaml.safe_load(SPEC.read_text(encoding="utf-8")))

    def events(self) -> list[dict[str, Any]]:
        """Every event type and variant, each with its own webhookEventId."""
        return self.variants({"$ref": "#/components/schemas/Event"}, "event", 0)

    def types(self) -> list[str]:
        """The event types the spec's discriminator lists."""
        return list(self.schemas["Event"]["discriminator"]["mapping"])

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.schemas[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def _flat(self, schema: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Properties and required names of a schema with its allOf parts merged (base first)."""
        schema = self._resolve(schema)
        props: dict[str, Any] = {}
        required: list[str] = []
        for part in schema.get("allOf", []):
            p, r = self._flat(part)
            props.update(p)
            required += r
        props.update(schema.get("properties", {}))
        required += schema.get("required", [])
        return props, list(dict.fromkeys(required))

    def variants(self, schema: dict[str, Any], name: str, depth: int) -> list[Any]:
        """Instances of a schema: the first is the full one, each other differs from it in one place."""
        schema = self._resolve(schema)
        if depth > MAX_DEPTH:
            return [{}]
        found = schema.get("discriminator", {})
        if found.get("mapping"):
            out = []
            for key, ref in found["mapping"].items():
                for instance in self._object(self._resolve({"$ref": ref}), depth):
                    out.append({**instance, found["propertyName"]: key})
            return out
        if "oneOf" in schema or "anyOf" in schema:
            options = schema.get("oneOf", schema.get("anyOf"))
            return [v for option in options for v in self.variants(option, name, depth)]
        kind = schema.get("type")
        if kind == "object" or "properties" in schema or "allOf" in schema:
            if not schema.get("properties") and not schema.get("allOf") and "additionalProperties" in schema:
                return [{"key": self._text(name)}]
            return self._object(schema, depth)
        if kind == "array":
            return [[item] for item in self.variants(schema.get("items", {}), name, depth + 1)]
        return self._scalar(schema, name)

    def _object(self, schema: dict[str, Any], depth: int) -> list[dict[str, Any]]:
        props, required = self._flat(schema)
        options = {prop: self.variants(sub, prop, depth + 1) for prop, sub in props.items()}
        full = {prop: vs[0] for prop, vs in options.items()}
        out = [full]
        for prop, vs in options.items():
            out += [{**copy.deepcopy(full), prop: v} for v in vs[1:]]
        minimal = {prop: full[prop] for prop in required if prop in full}
        if minimal != full:
            out.append(copy.deepcopy(minimal))
        return [self._fresh(instance) for instance in out]

    def _fresh(self, instance: dict[str, Any]) -> dict[str, Any]:
        """Give an event instance its own id (the other generated values are unique already)."""
        if "webhookEventId" in instance:
            instance["webhookEventId"] = f"01SPEC{next(self._counter):020d}"
        return instance

    def _scalar(self, schema: dict[str, Any], name: str) -> list[Any]:
        if "enum" in schema:
            return list(schema["enum"])
        kind = schema.get("type")
        if kind == "boolean":
            return [False, True]
        if kind == "integer":
            return [int(time.time() * 1000)] if name == "timestamp" else [1]
        if kind == "number":
            return [35.5]
        return [self._text(name)]

    def _text(self, name: str) -> str:
        n = next(self._counter)
        value = "U" + f"{n:032x}" if name == "userId" else f"{name}-{n:06d}-相談"
        self.personal.add(value)
        return value
