"""Layering: import-linter's contracts (pyproject.toml) hold over the static import graph, lazy imports included.

The contracts are the architecture: entry points -> composition root -> adapters -> services -> ports ->
domain, a core (domain, catalogue, ports, services) without SDKs, renderers or parsers, Lambda adapters
without YAML or drawing, and adapters that do not reach into each other. How fast the Lambda imports is a
benchmark (bench/bench_coldstart.py), not a test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_every_import_linter_contract_is_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    kept = re.search(r"Contracts: (\d+) kept, 0 broken", result.stdout)
    assert kept and int(kept[1]) >= 5, result.stdout


def test_the_contracts_name_the_layers_and_the_forbidden_packages():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = {c["id"]: c for c in config["contracts"]}
    assert contracts["layers"]["layers"][0] == "tsunagu.entry"
    assert contracts["layers"]["layers"][-1].startswith("tsunagu.domain")
    forbidden = set(contracts["pure-core"]["forbidden_modules"])
    assert {"boto3", "botocore", "linebot", "chalice", "mkdocs", "PIL", "yaml", "holidays"} <= forbidden
    assert "tsunagu.domain" in contracts["pure-core"]["source_modules"]


# One forbidden import per contract, planted in a copy of the tree: the contract must name itself broken.
PLANTS = {
    "layers": ("domain/config.py", "import tsunagu.services.intake"),
    "layers-siblings": ("makers/folders.py", "import tsunagu.adapters.store.sqlite"),
    "pure-core": ("ports/store.py", "import boto3"),
    "lambda-adapters": ("adapters/metrics.py", "import yaml"),
    "independent-adapters": ("adapters/metrics.py", "import tsunagu.adapters.store.sqlite"),
    "independent-makers": ("makers/report/charts.py", "import tsunagu.makers.portal.view"),
}


def test_every_contract_has_a_planted_import():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    assert {c["id"] for c in config["contracts"]} == {key.split("-siblings")[0] for key in PLANTS}


@pytest.mark.parametrize("plant", sorted(PLANTS))
def test_a_planted_import_breaks_its_contract(plant, tmp_path):
    contract = plant.removesuffix("-siblings")
    shutil.copytree(REPO / "src" / "tsunagu", tmp_path / "src" / "tsunagu",
                    ignore=shutil.ignore_patterns("__pycache__", "*.json", "*.yml"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    module, line = PLANTS[plant]
    target = tmp_path / "src" / "tsunagu" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # planted\n", encoding="utf-8")
    lint_imports = Path(sys.executable).parent / "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    result = subprocess.run([str(lint_imports), "--no-cache", "--contract", contract], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout, result.stdout


def test_no_private_module_of_the_standard_library_is_imported():
    # re._parser moved from sre_parse in 3.11 and may move again: the detector parses its own patterns.
    private = re.compile(r"^\s*(?:import|from)\s+(?:re\._parser|re\._compiler|re\._constants|sre_parse|sre_compile)\b",
                         re.M)
    found = [str(p.relative_to(REPO)) for p in (REPO / "src").rglob("*.py") if private.search(p.read_text("utf-8"))]
    assert not found, found
