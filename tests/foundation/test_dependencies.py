"""Every package pyproject.toml declares earns its place: some code imports it, or the README names it."""

import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CODE = ("src", "tests", "bench", "scripts", "functions")


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"]) + [s for group in project["optional-dependencies"].values() for s in group]
    names = {re.split(r"[\[<>=!~ ;]", spec, maxsplit=1)[0] for spec in specs}
    return {name for name in names if name != "tsunagu"}


def _imported() -> set[str]:
    pattern = re.compile(r"^\s*(?:import|from)\s+([A-Za-z_]\w*)", re.M)
    found: set[str] = set()
    for folder in CODE:
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and "vendor" not in path.parts and path.suffix in ("", ".py"):
                found |= set(pattern.findall(path.read_text(encoding="utf-8", errors="replace")))
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_declared_package_is_imported_or_named_in_the_readme():
    modules_of: dict[str, set[str]] = {}
    for module, dists in packages_distributions().items():
        for dist in dists:
            modules_of.setdefault(_normal(dist), set()).add(module)
    imported, readme = _imported(), (REPO / "README.md").read_text(encoding="utf-8")
    idle = sorted(name for name in _declared()
                  if not modules_of.get(_normal(name), set()) & imported and f"`{name}`" not in readme)
    assert not idle, f"declared in pyproject.toml, never imported, not named in the README: {idle}"
