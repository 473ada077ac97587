"""Edit a programme file's values in place, keeping every comment, key order, quote and flow style.

Programme files are documented by their comments (`programs/osaka.yml` is the field reference), so the
studio never re-serialises a file from plain data: ruamel.yaml's round-trip mode reads the file into
nodes that remember their comments and styles and writes back the same bytes everywhere but the values
that changed (a test holds this for every field type). Fields are named as `tsunagu check` names them,
`channels[0].hours[1].start`, so a problem found by the validation lands beside the field it is about.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

Path_ = tuple[str | int, ...]
_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


class EditRefused(ValueError):
    """A field name that is not in the file, or a value that cannot stand where it is asked to go."""


@dataclass(frozen=True)
class Field:
    """One editable leaf: its `check`-style name, its current value as staff type it, and its shape."""

    name: str
    path: Path_
    text: str
    is_list: bool  # a list of plain values, typed as `a, b, c`
    long: bool  # a long text (a reply), shown in a text area


def _yaml() -> YAML:
    # The programme files' own layout: two-space maps, list dashes indented by two; no line folding.
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def load(text: str) -> Any:
    """The file as round-trip nodes."""
    return _yaml().load(text)


def dump(doc: Any) -> str:
    """Round-trip nodes back to text (the same bytes for an unchanged document)."""
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def dotted(path: Path_) -> str:
    """`("channels", 0, "hours")` as `channels[0].hours`, the way `tsunagu check` names fields."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def parse_dotted(name: str) -> Path_:
    """`channels[0].hours` back to `("channels", 0, "hours")`."""
    parts: list[str | int] = []
    pos = 0
    while pos < len(name):
        m = _PART.match(name, pos)
        if m is None or m.end() == pos:
            raise EditRefused(f"{name!r} is not a field name")
        parts.append(int(m.group(1)) if m.group(1) is not None else m.group(2))
        pos = m.end()
    return tuple(parts)


def fields(doc: Any, root: Path_) -> list[Field]:
    """Every editable leaf under `root` (a map or list in the file), in file order."""
    return list(_leaves(_at(doc, root), root))


def _leaves(node: Any, path: Path_) -> Iterator[Field]:
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            yield from _leaves(value, (*path, str(key)))
    elif isinstance(node, CommentedSeq) and any(isinstance(v, (CommentedMap, CommentedSeq)) for v in node):
        for i, value in enumerate(node):
            yield from _leaves(value, (*path, i))
    elif isinstance(node, CommentedSeq):
        yield Field(dotted(path), path, ", ".join(_text(v) for v in node), True, False)
    else:
        text = _text(node)
        yield Field(dotted(path), path, text, False, len(text) > 60)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _at(doc: Any, path: Path_) -> Any:
    node = doc
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            raise EditRefused(f"{dotted(path)}: not in the file") from None
    return node


def apply(text: str, values: Mapping[str, str]) -> str:
    """The file's text with each named field set to the typed value; untouched fields keep their bytes.

    A value is read as YAML reads a plain scalar (dates, numbers, true/false), except where the file
    holds text: there it stays text, in the quotes the file used. A list is typed as `a, b, c`."""
    doc = load(text)
    for name, typed in values.items():
        path = parse_dotted(name)
        if not path:
            raise EditRefused(f"{name!r} is not a field name")
        parent, key = _at(doc, path[:-1]), path[-1]
        old = _at(doc, path)
        if isinstance(old, CommentedSeq):
            items = [t.strip() for t in typed.split(",") if t.strip()]
            if [_text(v) for v in old] != items:
                flow = old.fa.flow_style() or not len(old)  # `[]` in the file stays a `[...]` list
                old[:] = [_scalar(t, old[0] if len(old) else None) for t in items]
                if flow:
                    old.fa.set_flow_style()
        elif isinstance(old, CommentedMap):
            raise EditRefused(f"{name}: a group of fields, not one value")
        elif _text(old) != typed:
            parent[key] = _scalar(typed, old)
    return dump(doc)


def _scalar(typed: str, old: Any) -> Any:
    if isinstance(old, ScalarString):
        return type(old)(typed)  # the same quotes as before
    if isinstance(old, str):
        return typed
    value = _yaml().load(typed) if typed.strip() else None
    return value if isinstance(value, (str, int, float, bool, dt.date)) or value is None else typed


def diff(before: str, after: str, name: str) -> str:
    """A unified diff of the file, as staff approve it before it is written."""
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=name, tofile=name + " (edited)"))


def append_copy(text: str, name: str) -> str:
    """The file's text with a copy of the last item appended to the named list of groups (a new hours
    rule, extra day, contact or placement for staff to edit); the copy carries no comments."""
    doc = load(text)
    seq = _at(doc, parse_dotted(name))
    if not isinstance(seq, CommentedSeq) or not len(seq) or not isinstance(seq[-1], CommentedMap):
        raise EditRefused(f"{name}: not a list of groups that a row can be added to")
    row = copy.deepcopy(seq[-1])
    _strip_comments(row)
    seq.append(row)
    return dump(doc)


def _strip_comments(node: Any) -> None:
    if isinstance(node, (CommentedMap, CommentedSeq)):
        node.ca.items.clear()
        for value in node.values() if isinstance(node, CommentedMap) else node:
            _strip_comments(value)


def is_rows(doc: Any, path: Path_) -> bool:
    """True when the path names a list of groups (rows can be added)."""
    node = _at(doc, path)
    return isinstance(node, CommentedSeq) and len(node) > 0 and isinstance(node[-1], CommentedMap)
