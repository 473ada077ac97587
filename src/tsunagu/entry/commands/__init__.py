"""Subcommands of `tsunagu`: each module defines `register(subparsers)` and sets `run` on its parser."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Protocol

from tsunagu.domain.config import Programs, Ward
from tsunagu.domain.errors import ReportError
from tsunagu.domain.kpi import Month


class Subcommands(Protocol):
    """What `register` is handed: the result of `ArgumentParser.add_subparsers()`, typed by the one method
    the commands use (argparse's own class for it is private)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """Add the subcommand `name` and return its parser."""
        ...


def month_argument(text: str) -> Month:
    """An argparse type: a month written YYYY-MM (one message for every command that takes one)."""
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_common(p: argparse.ArgumentParser, out_default: str) -> None:
    """The options every maker command has: where to write, the labels' language, the programme folder."""
    from tsunagu.catalog import languages

    p.add_argument("--out", type=Path, default=None, help=f"output folder (default: {out_default})")
    p.add_argument("--language", choices=languages("report"), default="ja", help="labels (default: ja)")
    p.add_argument("--programs", type=Path, default=None, help="folder of programme files (default: programs/)")


def ward_named(programs: Programs, ward_id: str) -> Ward:
    """The ward a command was given, or an error listing the wards the programme files declare."""
    try:
        return programs.ward(ward_id)
    except KeyError:
        known = ", ".join(w.id for w in programs.wards)
        raise ReportError(f"unknown ward {ward_id!r}; the programme files declare: {known}") from None
