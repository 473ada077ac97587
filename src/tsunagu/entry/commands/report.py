"""`tsunagu report`: the KPI report of a ward (tables, charts, CSV, open data) from the store."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from tsunagu.catalog import section
from tsunagu.domain.config import Ward
from tsunagu.domain.errors import ReportError
from tsunagu.domain.kpi import Month
from tsunagu.domain.schedule import JST
from tsunagu.domain.staffing import StaffingRow
from tsunagu.entry.commands import Subcommands, add_common, month_argument
from tsunagu.ports.store import Store
from tsunagu.services.reporting import ward_report


def register(sub: Subcommands) -> None:
    """Add `report` to the command line."""
    p = sub.add_parser("report", help="KPI tables and charts per channel and month (default build/report/<ward>/)")
    p.add_argument("--ward", help="ward id, e.g. kita (default: every ward)")
    p.add_argument("--from", dest="first", type=month_argument, default=None,
                   help="first month, YYYY-MM (default: April of the current fiscal year)")
    p.add_argument("--to", dest="last", type=month_argument, default=None,
                   help="last month, YYYY-MM (default: this month)")
    p.add_argument("--public", action="store_true",
                   help="withhold counts under 5 (and those that would reveal one) as '<5'; adds open-data.json")
    add_common(p, "build/report/<ward>/")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read the store named by TSUNAGU_STORE and write one report folder per ward."""
    from rich.progress import Progress

    from tsunagu.makers.report import build_tables, write_report

    programs = args.wiring.programs()
    today = dt.datetime.now(JST).date()
    last = args.last or Month.of(today)
    first = args.first or Month(last.fiscal_year, 4)
    if first > last:
        raise ReportError(f"--from {first} is after --to {last}; give the first month first")
    if args.ward:
        try:
            wards: list[Ward] = [programs.ward(args.ward)]
        except KeyError:
            known = ", ".join(w.id for w in programs.wards)
            raise ReportError(f"unknown ward {args.ward!r}; the programme files declare: {known}") from None
    else:
        wards = list(programs.wards)
    text = section(args.language, "report")["progress"]
    store = args.wiring.store()
    try:
        with Progress(transient=True) as progress:
            for ward in wards:
                # --out names the folder for one ward; with several, each ward gets a subfolder of it
                out = args.out if args.out and len(wards) == 1 else (args.out or Path("build/report")) / ward.id
                task = progress.add_task(f"{ward.id}: {text['reading']}", total=len(ward.channels) + 7)
                figures = ward_report(store, ward, first, last, today, tick=lambda t=task: progress.advance(t))
                progress.update(task, description=f"{ward.id}: {text['computing']}", advance=1)
                tables = build_tables(figures, ward, args.language, public=args.public,
                                      staffing=_staffing(store, ward, first, last))
                progress.update(task, description=f"{ward.id}: {text['writing']}", advance=1)
                write_report(tables, ward, str(first), str(last), out, args.language, args.public,
                             step=lambda _name, t=task: progress.advance(t))
                progress.print(text["done"].format(out=out))
    finally:
        store.close()
    return 0


def _staffing(store: Store, ward: Ward, first: Month, last: Month) -> list[StaffingRow]:
    """The planner's counsellors per open hour for the report's period (Erlang-A; `tsunagu plan` also simulates)."""
    from dataclasses import replace

    from tsunagu.makers.plan.build import plan_ward, read_contractor, read_records, staffing_rows
    from tsunagu.makers.plan.options import DEFAULTS

    records = read_records(store, ward, first.first, last.last)
    plan = plan_ward(ward, records, first.first, last.last, replace(DEFAULTS, simulate=False),
                     reported=read_contractor(store, ward, first.first, last.last))
    return staffing_rows(plan)
