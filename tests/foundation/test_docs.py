"""Drift tests: the README lists every command, and programs/osaka.yml documents every config field."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

from tsunagu.domain import config
from tsunagu.entry.cli import build_parser

REPO = Path(__file__).resolve().parents[2]


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```\n(.*?)```", readme, re.S).group(1).split("\n")
    commands = [c for c in first_block if c.strip()]
    assert commands == ["bash scripts/run", "bash scripts/test"]
    assert readme.index("```") < 40, "the two commands come first"
    assert "bash scripts/test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_command_table_matches_tsunagu_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    commands = set(sub.choices)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `tsunagu ([a-z-]+)", readme, re.M))
    assert commands - documented == set(), f"add these to README's Commands table: {commands - documented}"
    assert documented - commands == set(), f"README documents commands that do not exist: {documented - commands}"


def _fields(cls: type, seen: set[type]) -> set[str]:
    if cls in seen:
        return set()
    seen.add(cls)
    hints = typing.get_type_hints(cls)
    names: set[str] = set()
    for f in dataclasses.fields(cls):
        if not f.init or f.name == "source":
            continue
        names.add(f.name)
        for arg in _walk_types(hints[f.name]):
            if dataclasses.is_dataclass(arg) and arg.__module__ == config.__name__:
                names |= _fields(arg, seen)
    return names


def _walk_types(tp: object):
    yield tp
    for arg in typing.get_args(tp):
        yield from _walk_types(arg)


def test_every_config_field_is_documented_in_the_reference_programme():
    text = (REPO / "programs" / "osaka.yml").read_text(encoding="utf-8")
    documented = set(re.findall(r"(?:^|[\s{,\-])([a-z_]+):", text, re.M))
    fields = _fields(config.Ward, set())
    missing = fields - documented
    assert not missing, f"document these fields in programs/osaka.yml (a value or a comment): {sorted(missing)}"
