"""`tsunagu studio`: the staff studio on 127.0.0.1, opened with a one-time URL printed here."""

from __future__ import annotations

import argparse
from pathlib import Path

from tsunagu.entry.commands import Subcommands

DEFAULT_PORT = 8765


def register(sub: Subcommands) -> None:
    """Add `studio` to the command line."""
    p = sub.add_parser("studio", help="the staff studio: today, same-day operations, programme editing (127.0.0.1)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})")
    p.add_argument("--programs", type=Path, default=None, help="folder of programme files (default: programs/)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C; the login URL works once."""
    import uvicorn  # the web stack loads only when the studio runs: every command module is imported by the CLI

    from tsunagu.entry.studio.access import Access
    from tsunagu.entry.studio.app import Studio, create_app

    w = args.wiring
    access = Access(args.port)
    studio = Studio(w, args.programs or w.settings.programs_path(), access)
    studio.programs()  # a broken programme stops here with `file:line: field: message`, as `tsunagu check`
    print(f"tsunagu studio: open {access.login_url()}  (it works once; Ctrl-C stops the studio)", flush=True)
    # No access log: the login URL carries the token, and the studio logs no request of a person.
    uvicorn.run(create_app(studio), host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
    return 0
