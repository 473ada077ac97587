"""`tsunagu print`: posters, stickers, cards and imposed sheets with proven QR codes, per ward."""

from __future__ import annotations

import argparse
from pathlib import Path

from tsunagu.domain.errors import LayoutError, UnknownWardError
from tsunagu.entry.commands import Subcommands


def register(sub: Subcommands) -> None:
    """Add `print` to the command line."""
    p = sub.add_parser("print", help="build print-ready PDFs (posters, stickers, cards) with QR codes proven to scan")
    p.add_argument("--ward", action="append", metavar="ID", help="only this ward (repeatable; default: every ward)")
    p.add_argument("--out", type=Path, default=Path("build/print"), help="output folder (default: build/print)")
    p.add_argument("--sample", action="store_true", help="allow sample LINE IDs; stamps 見本 / SAMPLE on every item")
    p.add_argument("--programs", type=Path, default=None, help="folder of programme files (default: programs/)")
    p.add_argument("--workers", type=int, default=None, help="processes (default: one per core)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build every selected ward's kit; errors (exit 1) are printed by the CLI and nothing is written."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from tsunagu.makers.printkit import kit

    programs = args.wiring.programs()
    posters = args.wiring.settings.posters
    icc = args.wiring.settings.icc_profile
    if icc and not Path(icc).is_file():
        raise LayoutError(f"TSUNAGU_ICC_PROFILE: {icc}: no such file; give the path of a CMYK ICC profile "
                          "(Japan Color 2001 Coated, from your print shop or Adobe's profiles) or leave it empty")
    known = {w.id for w in programs.wards}
    for ward in args.ward or ():
        if ward not in known:
            raise UnknownWardError(ward)
    console = Console(stderr=True)
    with Progress(TextColumn("[bold]print[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task("", total=None)
        results = kit.build(
            programs, args.ward, args.out, args.sample, workers=args.workers, folder=Path(posters) if posters else None,
            icc_profile=Path(icc) if icc else None,
            on_start=lambda n: progress.update(task, total=n),
            on_item=lambda name: progress.update(task, advance=1, description=name))
    for r in results:
        passed, total = r.decodes
        kinds = sorted({e["kind"] for e in r.items})
        print(f"{r.ward}: {len(r.items)} PDFs ({', '.join(kinds)}), {passed}/{total} QR decodes passed"
              f"{' (SAMPLE)' if args.sample else ''} → {r.folder}/")
    return 0
