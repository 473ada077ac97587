"""Subcommands of `tsunagu`: each module defines `register(subparsers)` and sets `run` on its parser."""

from __future__ import annotations

import argparse
from typing import Any, Protocol


class Subcommands(Protocol):
    """What `register` is handed: the result of `ArgumentParser.add_subparsers()`, typed by the one method
    the commands use (argparse's own class for it is private)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """Add the subcommand `name` and return its parser."""
        ...
