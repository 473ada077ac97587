"""`tsunagu check`: validate the programme files, the catalogues' emergency and deletion patterns, the print layouts."""

from __future__ import annotations

import argparse
from pathlib import Path

from tsunagu.domain.errors import ConfigError, LayoutError
from tsunagu.entry.commands import Subcommands
from tsunagu.makers.assets import shipped
from tsunagu.makers.printkit.layout import check_folder
from tsunagu.makers.sources.catalogue_patterns import catalogue_pattern_problems


def register(sub: Subcommands) -> None:
    """Add `check` to the command line."""
    p = sub.add_parser("check", help="validate every programme file (exit 1 with file:line: field: message)")
    p.add_argument("--programs", type=Path, default=None, help="folder of programme files (default: programs/)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load everything; ConfigError is printed by the CLI."""
    problems = catalogue_pattern_problems()
    if problems:
        raise ConfigError(problems)
    programs = args.wiring.programs()
    posters = Path(args.wiring.settings.posters or shipped("posters"))
    layout_problems = check_folder(posters)
    if layout_problems:
        raise LayoutError("\n".join(layout_problems))
    for ward in programs.wards:
        ids = ", ".join(ch.id + (" (sample LINE ID)" if ch.is_placeholder else "") for ch in ward.channels)
        print(f"{ward.source}: {ward.id}: {len(ward.channels)} channel(s): {ids}")
    print(f"{posters}: print layouts ok")
    print(f"ok: {len(programs.wards)} programme file(s), {len(programs.channels)} channel(s)")
    return 0
