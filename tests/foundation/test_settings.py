"""Boundaries: only Settings reads the environment, the README lists every setting, no test reads outside the repo."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from tsunagu.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(REPO / "src").rglob("*.py"), *(REPO / "functions").glob("*.py")])
ALLOWED = REPO / "src" / "tsunagu" / "settings.py"
# What reading (or writing) the process environment looks like in Python.
ENV_NAMES = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}


def _env_uses(tree: ast.AST) -> list[int]:
    """Lines that name os.environ, os.getenv, ... or import them from os."""
    attribute = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in ENV_NAMES
                 and isinstance(n.value, ast.Name) and n.value.id == "os"]
    imported = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "os"
                and any(alias.name in ENV_NAMES for alias in n.names)]
    return sorted(attribute + imported)


@pytest.mark.parametrize("path", [p for p in SOURCES if p != ALLOWED], ids=lambda p: str(p.relative_to(REPO)))
def test_only_settings_reads_the_environment(path):
    lines = _env_uses(ast.parse(path.read_text(encoding="utf-8")))
    assert not lines, (f"{path.relative_to(REPO)}:{lines[0]} touches the environment; add a field to "
                       "tsunagu.settings.Settings (and the README's configuration table) and have wiring hand it in")


def test_the_check_sees_an_environment_read():
    assert _env_uses(ast.parse("import os\nx = os.environ.get('A')\ny = os.getenv('B')\n")) == [2, 3]
    assert _env_uses(ast.parse("from os import environ\n")) == [1]


def _readme_settings() -> dict[str, str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Configuration"):]
    section = section[:section.index("\n## ", 1)]
    return dict(re.findall(r"^\| `(TSUNAGU_[A-Z_]+)` \| ([^|]+) \|", section, re.M))


def test_readme_configuration_table_lists_every_setting_and_no_other():
    documented, variables = set(_readme_settings()), set(Settings.variables())
    assert variables - documented == set(), f"add to the README's configuration table: {variables - documented}"
    assert documented - variables == set(), f"the README documents settings that do not exist: {documented - variables}"


def test_readme_defaults_are_the_settings_defaults():
    defaults = _readme_settings()
    for f in dataclasses.fields(Settings):
        name = "TSUNAGU_" + f.name.upper()
        if isinstance(f.default, bool):
            assert defaults[name].strip() == f"`{int(f.default)}`", name
        elif f.default:
            assert defaults[name].strip() == f"`{f.default}`", name



# Ways a test reaches past the repository root: LINE's files and the like are copied into tests/fixtures/.
OUTSIDE = re.compile(r"parents\[\d+\]\.parent\b|REPO\.parent\b|\.\./shared|/work/shared")


def test_no_test_reads_outside_the_repository():
    found = [f"{path.relative_to(REPO)}:{n}" for path in sorted((REPO / "tests").rglob("*.py"))
             if path != Path(__file__)
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if OUTSIDE.search(line)]
    assert not found, f"{found} reach outside the repository; copy the file into tests/fixtures/ with its licence note"
