"""Output folders replaced whole: a build is staged beside its target and swapped in only when complete."""

from __future__ import annotations

import shutil
from pathlib import Path


def swap_in(staged: Path, target: Path) -> None:
    """Replace `target` by the complete `staged` folder with two renames; readers never see half of either."""
    retired = target.with_name(f".{target.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staged.chmod(0o755)  # mkdtemp makes 0700; sites and print kits are for sharing
    staged.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
