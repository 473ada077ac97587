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


def _layout() -> dict[str, str]:
    """The README's Layout block: path -> its description (continuation lines joined)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Layout\n.*?```\n(.*?)```", readme, re.S).group(1)
    entries: dict[str, str] = {}
    last = ""
    for line in block.splitlines():
        if line.startswith(" "):
            entries[last] += " " + line.strip()
        else:
            last, _, text = line.partition(" ")
            entries[last] = text.strip()
    return entries


def test_readme_layout_names_only_what_exists():
    missing = [path for path in _layout() if not (REPO / path).exists()]
    assert not missing, f"the README's Layout lists {missing}, which the tree does not have"


def test_every_folder_and_layer_is_in_the_readme_layout():
    layout = _layout()
    ignored = {"build", "node_modules", "__pycache__"}  # made by setup and runs, never committed
    tops = {f"{p.name}/" for p in REPO.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in ignored}
    package = REPO / "src" / "tsunagu"
    parts = {f"src/tsunagu/{p.name}/" if p.is_dir() else f"src/tsunagu/{p.name}" for p in package.iterdir()
             if p.name not in ignored and p.name != "__init__.py"}
    listed = {path.split("/", 1)[0] + "/" for path in layout}
    assert tops - listed == set(), f"add these folders to the README's Layout: {sorted(tops - listed)}"
    assert parts - set(layout) == set(), f"add these to the README's Layout: {sorted(parts - set(layout))}"
    for layer in ("adapters", "services", "domain", "data"):
        inside = {p.name for p in (package / layer).iterdir() if p.is_dir() and p.name not in ignored}
        named = {name for name in inside if f"{name}/" in layout[f"src/tsunagu/{layer}/"]}
        assert inside == named, f"name {sorted(inside - named)} in the Layout line of src/tsunagu/{layer}/"


def test_readme_figure_table_is_the_english_catalogue():
    from tsunagu.catalog import section
    from tsunagu.domain.figures import FIGURES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Figures", 1)[1].split("\n\n| figure | formula | source |\n| --- | --- | --- |\n", 1)[1]
    rows = [line for line in block.split("\n\n", 1)[0].splitlines() if line.startswith("| ")]
    words = section("en", "report")["figures"]
    expected = [f"| {words[f.id]['name']} (`{f.id}`) | {words[f.id]['formula']} | {words[f.id]['source']} |"
                for f in FIGURES]
    assert rows == expected, "regenerate README's Figures table from catalog/en/report.yml (figures)"
