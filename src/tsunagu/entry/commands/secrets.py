"""`tsunagu secrets init`: make the local secrets file with random values (setup runs it)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tsunagu.adapters.secrets.files import init_local_secrets
from tsunagu.entry.commands import Subcommands


def register(sub: Subcommands) -> None:
    """Add `secrets` to the command line."""
    p = sub.add_parser("secrets", help="manage the local secrets file (random channel secrets and pseudonym key)")
    p.add_argument("action", choices=("init",), help="init: create the file or add missing channels")
    p.add_argument("--quiet", action="store_true", help="print nothing when nothing changed")
    p.add_argument("--programs", type=Path, default=None, help="folder of programme files (default: programs/)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Create or extend the local secrets file; SSM sources are managed in AWS, not here."""
    source = args.wiring.settings.secrets
    if source.startswith("ssm:"):
        print("TSUNAGU_SECRETS points at SSM: store the values there (see the operator guide).")
        return 0
    added = init_local_secrets(Path(source), (ch.id for ch in args.wiring.programs().channels))
    if added or not args.quiet:
        print(f"{source}: {len(added)} channel(s) added" + (f" ({', '.join(added)})" if added else ""))
    return 0
