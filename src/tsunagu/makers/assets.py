"""Where the files a ward edits are found: the portal's `mkdocs.yml` and `site/`, and the print layouts.

In a checkout they sit at the repository's top level (the only copy in git: `mkdocs.yml`, `site/`,
`assets/posters/`); the wheel carries copies under `tsunagu/data/`, mapped in at build time
(pyproject's `force-include`). The packaged copy wins when it exists, so an installed tsunagu never
reads a folder it happens to be run from.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

Asset = Literal["mkdocs.yml", "site", "posters"]

# Packaged name -> path from the repository's top level.
_CHECKOUT: dict[Asset, str] = {"mkdocs.yml": "mkdocs.yml", "site": "site", "posters": "assets/posters"}
_REPO = Path(__file__).resolve().parents[3]  # src/tsunagu/makers/assets.py -> the checkout's top level


def shipped(name: Asset) -> Path:
    """The packaged copy of `name` when tsunagu is installed from a wheel, else the checkout's top-level one."""
    packaged = Path(str(resources.files("tsunagu.data").joinpath(name)))
    return packaged if packaged.exists() else _REPO / _CHECKOUT[name]
