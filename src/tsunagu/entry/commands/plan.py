"""`tsunagu plan`: when contacts arrive, the forecast, and the counsellors each slot needs (build/plan/<ward>/)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from tsunagu.catalog import section
from tsunagu.domain.errors import ReportError
from tsunagu.domain.kpi import Month
from tsunagu.domain.schedule import JST
from tsunagu.entry.commands import Subcommands, add_common, month_argument, ward_named
from tsunagu.makers.plan.options import DEFAULTS, Options


def register(sub: Subcommands) -> None:
    """Add `plan` to the command line."""
    p = sub.add_parser("plan", help="demand heatmap, forecast and counsellors per slot (default build/plan/<ward>/)")
    p.add_argument("--ward", required=True, help="ward id, e.g. taito")
    p.add_argument("--from", dest="first", type=month_argument, default=None,
                   help="first month, YYYY-MM (default: 12 months before --to)")
    p.add_argument("--to", dest="last", type=month_argument, default=None,
                   help="last month, YYYY-MM (default: last month)")
    p.add_argument("--concurrency", type=_positive_int, default=DEFAULTS.concurrency,
                   help="chats one counsellor holds at once (default %(default)s)")
    p.add_argument("--answer-within", dest="answer_within", type=_positive_float, default=DEFAULTS.answer_within,
                   help="minutes within which a contact should be answered (default %(default)g)")
    p.add_argument("--target", type=_percent, default=100 * DEFAULTS.target,
                   help="percent answered in time (default %(default)g)")
    p.add_argument("--handle", type=_positive_float, default=DEFAULTS.handle_minutes,
                   help="mean minutes per chat without the contractor's duration bands (default %(default)g)")
    p.add_argument("--patience", type=_positive_float, default=DEFAULTS.patience_minutes,
                   help="mean minutes a person waits before giving up (default %(default)g)")
    p.add_argument("--no-simulation", dest="simulate", action="store_false",
                   help="skip the SimPy check of each slot (faster)")
    add_common(p, "build/plan/<ward>/")
    p.set_defaults(run=run)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return value


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def _percent(text: str) -> float:
    value = _positive_float(text)
    if value >= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage under 100")
    return value


def run(args: argparse.Namespace, today: dt.date | None = None) -> int:
    """Read the ward's records from the store named by TSUNAGU_STORE and write its plan folder."""
    from rich.progress import Progress

    from tsunagu.makers.plan.build import plan_ward, read_contractor, read_records
    from tsunagu.makers.plan.writer import simulation_gaps, write_plan

    programs = args.wiring.programs()
    ward = ward_named(programs, args.ward)
    today = today or dt.datetime.now(JST).date()
    last = args.last or Month.of(Month.of(today).first - dt.timedelta(days=1))
    first = args.first or Month(last.year - 1, last.month).next()
    if first > last:
        raise ReportError(f"--from {first} is after --to {last}; give the first month first")
    options = Options(concurrency=args.concurrency, answer_within=args.answer_within, target=args.target / 100,
                      handle_minutes=args.handle, patience_minutes=args.patience, simulate=args.simulate)
    text = section(args.language, "plan")["progress"]
    out = args.out or Path("build/plan") / ward.id
    store = args.wiring.store()
    try:
        with Progress(transient=True) as progress:
            task = progress.add_task(f"{ward.id}: {text['reading']}", total=None)
            records = read_records(store, ward, first.first, last.last)
            reported = read_contractor(store, ward, first.first, last.last)
            progress.update(task, description=f"{ward.id}: {text['staffing']}", total=7 * 24 * len(ward.channels),
                            completed=0)
            plan = plan_ward(ward, records, first.first, last.last, options, tick=lambda: progress.advance(task),
                             reported=reported)
            progress.update(task, description=f"{ward.id}: {text['writing']}")
            write_plan(plan, ward, out, args.language)
    finally:
        store.close()
    for ch in plan.channels:
        if ch.backtest:
            print(f"{ch.channel}: backtest over the last {ch.backtest.weeks} weeks, mean absolute error per hour: "
                  f"model {ch.backtest.model_mae:.3f}, naive (same hour last week) {ch.backtest.naive_mae:.3f}")
        over = sum(1 for s in ch.slots if s.staffing == "over")
        under = sum(1 for s in ch.slots if s.staffing == "under")
        print(f"{ch.channel}: {ch.contacts} contacts, {len(ch.slots)} open hours of the week: "
              f"{over} over-staffed, {under} under-staffed")
        gaps = simulation_gaps(ch)
        if gaps:
            print(f"{ch.channel}: the simulation needs the same counsellors as Erlang-A in "
                  f"{sum(1 for g in gaps if g == 0)} of {len(gaps)} slots, within one in "
                  f"{sum(1 for g in gaps if g <= 1)} (largest gap {max(gaps)})")
    print(text["done"].format(out=out))
    return 0
