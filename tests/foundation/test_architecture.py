"""Layering: import-linter's contracts (pyproject.toml) hold over the static import graph, lazy imports included.

The contracts are the architecture: entry points -> composition root -> adapters -> services -> ports ->
domain, a core (domain, catalogue, ports, services) without SDKs, renderers or parsers, Lambda adapters
without YAML or drawing, and adapters that do not reach into each other. How fast the Lambda imports is a
benchmark (bench/bench_coldstart.py), not a test.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_import_linter_contract_is_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    kept = re.search(r"Contracts: (\d+) kept, 0 broken", result.stdout)
    assert kept and int(kept[1]) >= 4, result.stdout


def test_the_contracts_name_the_layers_and_the_forbidden_packages():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = {c["id"]: c for c in config["contracts"]}
    assert contracts["layers"]["layers"][0] == "tsunagu.entry"
    assert contracts["layers"]["layers"][-1].startswith("tsunagu.domain")
    forbidden = set(contracts["pure-core"]["forbidden_modules"])
    assert {"boto3", "botocore", "linebot", "chalice", "mkdocs", "PIL", "yaml", "holidays"} <= forbidden
    assert "tsunagu.domain" in contracts["pure-core"]["source_modules"]
