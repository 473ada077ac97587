"""`tsunagu site`: build the public portal with MkDocs into a temporary folder, then swap it in."""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
from pathlib import Path

from tsunagu.domain.errors import ConfigError, SiteBuildError
from tsunagu.entry.commands import Subcommands
from tsunagu.makers.assets import shipped
from tsunagu.makers.folders import swap_in

# Files other commands publish into the site (`tsunagu schedule --publish`): kept across rebuilds.
CARRIED_OVER = ("schedule",)
# The portal's MkDocs config, pages and theme overrides: top-level in a checkout, copies in the wheel.
PACKAGED_CONFIG = shipped("mkdocs.yml")
DEFAULT_OUT = Path("build/site")


def register(sub: Subcommands) -> None:
    """Add `site` to the command line."""
    p = sub.add_parser("site", help="build the public site (default build/site)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    p.add_argument("--config", type=Path, default=PACKAGED_CONFIG,
                   help="MkDocs config (default: the one shipped with tsunagu, pages and theme beside it)")
    p.add_argument("--deploy", metavar="s3://BUCKET", default=None,
                   help="then upload the changed files to the site bucket (see docs/operator.md)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build strictly; a bad programme or page leaves the previous site untouched."""
    programs = args.wiring.settings.programs
    out = build_site(args.config, args.out, Path(programs) if programs else None)
    pages = sum(1 for _ in out.rglob("index.html"))
    print(f"{out}: {pages} page(s)")
    if args.deploy:
        from tsunagu.makers.sitedeploy import run_deploy

        run_deploy(out, args.deploy)
    return 0


def build_site(config_file: Path = PACKAGED_CONFIG, out: Path = DEFAULT_OUT, programs: Path | None = None) -> Path:
    """Build into a sibling temporary folder and swap it into `out`; return `out`.

    `programs` overrides the plugin's folder (TSUNAGU_PROGRAMS). Material's end-of-life banner needs no
    silencing here: it prints only when the process is the `mkdocs` command itself.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not config_file.is_file():
        raise SiteBuildError(f"{config_file}: not found; give an MkDocs config with --config, or none for tsunagu's")
    target = out.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        try:
            config = load_config(str(config_file), site_dir=str(staging), strict=True)
            if programs is not None:
                config.plugins["tsunagu"].config.programs = str(programs)
            build(config)
        except (Abort, ConfigurationError) as exc:
            raise _cause(exc) from None
        _carry_over(target, staging)
        swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _cause(exc: BaseException) -> Exception:
    """The ConfigError behind a plugin failure (printed as file:line: field: message), else a SiteBuildError."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ConfigError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return SiteBuildError(f"the site was not built ({exc}); see the warnings above. The previous site is kept.")


def _carry_over(old: Path, new: Path) -> None:
    for name in CARRIED_OVER:
        if (old / name).is_dir() and not (new / name).exists():
            shutil.copytree(old / name, new / name)
