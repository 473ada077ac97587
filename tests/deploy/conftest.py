"""The deployment built once per session by scripts/package (offline), and a clean Lambda-like venv for its zip."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def package_module() -> ModuleType:
    """scripts/package as a module (it has no .py suffix: it is a command)."""
    loader = importlib.machinery.SourceFileLoader("tsunagu_package_script", str(REPO / "scripts" / "package"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[loader.name] = module
    loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def package_script() -> ModuleType:
    """scripts/package, importable."""
    return package_module()


@dataclass(frozen=True)
class Deployment:
    """What scripts/package wrote."""

    out: Path
    template: dict[str, Any]
    zip: Path
    secret_values: tuple[str, ...]  # values of the secrets file present while packaging


@pytest.fixture(scope="session")
def deployment(tmp_path_factory) -> Deployment:
    """Run scripts/package once, into a temporary folder, with a secrets file that must not leak into it."""
    work = tmp_path_factory.mktemp("deploy")
    secrets = {"pseudonym_key": "leak-check-pseudonym-key-" + "p" * 24,
               "channels": {"kita-women": {"secret": "leak-check-channel-secret", "access_token": "leak-check-token"}}}
    (work / "secrets.json").write_text(json.dumps(secrets), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(work), "TSUNAGU_SECRETS": str(work / "secrets.json"),
           "PYTHONPATH": str(REPO / "src")}  # this checkout's tsunagu, also in a git worktree
    result = subprocess.run([str(REPO / ".venv" / "bin" / "python"), str(REPO / "scripts" / "package"),
                             "--out", str(work / "out"), "--vendor", str(work / "vendor")],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    out = work / "out"
    template = json.loads((out / "sam.json").read_text(encoding="utf-8"))
    values = (secrets["pseudonym_key"], "leak-check-channel-secret", "leak-check-token")
    return Deployment(out, template, out / "deployment.zip", values)


@dataclass(frozen=True)
class LambdaTask:
    """The unpacked zip (/var/task) and a venv holding only what the Lambda runtime has."""

    task: Path
    python: Path


@pytest.fixture(scope="session")
def lambda_task(deployment, tmp_path_factory) -> LambdaTask:
    """Unzip the deployment and make a clean venv with only the Lambda runtime's packages (copied, not downloaded)."""

    task, python = package_module().lambda_like(deployment.zip, tmp_path_factory.mktemp("lambda"))
    return LambdaTask(task, python)
