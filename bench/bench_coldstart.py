"""Benchmark: the Lambda cold start of the deployment zip, in a venv holding only the runtime's packages.

Prints the zip and unpacked sizes, then the median import time of each piece of the webhook's cold
path in fresh interpreters, side by side with `import boto3` (the baseline every Python Lambda that
talks to AWS pays). LINE waits about 2 s for an answer before it counts a delivery as failed.
Run: scripts/package && .venv/bin/python bench/bench_coldstart.py [--runs N]
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ZIP = REPO / "build" / "deploy" / "deployment.zip"
PIECES = ("boto3", "app", "tsunagu.services.intake", "tsunagu.adapters.store.dynamodb", "tsunagu.adapters.secrets.ssm",
          "tsunagu.adapters.line.api")


def package_script():
    """scripts/package as a module, for its copy and compile helpers."""
    loader = importlib.machinery.SourceFileLoader("package_script", str(REPO / "scripts" / "package"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def lambda_like(root: Path) -> tuple[Path, Path]:
    """Unpack the zip as /var/task and make a venv with only the Lambda runtime's packages."""
    return package_script().lambda_like(ZIP, root)


def import_ms(python: Path, task: Path, module: str, runs: int) -> float:
    """Median milliseconds to import `module` in a fresh interpreter with /var/task first on the path."""
    code = (f"import sys, time; sys.path.insert(0, {str(task)!r}); t = time.perf_counter(); import {module}; "
            "print((time.perf_counter() - t) * 1000)")
    return statistics.median(float(subprocess.run([str(python), "-I", "-c", code], capture_output=True, text=True,
                                                  check=True, cwd=task).stdout) for _ in range(runs))


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not ZIP.exists():
        sys.exit(f"{ZIP} is missing: run scripts/package first")
    with tempfile.TemporaryDirectory() as tmp:
        task, python = lambda_like(Path(tmp))
        unpacked = sum(p.stat().st_size for p in task.rglob("*") if p.is_file())
        print(f"zip {ZIP.stat().st_size / 1e6:.1f} MB, unpacked {unpacked / 1e6:.0f} MB (Lambda allows 250 MB)")
        baseline = import_ms(python, task, "boto3", args.runs)
        for piece in PIECES:
            ms = baseline if piece == "boto3" else import_ms(python, task, piece, args.runs)
            print(f"import {piece:<26} {ms:7.0f} ms   {ms / baseline:5.2f} x boto3")


if __name__ == "__main__":
    main()
