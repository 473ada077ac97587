"""`tsunagu counts`: the contractor's monthly counts: write the template, import the filled-in file."""

from __future__ import annotations

import argparse
from pathlib import Path

from tsunagu.catalog import languages
from tsunagu.domain.errors import ReportError
from tsunagu.entry.commands import Subcommands, month_argument, ward_named


def register(sub: Subcommands) -> None:
    """Add `counts template` and `counts import` to the command line."""
    p = sub.add_parser("counts", help="the contractor's monthly counts: write the template, import it")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    t = actions.add_parser("template", help="write the xlsx the contractor fills in (default build/counts/)")
    t.add_argument("--ward", required=True, help="ward id, e.g. taito")
    t.add_argument("--month", required=True, type=month_argument, help="the month counted, YYYY-MM")
    t.add_argument("--out", type=Path, default=None, help="file to write (default build/counts/<ward>-<month>.xlsx)")
    t.add_argument("--language", choices=languages("plan"), default="ja", help="labels (default: ja)")
    t.add_argument("--programs", type=Path, default=None, help="folder of programme files (default: programs/)")
    t.set_defaults(run=template)
    i = actions.add_parser("import", help="check a filled-in template and store its counts")
    i.add_argument("file", type=Path, help="the filled-in xlsx")
    i.add_argument("--programs", type=Path, default=None, help="folder of programme files (default: programs/)")
    i.set_defaults(run=load)


def template(args: argparse.Namespace) -> int:
    """Write the template for a ward's channels and a month."""
    from tsunagu.makers.plan.contractor import write_template

    programs = args.wiring.programs()
    ward = ward_named(programs, args.ward)
    out = args.out or Path("build/counts") / f"{ward.id}-{args.month}.xlsx"
    write_template(ward, str(args.month), out, args.language)
    print(f"wrote {out}: one sheet per channel ({', '.join(ch.id for ch in ward.channels)})")
    return 0


def load(args: argparse.Namespace) -> int:
    """Check every cell of a filled-in template; store its counts only when all are right."""
    from tsunagu.makers.plan.contractor import read_counts

    if not args.file.is_file():
        raise ReportError(f"{args.file}: no such file; give the xlsx the contractor filled in")
    found = read_counts(args.file, args.wiring.programs())
    store = args.wiring.store()
    try:
        for counts in found:
            store.put_counts(counts)
    finally:
        store.close()
    for c in found:
        print(f"stored {c.channel} {c.month}: {c.consultations} consultations answered, "
              f"{c.get('not_answered')} not answered, {c.get('turned_away')} turned away, "
              f"{c.get('mistaken')} mistaken or prank, {c.get('emergencies')} emergencies")
    return 0
