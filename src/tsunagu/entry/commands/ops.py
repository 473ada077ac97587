"""`tsunagu ops`: same-day closures, extra sessions, notices and busy spells, in force at once, no redeploy."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from tsunagu.domain.decode import Clock
from tsunagu.domain.operations import Operation, Overlay
from tsunagu.domain.schedule import JST, next_open
from tsunagu.entry.commands import Subcommands
from tsunagu.services.operations import add_operation, operation_from_request, remove_operation


def register(sub: Subcommands) -> None:
    """Add `ops` and its actions to the command line."""
    p = sub.add_parser("ops", help="same-day operations: close, open, notice, busy, list, remove")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str, by: bool = True) -> argparse.ArgumentParser:
        a = actions.add_parser(name, help=help_text)
        if by:
            a.add_argument("--by", required=True, help="your name, for the change log (never a LINE user)")
        a.set_defaults(run=run)
        return a

    close = action("close", "close a channel for a day, or some hours of it")
    close.add_argument("--channel", required=True)
    close.add_argument("--date", required=True, type=_date)
    close.add_argument("--from", dest="start", type=_clock, help="HH:MM (default: the whole day)")
    close.add_argument("--to", dest="end", type=_clock, help="HH:MM (24:00-30:00 past midnight)")
    close.add_argument("--reason", default="", help="for staff, e.g. 台風")
    extra = action("open", "add an extra session")
    extra.add_argument("--channel", required=True)
    extra.add_argument("--date", required=True, type=_date)
    extra.add_argument("--start", required=True, type=_clock)
    extra.add_argument("--end", required=True, type=_clock)
    extra.add_argument("--note", default="")
    notice = action("notice", "a notice shown on the portal and added to the greeting and out-of-hours replies")
    notice.add_argument("--channel", required=True)
    notice.add_argument("--from", dest="first", required=True, type=_date)
    notice.add_argument("--to", dest="last", required=True, type=_date)
    notice.add_argument("--text", action="append", required=True, metavar="LANG=TEXT", type=_text)
    busy = action("busy", "tell people replies will take longer, until a time today")
    busy.add_argument("--channel", required=True)
    busy.add_argument("--until", required=True, type=_clock)
    listing = action("list", "the operations in force", by=False)
    listing.add_argument("--channel")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    remove = action("remove", "remove an operation by its id")
    remove.add_argument("id")


def run(args: argparse.Namespace) -> int:
    """Carry out one action; a refused one exits 1 with one line naming the option."""
    w = args.wiring
    now = dt.datetime.now(JST)
    programs, store = w.programs(), w.store()
    if args.action == "list":
        ops = store.operations(args.channel)
        if args.format == "json":
            print(json.dumps([op.to_json() for op in ops], ensure_ascii=False, indent=1))
        for op in ops if args.format == "text" else ():
            print(_describe(op))
        return 0
    publisher = w.publisher()
    if args.action == "remove":
        removed = remove_operation(args.id, args.by, programs, store, publisher, now.date())
        print(f"removed {_describe(removed)}")
        return 0
    op = _operation(args, now)
    written = add_operation(op, programs, store, publisher, now.date())
    print(f"added {_describe(op)}")
    opening = next_open(programs.channel(op.channel), now, Overlay(tuple(store.operations(op.channel))))
    print(f"{op.channel}: next open {opening.isoformat(timespec='minutes') if opening else 'not scheduled'}; "
          f"{len(written)} schedule file(s) rewritten in {publisher.describe()}")
    return 0


def _operation(args: argparse.Namespace, now: dt.datetime) -> Operation:
    """The operation asked for, read by the same rule as the AWS operations API (`operation_from_request`)."""
    doc: dict[str, object] = {"kind": args.action, "channel": args.channel, "by": args.by}
    if args.action == "close":
        doc.update({"date": args.date, "from": args.start, "to": args.end, "reason": args.reason})
    elif args.action == "open":
        doc.update({"date": args.date, "start": args.start, "end": args.end, "note": args.note})
    elif args.action == "notice":
        doc.update({"from": args.first, "to": args.last, "text": dict(args.text)})
    else:
        doc["until"] = args.until
    return operation_from_request(doc, now)


def _describe(op: Operation) -> str:
    what = {"closure": f"closed {op.date} {_span(op)}".rstrip(), "extra": f"extra session {op.date} {_span(op)}",
            "notice": f"notice {op.first}..{op.last} ({', '.join(op.texts)})",
            "busy": f"busy until {op.until.strftime('%H:%M') if op.until else '?'}"}[op.kind]
    note = f" — {op.note}" if op.note else ""
    return f"{op.id}  {op.channel}  {what}{note}  (by {op.author}, {op.created.isoformat(timespec='minutes')})"


def _span(op: Operation) -> str:
    return "" if op.start is None or op.end is None else f"{op.start}-{op.end}"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write the date as YYYY-MM-DD") from None


def _clock(text: str) -> Clock:
    try:
        return Clock.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _text(text: str) -> tuple[str, str]:
    lang, sep, value = text.partition("=")
    if not sep or not lang:
        raise argparse.ArgumentTypeError(f"{text!r}: write LANG=TEXT, e.g. ja=本日は休止します")
    return lang, value

