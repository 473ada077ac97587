"""The wheel, installed into a fresh venv, builds the site and a print kit from a folder holding only programs/.

Nothing from the checkout is on the path: the package must carry its portal (MkDocs config, pages,
theme), its print layouts, catalogues and holiday table. Built and installed once per module; pip
uses the machine's configured package index for the `build` extra.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.install


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """(the venv's tsunagu command, an empty working folder with programs/ copied in, a clean environment)."""
    root = tmp_path_factory.mktemp("wheel")
    # No PYTHONPATH (it would put the checkout's src first) and no TSUNAGU_* setting of the test run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("TSUNAGU_")}
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources it builds.
    source = root / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "build", "vendor", "*.egg-info", "__pycache__", ".*cache*", ".hypothesis"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root / "dist"), str(source)],
                   env=env, check=True, capture_output=True, text=True)
    [wheel] = (root / "dist").glob("tsunagu-*.whl")
    venv.EnvBuilder(with_pip=True, clear=True).create(root / "venv")
    subprocess.run([str(root / "venv" / "bin" / "pip"), "install", "-q", f"{wheel}[build]"],
                   env=env, check=True, capture_output=True, text=True)
    work = root / "work"
    shutil.copytree(REPO / "programs", work / "programs")
    return root / "venv" / "bin" / "tsunagu", work, env


def test_the_installed_package_is_the_one_that_runs(installed):
    tsunagu, work, env = installed
    python = tsunagu.with_name("python")
    found = subprocess.run([str(python), "-c", "import tsunagu; print(tsunagu.__file__)"], cwd=work, env=env,
                           check=True, capture_output=True, text=True).stdout
    assert "site-packages" in found and str(REPO) not in found


def test_an_installed_tsunagu_builds_the_site(installed):
    tsunagu, work, env = installed
    result = subprocess.run([str(tsunagu), "site"], cwd=work, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    page = (work / "build" / "site" / "kita" / "index.html").read_text(encoding="utf-8")
    assert "北区" in page and "Content-Security-Policy" in page
    assert (work / "build" / "site" / "about" / "index.html").is_file()  # a hand-written page from the package


def test_an_installed_tsunagu_prints_a_sample_kit(installed):
    tsunagu, work, env = installed
    result = subprocess.run([str(tsunagu), "print", "--sample", "--ward", "kita"], cwd=work, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((work / "build" / "print" / "kita" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["items"] and all(item["files"]["pdf"] for item in manifest["items"])
